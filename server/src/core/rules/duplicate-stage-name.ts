// duplicate-stage-name: two stages with the same `AS name`.
import { defineRule } from '../rule';

export default defineRule({
  meta: {
    id: 'duplicate-stage-name',
    title: 'Duplicate stage name',
    category: 'correctness',
    defaultSeverity: 'error',
    fixAvailability: 'never',
    summary: 'Give every stage a unique name.',
    docs: {
      why: [
        'Stage names are how `COPY --from`, `FROM <stage>` and `docker build --target` find a stage. With two stages of the same name (compared case-insensitively), which one a reference means depends on the builder: BuildKit takes the last one in the file, even for a `COPY --from` that comes before it. The build may copy files from a stage that is not the one the author was looking at, or build the wrong `--target`.',
        '',
        'Reported on every repeated name after its first use. Rename one of the stages and its references; there is no automatic fix because which references meant which stage is the author\'s call.',
      ].join('\n'),
      incorrect: 'FROM node:22 AS build\nRUN npm ci && npm run build\n\nFROM golang:1.23 AS build\nRUN go build -o /out/api .\n\nFROM gcr.io/distroless/nodejs22-debian13\nCOPY --from=build /app/dist /app',
      correct: 'FROM node:22 AS web-build\nRUN npm ci && npm run build\n\nFROM golang:1.23 AS api-build\nRUN go build -o /out/api .\n\nFROM gcr.io/distroless/nodejs22-debian13\nCOPY --from=web-build /app/dist /app',
    },
    sources: [
      { tool: 'hadolint', id: 'DL3024', relation: 'same' },
      { tool: 'buildkit', id: 'DuplicateStageName', relation: 'same' },
    ],
  },
  check({ model, report }) {
    const firstByName = new Map<string, number>();
    for (const stage of model.stages) {
      if (stage.name === null || stage.nameRange === null) continue;
      const first = firstByName.get(stage.name);
      if (first === undefined) {
        firstByName.set(stage.name, stage.index);
        continue;
      }
      const original = model.stages[first];
      report({
        range: stage.nameRange,
        message: `Stage name \`${stage.name}\` is already used by stage ${first} on line ${original.from.range.start.line + 1}`,
        stageIndex: stage.index,
        related: original.nameRange ? [{ range: original.nameRange, message: `\`${stage.name}\` is first defined here` }] : [],
      });
    }
  },
});
