// What a runtime base must provide for the commands a container runs: a shell (RUN, SHELL,
// shell-form starts, CMD-SHELL health checks, scripts) and the program each exec-form
// ENTRYPOINT/CMD/HEALTHCHECK starts. Shared by swap-base and the multi-stage conversion, so that
// both refuse — or adapt — for the same reasons.
import { interpreterOf, KNOWN_TOOLS, shipsTool, type ImageFacts, type Language } from '../data/images';
import { execArgv, plainCommandWords } from '../model/plain-command';
import type { DockerfileModel, Instruction } from '../model/types';

const lineOf = (instruction: Instruction): number => instruction.range.start.line + 1;

/** `sh`, `/bin/bash`, `/entrypoint.sh`: a shell, or a script whose `#!` line needs one. */
export function startsShell(program: string): boolean {
  return /(^|\/)(sh|bash|ash|dash|zsh|ksh)$/.test(program) || /\.(sh|bash)$/.test(program);
}

/** A HEALTHCHECK's exec-form argv (`CMD ["curl", …]`) and the offsets of its JSON array; null otherwise. */
export function healthcheckExec(model: DockerfileModel, instruction: Instruction): { argv: string[]; start: number; end: number } | null {
  const text = model.text.slice(instruction.argsStart, instruction.end);
  const cmd = /^CMD[ \t]*(?=\[)/i.exec(text);
  if (!cmd) return null;
  try {
    const values: unknown = JSON.parse(text.slice(cmd[0].length));
    if (!Array.isArray(values) || values.length === 0 || !values.every((value) => typeof value === 'string')) return null;
    return { argv: values as string[], start: instruction.argsStart + cmd[0].length, end: instruction.end };
  } catch {
    return null; // not JSON (or split over lines): Docker runs it under a shell, see isShellHealthcheck
  }
}

/** `HEALTHCHECK CMD curl …` (CMD-SHELL) runs under `/bin/sh -c`; `NONE` and exec form do not. */
function isShellHealthcheck(instruction: Instruction): boolean {
  const match = /^\s*CMD\b\s*(.*)$/is.exec(instruction.argsText);
  return match !== null && !match[1].trimStart().startsWith('[');
}

/**
 * Everything among `instructions` that needs `/bin/sh`, as reasons a user can act on: RUN, SHELL,
 * CMD-SHELL health checks, shell-form starts that cannot become exec form, and exec-form starts
 * that run a shell or a shell script (`["/entrypoint.sh"]`, `["sh", "-c", …]`).
 */
export function shellNeeds(model: DockerfileModel, instructions: readonly Instruction[]): string[] {
  const reasons: string[] = [];
  // With an ENTRYPOINT, CMD holds its arguments: its first word is not a program.
  const hasEntrypoint = instructions.some((instruction) => instruction.keyword === 'ENTRYPOINT');
  for (const instruction of instructions) {
    const line = lineOf(instruction);
    const { keyword } = instruction;
    if (keyword === 'RUN') reasons.push(`\`RUN\` on line ${line} needs a shell and the tools of the current base`);
    else if (keyword === 'SHELL') reasons.push(`\`SHELL\` on line ${line} names a shell`);
    else if (keyword === 'HEALTHCHECK') {
      const program = healthcheckExec(model, instruction)?.argv[0];
      if (program !== undefined && startsShell(program)) reasons.push(`the \`HEALTHCHECK\` on line ${line} runs \`${program}\``);
      else if (program === undefined && isShellHealthcheck(instruction)) reasons.push(`the \`HEALTHCHECK\` on line ${line} runs under \`/bin/sh\` (CMD-SHELL)`);
    } else if ((keyword === 'CMD' || keyword === 'ENTRYPOINT') && instruction.args.length > 0) {
      const argv = execArgv(model, instruction);
      if (!argv) {
        if (!instruction.execForm && !plainCommandWords(model, instruction)) reasons.push(`\`${keyword}\` on line ${line} uses shell features, so it cannot become exec form`);
      } else if ((keyword === 'ENTRYPOINT' || !hasEntrypoint) && startsShell(argv[0])) {
        reasons.push(`\`${keyword}\` on line ${line} runs \`${argv[0]}\`, which needs \`/bin/sh\``);
      }
    }
  }
  return reasons;
}

export type ProgramFit =
  | { kind: 'ok' }
  /** The image has the interpreter elsewhere: start it by that path. */
  | { kind: 'rewrite'; program: string; why: string }
  | { kind: 'missing'; reason: string };

const INTERPRETER_NAMES: [Language, RegExp][] = [
  ['python', /^python(?:3(?:\.\d+)?)?$/], ['node', /^node(?:js)?$/], ['java', /^java$/], ['dotnet', /^dotnet$/],
];

/** Directories images install programs in; another path is the app's own (copied, a venv's bin). */
const SYSTEM_PATH = /^\/(?:usr\/(?:local\/)?)?s?bin\/[^/]+$|^\/nodejs\/bin\/[^/]+$|^\/opt\/java\/openjdk\/bin\/[^/]+$|^\/usr\/share\/dotnet\/[^/]+$/;

const OK: ProgramFit = { kind: 'ok' };

/**
 * Whether `reference` can start `program` (argv[0] of an exec-form start or health check).
 * `provided(name)`: the Dockerfile itself puts a program of that name into the image.
 */
export function fitProgram(program: string, facts: ImageFacts, reference: string, provided: (name: string) => boolean): ProgramFit {
  if (!program || program.includes('$')) return OK;
  const name = program.slice(program.lastIndexOf('/') + 1);
  const absolute = program.startsWith('/');
  if (program.includes('/') && !(absolute && SYSTEM_PATH.test(program))) return OK;
  if (provided(name)) return OK;
  const language = INTERPRETER_NAMES.find(([, pattern]) => pattern.test(name))?.[0];
  if (language) {
    const shipped = interpreterOf(facts);
    if (!shipped || shipped.language !== language) {
      // A shell-less image ships its own runtime only.
      return !facts.shell && facts.runtime?.language !== language ? { kind: 'missing', reason: `\`${reference}\` has no \`${name}\`` } : OK;
    }
    if (shipped.path === null) return { kind: 'missing', reason: `\`${reference}\` has no \`${name}\` (it runs self-contained apps only)` };
    if (absolute ? shipped.paths.includes(program) : shipped.commands.includes(name)) return OK;
    return {
      kind: 'rewrite',
      program: shipped.path,
      why: absolute
        ? `\`${reference}\` has no \`${program}\`; its interpreter is \`${shipped.path}\``
        : `\`${name}\` is not on PATH in \`${reference}\`; its interpreter is \`${shipped.path}\``,
    };
  }
  if ((KNOWN_TOOLS as readonly string[]).includes(name) && shipsTool(facts, name) === false) {
    return { kind: 'missing', reason: `\`${reference}\` has no \`${name}\`` };
  }
  return OK;
}

/** Words of the instructions that put files into the image (RUN, COPY, ADD): programs they may provide. */
export function providedBy(instructions: readonly Instruction[]): (name: string) => boolean {
  const words = new Set<string>();
  for (const instruction of instructions) {
    if (!['RUN', 'COPY', 'ADD'].includes(instruction.keyword)) continue;
    for (const word of instruction.argsText.split(/[^\w.+-]+/)) if (word) words.add(word);
  }
  return (name) => words.has(name);
}
