// Package arguments of install commands, shared by the version-pinning rules and the
// non-interactive switch rule: which words after the verb name packages, which are options.
import type { Range } from 'vscode-languageserver-types';
import type { RuleContext } from '../rule';
import type { ShellWord } from '../shell/script';
import { runScripts, type Invocation } from './commands';
import type { DockerfileModel, Stage, Instruction } from './types';

/** An install-like call: the invocation, its verb word and the words after the verb. */
export interface PackageCall {
  stage: Stage;
  instruction: Instruction;
  invocation: Invocation;
  verb: ShellWord;
  /** Words after the verb that are not options or option values. */
  packages: ShellWord[];
}

/**
 * The first non-option word of `args` from `from` on, skipping option values listed in
 * `optionsWithValue` (only when written as a separate word: `-t release`, not `-t=release`).
 */
export function verbIndex(args: readonly ShellWord[], optionsWithValue: ReadonlySet<string>, from = 0): number {
  for (let i = from; i < args.length; i++) {
    const value = args[i].value;
    if (value === null) return -1; // a computed word: we cannot tell the verb
    if (optionsWithValue.has(value)) i++;
    else if (!value.startsWith('-')) return i;
  }
  return -1;
}

/** Words after `start` that are not options; values of `optionsWithValue` are skipped; `--` ends options. */
export function operands(args: readonly ShellWord[], start: number, optionsWithValue: ReadonlySet<string>): ShellWord[] {
  const found: ShellWord[] = [];
  let optionsEnded = false;
  for (let i = start; i < args.length; i++) {
    const value = args[i].value;
    if (!optionsEnded && value === '--') {
      optionsEnded = true;
    } else if (!optionsEnded && value !== null && value.startsWith('-') && value !== '-') {
      if (optionsWithValue.has(value)) i++;
    } else {
      found.push(args[i]);
    }
  }
  return found;
}

export interface ManagerSpec {
  /** Command names (after sudo/env are peeled): `apt-get`, `dnf`… */
  names: readonly string[];
  verbs: readonly string[];
  /** Options before or after the verb that take the next word as their value. */
  optionsWithValue: ReadonlySet<string>;
  /** Cheap text test run before parsing the RUN. */
  prefilter: RegExp;
}

/** Every call of one package manager with one of its install verbs, in every stage. */
export function* packageCalls(model: DockerfileModel, spec: ManagerSpec): Generator<PackageCall> {
  for (const { stage, instruction, invocations } of runScripts(model, spec.prefilter)) {
    for (const invocation of invocations) {
      if (!spec.names.includes(invocation.name)) continue;
      const index = verbIndex(invocation.args, spec.optionsWithValue);
      if (index < 0 || !spec.verbs.includes(invocation.args[index].value ?? '')) continue;
      yield { stage, instruction, invocation, verb: invocation.args[index], packages: operands(invocation.args, index + 1, spec.optionsWithValue) };
    }
  }
}

/**
 * `pip install`, `pip3.12 install`, `python -m pip install`, `python3 -m pip install`: the
 * invocation seen from `pip`, so rules treat every spelling alike.
 */
export function pipInvocation(invocation: Invocation): Invocation | null {
  if (/^pip(\d+(\.\d+)?)?$/.test(invocation.name)) return invocation;
  if (!/^python(\d+(\.\d+)?)?$/.test(invocation.name)) return null;
  const [flag, module] = invocation.args;
  if (flag?.value !== '-m' || module?.value !== 'pip') return null;
  return { ...invocation, name: 'pip', nameWord: module, args: invocation.args.slice(2) };
}

/** True when a word is a short-option cluster (`-qy`) containing `letter`, or equals a long option. */
export function hasSwitch(invocation: Invocation, letters: string, long: readonly string[]): boolean {
  return invocation.args.some((word) => {
    const value = word.value ?? '';
    if (long.includes(value)) return true;
    return /^-[A-Za-z]+$/.test(value) && [...letters].some((letter) => value.includes(letter));
  });
}

/** `curl`, `git` and 2 more: package names for a message, short enough for one line. */
export function packageList(words: readonly ShellWord[]): string {
  const names = words.slice(0, 3).map((word) => `\`${word.value ?? word.raw}\``).join(', ');
  return words.length > 3 ? `${names} and ${words.length - 3} more` : names;
}

/**
 * Reports each call whose literal packages are not all pinned (words with expansions are skipped:
 * `$PKG` may well carry a version). One finding per call, on its name and verb.
 */
