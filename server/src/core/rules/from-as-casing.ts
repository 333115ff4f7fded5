// from-as-casing: `FROM image as name` — the AS keyword should be cased like FROM.
import { replaceSpan } from '../edits';
import { defineRule } from '../rule';

export default defineRule({
  meta: {
    id: 'from-as-casing',
    title: 'AS keyword cased unlike FROM',
    category: 'correctness',
    defaultSeverity: 'warning',
    fixAvailability: 'always',
    summary: 'Write `AS` in the same case as `FROM` (`FROM x AS y` or `from x as y`).',
    docs: {
      why: [
        'Keywords are case-insensitive, so `FROM node:22 as build` works, but mixing cases in one instruction makes the keyword look like an argument and reads as a typo. BuildKit warns about it on every build (`FromAsCasing`), which adds noise to build logs and CI annotations.',
        '',
        'Reported when `FROM` is all upper case and `AS` is not, or `FROM` is all lower case and `AS` is not. A mixed-case `From` is left to consistent keyword casing.',
      ].join('\n'),
      incorrect: 'FROM node:22 as build',
      correct: 'FROM node:22 AS build',
      fixSafety: 'Safe: only the keyword\'s case changes.',
    },
    sources: [{ tool: 'buildkit', id: 'FromAsCasing', relation: 'same' }],
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      const { from } = stage;
      const as = from.args[1];
      if (from.args.length !== 3 || as.value.toLowerCase() !== 'as') continue;
      const keyword = model.text.slice(model.lines.offsetAt(from.keywordRange.start), model.lines.offsetAt(from.keywordRange.end));
      const wanted = keyword === keyword.toUpperCase() ? 'AS' : keyword === keyword.toLowerCase() ? 'as' : null;
      if (wanted === null || as.value === wanted) continue;
      report({
        range: as.range,
        message: `\`${as.value}\` should match the case of \`${keyword}\`: write \`${wanted}\``,
        stageIndex: stage.index,
        fixes: [{ title: `Write \`${wanted}\``, safety: 'safe', edits: [replaceSpan(model, as.start, as.end, wanted)] }],
      });
    }
  },
});
