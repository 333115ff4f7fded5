// Facts about the single stage that every ecosystem planner reads: its RUN scripts, where each
// command runs, the command the container starts, and the builder image.
import { imageFacts, type ImageFacts } from '../../data/images';
import { invocationOf, runScripts, subcommand, type Invocation, type RunScript } from '../../model/commands';
import type { DockerfileModel, Instruction } from '../../model/types';
import { readLooseArray } from '../../rules/invalid-json-args';
import { execArgv } from '../../model/plain-command';
import { resolvePath, type StageLayout } from './layout';

export interface StartCommand {
  instruction: Instruction;
  /** The argv exec form runs, or null when the command needs a shell (or is not valid JSON). */
  argv: string[] | null;
}

export interface StageContext {
  model: DockerfileModel;
  layout: StageLayout;
  runs: RunScript[];
  builder: ImageFacts | null;
  /** The builder reference as written in FROM. */
  builderLabel: string;
  /** The effective ENTRYPOINT and CMD (the last of each). */
  entrypoint: StartCommand | null;
  cmd: StartCommand | null;
}

export function readContext(model: DockerfileModel, layout: StageLayout): StageContext {
  const { stage } = layout;
  const last = (keyword: string): StartCommand | null => {
    const found = stage.instructions.filter((instruction) => instruction.keyword === keyword).pop();
    return found ? { instruction: found, argv: found.execForm?.values ?? (readLooseArray(found.argsText) ? null : execArgv(model, found)) } : null;
  };
  return {
    model,
    layout,
    runs: runScripts(model),
    builder: stage.image ? imageFacts(stage.image) : null,
    builderLabel: stage.image ? stage.image.resolved ?? stage.image.written : 'scratch',
    entrypoint: last('ENTRYPOINT'),
    cmd: last('CMD'),
  };
}

/** The words the container runs: ENTRYPOINT then CMD (exec form only; null if a shell is involved). */
export function startArgv(context: StageContext): string[] | null {
  const { entrypoint, cmd } = context;
  let argv: string[] | null;
  if (entrypoint) argv = !entrypoint.argv ? null : cmd?.argv ? [...entrypoint.argv, ...cmd.argv] : entrypoint.argv;
  else argv = cmd?.argv ?? null;
  // `CMD []` starts no program: callers read argv[0].
  return argv && argv.length > 0 ? argv : null;
}

/** The program the container starts, resolved against the final WORKDIR, when it is run by path. */
export function startProgramPath(context: StageContext): string | null {
  const program = startArgv(context)?.[0];
  if (!program || !program.includes('/') || program.includes('$')) return null;
  const workdir = context.layout.finalWorkdir;
  return program.startsWith('/') ? resolvePath('/', program) : workdir === null ? null : resolvePath(workdir, program);
}

export interface Located {
  run: RunScript;
  invocation: Invocation;
  /** The directory the command runs in (WORKDIR plus literal `cd`s before it), or null. */
  dir: string | null;
}

/** Every invocation of the stage with the directory it runs in. */
export function invocations(context: StageContext, names: (name: string) => boolean): Located[] {
  const found: Located[] = [];
  for (const run of context.runs) {
    let dir = context.layout.workdirAt.get(run.instruction) ?? null;
    for (const command of run.script.commands) {
      const invocation = invocationOf(command);
      if (!invocation) continue;
      if (invocation.name === 'cd' && !command.nested) {
        const target = invocation.args[0]?.value;
        dir = dir !== null && target && !target.startsWith('-') && !target.includes('$') ? resolvePath(dir, target) : null;
        continue;
      }
      if (names(invocation.name)) found.push({ run, invocation, dir });
    }
  }
  return found;
}

export function verbOf(invocation: Invocation): string {
  return subcommand(invocation)?.value ?? '';
}

/** The resolved path of a command's output option, or a reason it cannot be resolved. */
export function outputPath(located: Located, written: string): string | null {
  if (written.includes('$') || written.endsWith('/')) return null;
  if (written.startsWith('/')) return resolvePath('/', written);
  return located.dir === null ? null : resolvePath(located.dir, written);
}

const OPTIONS_WITH_VALUE = new Set(['--virtual', '-t', '--repository', '-X', '--root', '-p', '--arch', '-o', '-c', '--option', '--config-file', '--target-release']);

/** Packages installed with apt/apk/dnf/yum in the stage, minus the ones removed again. */
export function installedPackages(context: StageContext): string[] {
  const installed: string[] = [];
  const removed = new Set<string>();
  const installVerbs: Record<string, string[]> = { 'apt-get': ['install'], apt: ['install'], apk: ['add'], yum: ['install'], dnf: ['install'], microdnf: ['install'] };
  const removeVerbs: Record<string, string[]> = { 'apt-get': ['remove', 'purge'], apt: ['remove', 'purge'], apk: ['del'], yum: ['remove', 'erase'], dnf: ['remove', 'erase'], microdnf: ['remove'] };
  for (const { invocation } of invocations(context, (name) => name in installVerbs)) {
    const verb = verbOf(invocation);
    const values = invocation.args.map((word) => word.value ?? '');
    // Option values (`--virtual .deps`, `-o Dpkg::…`) are not package names.
    const packages = values
      .filter((value, i) => value !== '' && !value.startsWith('-') && value !== verb && !OPTIONS_WITH_VALUE.has(values[i - 1] ?? ''))
      .map((value) => value.replace(/[=<>~].*$/, ''));
    if (installVerbs[invocation.name].includes(verb)) installed.push(...packages);
    if (removeVerbs[invocation.name].includes(verb)) packages.forEach((name) => removed.add(name));
  }
  return [...new Set(installed)].filter((name) => !removed.has(name));
}
