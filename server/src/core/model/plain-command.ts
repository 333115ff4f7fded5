// The plain-command test that exec form depends on: a shell-form CMD/ENTRYPOINT can become exec
// form only when the shell adds nothing — one command of fixed words. Shared by the shell-form
// rules, swap-base and the multi-stage conversion.
import type { ShellWord } from '../shell/script';
import type { DockerfileModel, Instruction } from './types';

/**
 * Characters the shell would still act on in an unquoted part of a word: globs, tilde and brace
 * expansion. A backslash is refused too: on Windows images it is a path separator, not an escape.
 */
function isStaticWord(word: ShellWord): boolean {
  if (word.value === null) return false;
  const unquoted = word.raw.replace(/'[^']*'|"(?:[^"\\]|\\.)*"/gs, '');
  return !/[*?[\]{}~\\]/.test(unquoted) && !word.raw.includes('\\');
}

/**
 * The program and its arguments when the script is one plain command of static words, as exec form
 * would run it; null when the shell does something (operators, redirects, expansions, globs...).
 */
export function plainCommandWords(model: DockerfileModel, instruction: Instruction): { argv: string[]; end: number } | null {
  if (instruction.heredocs.length > 0) return null;
  const script = model.shellScript(instruction);
  if (!script || script.hasSyntaxError || script.hasComplexSyntax || script.commands.length !== 1) return null;
  const [command] = script.commands;
  // The command must be the whole script: nothing before it (`!`, `(`) nor after it (`&`, `;`, `> log`).
  if (command.nested || command.assignments.length > 0 || command.start !== instruction.argsStart || command.end !== script.end) return null;
  // A trailing `# note` is inert for the shell but would stay after the JSON and break it; keep it.
  if (model.text.slice(command.end, instruction.end).trim() !== '') return null;
  let words = [command.nameWord, ...command.args];
  if (!words.every(isStaticWord)) return null;
  // `exec app` already replaces the shell; exec form does the same with `app` alone.
  if (words[0].value === 'exec') words = words.slice(1);
  if (words.length === 0 || (words[0].value ?? '').startsWith('-')) return null;
  return { argv: words.map((word) => word.value ?? ''), end: command.end };
}

/** The argv exec form would run: the instruction's own exec form, or its plain command. */
export function execArgv(model: DockerfileModel, instruction: Instruction): string[] | null {
  return instruction.execForm?.values ?? plainCommandWords(model, instruction)?.argv ?? null;
}

/** `["python", "app.py"]`: the JSON array exec form writes. */
export function execFormText(argv: readonly string[]): string {
  return `[${argv.map((value) => JSON.stringify(value)).join(', ')}]`;
}
