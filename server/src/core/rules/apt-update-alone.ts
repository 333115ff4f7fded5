// apt-update-alone: a RUN that refreshes the package index without installing anything. Its layer
// is cached, so a later RUN that installs keeps using the index of the day the cache was made.
import { insertAt, replaceSpan } from '../edits';
import { aptVerb, invocationOf, subcommand, runScripts, type Invocation } from '../model/commands';
import { stageChain, stagesBuiltOn } from '../model/stages';
import type { DockerfileModel, Instruction, Stage } from '../model/types';
import { defineRule, type Fix } from '../rule';

interface Manager {
  /** What refreshes the index: `apt-get update`. */
  isRefresh(invocation: Invocation): boolean;
  /** What uses it: `apt-get install`, `apk add`, `yum install`… */
  isInstall(invocation: Invocation): boolean;
}

const RPM = new Set(['yum', 'dnf', 'microdnf']);

const MANAGERS: readonly Manager[] = [
  {
    isRefresh: (invocation) => aptVerb(invocation)?.value === 'update',
    isInstall: (invocation) => ['install', 'upgrade', 'dist-upgrade', 'full-upgrade', 'build-dep', 'reinstall', 'source', 'download'].includes(aptVerb(invocation)?.value ?? ''),
  },
  {
    isRefresh: (invocation) => invocation.name === 'apk' && subcommand(invocation)?.value === 'update',
    isInstall: (invocation) => invocation.name === 'apk' && ['add', 'upgrade', 'fix'].includes(subcommand(invocation)?.value ?? ''),
  },
  {
    isRefresh: (invocation) => RPM.has(invocation.name) && subcommand(invocation)?.value === 'makecache',
    isInstall: (invocation) => RPM.has(invocation.name) && ['install', 'update', 'upgrade', 'groupinstall', 'reinstall', 'distro-sync'].includes(subcommand(invocation)?.value ?? ''),
  },
];

/**
 * Merges the update-only RUN into the next instruction when that is a RUN installing with the same
 * manager: `RUN apt-get update` + `RUN apt-get install x` → `RUN apt-get update && apt-get install x`.
 * Only when the update RUN is nothing but the refresh, on one line, and the next RUN joins all its
 * commands with `&&`: then the merged RUN fails exactly when one of the two failed before.
 */
function mergeFix(model: DockerfileModel, stage: Stage, instruction: Instruction, manager: Manager, refreshOnly: boolean): Fix | null {
  const next = stage.instructions[stage.instructions.indexOf(instruction) + 1];
  if (!refreshOnly || !next || next.keyword !== 'RUN' || next.execForm || next.heredocs.length > 0 || instruction.heredocs.length > 0) return null;
  if (instruction.flags.length > 0 || instruction.range.start.line !== instruction.range.end.line) return null;
  // Anything between the two RUNs but blank lines (a comment) would be lost.
  if (model.text.slice(instruction.end, next.start).trim() !== '') return null;
  const script = model.shellScript(next);
  if (!script || script.hasSyntaxError) return null;
  const topLevel = script.commands.filter((command) => !command.nested);
  if (topLevel.slice(1).some((command) => command.operatorBefore !== '&&')) return null;
  const installs = topLevel.some((command) => {
    const invocation = invocationOf(command);
    return invocation !== null && manager.isInstall(invocation);
  });
  if (!installs) return null;
  const updateText = model.text.slice(instruction.argsStart, instruction.end).trim();
  return {
    title: `Merge \`${updateText}\` into the next RUN`,
    safety: 'safe',
    edits: [replaceSpan(model, instruction.start, next.start, ''), insertAt(model, next.argsStart, `${updateText} && `)],
  };
}

/** What a later RUN does with the index: installs before refreshing it (relies on ours), refreshes first, or neither. */
function useOfIndex(model: DockerfileModel, instruction: Instruction, manager: Manager): 'relies' | 'refreshes' | null {
  const script = model.shellScript(instruction);
  if (!script) return null;
  for (const command of script.commands) {
    const invocation = invocationOf(command);
    if (!invocation) continue;
    if (manager.isRefresh(invocation)) return 'refreshes';
    if (manager.isInstall(invocation)) return 'relies';
  }
  return null;
}

