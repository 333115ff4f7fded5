// Queries over RUN scripts that several rules share.
import type { ShellCommand, ShellScript, ShellWord } from '../shell/script';
import { parseExecForm } from './build';
import { stageChain } from './stages';
import type { DockerfileModel, Instruction, Stage } from './types';

/** A command with wrappers such as `sudo -E` or `env A=b` peeled off. */
export interface Invocation {
  name: string;
  nameWord: ShellWord;
  args: ShellWord[];
  command: ShellCommand;
}

const SUDO_OPTIONS_WITH_VALUE = new Set(['-u', '-g', '-h', '-p', '-C', '-U', '-r', '-t']);

/** The command with `sudo`/`env` wrappers peeled; null when its name is computed. Shares the command's words: do not modify. */
export function invocationOf(command: ShellCommand): Invocation | null {
  const first = command.nameWord.value;
  if (first === null) return null;
  // The common case, no wrapper: no copy of the words.
  if (first !== 'sudo' && first !== 'env') return { name: first.includes('/') ? first.replace(/^.*\//, '') : first, nameWord: command.nameWord, args: command.args, command };
  let words = [command.nameWord, ...command.args];
  for (let guard = 0; guard < 4 && words.length > 0; guard++) {
    const name = words[0].value;
    if (name === null) return null;
    if (name === 'sudo') {
      let i = 1;
      while (i < words.length && (words[i].value ?? '').startsWith('-')) i += SUDO_OPTIONS_WITH_VALUE.has(words[i].value ?? '') ? 2 : 1;
      // `sudo DEBIAN_FRONTEND=noninteractive apt-get …`: sudo takes VAR=value before the command.
      while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i].value ?? '')) i++;
      words = words.slice(i);
    } else if (name === 'env') {
      let i = 1;
      while (i < words.length && /^(-\w*|[A-Za-z_][A-Za-z0-9_]*=.*)$/.test(words[i].value ?? '')) i++;
      words = words.slice(i);
    } else {
      return { name: name.replace(/^.*\//, ''), nameWord: words[0], args: words.slice(1), command };
    }
  }
  return null;
}

export interface RunScript {
  stage: Stage;
  instruction: Instruction;
  script: ShellScript;
  /** Shared by every rule that reads this script: do not modify. */
  invocations: readonly Invocation[];
}

// Most rules read the same RUNs' invocations: peel the wrappers once per parsed script.
const invocationCache = new WeakMap<ShellScript, readonly Invocation[]>();

/** The script's commands with `sudo`/`env` peeled (commands without a literal name left out), computed once per script. */
export function invocationsOf(script: ShellScript): readonly Invocation[] {
  let invocations = invocationCache.get(script);
  if (!invocations) {
    const found: Invocation[] = [];
    for (const command of script.commands) {
      const invocation = invocationOf(command);
      if (invocation) found.push(invocation);
    }
    invocationCache.set(script, (invocations = found));
  }
  return invocations;
}

// Some thirty rules walk the RUNs: list the shell-form ones once per model, each with its script
// and invocations read on first use, instead of scanning every instruction for each rule.
interface ShellRun {
  stage: Stage;
  instruction: Instruction;
  /** Undefined until read; null when the RUN has no script to read. */
  parsed?: RunScript | null;
}
const shellRunsCache = new WeakMap<DockerfileModel, ShellRun[]>();

function shellRuns(model: DockerfileModel): ShellRun[] {
  let runs = shellRunsCache.get(model);
  if (!runs) {
    runs = [];
    for (const stage of model.stages) {
      for (const instruction of stage.instructions) {
        if (instruction.keyword === 'RUN' && !instruction.execForm) runs.push({ stage, instruction });
      }
    }
    shellRunsCache.set(model, runs);
  }
  return runs;
}

/** Every shell-form RUN of every stage, with its parsed script (cached by the model). */
export function runScripts(model: DockerfileModel, keywordFilter?: RegExp): RunScript[] {
  const found: RunScript[] = [];
  for (const run of shellRuns(model)) {
    // Cheap text test first: most rules care about a few commands, and parsing costs more.
    if (keywordFilter && !keywordFilter.test(run.instruction.argsText)) continue;
    if (run.parsed === undefined) {
      const script = model.shellScript(run.instruction);
      run.parsed = script && { stage: run.stage, instruction: run.instruction, script, invocations: invocationsOf(script) };
    }
    if (run.parsed) found.push(run.parsed);
  }
  return found;
}

/**
 * The first argument that is not an option: `apt-get -y install x` → `install`. Options listed in
 * `optionsWithValue` take the next word as their value (`apt-get -o Dpkg::Foo=1 install`).
 */
export function subcommand(invocation: Invocation, optionsWithValue: ReadonlySet<string> = NO_OPTIONS): ShellWord | undefined {
  const { args } = invocation;
  for (let i = 0; i < args.length; i++) {
    const value = args[i].value ?? '';
    if (optionsWithValue.has(value)) i++;
    else if (!value.startsWith('-')) return args[i];
  }
  return undefined;
}

const NO_OPTIONS: ReadonlySet<string> = new Set();

const APT_OPTIONS_WITH_VALUE: ReadonlySet<string> = new Set(['-o', '--option', '-c', '--config-file', '-t', '--target-release']);

/** The verb of an `apt-get` or `apt` call (`install`, `update`…), skipping option values such as `-o`. */
export function aptVerb(invocation: Invocation): ShellWord | undefined {
  if (invocation.name !== 'apt-get' && invocation.name !== 'apt') return undefined;
  return subcommand(invocation, APT_OPTIONS_WITH_VALUE);
}

export function hasOption(invocation: Invocation, ...options: string[]): boolean {
  return invocation.args.some((word) => {
    const value = word.value ?? '';
    return options.some((option) => value === option || value.startsWith(`${option}=`));
  });
}

/** Mount targets of `RUN --mount=type=cache|tmpfs,target=…`: a cache there never lands in a layer. */
export function cacheMountTargets(instruction: Instruction): string[] {
  const targets: string[] = [];
  for (const flag of instruction.flags) {
    if (flag.name !== 'mount' || !flag.value) continue;
    const fields = new Map(flag.value.split(',').map((field) => {
      const eq = field.indexOf('=');
      return eq < 0 ? [field, ''] as const : [field.slice(0, eq), field.slice(eq + 1)] as const;
    }));
    const type = fields.get('type');
    const target = fields.get('target') ?? fields.get('dst') ?? fields.get('destination');
    if ((type === 'cache' || type === 'tmpfs') && target) targets.push(target.replace(/\/+$/, ''));
  }
  return targets;
}

/** `ENV NAME=value` and `ARG NAME=value` set earlier in the stage (or a stage it is built FROM). */
export function stageEnv(model: DockerfileModel, stage: Stage, before: Instruction): Map<string, string> {
  // Rules ask for RUN after RUN in file order: keep one cursor per stage and move it forward, so
  // asking for every RUN costs one pass over the stage instead of one pass per RUN.
  const chain = chainOf(model, stage);
  let cursor = envCursors.get(stage);
  if (!cursor) {
    cursor = { next: 0, env: new Map() };
    envCursors.set(stage, cursor);
  }
  const target = chain.positions.get(before) ?? chain.instructions.length;
  if (target < cursor.next) {
    cursor.next = 0;
    cursor.env = new Map();
  }
  for (; cursor.next < target; cursor.next++) applyEnv(chain.instructions[cursor.next], cursor.env);
  return new Map(cursor.env);
}

const envCursors = new WeakMap<Stage, { next: number; env: Map<string, string> }>();

function applyEnv(instruction: Instruction, env: Map<string, string>): void {
  // `ARG NAME=value` is in the environment of later RUNs too.
  if (instruction.keyword === 'ARG') {
    for (const word of instruction.args) {
      const eq = word.value.indexOf('=');
      if (eq > 0) env.set(word.value.slice(0, eq), word.value.slice(eq + 1).replace(/^(["'])(.*)\1$/s, '$2'));
    }
    return;
  }
  if (instruction.keyword !== 'ENV') return;
  const args = instruction.args;
  if (args.length >= 2 && !args[0].value.includes('=')) {
    env.set(args[0].value, args.slice(1).map((word) => word.value).join(' '));
    return;
  }
  for (const word of args) {
    const eq = word.value.indexOf('=');
    if (eq > 0) env.set(word.value.slice(0, eq), word.value.slice(eq + 1).replace(/^(["'])(.*)\1$/s, '$2'));
  }
}

/**
 * The user RUN steps run as just before `before`: the last `USER` value in the stage or a stage
 * it is built FROM, or null when none sets one (the base image's default user applies).
 */
export function userBefore(model: DockerfileModel, stage: Stage, before: Instruction): string | null {
  const chain = chainOf(model, stage);
  const target = chain.positions.get(before) ?? chain.instructions.length;
  // The USERs along the chain, in order: binary search for the last one before `before`.
  let low = 0;
  let high = chain.users.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (chain.users[mid].position < target) low = mid + 1;
    else high = mid;
  }
  return low > 0 ? chain.users[low - 1].value : null;
}

interface ChainIndex {
  /** Instructions of the stage's FROM chain, oldest stage first. */
  instructions: Instruction[];
  positions: Map<Instruction, number>;
  users: { position: number; value: string }[];
}

const chainIndexes = new WeakMap<Stage, ChainIndex>();

/** The stage's FROM chain flattened once, for the per-RUN questions rules ask (user, environment). */
function chainOf(model: DockerfileModel, stage: Stage): ChainIndex {
  let index = chainIndexes.get(stage);
  if (!index) {
    const instructions = stageChain(model, stage).reverse().flatMap((current) => current.instructions);
    const users = instructions.flatMap((instruction, position) => (instruction.keyword === 'USER' && instruction.args[0] ? [{ position, value: instruction.args[0].value }] : []));
    index = { instructions, positions: new Map(instructions.map((instruction, position) => [instruction, position])), users };
    chainIndexes.set(stage, index);
  }
  return index;
}

/** `root`, `0`, `root:staff`, `0:0`: the user part decides, whatever the group. */
export function isRootUser(user: string): boolean {
  return ['root', '0'].includes(user.split(':')[0]);
}

/**
 * The sources and destination of a COPY or ADD, in either form: `COPY a b /dst/` or the JSON
 * `COPY ["a b", "/dst/"]` (whose words, split on whitespace, are not the paths). Null when fewer than two.
 */
export function copyPaths(instruction: Instruction): { sources: string[]; destination: string; json: boolean } | null {
  const json = parseExecForm(instruction.argsText);
  const values = json ? json.values : instruction.args.map((word) => word.value);
  if (values.length < 2) return null;
  return { sources: values.slice(0, -1), destination: values[values.length - 1], json: json !== null };
}