export function reportUnpinned(
  model: DockerfileModel,
  report: (found: { range: Range; message: string; stageIndex: number }) => void,
  spec: ManagerSpec,
  isPinned: (value: string, call: PackageCall) => boolean,
  message: (call: PackageCall, unpinned: ShellWord[]) => string,
  skip: (call: PackageCall) => boolean = () => false,
): void {
  for (const call of packageCalls(model, spec)) {
    if (skip(call)) continue;
    const unpinned = call.packages.filter((word) => word.value !== null && word.value !== '' && !isPinned(word.value, call));
    if (unpinned.length === 0) continue;
    report({
      range: model.lines.rangeOf(call.invocation.nameWord.start, call.verb.end),
      message: message(call, unpinned),
      stageIndex: call.stage.index,
    });
  }
}

/** The paragraph every pinning rule's docs share: why it is `info` and how to quiet it. */
export const PINNING_SEVERITY_NOTE = [
  'The rule is `info` by default, unlike hadolint\'s warning: pinning every package is a trade-off, not a defect. Distribution archives drop old package versions when they publish security updates, so an exact pin that worked last month can fail the build today (hadolint users report exactly this: hadolint#884, and PR #1253 proposes turning the check off by default). A pinned base image tag already fixes the distribution release; pin packages where reproducibility matters more than picking up fixes, and raise the severity in `.layerwise.yaml` if your team wants that everywhere.',
  '',
  'Each package manager has its own rule, so a team can keep the ones it wants: turning off hadolint\'s code for one manager in `.hadolint.yaml` (`ignored: [DL3008]`) turns off only that manager\'s rule.',
].join('\n');

/**
 * yum/dnf spell a version as `name-version[-release]`: pinned when the last one or two dash-separated
 * parts are version-like and start with a digit (`nodejs-18.20.4`, not `python3-devel`).
 * Files, URLs, provides (`/usr/bin/x`) and groups (`@core`) are not version-able packages.
 */
export function isRpmPinned(value: string): boolean {
  if (value.endsWith('.rpm') || value.includes('/') || value.startsWith('@')) return true;
  // Version and release contain no dash, so only the last one or two parts can be them
  // (`java-17-openjdk-devel` is a name; `httpd-2.4.62-1.el9` is name-version-release).
  const parts = value.split('-').slice(1);
  return [1, 2].some((count) => {
    if (parts.length < count) return false;
    const tail = parts.slice(parts.length - count);
    return tail.every((part) => /^[A-Za-z0-9.~^_:+]+$/.test(part)) && /^\d/.test(tail[0]);
  });
}

/**
 * Reports `yum`/`dnf` installs without versions (`httpd` rather than `httpd-2.4.62`) and
 * `module install` without a stream, for the rule whose commands are `names`.
 */
export function reportUnpinnedRpmInstalls({ model, report }: RuleContext, names: readonly string[], prefilter: RegExp): void {
  const spec: ManagerSpec = { names, verbs: ['install', 'module'], optionsWithValue: RPM_OPTIONS_WITH_VALUE, prefilter };
  for (const call of packageCalls(model, spec)) {
    const literal = call.packages.filter((word) => word.value !== null && word.value !== '');
    const module = call.verb.value === 'module';
    if (module && literal[0]?.value !== 'install') continue;
    const unpinned = module ? literal.slice(1).filter((word) => !word.value!.includes(':')) : literal.filter((word) => !isRpmPinned(word.value!));
    if (unpinned.length === 0) continue;
    report({
      range: model.lines.rangeOf(call.invocation.nameWord.start, call.verb.end),
      message: module
        ? `\`${call.invocation.name} module install\` does not name a stream for ${packageList(unpinned)}; use \`<module>:<stream>\``
        : `\`${call.invocation.name} install\` does not pin ${packageList(unpinned)}; use \`<package>-<version>\``,
      stageIndex: call.stage.index,
    });
  }
}

const RPM_OPTIONS_WITH_VALUE: ReadonlySet<string> = new Set([
  '-c', '--config', '--installroot', '--releasever', '--enablerepo', '--disablerepo', '--repo', '--repoid', '-x', '--exclude',
  '--setopt', '-d', '--debuglevel', '-e', '--errorlevel', '--rpmverbosity', '--forcearch', '--color', '--destdir', '--downloaddir',
]);
