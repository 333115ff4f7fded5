// maintainer-deprecated: MAINTAINER is deprecated; the OCI authors label replaces it.
import { replaceSpan } from '../edits';
import { defineRule } from '../rule';

/** The text as a double-quoted LABEL value: MAINTAINER expands nothing, so `$` is escaped too. */
function quoted(value: string, escapeChar: string): string {
  const special = new RegExp(`[${escapeChar === '\\' ? '\\\\' : escapeChar}"$]`, 'g');
  return `"${value.replace(special, (char) => `${escapeChar}${char}`)}"`;
}

export default defineRule({
  meta: {
    id: 'maintainer-deprecated',
    title: 'MAINTAINER is deprecated',
    category: 'correctness',
    defaultSeverity: 'warning',
    fixAvailability: 'always',
    summary: 'Replace `MAINTAINER` with `LABEL org.opencontainers.image.authors="…"`.',
    docs: {
      why: [
        '`MAINTAINER` has been deprecated since Docker 1.13. It sets the image\'s legacy `Author` field, which registries and tools do not show; the standard place for this information is the OCI annotation `org.opencontainers.image.authors`, set with `LABEL`. BuildKit warns on every build that uses it (`MaintainerDeprecated`).',
      ].join('\n'),
      incorrect: 'FROM alpine:3.22\nMAINTAINER Jane Doe <jane@example.com>',
      correct: 'FROM alpine:3.22\nLABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"',
      fixSafety: 'Safe: the fix rewrites the instruction as `LABEL org.opencontainers.image.authors="…"` with the same text (quotes, `$` and the escape character escaped, line continuations joined). The image gains the label and loses the deprecated `Author` config field; the filesystem and the container\'s behaviour do not change.',
    },
    sources: [
      { tool: 'hadolint', id: 'DL4000', relation: 'same' },
      { tool: 'buildkit', id: 'MaintainerDeprecated', relation: 'same' },
    ],
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      if (instruction.keyword !== 'MAINTAINER') continue;
      const author = instruction.argsText.replace(/\s+/g, ' ').trim();
      const label = `LABEL org.opencontainers.image.authors=${quoted(author, model.escapeChar)}`;
      const start = model.lines.offsetAt(instruction.keywordRange.start);
      report({
        range: instruction.keywordRange,
        message: '`MAINTAINER` is deprecated: use `LABEL org.opencontainers.image.authors`',
        stageIndex: instruction.stageIndex >= 0 ? instruction.stageIndex : undefined,
        tags: ['deprecated'],
        fixes: author === '' ? [] : [{ title: 'Replace with `LABEL org.opencontainers.image.authors`', safety: 'safe', edits: [replaceSpan(model, start, instruction.end, label)] }],
      });
    }
  },
});
