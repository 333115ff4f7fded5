// empty-continuation-line: a blank line inside a `\`-continued instruction (BuildKit will make it an error).
import { replaceSpan } from '../edits';
import { defineRule } from '../rule';

export default defineRule({
  meta: {
    id: 'empty-continuation-line',
    title: 'Empty line inside a continued instruction',
    category: 'correctness',
    defaultSeverity: 'warning',
    fixAvailability: 'always',
    summary: 'Remove blank lines inside an instruction continued with `\\`.',
    docs: {
      why: 'The builder skips a blank line inside a continued instruction, so it does not end the instruction, though it looks as if it did: lines after it still belong to the `RUN` above. Docker deprecated this and BuildKit warns that it will become an error. A comment line (`# …`) is the way to separate parts of a long instruction. Lines inside heredocs are content and are not checked.',
      incorrect: 'FROM debian:13-slim\nRUN apt-get update \\\n\n    && apt-get install -y curl',
      correct: 'FROM debian:13-slim\nRUN apt-get update \\\n    && apt-get install -y curl',
      fixSafety: 'Safe: the builder ignores these lines, so removing them leaves the instruction as the builder already reads it.',
    },
    sources: [{ tool: 'buildkit', id: 'NoEmptyContinuation', relation: 'same' }],
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      const { start, end } = instruction.range;
      if (start.line === end.line) continue;
      for (let line = start.line + 1; line < end.line; line++) {
        const lineStart = model.lines.lineStart(line);
        if (model.lines.lineText(line).trim() !== '') continue;
        if (instruction.heredocs.some((heredoc) => lineStart >= heredoc.contentStart && lineStart <= heredoc.contentEnd)) continue;
        const range = model.lines.rangeOf(lineStart, model.lines.lineEnd(line));
        report({
          range,
          message: `Empty line inside \`${instruction.keyword}\`; the instruction continues after it`,
          stageIndex: instruction.stageIndex >= 0 ? instruction.stageIndex : undefined,
          // The line can go: editors fade it.
          tags: ['unnecessary'],
          fixes: [{ title: 'Remove the empty line', safety: 'safe', edits: [replaceSpan(model, lineStart, model.lines.lineStart(line + 1), '')] }],
        });
      }
    }
  },
});
