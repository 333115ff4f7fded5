// expose-protocol-casing: `EXPOSE 80/TCP` works, but the protocol is lower case everywhere else.
import { replaceSpan } from '../edits';
import { literalPorts } from '../model/ports';
import { defineRule } from '../rule';

export default defineRule({
  meta: {
    id: 'expose-protocol-casing',
    title: 'EXPOSE protocol not in lower case',
    category: 'maintenance',
    defaultSeverity: 'warning',
    fixAvailability: 'always',
    summary: 'Write the `EXPOSE` protocol in lower case: `80/tcp`, `53/udp`.',
    docs: {
      why: 'The builder lower-cases the protocol (`80/TCP` is stored as `80/tcp`), and image configs, `docker inspect` and Compose all show it in lower case. Writing it the same way keeps the Dockerfile consistent with what tools display and search for.',
      incorrect: 'FROM nginx:1.29\nEXPOSE 80/TCP 53/Udp',
      correct: 'FROM nginx:1.29\nEXPOSE 80/tcp 53/udp',
      fixSafety: 'Safe: the builder lower-cases the protocol itself, so the image is identical.',
    },
    sources: [{ tool: 'buildkit', id: 'ExposeProtoCasing', relation: 'same' }],
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      if (instruction.keyword !== 'EXPOSE') continue;
      for (const word of literalPorts(instruction.args)) {
        const slash = word.value.indexOf('/');
        if (slash < 0) continue;
        const proto = word.value.slice(slash + 1);
        if (proto === proto.toLowerCase()) continue;
        // The word's text may be quoted; the protocol is its last characters either way.
        const raw = model.text.slice(word.start, word.end);
        const at = raw.lastIndexOf(proto);
        const fixes = at >= 0 ? [{ title: `Use ${proto.toLowerCase()}`, safety: 'safe' as const, edits: [replaceSpan(model, word.start + at, word.start + at + proto.length, proto.toLowerCase())] }] : [];
        report({
          range: word.range,
          message: `Protocol \`${proto}\` in \`EXPOSE ${word.value}\` should be lower case, as the builder stores it: \`${word.value.toLowerCase()}\``,
          stageIndex: instruction.stageIndex,
          fixes,
        });
      }
    }
  },
});
