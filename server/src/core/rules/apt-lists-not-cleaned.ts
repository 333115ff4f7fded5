// apt-lists-not-cleaned: `apt-get update` leaves the package lists (tens of MB) in
// /var/lib/apt/lists unless the same RUN removes them.
import { appendToRun, canAppendToRun, insertRunFlag } from '../edits';
import { aptVerb, cacheMountTargets, invocationOf, runScripts, subcommand, type Invocation } from '../model/commands';
import { firstLaterMatch } from '../model/stages';
import type { DockerfileModel, Instruction, Stage } from '../model/types';
import { defineRule, type Fix } from '../rule';
import type { ShellScript, ShellWord } from '../shell/script';

const CLEAN_UP = 'rm -rf /var/lib/apt/lists/*';
/** `sharing=locked`: apt takes a lock on both folders, so parallel builds must not share them at once. */
const CACHE_MOUNTS = '--mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt/lists,sharing=locked';

/** The alternative to the clean-up: the lists (and .deb files) live in BuildKit's cache, never in a layer. */
function cacheMountFix(model: DockerfileModel, instruction: Instruction): Fix {
  return {
    title: 'Mount BuildKit caches on `/var/cache/apt` and `/var/lib/apt/lists` (unsafe: requires BuildKit)',
    safety: 'unsafe',
    edits: [insertRunFlag(model, instruction, CACHE_MOUNTS)],
  };
}

/** Verbs that read the package lists: after the lists are removed they fail or install nothing new. */
const NEEDS_LISTS = new Set(['install', 'reinstall', 'upgrade', 'dist-upgrade', 'full-upgrade', 'build-dep', 'source', 'download']);

/** `rm` of the lists folder, its contents, or the whole /var/lib/apt. */
function removesLists(invocation: Invocation): boolean {
  return invocation.name === 'rm' && invocation.args.some((word) => /^\/var\/lib\/apt(\/lists)?\/?(\*)?$/.test(word.value ?? ''));
}

/** A cache or tmpfs mount on the lists keeps them out of the layer. */
function mountsLists(instruction: Instruction): boolean {
  return cacheMountTargets(instruction).some((target) => target === '/var/lib/apt/lists' || target === '/var/lib/apt');
}

/** The first `apt-get update` that no later `rm` of the lists follows, if any. */
function uncleanedUpdate(invocations: readonly Invocation[]): { invocation: Invocation; verb: ShellWord } | null {
  let found: { invocation: Invocation; verb: ShellWord } | null = null;
  for (const invocation of invocations) {
    const verb = aptVerb(invocation);
    if (verb?.value === 'update') found ??= { invocation, verb };
    else if (removesLists(invocation)) found = null;
  }
  return found;
}

/**
 * The first later RUN, in this stage or a stage built FROM it, that reads the lists this RUN
 * leaves behind: an apt install without its own `apt-get update` before it.
 */
function laterRunNeedingLists(model: DockerfileModel, stage: Stage, instruction: Instruction): Instruction | null {
  return firstLaterMatch(model, stage, instruction, 'apt-lists-not-cleaned:needs-lists', (later) => {
    // An install under its own cache mount on the lists counts too. The mount hides the layer's
    // copy, but builds that mix cached and plain installs (moby) are where the fix broke
    // things: when unsure, the fix is unsafe.
    if (later.keyword !== 'RUN') return false;
    const script = model.shellScript(later);
    // Exec form or an unparsed shell: judge by the words, erring towards "needs the lists".
    if (!script) return /\bapt(-get)?\b/.test(later.argsText) && /\binstall\b/.test(later.argsText);
    return runNeedsLists(script);
  });
}

/** apt front ends and wrappers that read the same lists: `apt`, `aptitude`, tonistiigi/xx's `xx-apt-get`. */
const APT_FRONT_END = /^(?:[\w.]+-)?apt(?:-get)?$|^aptitude$/;
const APT_OPTIONS_WITH_VALUE: ReadonlySet<string> = new Set(['-o', '--option', '-c', '--config-file', '-t', '--target-release']);

function aptFrontEndVerb(invocation: Invocation): string | undefined {
  if (!APT_FRONT_END.test(invocation.name)) return undefined;
  return subcommand(invocation, APT_OPTIONS_WITH_VALUE)?.value ?? undefined;
}

function runNeedsLists(script: ShellScript): boolean {
  let updated = false;
  for (const command of script.commands) {
    const invocation = invocationOf(command);
    const verb = invocation ? aptFrontEndVerb(invocation) : undefined;
    if (verb === 'update') updated = true;
    else if (verb && NEEDS_LISTS.has(verb) && !updated) return true;
  }
  return false;
}

