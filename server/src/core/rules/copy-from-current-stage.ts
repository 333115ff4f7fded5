// copy-from-current-stage: `COPY --from=` naming the stage the instruction is in.
import { referencedStage, stageReferences } from '../model/references';
import { defineRule } from '../rule';

export default defineRule({
  meta: {
    id: 'copy-from-current-stage',
    title: 'COPY --from its own stage',
    category: 'correctness',
    defaultSeverity: 'error',
    fixAvailability: 'never',
    summary: '`COPY --from=` cannot name the stage it is in.',
    docs: {
      why: [
        'A stage cannot copy from itself: its files are not built yet. BuildKit stops with "circular dependency detected on stage"; the legacy builder fails to find the stage. It usually means a `COPY --from` was pasted into the wrong stage, or the stage was renamed to the name of the one it meant to copy from.',
        '',
        'Reported for `COPY`/`ADD --from=` and `RUN --mount=…,from=` that name the current stage, by name (case-insensitively) or by index. To copy files within a stage, use `RUN cp`, or copy them from the build context.',
      ].join('\n'),
      incorrect: 'FROM node:22-slim AS build\nCOPY --from=build /app/dist /srv',
      correct: 'FROM node:22 AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n\nFROM node:22-slim\nCOPY --from=build /app/dist /srv',
    },
    sources: [{ tool: 'hadolint', id: 'DL3023', relation: 'same' }],
  },
  check({ model, report }) {
    for (const reference of stageReferences(model)) {
      if (reference.value.includes('$')) continue;
      // A duplicate name resolves to its last stage, so compare the names as well as the index.
      const own = reference.stage.name !== null && reference.stage.name === reference.value.toLowerCase();
      if (!own && referencedStage(model, reference.value) !== reference.stage.index) continue;
      const flag = reference.kind === 'copy' ? `--from=${reference.value}` : `from=${reference.value}`;
      report({
        range: model.lines.rangeOf(reference.start, reference.end),
        message: `\`${flag}\` names the stage this instruction is in: a stage cannot copy from itself`,
        stageIndex: reference.stage.index,
        related: [{ range: reference.stage.nameRange ?? reference.stage.from.range, message: 'This stage starts here' }],
      });
    }
  },
});
