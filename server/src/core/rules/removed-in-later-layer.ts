// removed-in-later-layer: a RUN deletes files or removes packages that an earlier layer added.
// Layers only add: the deletion hides the files, the earlier layer still ships them.
import { aptVerb, cacheMountTargets, copyPaths, invocationsOf, subcommand, type Invocation } from '../model/commands';
import { stageChain } from '../model/stages';
import type { DockerfileModel, Instruction, Stage } from '../model/types';
import { defineRule, type Range } from '../rule';
import type { ShellScript, ShellWord } from '../shell/script';

/** What a layer left behind, and where (offsets: the range is only computed for a finding). */
interface Added {
  /** `gcc`, or the path. */
  label: string;
  instruction: Instruction;
  start: number;
  end: number;
}

interface LayerState {
  /** `apt:gcc`, `pip:requests`… */
  packages: Map<string, Added>;
  /** Absolute paths; a folder's unknown contents are `<folder>/` + CONTENTS. */
  paths: Map<string, Added>;
  /** Layers that installed apt packages, for `apt-get autoremove`. */
  aptInstalls: Added[];
  /** `PIP_NO_CACHE_DIR` set by ENV or ARG: pip keeps no cache. */
  pipCacheOff?: boolean;
}

const CONTENTS = '(contents)';

function emptyState(): LayerState {
  return { packages: new Map(), paths: new Map(), aptInstalls: [] };
}

// ---- paths ----

/** Absolute, without `//`, `/./`, `/../` or a trailing slash: already normal. */
const NORMAL_PATH = /^(?:\/(?!\.\.?(?:\/|$))[^/]+)+$/;