function cleanUpFix(model: DockerfileModel, stage: Stage, instruction: Instruction, script: ShellScript): Fix | null {
  // In a heredoc, after a trailing `&` or in a script with a syntax error, appending would change
  // what runs (see canAppendToRun). A trailing `;` is fine: the clean-up goes before it.
  if (!canAppendToRun(model, instruction, script)) return null;
  const edit = appendToRun(model, instruction, script, CLEAN_UP);
  const needy = laterRunNeedingLists(model, stage, instruction);
  if (!needy) return { title: `Remove the apt lists at the end of the RUN (\`${CLEAN_UP}\`)`, safety: 'safe', edits: [edit] };
  const line = needy.range.start.line + 1;
  return {
    title: `Remove the apt lists at the end of the RUN (unsafe: the RUN on line ${line} installs without \`apt-get update\`)`,
    safety: 'unsafe',
    edits: [edit],
  };
}

export default defineRule({
  meta: {
    id: 'apt-lists-not-cleaned',
    title: 'apt lists not removed after apt-get update',
    category: 'size',
    defaultSeverity: 'info',
    fixAvailability: 'always',
    summary: 'Remove `/var/lib/apt/lists` in the same RUN as `apt-get update`, so the package lists do not stay in the image.',
    docs: {
      why: '`apt-get update` downloads the package lists of every configured repository into `/var/lib/apt/lists`, typically 20 to 50 MB. They are only needed while `apt-get install` runs. Removing them in a later RUN saves nothing, because the earlier layer still holds them: the clean-up has to happen in the RUN that ran the update.\n\nNot reported when the same RUN removes `/var/lib/apt/lists` after the update, or mounts a BuildKit cache or tmpfs on `/var/lib/apt/lists` (or `/var/lib/apt`), which keeps the lists out of the layer and also speeds up rebuilds.',
      incorrect: 'FROM debian:trixie-slim\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends curl',
      correct: 'FROM debian:trixie-slim\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends curl \\\n    && rm -rf /var/lib/apt/lists/*\n# or, with BuildKit, keep the lists out of the layer and reuse them between builds:\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\\n    --mount=type=cache,target=/var/lib/apt/lists,sharing=locked \\\n    apt-get update && apt-get install -y --no-install-recommends git',
      fixSafety: `The first fix appends \`&& ${CLEAN_UP}\` to the end of the RUN (on a new continuation line when the RUN already spans several lines). Joined with \`&&\`, the RUN still fails exactly when it failed before.\n\nSafe, except when a later RUN in the same stage, or in a stage built FROM it, runs \`apt-get install\` without its own \`apt-get update\`: that install relied on the lists this RUN left behind and would fail after the fix. Wrappers count as installs too (\`apt\`, \`aptitude\`, \`xx-apt-get\` from tonistiigi/xx), and so does an install under a cache mount: the fix is unsafe whenever a later install may read the lists. The fix is then offered as unsafe; add \`apt-get update &&\` to that RUN (or merge the two). No clean-up fix is offered for a heredoc RUN or a script that ends with \`&\`, where appending would change what runs.\n\nThe second fix, the alternative, adds \`${CACHE_MOUNTS}\` to the RUN: the lists then live in BuildKit's cache, never in a layer, and the next build reuses them. It is unsafe because it requires BuildKit (the default builder since Docker 23, but not every CI builder), and, like the clean-up, a later RUN that installs without its own \`apt-get update\` no longer finds the lists. Note that Debian and Ubuntu images ship \`/etc/apt/apt.conf.d/docker-clean\`, which deletes downloaded \`.deb\` files after each install: the \`/var/cache/apt\` mount only speeds up rebuilds once that file is removed (\`rm -f /etc/apt/apt.conf.d/docker-clean\`, as Docker's cache-mount guide shows); the lists mount works either way.`,
    },
    sources: [{ tool: 'hadolint', id: 'DL3009', relation: 'same' }],
    finalImageOnly: true,
  },
  check({ model, report }) {
    for (const { stage, instruction, script, invocations } of runScripts(model, /\bapt(-get)?\b/)) {
      if (mountsLists(instruction)) continue;
      const update = uncleanedUpdate(invocations);
      if (!update) continue;
      const fix = cleanUpFix(model, stage, instruction, script);
      report({
        range: model.lines.rangeOf(update.invocation.nameWord.start, update.verb.end),
        message: `\`${update.invocation.name} update\` leaves the package lists in the layer; remove \`/var/lib/apt/lists\` in this RUN`,
        stageIndex: stage.index,
        fixes: fix ? [fix, cacheMountFix(model, instruction)] : [cacheMountFix(model, instruction)],
      });
    }
  },
});
