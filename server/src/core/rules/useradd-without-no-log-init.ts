// useradd-without-no-log-init: a high UID makes useradd write a huge sparse /var/log/lastlog.
import { insertAfterWord } from '../edits';
import { runScripts } from '../model/commands';
import { defineRule } from '../rule';

/** lastlog keeps a 292-byte record per UID up to the highest one; from 10000 on that is megabytes. */
const HIGH_UID = 10000;

export default defineRule({
  meta: {
    id: 'useradd-without-no-log-init',
    title: 'useradd with a high UID without -l',
    category: 'size',
    defaultSeverity: 'warning',
    fixAvailability: 'always',
    summary: 'Pass `-l` (`--no-log-init`) to `useradd` when the UID is high, so `/var/log/lastlog` does not bloat the layer.',
    docs: {
      why: '`useradd` records the new user in `/var/log/lastlog` and `/var/log/faillog`, files indexed by UID: lastlog grows to 292 bytes × UID. On disk the file is sparse, but image layers do not keep sparseness, so `useradd -u 65532 app` adds about 19 MB of zeros to the layer, and a UID of 1000000 adds 292 MB. `-l` skips both log files, which a container never uses.\n\nReported when the UID (`-u`, `--uid`) is a literal number of 10000 or more.',
      incorrect: 'FROM debian:13-slim\nRUN useradd -u 65532 -m app',
      correct: 'FROM debian:13-slim\nRUN useradd -l -u 65532 -m app',
      fixSafety: 'Safe: `-l` only leaves the user out of the lastlog and faillog login records; the user, its UID, groups and home are the same.',
    },
    sources: [{ tool: 'hadolint', id: 'DL3046', relation: 'same' }],
    finalImageOnly: true,
  },
  check({ model, report }) {
    for (const { stage, invocations } of runScripts(model, /\buseradd\b/)) {
      for (const invocation of invocations) {
        if (invocation.name !== 'useradd') continue;
        const values = invocation.args.map((word) => word.value ?? '');
        if (values.some((value) => value === '--no-log-init' || /^-[A-Za-z]*l[A-Za-z]*$/.test(value))) continue;
        let uid: string | null = null;
        values.forEach((value, index) => {
          if (value === '-u' || value === '--uid') uid = values[index + 1] ?? null;
          else if (value.startsWith('--uid=')) uid = value.slice('--uid='.length);
          else if (/^-u\d+$/.test(value)) uid = value.slice(2);
        });
        if (uid === null || !/^\d+$/.test(uid) || Number(uid) < HIGH_UID) continue;
        report({
          range: model.lines.rangeOf(invocation.nameWord.start, invocation.nameWord.end),
          message: `\`useradd\` with UID ${uid} and no \`-l\` writes a ${Math.round((Number(uid) * 292) / 1e6)} MB lastlog into the layer`,
          stageIndex: stage.index,
          fixes: [{ title: 'Add -l (--no-log-init)', safety: 'safe', edits: [insertAfterWord(model, invocation.nameWord, '-l')] }],
        });
      }
    }
  },
});
