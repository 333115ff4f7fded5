// A cache of RUN script summaries by their text, for the language server: while the user types,
// only the RUN being edited changes, so every other script's parse can be reused. The CLI (one
// analysis per file) and the benchmark (which measures cold analysis) do not use one.
import type { ShellCommand, ShellScript, ShellWord } from './script';

export class ShellScriptCache {
  /** View text → summary read at origin 0. Map order is use order: the first key is the oldest. */
  private readonly entries = new Map<string, ShellScript>();

  constructor(private readonly capacity = 4000) {}

  /** The summary of `view` placed at document offset `origin`, or undefined when not cached. */
  get(view: string, origin: number): ShellScript | undefined {
    const entry = this.entries.get(view);
    if (!entry) return undefined;
    this.entries.delete(view);
    this.entries.set(view, entry);
    return origin === 0 ? entry : shiftScript(entry, origin);
  }

  /** Stores a summary read at origin 0. */
  set(view: string, script: ShellScript): void {
    this.entries.set(view, script);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }
}

function shiftWord(word: ShellWord, by: number): ShellWord {
  return { ...word, start: word.start + by, end: word.end + by };
}

function shiftCommand(command: ShellCommand, by: number): ShellCommand {
  return { ...command, nameWord: shiftWord(command.nameWord, by), args: command.args.map((word) => shiftWord(word, by)), start: command.start + by, end: command.end + by };
}

function shiftScript(script: ShellScript, by: number): ShellScript {
  return { ...script, commands: script.commands.map((command) => shiftCommand(command, by)), end: script.end + by };
}
