// instruction-before-from: only ARG (and comments or parser directives) may come before the first FROM.
import { defineRule } from '../rule';

export default defineRule({
  meta: {
    id: 'instruction-before-from',
    title: 'Instruction before the first FROM',
    category: 'correctness',
    defaultSeverity: 'error',
    fixAvailability: 'never',
    summary: 'Start the Dockerfile with `FROM`; only `ARG`, comments and parser directives may come before it.',
    docs: {
      why: 'Every build step belongs to a stage, and a stage starts with `FROM`. The only instruction allowed before the first `FROM` is `ARG`, which declares values the `FROM` lines can use (`FROM python:${PYTHON_VERSION}`). Anything else there — `ENV`, `RUN`, `LABEL` — makes the builder fail with "no build stage in current context".',
      incorrect: 'ENV PYTHONUNBUFFERED=1\nFROM python:3.13-slim',
      correct: 'ARG PYTHON_VERSION=3.13\nFROM python:${PYTHON_VERSION}-slim\nENV PYTHONUNBUFFERED=1',
    },
    sources: [{ tool: 'hadolint', id: 'DL3061', relation: 'same' }],
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      if (instruction.keyword === 'FROM') return;
      if (instruction.keyword === 'ARG') continue;
      report({
        range: instruction.keywordRange,
        message: `\`${instruction.keyword}\` before the first \`FROM\`; only \`ARG\` may come before it`,
      });
      return;
    }
  },
});
