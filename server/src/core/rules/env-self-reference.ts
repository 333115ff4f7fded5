// env-self-reference: `ENV A=1 B=$A` gives B the value A had before this line, not 1.
import { keyValues } from '../model/properties';
import { stageChain } from '../model/stages';
import { defineRule } from '../rule';

export default defineRule({
  meta: {
    id: 'env-self-reference',
    title: 'ENV uses a variable it defines',
    category: 'correctness',
    defaultSeverity: 'error',
    fixAvailability: 'never',
    summary: 'Do not use a variable in the same `ENV` instruction that defines it; split it into two `ENV` lines.',
    docs: {
      why: 'All values of one `ENV` are expanded before any of its variables is set. In `ENV APP_HOME=/app APP_BIN=$APP_HOME/bin`, `$APP_HOME` is still empty (or its old value), so `APP_BIN` becomes `/bin`. Define the variable in an earlier `ENV` (or `ARG`) and use it in the next.\n\nNot reported when the variable was already defined by an earlier `ENV` or `ARG` in the stage (or the stages it is built `FROM`), or before the first `FROM`: then the old value may be what was meant.',
      incorrect: 'FROM debian:13-slim\nENV APP_HOME=/app APP_BIN=$APP_HOME/bin',
      correct: 'FROM debian:13-slim\nENV APP_HOME=/app\nENV APP_BIN=$APP_HOME/bin',
    },
    sources: [{ tool: 'hadolint', id: 'DL3044', relation: 'same' }],
  },
  check({ model, report }) {
    const globalNames = new Set(model.globalArgs.keys());
    for (const stage of model.stages) {
      const defined = new Set<string>(globalNames);
      for (const parent of stageChain(model, stage).slice(1).reverse()) {
        for (const instruction of parent.instructions) for (const pair of definitions(instruction)) defined.add(pair);
      }
      for (const instruction of stage.instructions) {
        if (instruction.keyword === 'ENV') {
          const pairs = keyValues(model, instruction);
          // Looked up by name, not by testing every other pair: a long ENV line stays linear.
          const indicesByName = new Map<string, number[]>();
          pairs.forEach((pair, index) => {
            const indices = indicesByName.get(pair.name);
            if (indices) indices.push(index);
            else indicesByName.set(pair.name, [index]);
          });
          pairs.forEach((pair, self) => {
            const rawValue = model.text.slice(pair.valueStart, pair.valueEnd);
            let first = Infinity;
            for (const name of referencedNames(rawValue)) {
              if (defined.has(name)) continue;
              const other = indicesByName.get(name)?.find((index) => index !== self);
              if (other !== undefined && other < first) first = other;
            }
            const used = pairs[first];
            if (!used) return;
            report({
              range: model.lines.rangeOf(pair.nameStart, pair.valueEnd),
              message: `\`${pair.name}\` uses \`$${used.name}\`, which this \`ENV\` sets only after expanding; define it in an earlier \`ENV\``,
              stageIndex: stage.index,
            });
          });
        }
        for (const name of definitions(instruction)) defined.add(name);
      }
    }

    function definitions(instruction: (typeof model.instructions)[number]): string[] {
      if (instruction.keyword === 'ARG') return instruction.args.map((word) => word.value.split('=')[0]);
      if (instruction.keyword === 'ENV') return keyValues(model, instruction).map((pair) => pair.name);
      return [];
    }
  },
});

/** The names `text` expands as `$name` or `${name…}`; a backslash-escaped `\$` is literal. */
function referencedNames(text: string): Set<string> {
  const names = new Set<string>();
  if (!text.includes('$')) return names;
  for (const match of text.matchAll(/(?<!\\)\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?=[:}+\-?]|$)|([A-Za-z_][A-Za-z0-9_]*))/g)) names.add(match[1] ?? match[2]);
  return names;
}