function normalize(path: string): string {
  if (NORMAL_PATH.test(path)) return path;
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

function resolvePath(path: string, workdir: string): string | null {
  if (path.startsWith('~/') || path === '~') return normalize(`/root/${path.slice(1)}`);
  if (path.includes('$')) return null;
  return normalize(path.startsWith('/') ? path : `${workdir}/${path}`);
}

function globRegex(pattern: string): RegExp {
  const wildcards = (escaped: string): string => escaped.replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  try {
    return new RegExp(`^${wildcards(pattern.replace(/[.+^${}()|\\]/g, '\\$&')).replace(/\[!/g, '[^')}$`);
  } catch {
    // An unbalanced or invalid bracket expression (`rm [tini,`) is plain text to the shell.
    return new RegExp(`^${wildcards(pattern.replace(/[.+^${}()|\\[\]]/g, '\\$&'))}$`);
  }
}

/** Tells whether a removal of `pattern` (maybe a glob) deletes a path: the path or a folder above it matches. */
type Removal = (path: string) => boolean;

/** Compiled once per pattern (`rm -rf /var/lib/apt/lists/*` recurs in most files), not once per path tested. */
function removal(pattern: string): Removal {
  let test = removals.get(pattern);
  if (!test) {
    if (removals.size >= 256) removals.clear();
    removals.set(pattern, (test = compileRemoval(pattern)));
  }
  return test;
}

const removals = new Map<string, Removal>();

function compileRemoval(pattern: string): Removal {
  const regex = /[*?[]/.test(pattern) ? globRegex(pattern) : null;
  return (path) => {
    for (let current = path; current.length > 1; current = current.slice(0, current.lastIndexOf('/')) || '/') {
      if (regex ? regex.test(current) : current === pattern) return true;
    }
    return false;
  };
}

// ---- commands ----

const APT_OPTIONS = new Set(['-o', '--option', '-c', '--config-file', '-t', '--target-release']);
const APK_OPTIONS = new Set(['-t', '--virtual', '-X', '--repository', '-p', '--root', '--arch', '--cache-dir', '--keys-dir']);
const RPM_OPTIONS = new Set(['-c', '--config', '--installroot', '--releasever', '--setopt', '--enablerepo', '--disablerepo', '-x', '--exclude', '--repo']);
const PIP_OPTIONS = new Set([
  '-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url', '-f', '--find-links',
  '-t', '--target', '--prefix', '--root', '--platform', '--python-version', '--implementation', '--abi', '--upgrade-strategy',
  '--cache-dir', '--src', '--trusted-host', '--proxy', '--timeout', '--retries', '--log', '--progress-bar',
]);
const PIP = /^pip(\d+(\.\d+)*)?$/;
const PYTHON = /^python(\d+(\.\d+)*)?$/;

/** Words after `start` that are not options or option values. */
function operands(args: readonly ShellWord[], start: number, optionsWithValue: ReadonlySet<string>): ShellWord[] {
  const found: ShellWord[] = [];
  for (let i = start; i < args.length; i++) {
    const value = args[i].value ?? '';
    if (value.startsWith('-')) {
      if (optionsWithValue.has(value)) i++;
    } else {
      found.push(args[i]);
    }
  }
  return found;
}

interface PackageCall {
  manager: string;
  action: 'install' | 'remove' | 'autoremove';
  packages: { key: string; label: string; word: ShellWord }[];
}

function packageName(manager: string, word: string): string | null {
  // apk's virtual packages start with a dot (`.build-deps`); elsewhere a dot starts a local path.
  if ((word.startsWith('.') && manager !== 'apk') || word.startsWith('/') || word.includes('://')) return null;
  switch (manager) {
    case 'apt':
      return word.replace(/[=/].*$/, '').replace(/:[a-z0-9]+$/, '') || null;
    case 'apk':
      return word.replace(/[=<>~].*$/, '') || null;
    case 'pip':
      if (/\.(whl|zip|tar\.gz)$/.test(word)) return null;
      return word.replace(/\[.*$/, '').replace(/[=<>!~@;\s].*$/, '').toLowerCase().replace(/[_.]+/g, '-') || null;
    default:
      return word;
  }
}

function withPackages(manager: string, action: PackageCall['action'], words: readonly ShellWord[]): PackageCall {
  const packages: PackageCall['packages'] = [];
  for (const word of words) {
    const name = word.value === null ? null : packageName(manager, word.value);
    if (name) packages.push({ key: `${manager}:${name}`, label: name, word });
  }
  return { manager, action, packages };
}

function packageCall(invocation: Invocation): PackageCall | null {
  const { name, args } = invocation;
  const verbAt = (verb: ShellWord | undefined): number => (verb ? args.indexOf(verb) : -1);
  if (name === 'apt-get' || name === 'apt' || name === 'aptitude') {
    const verb = name === 'aptitude' ? subcommand(invocation, APT_OPTIONS) : aptVerb(invocation);
    const words = operands(args, verbAt(verb) + 1, APT_OPTIONS);
    if (verb?.value === 'install') return withPackages('apt', 'install', words);
    if (verb?.value === 'remove' || verb?.value === 'purge') return withPackages('apt', 'remove', words);
    if (verb?.value === 'autoremove') return words.length > 0 ? withPackages('apt', 'remove', words) : { manager: 'apt', action: 'autoremove', packages: [] };
    return null;
  }
  if (name === 'apk') {
    const verb = subcommand(invocation, APK_OPTIONS);
    if (verb?.value === 'add') {
      const call = withPackages('apk', 'install', operands(args, verbAt(verb) + 1, APK_OPTIONS));
      // `apk add --virtual .build-deps gcc` installs a virtual package that `apk del .build-deps` removes.
      const virtual = args.findIndex((word) => word.value === '-t' || word.value === '--virtual');
      if (virtual >= 0 && args[virtual + 1]?.value) call.packages.push({ key: `apk:${args[virtual + 1].value}`, label: args[virtual + 1].value!, word: args[virtual + 1] });
      return call;
    }
    if (verb?.value === 'del') return withPackages('apk', 'remove', operands(args, verbAt(verb) + 1, APK_OPTIONS));
    return null;
  }
  if (['yum', 'dnf', 'dnf5', 'microdnf', 'zypper'].includes(name)) {
    const verb = subcommand(invocation, RPM_OPTIONS);
    const words = operands(args, verbAt(verb) + 1, RPM_OPTIONS);
    const manager = name === 'zypper' ? 'zypper' : 'rpm';
    if (['install', 'in'].includes(verb?.value ?? '')) return withPackages(manager, 'install', words);
    if (['remove', 'erase', 'rm'].includes(verb?.value ?? '')) return withPackages(manager, 'remove', words);
    return null;
  }
  let pipArgs: readonly ShellWord[] | null = PIP.test(name) ? args : null;
  if (PYTHON.test(name)) {
    const module = args.findIndex((word, i) => word.value === '-m' && args[i + 1]?.value === 'pip');
    if (module >= 0) pipArgs = args.slice(module + 2);
  }
  if (pipArgs) {
    const verbIndex = pipArgs.findIndex((word) => !(word.value ?? '').startsWith('-'));
    const verb = pipArgs[verbIndex]?.value;
    if (verb === 'install') return withPackages('pip', 'install', operands(pipArgs, verbIndex + 1, PIP_OPTIONS));
    if (verb === 'uninstall') return withPackages('pip', 'remove', operands(pipArgs, verbIndex + 1, PIP_OPTIONS));
  }
  return null;
}

/** Caches a command fills (their contents), unless told not to keep them; `call` is its `packageCall`. */
function cachesFilled(invocation: Invocation, call: PackageCall | null): string[] {
  const { name, args } = invocation;
  const has = (...options: string[]): boolean => args.some((word) => options.includes(word.value ?? ''));
  if ((name === 'apt-get' || name === 'apt') && aptVerb(invocation)?.value === 'update') return ['/var/lib/apt/lists'];
  if (name === 'apk' && ['add', 'update'].includes(subcommand(invocation, APK_OPTIONS)?.value ?? '') && !has('--no-cache')) return ['/var/cache/apk'];
  if (['yum', 'dnf', 'microdnf'].includes(name) && ['install', 'update', 'upgrade', 'makecache'].includes(subcommand(invocation, RPM_OPTIONS)?.value ?? '')) return ['/var/cache/yum', '/var/cache/dnf'];
  if (name === 'zypper' && ['install', 'in', 'refresh', 'ref'].includes(subcommand(invocation, RPM_OPTIONS)?.value ?? '')) return ['/var/cache/zypp'];
  if (name === 'npm' && ['install', 'i', 'ci'].includes(subcommand(invocation)?.value ?? '')) return ['/root/.npm'];
  if (name === 'yarn' && [undefined, 'install'].includes(subcommand(invocation)?.value ?? undefined)) return ['/usr/local/share/.cache/yarn'];
  if ((PIP.test(name) || PYTHON.test(name)) && call?.action === 'install' && !has('--no-cache-dir')) return ['/root/.cache/pip'];
  return [];
}

/** Caches a clean-up command empties. */
function cachesCleaned(invocation: Invocation): string[] {
  const { name, args } = invocation;
  const verb = subcommand(invocation, RPM_OPTIONS)?.value;
  if (['yum', 'dnf', 'microdnf'].includes(name) && verb === 'clean') return ['/var/cache/yum', '/var/cache/dnf'];
  if (name === 'zypper' && (verb === 'clean' || verb === 'cc')) return ['/var/cache/zypp'];
  if (name === 'npm' && args[0]?.value === 'cache' && ['clean', 'clear'].includes(args[1]?.value ?? '')) return ['/root/.npm'];
  if (name === 'yarn' && args[0]?.value === 'cache' && args[1]?.value === 'clean') return ['/usr/local/share/.cache/yarn'];
  if (PIP.test(name) && args[0]?.value === 'cache' && args[1]?.value === 'purge') return ['/root/.cache/pip'];
  if (name === 'apk' && args[0]?.value === 'cache' && args[1]?.value === 'clean') return ['/var/cache/apk'];
  return [];
}

/** Paths a command creates: `mkdir`, `touch`, `curl -o`, `wget -O`, `git clone`, `cp`/`mv` targets. */
function pathsCreated(invocation: Invocation): ShellWord[] {
  const { name, args } = invocation;
  const values = args.map((word) => word.value ?? '');
  const after = (test: (value: string) => boolean): ShellWord[] => {
    const at = values.findIndex(test);
    return at >= 0 && args[at + 1] && values[at + 1] !== '-' ? [args[at + 1]] : [];
  };
  switch (name) {
    case 'mkdir':
    case 'touch':
      return operands(args, 0, new Set(['-m', '--mode']));
    case 'curl':
      return after((value) => /^-[a-zA-Z]*o$/.test(value) || value === '--output');
    case 'wget':
      return after((value) => /^-[a-zA-Z]*O$/.test(value) || value === '--output-document');
    case 'cp':
    case 'mv': {
      const words = operands(args, 0, new Set(['-t', '--target-directory', '-S', '--suffix']));
      return words.length >= 2 ? [words[words.length - 1]] : [];
    }
    default:
      return [];
  }
}

/** `git clone URL [dir]`: the folder it creates, relative or absolute. */
function gitCloneTarget(invocation: Invocation): string | null {
  if (invocation.name !== 'git' || invocation.args[0]?.value !== 'clone') return null;
  const words = operands(invocation.args, 1, new Set(['-b', '--branch', '--depth', '-o', '--origin', '-c', '--config', '--reference', '--filter', '-j', '--jobs']));
  if (words[1]?.value) return words[1].value;
  const url = words[0]?.value;
  return url ? url.replace(/\/+$/, '').replace(/^.*[/:]/, '').replace(/\.git$/, '') || null : null;
}

// ---- the simulation ----

interface Finding {
  range: Range;
  message: string;
  related: { range: Range; message: string }[];
}

function lineOf(added: Added): number {
  return added.instruction.range.start.line + 1;
}

/** Commands the simulation reads; every other command (`go build`, `tar`, `set`…) changes nothing it tracks. */
const TRACKED = /^(apt-get|apt|aptitude|apk|yum|dnf|dnf5|microdnf|zypper|pip[\d.]*|python[\d.]*|npm|yarn|rm|mkdir|touch|curl|wget|cp|mv|git)$/;

/** Applies one RUN to `state`, calling `found` for every removal of something an earlier layer added. */
function applyRun(model: DockerfileModel, instruction: Instruction, script: ShellScript, workdir: string, state: LayerState, found: ((finding: Finding) => void) | null): void {
  const invocations = invocationsOf(script);
  // Most RUNs (`go build`, `mvn package`…) run nothing the simulation tracks.
  if (!invocations.some((invocation) => TRACKED.test(invocation.name))) return;
  const own = emptyState();
  const mounts = cacheMountTargets(instruction);
  const movesAround = script.commands.some((command) => command.name === 'cd' || command.name === 'pushd');
  const rangeOf = (added: Added): Range => model.lines.rangeOf(added.start, added.end);
  const addedBy = (label: string, invocation: Invocation): Added => ({ label, instruction, start: invocation.command.start, end: invocation.command.end });
  const addPath = (path: string | null, invocation: Invocation, label = path): void => {
    if (path && label && !mounts.some((target) => path === target || path.startsWith(`${target}/`))) {
      own.paths.set(path, addedBy(label, invocation));
    }
  };
  const removePaths = (patterns: readonly string[], start: number, end: number): void => {
    const tests = patterns.map(removal);
    const matches = (path: string): boolean => tests.some((test) => test(path));
    for (const path of own.paths.keys()) if (matches(path)) own.paths.delete(path);
    const earlier: [string, Added][] = [];
    for (const entry of state.paths) if (matches(entry[0])) earlier.push(entry);
    if (earlier.length === 0) return;
    for (const [path] of earlier) state.paths.delete(path);
    const first = earlier[0][1];
    found?.({
      range: model.lines.rangeOf(start, end),
      message: `\`${first.label}\` was added by an earlier layer (line ${lineOf(first)}): deleting it here saves no bytes`,
      related: earlier.slice(0, 3).map(([, added]) => ({ range: rangeOf(added), message: `\`${added.label}\` added in this layer` })),
    });
  };
  for (const invocation of invocations) {
    if (!TRACKED.test(invocation.name)) continue;
    const call = packageCall(invocation);
    if (call?.action === 'install') {
      for (const pkg of call.packages) own.packages.set(pkg.key, addedBy(pkg.label, invocation));
      if (call.manager === 'apt') own.aptInstalls.push(addedBy('apt-get install', invocation));
    } else if (call?.action === 'remove') {
      for (const pkg of call.packages) {
        if (own.packages.delete(pkg.key)) continue;
        const earlier = state.packages.get(pkg.key);
        if (!earlier) continue;
        state.packages.delete(pkg.key);
        found?.({
          range: model.lines.rangeOf(pkg.word.start, pkg.word.end),
          message: `\`${pkg.label}\` was installed by an earlier layer (line ${lineOf(earlier)}): removing it here saves no bytes`,
          related: [{ range: rangeOf(earlier), message: `\`${pkg.label}\` installed in this layer` }],
        });
      }
    } else if (call?.action === 'autoremove' && own.aptInstalls.length === 0 && state.aptInstalls.length > 0) {
      const last = state.aptInstalls[state.aptInstalls.length - 1];
      found?.({
        range: model.lines.rangeOf(invocation.nameWord.start, (aptVerb(invocation) ?? invocation.nameWord).end),
        message: `\`${invocation.name} autoremove\` removes packages an earlier layer (line ${lineOf(last)}) installed: no bytes saved`,
        related: state.aptInstalls.slice(-3).map((added) => ({ range: rangeOf(added), message: 'packages installed in this layer' })),
      });
    }
    for (const cache of cachesFilled(invocation, call)) {
      // `PIP_NO_CACHE_DIR` set in the stage, on the command or by `export` in this RUN.
      if (cache === '/root/.cache/pip' && (state.pipCacheOff || instruction.argsText.includes('PIP_NO_CACHE_DIR'))) continue;
      addPath(`${cache}/${CONTENTS}`, invocation, cache);
    }
    const cleaned = cachesCleaned(invocation);
    if (cleaned.length > 0) removePaths(cleaned, invocation.nameWord.start, invocation.command.end);
    if (invocation.name === 'rm') {
      for (const word of operands(invocation.args, 0, new Set())) {
        if (word.value === null || (movesAround && !word.value.startsWith('/'))) continue;
        const pattern = resolvePath(word.value, workdir);
        if (pattern && pattern !== '/') removePaths([pattern], word.start, word.end);
      }
    }
    if (!movesAround) {
      for (const word of pathsCreated(invocation)) addPath(word.value === null ? null : resolvePath(word.value, workdir), invocation);
      const clone = gitCloneTarget(invocation);
      if (clone) addPath(resolvePath(clone, workdir), invocation);
    }
  }
  for (const [key, added] of own.packages) state.packages.set(key, added);
  for (const [path, added] of own.paths) state.paths.set(path, added);
  state.aptInstalls.push(...own.aptInstalls);
}

/** COPY and ADD: the destination, or `<destination>/<source name>` when copying into a folder. */
function applyCopy(instruction: Instruction, workdir: string, state: LayerState): void {
  const paths = copyPaths(instruction);
  if (!paths) return;
  const { sources, destination } = paths;
  const resolved = resolvePath(destination, workdir);
  if (!resolved) return;
  const added = (label: string): Added => ({ label, instruction, start: instruction.start, end: instruction.end });
  const intoFolder = destination.endsWith('/') || sources.length > 1;
  for (const source of sources) {
    const isArchive = instruction.keyword === 'ADD' && /\.(tar(\.\w+)?|tgz|tbz2?|txz)$/.test(source) && !source.includes('://');
    if (!intoFolder && !isArchive && !source.endsWith('/') && source !== '.') {
      state.paths.set(resolved, added(resolved));
      continue;
    }
    const name = source.replace(/\/+$/, '').replace(/^.*\//, '');
    const folderContents = isArchive || source.startsWith('<<') || /[*?[]/.test(name) || name === '.' || name === '' || source.endsWith('/');
    // A folder source copies its contents, which we cannot list.
    const path = folderContents ? `${resolved}/${CONTENTS}` : normalize(`${resolved}/${name}`);
    state.paths.set(path, added(folderContents ? resolved : path));
  }
}

/** The layers' state and the working directory at the end of the instructions simulated so far. */
interface Simulation {
  state: LayerState;
  workdir: string;
}

function copyOf({ state, workdir }: Simulation): Simulation {
  return {
    state: { packages: new Map(state.packages), paths: new Map(state.paths), aptInstalls: [...state.aptInstalls], pipCacheOff: state.pipCacheOff },
    workdir,
  };
}

/** Applies a stage's own instructions to `simulation`; `found` receives its findings (null: none wanted). */
function simulate(model: DockerfileModel, stage: Stage, simulation: Simulation, found: ((finding: Finding) => void) | null): void {
  const { state } = simulation;
  for (const instruction of stage.instructions) {
    if (instruction.keyword === 'WORKDIR') simulation.workdir = nextWorkdir(instruction, simulation.workdir);
    else if (instruction.keyword === 'ENV' || instruction.keyword === 'ARG') state.pipCacheOff ||= instruction.argsText.includes('PIP_NO_CACHE_DIR');
    else if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') applyCopy(instruction, simulation.workdir, state);
    else if (instruction.keyword === 'RUN') {
      const script = model.shellScript(instruction);
      if (script) applyRun(model, instruction, script, simulation.workdir, state, found);
    }
  }
}

function nextWorkdir(instruction: Instruction, workdir: string): string {
  const value = instruction.args[0]?.value;
  if (!value || value.includes('$')) return workdir;
  return normalize(value.startsWith('/') ? value : `${workdir}/${value}`);
}

export default defineRule({
  meta: {
    id: 'removed-in-later-layer',
    title: 'Removed in a later layer',
    category: 'size',
    defaultSeverity: 'warning',
    fixAvailability: 'never',
    summary: 'Delete files and remove packages in the same RUN that added them: a later layer cannot take bytes out of an earlier one.',
    docs: {
      why: 'Every RUN, COPY and ADD adds a layer, and layers only add. When a later RUN deletes a file, purges a package or cleans a cache that an earlier layer added, the file disappears from the container\'s view but the earlier layer still holds every byte: the image is as big as before, plus a small layer recording the deletion.\n\nReported on the deleting word (the package of `apt-get remove|purge`, `apk del`, `yum|dnf remove`, `pip uninstall`, the path of `rm`, or a cache clean-up such as `yum clean all`), with a link to the layer that added it. `apt-get autoremove` alone is reported when an earlier layer installed apt packages. The earlier layer may be in the same stage or in a stage this one is built FROM. Paths are followed through `WORKDIR`; created paths are those of COPY/ADD destinations, `mkdir`, `touch`, `curl -o`, `wget -O`, `git clone`, `cp`/`mv` targets and package-manager caches.\n\nUse instead: do the install, the use and the removal in one RUN (`apt-get install gcc && make && apt-get purge -y gcc`), or build in a separate stage and copy only the result into the final image (a multi-stage build).',
      incorrect: 'FROM python:3.13-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc\nCOPY . /app\nRUN pip install --no-cache-dir /app\nRUN apt-get purge -y gcc && rm -rf /var/lib/apt/lists/*',
      correct: 'FROM python:3.13-slim AS build\nRUN apt-get update && apt-get install -y --no-install-recommends gcc\nCOPY . /app\nRUN pip wheel --no-cache-dir --wheel-dir /wheels /app\n\nFROM python:3.13-slim\nCOPY --from=build /wheels /wheels\nRUN pip install --no-cache-dir /wheels/*',
    },
    sources: [],
    finalImageOnly: true,
  },
  check({ model, report }) {
    // Each stage starts from where the stage it is built FROM ended: simulated once, when that stage
    // was checked (a stage can only be built FROM an earlier one), not again for every descendant.
    const ends = new Map<Stage, Simulation>();
    for (const stage of model.stages) {
      const [, ...ancestors] = stageChain(model, stage);
      const parentEnd = ancestors.length > 0 ? ends.get(ancestors[0]) : undefined;
      const simulation = parentEnd ? copyOf(parentEnd) : { state: emptyState(), workdir: '/' };
      if (!parentEnd) for (const ancestor of ancestors.reverse()) simulate(model, ancestor, simulation, null);
      simulate(model, stage, simulation, (finding) => report({ ...finding, stageIndex: stage.index }));
      ends.set(stage, simulation);
    }
  },
});