/**
 * The first later RUN that installs from the index this RUN refreshed (before refreshing it
 * itself), in this stage or a stage built FROM it. Null when none does: the update is then only
 * waste, which apt-lists-not-cleaned reports.
 */
function laterInstall(model: DockerfileModel, stage: Stage, instruction: Instruction, manager: Manager): Instruction | null {
  const scan = (instructions: readonly Instruction[]): Instruction | 'refreshed' | null => {
    for (const later of instructions) {
      if (later.keyword !== 'RUN') continue;
      const use = useOfIndex(model, later, manager);
      if (use === 'relies') return later;
      if (use === 'refreshes') return 'refreshed';
    }
    return null;
  };
  const own = scan(stage.instructions.slice(stage.instructions.indexOf(instruction) + 1));
  if (own !== null) return own === 'refreshed' ? null : own;
  for (const descendant of stagesBuiltOn(model, stage)) {
    if (descendant === stage) continue;
    // Only the part of the chain after our stage: the descendant's own instructions and those of stages between.
    const between = stageChain(model, descendant).filter((candidate) => candidate.index > stage.index).reverse();
    const found = scan(between.flatMap((candidate) => candidate.instructions));
    if (found !== null && found !== 'refreshed') return found;
  }
  return null;
}

export default defineRule({
  meta: {
    id: 'apt-update-alone',
    title: 'Package index update in its own RUN',
    category: 'cache',
    defaultSeverity: 'warning',
    fixAvailability: 'sometimes',
    summary: 'Run `apt-get update` in the same RUN as `apt-get install`, so a cached update layer never feeds a later install stale lists.',
    docs: {
      why: 'The build cache reuses a RUN whose text did not change. `RUN apt-get update` alone never changes, so after the first build its layer comes from the cache, with the package lists of that day. When you later add a package to the next RUN, that install runs against the old lists: it installs outdated versions or fails with 404 errors because the mirror has moved on. Updating and installing in one RUN makes any change to the package list refresh the index too.\n\nThe same holds for `apk update` before `apk add` and `yum makecache`/`dnf makecache` before `yum install`. Reported when the RUN refreshes the index and installs nothing with the same package manager, and a later RUN (in the stage or a stage built FROM it) installs without refreshing the index first; an update nothing relies on is only waste, which `apt-lists-not-cleaned` reports. hadolint has no equivalent (its DL3009 is about removing the lists; this check is Trivy\'s DS-0017 and Checkov\'s CKV_DOCKER_5).',
      incorrect: 'FROM debian:trixie-slim\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends curl',
      correct: 'FROM debian:trixie-slim\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends curl \\\n    && rm -rf /var/lib/apt/lists/*',
      fixSafety: 'Safe, and offered only when the next instruction is a RUN that installs with the same package manager: the fix moves the update to the front of that RUN (`RUN apt-get update && apt-get install …`) and removes its own RUN. The commands run in the same order and, joined with `&&`, the build fails exactly when it failed before. Not offered when the update RUN does more than the update, spans several lines or has flags, when a comment sits between the two RUNs, or when the next RUN joins its commands with anything but `&&` (`;`, `||`, pipes), where the merged script could swallow a failed update.',
    },
    sources: [],
  },
  check({ model, report }) {
    for (const { stage, instruction, invocations } of runScripts(model, /\b(update|makecache)\b/)) {
      for (const manager of MANAGERS) {
        const refresh = invocations.find((invocation) => manager.isRefresh(invocation));
        if (!refresh || invocations.some((invocation) => manager.isInstall(invocation))) continue;
        const install = laterInstall(model, stage, instruction, manager);
        if (!install) continue;
        const verb = refresh.name === 'apt-get' || refresh.name === 'apt' ? aptVerb(refresh) : subcommand(refresh);
        const written = model.text.slice(refresh.nameWord.start, (verb ?? refresh.nameWord).end);
        const refreshOnly = invocations.length === 1;
        const fix = mergeFix(model, stage, instruction, manager, refreshOnly);
        report({
          range: model.lines.rangeOf(refresh.nameWord.start, (verb ?? refresh.nameWord).end),
          message: `\`${written}\` runs in a RUN without an install; a cached layer will serve stale lists`,
          stageIndex: stage.index,
          related: [{ range: install.range, message: 'this RUN installs from the index the update left in its layer' }],
          fixes: fix ? [fix] : [],
        });
      }
    }
  },
});
