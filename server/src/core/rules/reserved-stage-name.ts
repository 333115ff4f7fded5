// reserved-stage-name: `AS scratch` or `AS context` collides with names the builder gives a meaning.
import { defineRule } from '../rule';

const RESERVED = new Set(['scratch', 'context']);

export default defineRule({
  meta: {
    id: 'reserved-stage-name',
    title: 'Reserved word as a stage name',
    category: 'correctness',
    defaultSeverity: 'warning',
    fixAvailability: 'never',
    summary: 'Do not name a stage `scratch` or `context`.',
    docs: {
      why: '`scratch` is the empty image and `context` names the build context in `--build-context` and `COPY --from`. A stage called either makes `FROM scratch` or `COPY --from=context` ambiguous to readers and tools, and the builder warns about it. Pick a descriptive name (`build`, `assets`).',
      incorrect: 'FROM alpine:3.22 AS scratch\nRUN echo hi > /hi\n\nFROM alpine:3.22\nCOPY --from=scratch /hi /hi',
      correct: 'FROM alpine:3.22 AS build\nRUN echo hi > /hi\n\nFROM alpine:3.22\nCOPY --from=build /hi /hi',
    },
    sources: [
      { tool: 'buildkit', id: 'ReservedStageName', relation: 'same' },
      { tool: 'hadolint', id: 'DL3063', relation: 'same' },
    ],
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      if (!stage.name || !RESERVED.has(stage.name) || !stage.nameRange) continue;
      report({
        range: stage.nameRange,
        message: `Stage name \`${stage.name}\` is reserved: it already means ${stage.name === 'scratch' ? 'the empty image' : 'the build context'}, so references to it are ambiguous`,
        stageIndex: stage.index,
      });
    }
  },
});
