// A one-line progress indication on stderr while many files are linted: only on a terminal (a CI
// log or a pipe gets nothing), only after a moment (quick runs stay silent), redrawn at most ten
// times a second, and erased at the end so the report starts on a clean line.
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): boolean;
}

const DELAY_MS = 250;
const INTERVAL_MS = 100;

export class Progress {
  private done = 0;
  private shown = false;
  private lastDraw = 0;
  private readonly started: number;

  constructor(private readonly stream: ProgressStream, private readonly total: number, private readonly now: () => number = Date.now) {
    this.started = now();
  }

  private get enabled(): boolean {
    return this.stream.isTTY === true && this.total > 1;
  }

  /** One more file is about to be linted. */
  tick(): void {
    this.done++;
    if (!this.enabled) return;
    const time = this.now();
    if (time - this.started < DELAY_MS || time - this.lastDraw < INTERVAL_MS) return;
    this.lastDraw = time;
    this.shown = true;
    this.stream.write(`\r\x1b[Klayerwise: linting ${this.done}/${this.total} files (${Math.floor((this.done / this.total) * 100)}%)`);
  }

  /** Erases the line (before a message, and at the end); the next tick draws it again. */
  clear(): void {
    if (!this.shown) return;
    this.shown = false;
    this.lastDraw = 0;
    this.stream.write('\r\x1b[K');
  }
}
