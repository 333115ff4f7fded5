// redundant-target-platform: `FROM --platform=$TARGETPLATFORM` says what the builder does anyway.
import { replaceSpan } from '../edits';
import { defineRule } from '../rule';

export default defineRule({
  meta: {
    id: 'redundant-target-platform',
    title: 'FROM --platform=$TARGETPLATFORM',
    category: 'maintenance',
    defaultSeverity: 'warning',
    fixAvailability: 'always',
    summary: 'Drop `--platform=$TARGETPLATFORM` from `FROM`: stages are built for the target platform by default.',
    docs: {
      why: 'Every stage is pulled and built for the target platform unless `--platform` says otherwise, so `--platform=$TARGETPLATFORM` repeats the default and suggests to readers that something special happens. The flag is useful with other values, such as `--platform=$BUILDPLATFORM` for a cross-compiling builder stage.',
      incorrect: 'FROM --platform=$TARGETPLATFORM alpine:3.22',
      correct: 'FROM alpine:3.22',
      fixSafety: 'Safe: the stage is built for the target platform with or without the flag (BuildKit documents the flag as redundant).',
    },
    sources: [
      { tool: 'buildkit', id: 'RedundantTargetPlatform', relation: 'same' },
      { tool: 'hadolint', id: 'DL3065', relation: 'same' },
    ],
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      const flag = stage.from.flags.find((candidate) => candidate.name === 'platform');
      if (!flag || !/^\$(\{TARGETPLATFORM\}|TARGETPLATFORM)$/.test(flag.value ?? '')) continue;
      const start = model.lines.offsetAt(flag.range.start);
      let end = model.lines.offsetAt(flag.range.end);
      while (end < model.text.length && (model.text[end] === ' ' || model.text[end] === '\t')) end++;
      report({
        range: flag.range,
        message: `\`--platform=${flag.value}\` is the default for \`FROM\`; remove it`,
        stageIndex: stage.index,
        tags: ['unnecessary'],
        fixes: [{ title: 'Remove --platform', safety: 'safe', edits: [replaceSpan(model, start, end, '')] }],
      });
    }
  },
});
