// non-interactive-install: package managers that ask "continue? [y/N]" abort the build without `-y`.
import { insertAfterWord } from '../edits';
import { runScripts, type Invocation } from '../model/commands';
import { hasSwitch, verbIndex } from '../model/packages';
import type { ShellCommand } from '../shell/script';
import { defineRule, type Fix } from '../rule';

interface Manager {
  verbs: readonly string[];
  optionsWithValue: ReadonlySet<string>;
  answersYes(invocation: Invocation): boolean;
  /** The switch the fix adds, and whether it goes after the command name (a global option) or the verb. */
  fix: { text: string; after: 'name' | 'verb' };
}

const APT_VALUE_OPTIONS = new Set(['-o', '--option', '-c', '--config-file', '-t', '--target-release']);
const RPM_VALUE_OPTIONS = new Set(['-c', '--config', '--installroot', '--releasever', '--enablerepo', '--disablerepo', '--repo', '-x', '--exclude', '--setopt']);

function aptAnswersYes(invocation: Invocation): boolean {
  if (hasSwitch(invocation, 'y', ['--yes', '--assume-yes', '--force-yes'])) return true;
  const values = invocation.args.map((word) => word.value ?? '');
  // `-qq` (quiet level 2) implies `-y` in apt-get.
  if (values.some((value) => /^-[a-z]*q[a-z]*q/.test(value) || value === '-q=2' || value === '--quiet=2')) return true;
  if (values.filter((value) => value === '-q' || value === '--quiet').length >= 2) return true;
  return values.some((value) => /^APT::Get::Assume-Yes=(1|true|yes)$/i.test(value) || /^--option=APT::Get::Assume-Yes=(1|true|yes)$/i.test(value));
}

const MANAGERS: Record<string, Manager> = {
  'apt-get': {
    verbs: ['install', 'upgrade', 'dist-upgrade', 'full-upgrade', 'remove', 'purge', 'autoremove', 'build-dep', 'reinstall'],
    optionsWithValue: APT_VALUE_OPTIONS,
    answersYes: aptAnswersYes,
    fix: { text: '-y', after: 'verb' },
  },
  yum: {
    verbs: ['install', 'groupinstall', 'localinstall', 'reinstall', 'remove', 'erase', 'update', 'upgrade', 'downgrade', 'autoremove', 'group'],
    optionsWithValue: RPM_VALUE_OPTIONS,
    answersYes: (invocation) => hasSwitch(invocation, 'y', ['--assumeyes']),
    fix: { text: '-y', after: 'verb' },
  },
  dnf: {
    verbs: ['install', 'groupinstall', 'localinstall', 'reinstall', 'remove', 'erase', 'update', 'upgrade', 'downgrade', 'autoremove', 'group', 'distro-sync'],
    optionsWithValue: RPM_VALUE_OPTIONS,
    answersYes: (invocation) => hasSwitch(invocation, 'y', ['--assumeyes']),
    fix: { text: '-y', after: 'verb' },
  },
  zypper: {
    verbs: ['install', 'in', 'remove', 'rm', 'source-install', 'si', 'patch', 'update', 'up', 'dist-upgrade', 'dup'],
    optionsWithValue: new Set(['-R', '--root', '-c', '--config', '-r', '--repo', '--from', '-t', '--type', '-D', '--reposd-dir']),
    answersYes: (invocation) => hasSwitch(invocation, 'ny', ['--non-interactive', '--no-confirm']),
    // zypper's global `--non-interactive` works for every command; `-y` exists only for some.
    fix: { text: '--non-interactive', after: 'name' },
  },
};
MANAGERS.apt = MANAGERS['apt-get'];

/** `yes | apt-get install …` answers the prompt too. */
function fedByYes(commands: readonly ShellCommand[], command: ShellCommand): boolean {
  const index = commands.indexOf(command);
  return index > 0 && command.operatorBefore === '|' && commands[index - 1].name === 'yes';
}

export default defineRule({
  meta: {
    id: 'non-interactive-install',
    title: 'Package manager may prompt for confirmation',
    category: 'correctness',
    defaultSeverity: 'warning',
    fixAvailability: 'always',
    summary: 'Pass `-y` to `apt-get`, `yum` and `dnf` (and `--non-interactive` to `zypper`) so a confirmation prompt cannot abort the build.',
    docs: {
      why: [
        'When `apt-get install`, `yum install`, `dnf remove` or `zypper install` would change more than was asked for (extra dependencies, removals), it asks "Do you want to continue? [Y/n]". A build has no terminal: the prompt reads end-of-file and the command aborts, so the build fails — or passes today and fails the day a dependency is added. `-y` (`--non-interactive` for zypper) answers yes up front.',
        '',
        'Not reported when the call already answers yes: `-y`, `--yes`, `--assume-yes`, `-qq` or `-o APT::Get::Assume-Yes=true` for apt-get, `-y`/`--assumeyes` for yum and dnf, `-n`/`--non-interactive`/`-y`/`--no-confirm` for zypper, or input piped from `yes`. `microdnf` never prompts and is not checked. `DEBIAN_FRONTEND=noninteractive` does not answer this prompt (it only silences debconf questions), so it does not count.',
      ].join('\n'),
      incorrect: 'FROM debian:13\nRUN apt-get update && apt-get install --no-install-recommends curl',
      correct: 'FROM debian:13\nRUN apt-get update && apt-get install -y --no-install-recommends curl',
      fixSafety: 'Safe: the flag only answers the confirmation prompt. Where the command would have prompted, the build aborted without it, so there is no working behaviour to lose; where it would not have prompted, nothing changes. It does not allow anything more dangerous: removing essential packages or downgrades still need their own `--allow-*` options.',
    },
    sources: [
      { tool: 'hadolint', id: 'DL3014', relation: 'same' },
      { tool: 'hadolint', id: 'DL3030', relation: 'same' },
      { tool: 'hadolint', id: 'DL3034', relation: 'same' },
      { tool: 'hadolint', id: 'DL3038', relation: 'same' },
    ],
  },
  check({ model, report }) {
    for (const { stage, script, invocations } of runScripts(model, /\b(apt(-get)?|yum|dnf|zypper)\b/)) {
      for (const invocation of invocations) {
        const manager = MANAGERS[invocation.name];
        if (!manager) continue;
        const index = verbIndex(invocation.args, manager.optionsWithValue);
        const verb = index >= 0 ? invocation.args[index] : undefined;
        if (!verb || !manager.verbs.includes(verb.value ?? '')) continue;
        if (manager.answersYes(invocation) || fedByYes(script.commands, invocation.command)) continue;
        const anchor = manager.fix.after === 'name' ? invocation.nameWord : verb;
        const fix: Fix = { title: `Add ${manager.fix.text}`, safety: 'safe', edits: [insertAfterWord(model, anchor, manager.fix.text)] };
        report({
          range: model.lines.rangeOf(invocation.nameWord.start, verb.end),
          message: `\`${invocation.name} ${verb.value}\` may prompt for confirmation and abort the build; add \`${manager.fix.text}\``,
          stageIndex: stage.index,
          fixes: [fix],
        });
      }
    }
  },
});
