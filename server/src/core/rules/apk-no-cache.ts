// apk-no-cache: `apk add` without `--no-cache` keeps the package index in /var/cache/apk.
import { insertAfterWord } from '../edits';
import { cacheMountTargets, hasOption, runScripts, subcommand } from '../model/commands';
import { defineRule } from '../rule';

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
      correct: 'FROM alpine:3.22\nRUN apk add --no-cache curl',
      fixSafety: 'Safe: the same packages are installed; only the index cache is left out of the layer. Not reported when the RUN mounts a cache or tmpfs on `/var/cache/apk` or removes that folder itself.',
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
        if (!verb || verb.value !== 'add' || hasOption(invocation, '--no-cache')) continue;
        report({
          range: model.lines.rangeOf(invocation.nameWord.start, verb.end),
          message: '`apk add` without `--no-cache` leaves the package index in the layer',
          stageIndex: stage.index,
          fixes: [{ title: 'Add --no-cache', safety: 'safe', edits: [insertAfterWord(model, verb, '--no-cache')] }],
        });
      }
    }
  },
});
