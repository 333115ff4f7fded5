// legacy-key-value-format: `ENV key value` (no `=`) is the old form; it cannot hold two pairs.
import { replaceSpan } from '../edits';
import { keyValues } from '../model/properties';
import { defineRule, type Fix } from '../rule';

export default defineRule({
  meta: {
    id: 'legacy-key-value-format',
    title: 'ENV or LABEL in the legacy `key value` form',
    category: 'maintenance',
    defaultSeverity: 'warning',
    fixAvailability: 'sometimes',
    summary: 'Write `ENV key=value` and `LABEL key=value`, not the legacy whitespace form `ENV key value`.',
    docs: {
      why: 'In the legacy form everything after the first space is the value, so `ENV PATH /opt/bin:$PATH DEBUG 1` sets one variable, `PATH`, to `/opt/bin:… DEBUG 1`. The `key=value` form is unambiguous, allows several pairs per line, and is the only form in current documentation; BuildKit warns about the legacy one.',
      incorrect: 'FROM alpine:3.22\nENV APP_HOME /app\nLABEL description Web API',
      correct: 'FROM alpine:3.22\nENV APP_HOME=/app\nLABEL description="Web API"',
      fixSafety: 'Safe: the value stays the same string. A one-word value becomes `key=value`; a value with spaces is put in double quotes, which keeps the spaces and still expands `$VARS`. No fix when the value already contains quotes or backslashes or continues on another line: re-quoting those could change it.',
    },
    sources: [{ tool: 'buildkit', id: 'LegacyKeyValueFormat', relation: 'same' }],
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      for (const pair of keyValues(model, instruction)) {
        if (!pair.legacy || pair.value === null) continue;
        const raw = model.text.slice(pair.valueStart, pair.valueEnd);
        const fixes: Fix[] = [];
        if (raw !== '' && !/["'\\\n`]/.test(raw) && !raw.includes(model.escapeChar)) {
          const value = /\s/.test(raw) ? `"${raw}"` : raw;
          fixes.push({ title: `Write ${pair.name}=${value}`, safety: 'safe', edits: [replaceSpan(model, pair.nameEnd, pair.valueEnd, `=${value}`)] });
        }
        report({
          range: model.lines.rangeOf(pair.nameStart, pair.valueEnd),
          message: `Use \`${instruction.keyword} ${pair.name}=…\` instead of the legacy \`${instruction.keyword} ${pair.name} …\` form`,
          stageIndex: instruction.stageIndex >= 0 ? instruction.stageIndex : undefined,
          fixes,
        });
      }
    }
  },
});
