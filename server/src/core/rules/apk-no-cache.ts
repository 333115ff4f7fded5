// apk-no-cache: `apk add` without `--no-cache` keeps the package index in /var/cache/apk.
import { insertAfterWord, insertRunFlag } from '../edits';
import { cacheMountTargets, hasOption, runScripts, subcommand } from '../model/commands';
import { defineRule } from '../rule';

const CACHE_MOUNT = '--mount=type=cache,target=/var/cache/apk';

export default defineRule({
  meta: {
    id: 'apk-no-cache',
    title: 'apk add without --no-cache',
    category: 'size',
    defaultSeverity: 'warning',
    fixAvailability: 'always',
    summary: 'Use `apk add --no-cache` so the package index does not stay in the image.',
    docs: {
      why: '`apk add` downloads the APKINDEX into `/var/cache/apk` and leaves it in the layer. `--no-cache` fetches the index, installs, and keeps nothing, so the layer holds only the packages.',
      incorrect: 'FROM alpine:3.22\nRUN apk add curl',
      correct: 'FROM alpine:3.22\nRUN apk add --no-cache curl\n# or, with BuildKit, keep the index out of the layer and reuse it between builds:\nRUN --mount=type=cache,target=/var/cache/apk apk add git',
      fixSafety: `Two fixes are offered. The first, safe, inserts \`--no-cache\` after \`add\`: the same packages are installed; only the index cache is left out of the layer. Not reported when the RUN mounts a cache or tmpfs on \`/var/cache/apk\` or removes that folder itself, nor for \`apk add --no-network\`, which fetches no index.\n\nThe second adds \`${CACHE_MOUNT}\` to the RUN instead and leaves the command as it is (no \`--no-cache\`, nothing removed): the index then lives in the BuildKit cache, outside the layer, and is reused by the next build. It is unsafe because it requires BuildKit (the default builder since Docker 23, but not every CI builder).`,
    },
    sources: [{ tool: 'hadolint', id: 'DL3019', relation: 'same' }],
    finalImageOnly: true,
  },
  check({ model, report }) {
    for (const { stage, instruction, invocations } of runScripts(model, /\bapk\b/)) {
      if (cacheMountTargets(instruction).some((target) => target === '/var/cache/apk')) continue;
      const cleansCache = invocations.some((inv) => inv.name === 'rm' && inv.args.some((word) => (word.value ?? '').startsWith('/var/cache/apk')));
      if (cleansCache) continue;
      for (const invocation of invocations) {
        const verb = invocation.name === 'apk' ? subcommand(invocation) : undefined;
        // `--no-network` installs from packages already present: no index is fetched, nothing to clean.
        if (!verb || verb.value !== 'add' || hasOption(invocation, '--no-cache', '--no-network')) continue;
        report({
          range: model.lines.rangeOf(invocation.nameWord.start, verb.end),
          message: '`apk add` without `--no-cache` leaves the package index in the layer',
          stageIndex: stage.index,
          fixes: [
            { title: 'Add --no-cache', safety: 'safe', edits: [insertAfterWord(model, verb, '--no-cache')] },
            // The alternative keeps the index between builds; the command itself stays as written.
            { title: 'Mount a BuildKit cache on `/var/cache/apk` (unsafe: requires BuildKit)', safety: 'unsafe', edits: [insertRunFlag(model, instruction, CACHE_MOUNT)] },
          ],
        });
      }
    }
  },
});
