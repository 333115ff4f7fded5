// inconsistent-instruction-casing: `run` among `RUN`s, or a mixed-case `Run`.
import { replaceSpan } from '../edits';
import { defineRule } from '../rule';

export default defineRule({
  meta: {
    id: 'inconsistent-instruction-casing',
    title: 'Instruction keywords in mixed casing',
    category: 'maintenance',
    defaultSeverity: 'warning',
    fixAvailability: 'always',
    summary: 'Write all instruction keywords in the same case, upper (`RUN`) or lower (`run`), whichever the file mostly uses.',
    docs: {
      why: 'Keywords are case-insensitive, but a file that mixes `RUN` and `run` (or writes `Run`) is harder to scan and to search. The case used by most instructions in the file wins (upper case on a tie, as in BuildKit); keywords in the other case, and mixed-case keywords, are reported.',
      incorrect: 'FROM alpine:3.22\nrun apk add --no-cache curl\nCopy app /app',
      correct: 'FROM alpine:3.22\nRUN apk add --no-cache curl\nCOPY app /app',
      fixSafety: 'Safe: the builder reads keywords case-insensitively, so only the spelling changes.',
    },
    sources: [{ tool: 'buildkit', id: 'ConsistentInstructionCasing', relation: 'same' }],
  },
  check({ model, report }) {
    const written = model.instructions.map((instruction) => {
      const start = model.lines.offsetAt(instruction.keywordRange.start);
      const end = model.lines.offsetAt(instruction.keywordRange.end);
      return { instruction, start, end, text: model.text.slice(start, end) };
    });
    let lower = 0;
    let upper = 0;
    for (const { text } of written) {
      if (text === text.toLowerCase()) lower++;
      else if (text === text.toUpperCase()) upper++;
    }
    const majorityLower = lower > upper;
    for (const { instruction, start, end, text } of written) {
      const wanted = majorityLower ? text.toLowerCase() : text.toUpperCase();
      if (text === wanted) continue;
      report({
        range: instruction.keywordRange,
        message: `\`${text}\` should be ${majorityLower ? 'lower' : 'upper'} case like the other instructions: \`${wanted}\``,
        stageIndex: instruction.stageIndex >= 0 ? instruction.stageIndex : undefined,
        fixes: [{ title: `Write ${wanted}`, safety: 'safe', edits: [replaceSpan(model, start, end, wanted)] }],
      });
    }
  },
});
