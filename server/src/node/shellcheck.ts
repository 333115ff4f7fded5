// Runs ShellCheck for the CLI and the server: one process per RUN script (about 10 ms each; a
// few at a time), never through a shell, with a timeout. Answers are cached by script text, so
// an edit re-checks only the RUN that changed.
import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import {
  parseShellCheckOutput, shellCheckArgs, type ShellCheckComment, type ShellCheckInput, type ShellCheckResult,
} from '../core/shellcheck';

export const SHELLCHECK_TIMEOUT_MS = 5000;
const MAX_PARALLEL = 4;
const CACHE_SIZE = 1000;
/** ShellCheck's JSON for a large script stays far below this; more means something is wrong. */
const MAX_OUTPUT = 8 * 1024 * 1024;

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    if (process.platform !== 'win32') accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The ShellCheck executable: `configured` when it names a file (a bare name is looked up on PATH),
 * else `shellcheck` on PATH; null when there is none.
 */
export function locateShellCheck(configured = '', env: NodeJS.ProcessEnv = process.env): string | null {
  const wanted = configured.trim() || 'shellcheck';
  if (isAbsolute(wanted) || /[\\/]/.test(wanted)) {
    const path = resolve(wanted);
    return isExecutableFile(path) ? path : null;
  }
  const extensions = process.platform === 'win32' ? ['', ...(env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';')] : [''];
  for (const folder of (env.PATH ?? '').split(delimiter)) {
    if (!folder) continue;
    for (const extension of extensions) {
      const candidate = join(folder, wanted + extension);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return null;
}

export class ShellCheckError extends Error {}

/** Runs one ShellCheck process on `input`; rejects with a ShellCheckError saying what went wrong. */
export function runShellCheck(executable: string, input: ShellCheckInput, timeoutMs = SHELLCHECK_TIMEOUT_MS): Promise<ShellCheckComment[]> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(executable, shellCheckArgs(input), { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true, shell: false });
    const stdout: Buffer[] = [];
    let stderr = '';
    let size = 0;
    let settled = false;
    const finish = (error: Error | null, comments?: ShellCheckComment[]) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolvePromise(comments ?? []);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(new ShellCheckError(`\`${executable}\` did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', (error) => finish(new ShellCheckError(`cannot run \`${executable}\`: ${error.message}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_OUTPUT) {
        child.kill('SIGKILL');
        finish(new ShellCheckError(`\`${executable}\` wrote more than ${MAX_OUTPUT} bytes`));
      } else {
        stdout.push(chunk);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => {
      // ShellCheck exits 1 when it has comments; anything else but 0 means it could not check.
      if (code !== 0 && code !== 1) {
        finish(new ShellCheckError(`\`${executable}\` failed (exit ${code ?? 'signal'}): ${stderr.trim().split('\n', 1)[0] || 'no message'}`));
        return;
      }
      try {
        finish(null, parseShellCheckOutput(Buffer.concat(stdout).toString('utf8')));
      } catch (error) {
        finish(new ShellCheckError((error as Error).message));
      }
    });
    child.stdin.on('error', () => undefined); // the process may exit before reading everything
    child.stdin.end(input.text);
  });
}

/** ShellCheck with a cache of answers by script, and a cap on processes running at once. */
export class ShellCheckRunner {
  private readonly cache = new Map<string, Promise<ShellCheckComment[]>>();
  private readonly answered = new Map<string, ShellCheckComment[]>();
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly executable: string, private readonly timeoutMs = SHELLCHECK_TIMEOUT_MS) {}

  /** The answer for `input` if it is already known, without starting anything. */
  known(input: ShellCheckInput): readonly ShellCheckComment[] | undefined {
    return this.answered.get(keyOf(input));
  }

  /** ShellCheck's comments on `input`, from the cache or a new process. */
  check(input: ShellCheckInput): Promise<ShellCheckComment[]> {
    const key = keyOf(input);
    const cached = this.cache.get(key);
    if (cached) return cached;
    const result = this.limited(() => runShellCheck(this.executable, input, this.timeoutMs));
    this.cache.set(key, result);
    result.then(
      (comments) => this.answered.set(key, comments),
      () => this.cache.delete(key), // a timeout may not happen again: retry next time
    );
    while (this.cache.size > CACHE_SIZE) {
      const oldest = this.cache.keys().next().value as string;
      this.cache.delete(oldest);
      this.answered.delete(oldest);
    }
    return result;
  }

  /** Results for every input that ShellCheck answered, and the errors of those it did not. */
  async checkAll(inputs: readonly ShellCheckInput[]): Promise<{ results: ShellCheckResult[]; errors: string[] }> {
    const settled = await Promise.allSettled(inputs.map((input) => this.check(input)));
    const results: ShellCheckResult[] = [];
    const errors: string[] = [];
    settled.forEach((outcome, index) => {
      if (outcome.status === 'fulfilled') results.push({ input: inputs[index], comments: outcome.value });
      else errors.push(outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason));
    });
    return { results, errors };
  }

  private async limited<T>(task: () => Promise<T>): Promise<T> {
    while (this.running >= MAX_PARALLEL) await new Promise<void>((wake) => this.waiting.push(wake));
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}

function keyOf(input: ShellCheckInput): string {
  return `${input.dialect}\0${input.text}`;
}
