// consecutive-run: RUN instructions that follow each other could be one RUN, one layer.
import { defineRule } from '../rule';
import { mergeFix, planGroup, runGroups } from '../transforms/merge-runs';

export default defineRule({
  meta: {
    id: 'consecutive-run',
    title: 'Consecutive RUN instructions',
    category: 'size',
    defaultSeverity: 'info',
    fixAvailability: 'sometimes',
    summary: 'Merge RUN instructions that follow each other into one, so they make one layer.',
    docs: {
      why: 'Every RUN adds a layer, and a layer keeps every file written in it, even when a later RUN deletes the file: the deletion only hides it. Installing build tools in one RUN and removing them in the next ships them anyway. Merging consecutive RUNs into one lets the clean-up at the end shrink everything before it, and leaves fewer layers to pull and store.\n\nA group is RUN instructions that follow each other directly in one stage (comment lines between them do not break it). Exec-form RUNs and RUNs with different `--mount`, `--network` or `--security` flags are left out, because they cannot be merged as they are. The finding sits on the second RUN of a group and links the others; a suppression comment goes above that second RUN.\n\nKeep RUNs apart on purpose when an early one is slow and rarely changes (for example installing system packages) and a later one changes often: each RUN is a cache step.',
      incorrect: 'FROM debian:trixie-slim\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends curl\nRUN rm -rf /var/lib/apt/lists/*',
      correct: 'FROM debian:trixie-slim\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends curl \\\n    && rm -rf /var/lib/apt/lists/*',
      fixSafety: [
        'The fix merges the group into one RUN, laid out one command per continuation line with the file\'s indentation (four spaces by default), escape character and line endings. It reads each script with the shell parser and joins the scripts with `&&`, so the build still stops at the first failing RUN. A script whose top level is not an `&&` chain (`a; b`, `a || b`) is grouped as `{ a; b; }` first: with a bare `&&`, the `;` or `||` would bind to the wrong command (`c && a; b` runs `b` after a failing `c`). Comment lines between the RUNs become comment lines inside the merged RUN (the builder ignores them there), and suppression comments (`# layerwise-ignore`, `# hadolint ignore=`) move above it. Equal `--mount`, `--network` and `--security` flags are written once. The merged RUN is parsed again before it is written: the builder must read one instruction and the shell the same commands in the same order.',
        'Safe when nothing had to be restructured. Unsafe when a RUN before the last changes shell state (`cd`, `export`, `set`, `umask`, `source`, a function, a top-level variable, `exit`...): merged as it is, that state would reach the commands after it, so that RUN runs in a subshell, `( cd vendor && make )`. The subshell keeps the meaning, but the fix then depends on every state change being recognised, so it is offered, never applied by fix-all.',
        'No fix for RUNs that cannot be merged as they are: a heredoc, a non-POSIX `SHELL` (or a Windows image), a background job (`&`), a script the shell cannot parse, or a script that turns on `set -e` unless it comes last (the shell ignores `-e` in every command of an `&&` chain but the last; with a `SHELL` that passes `-e`, scripts that need grouping or contain if/loop blocks are left alone). The group is split around them and the rest is merged.',
        'Mind the cache: one RUN is one cache step. After merging, a change to any of its commands re-runs all of them, so a slow step that rarely changes (installing system packages) rebuilds whenever a quick, often-edited step next to it changes. Smaller images can mean slower rebuilds; keep such RUNs apart and suppress the finding (`# layerwise-ignore consecutive-run` above the second RUN). The `Layerwise: Merge RUN Instructions` command merges the whole file or the selection, with the same rules.',
      ].join('\n\n'),
    },
    sources: [{ tool: 'hadolint', id: 'DL3059', relation: 'same' }],
    finalImageOnly: true,
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      for (const group of runGroups(stage)) {
        const count = group.length;
        report({
          range: group[1].keywordRange,
          message: `${count} consecutive RUN instructions create ${count} layers; merge them so a clean-up step can shrink them all`,
          stageIndex: stage.index,
          related: group
            .map((instruction, index) => ({ instruction, index }))
            .filter(({ index }) => index !== 1)
            .map(({ instruction, index }) => ({ range: instruction.keywordRange, message: `RUN ${index + 1} of ${count} in this group` })),
          // Planning the merge parses every script again: done only when a fix is asked for.
          fixes: () => {
            const plan = planGroup(model, group);
            return plan.segments.length > 0 ? [mergeFix(model, plan)] : [];
          },
        });
      }
    }
  },
});
