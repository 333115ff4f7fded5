// Every handler runs behind a guard: an exception is logged with the method that raised it and the
// client receives the fallback answer, so no request, notification or rule can take the server down.
import type { RemoteConsole } from 'vscode-languageserver';

export type Guard = <A extends unknown[], R>(method: string, fallback: R, handler: (...args: A) => R | Promise<R>) => (...args: A) => Promise<R>;

export function describeError(error: unknown): string {
  return error instanceof Error ? error.stack ?? error.message : String(error);
}

export function createGuard(console: RemoteConsole): Guard {
  return (method, fallback, handler) =>
    async (...args) => {
      try {
        return await handler(...args);
      } catch (error) {
        console.error(`${method} failed: ${describeError(error)}`);
        return fallback;
      }
    };
}
