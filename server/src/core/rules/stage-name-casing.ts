// stage-name-casing: `AS BuilderBase` — stage names should be lower-case.
import { replaceSpan } from '../edits';
import { stageReferences } from '../model/references';
import type { DockerfileModel, Stage } from '../model/types';
import { defineRule, type TextEdit } from '../rule';

/** The name and every reference to it (FROM, COPY --from, RUN --mount from=) in lower case. */
function lowerCaseEdits(model: DockerfileModel, stage: Stage, written: string): TextEdit[] {
  const name = written.toLowerCase();
  const edits: TextEdit[] = [{ range: stage.nameRange!, newText: name }];
  for (const other of model.stages) {
    const word = other.from.args[0];
    if (other.index > stage.index && word && word.value !== name && word.value.toLowerCase() === name) {
      edits.push(replaceSpan(model, word.start, word.end, name));
    }
  }
  for (const reference of stageReferences(model)) {
    if (reference.value !== name && reference.value.toLowerCase() === name) {
      edits.push(replaceSpan(model, reference.start, reference.end, name));
    }
  }
  return edits;
}

export default defineRule({
  meta: {
    id: 'stage-name-casing',
    title: 'Stage name not lower-case',
    category: 'correctness',
    defaultSeverity: 'warning',
    fixAvailability: 'always',
    summary: 'Write stage names in lower case (`AS builder-base`).',
    docs: {
      why: [
        'The builder lower-cases stage names, so `AS BuilderBase` defines `builderbase`. `COPY --from=BuilderBase` still finds it (references are compared case-insensitively), but `FROM BuilderBase` does not: BuildKit looks the base up as written, finds no stage, and tries to pull an image called `BuilderBase`, which is not even a valid image name. Lower-case names also keep stage names apart from instruction keywords at a glance.',
        '',
        'Same check as BuildKit\'s `StageNameCasing`.',
      ].join('\n'),
      incorrect: 'FROM node:22 AS BuilderBase\nRUN npm ci\n\nFROM node:22-slim\nCOPY --from=BuilderBase /app /app',
      correct: 'FROM node:22 AS builder-base\nRUN npm ci\n\nFROM node:22-slim\nCOPY --from=builder-base /app /app',
      fixSafety: 'Safe. The fix lower-cases the name and every reference to it (`FROM`, `COPY --from`, `RUN --mount=…,from=`). The builder already stores the name in lower case and compares `--from` and `--target` case-insensitively, so every reference that worked still resolves to the same stage; a `FROM` reference that did not resolve now does.',
    },
    sources: [{ tool: 'buildkit', id: 'StageNameCasing', relation: 'same' }],
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      if (!stage.nameRange) continue;
      const written = model.text.slice(model.lines.offsetAt(stage.nameRange.start), model.lines.offsetAt(stage.nameRange.end));
      if (written === written.toLowerCase()) continue;
      report({
        range: stage.nameRange,
        message: `Stage name \`${written}\` should be lower-case: \`${written.toLowerCase()}\``,
        stageIndex: stage.index,
        fixes: [{ title: `Rename to \`${written.toLowerCase()}\` everywhere`, safety: 'safe', edits: lowerCaseEdits(model, stage, written) }],
      });
    }
  },
});
