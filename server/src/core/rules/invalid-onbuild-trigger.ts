// invalid-onbuild-trigger: ONBUILD cannot run FROM, MAINTAINER or another ONBUILD.
import { defineRule } from '../rule';

const FORBIDDEN = new Set(['FROM', 'MAINTAINER', 'ONBUILD']);

export default defineRule({
  meta: {
    id: 'invalid-onbuild-trigger',
    title: 'ONBUILD with a forbidden trigger',
    category: 'correctness',
    defaultSeverity: 'error',
    fixAvailability: 'never',
    summary: '`ONBUILD` cannot trigger `FROM`, `MAINTAINER` or another `ONBUILD`.',
    docs: {
      why: '`ONBUILD <instruction>` stores an instruction that runs when another Dockerfile builds `FROM` this image. `FROM` cannot be deferred that way (the child already chose its base), `MAINTAINER` is not allowed either, and chaining `ONBUILD ONBUILD` is refused: the builder stops with "… isn\'t allowed as an ONBUILD trigger".',
      incorrect: 'FROM node:22-slim\nONBUILD ONBUILD RUN npm ci',
      correct: 'FROM node:22-slim\nONBUILD RUN npm ci',
    },
    sources: [{ tool: 'hadolint', id: 'DL3043', relation: 'same' }],
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      if (instruction.keyword !== 'ONBUILD') continue;
      const trigger = instruction.args[0];
      if (!trigger || !FORBIDDEN.has(trigger.value.toUpperCase())) continue;
      report({
        range: trigger.range,
        message: `\`${trigger.value.toUpperCase()}\` is not allowed as an \`ONBUILD\` trigger: the builder stops with an error`,
        stageIndex: instruction.stageIndex,
      });
    }
  },
});
