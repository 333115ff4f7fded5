// How the CLI talks about problems: one line per problem on stderr, prefixed with the program
// name, never a stack trace. The exit status follows ESLint's: 0 clean, 1 findings, 2 trouble.
export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

/** A usage or setup error that stops the command before it does any work. */
export class UsageError extends Error {}

/** Collects per-file errors and warnings so one bad input does not stop the others. */
export class Reporter {
  private readonly seen = new Set<string>();
  failed = false;
  /** Called before a line is printed: a progress line on the terminal clears itself here. */
  beforePrint?: () => void;

  /** Prints an error line (once per distinct message) and marks the run as failed. */
  error(message: string): void {
    this.failed = true;
    this.print(message);
  }

  warn(message: string): void {
    this.print(`warning: ${message}`);
  }

  info(message: string): void {
    this.print(message);
  }

  private print(message: string): void {
    const line = `layerwise: ${oneLine(message)}`;
    if (this.seen.has(line)) return;
    this.seen.add(line);
    this.beforePrint?.();
    process.stderr.write(`${line}\n`);
  }
}

/** The first line of a message, so that a multi-line error can never flood the terminal. */
export function oneLine(message: string): string {
  // YAML errors end their first line with ":" before a code excerpt that is cut here.
  return message.split(/\r?\n/, 1)[0].trim().replace(/:$/, '');
}
