// COPY/ADD sources and destination as the builder reads them (shell form; JSON form and heredocs skipped).
import type { Instruction, Word } from './types';

export interface CopyArgs {
  sources: Word[];
  destination: Word;
}

/** Null for JSON form, heredoc sources (`COPY <<EOF /x`) or fewer than two arguments. */
export function copyArgs(instruction: Instruction): CopyArgs | null {
  if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') return null;
  const args = instruction.args;
  if (args.length < 2 || instruction.argsText.trimStart().startsWith('[')) return null;
  if (args.some((word) => word.value.startsWith('<<'))) return null;
  return { sources: args.slice(0, -1), destination: args[args.length - 1] };
}

export function flagValue(instruction: Instruction, name: string): string | null {
  return instruction.flags.find((flag) => flag.name === name)?.value ?? null;
}

/** `/app`, `C:\app`, `$HOME/app`: destinations that do not depend on the working directory. */
export function isAbsoluteOrVariable(path: string): boolean {
  return path.startsWith('/') || path.startsWith('$') || /^[A-Za-z]:[\\/]/.test(path);
}

/** A COPY argument without its surrounding quotes (`"/data"` → `/data`). */
export function unquoted(value: string): string {
  return /^(["']).*\1$/s.test(value) ? value.slice(1, -1) : value;
}
