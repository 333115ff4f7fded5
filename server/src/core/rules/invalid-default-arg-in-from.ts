// invalid-default-arg-in-from: with the ARG defaults, the FROM reference is empty or invalid.
import { AUTOMATIC_PLATFORM_ARGS, expandVariables, isValidImageReference, variableUses } from '../model/from-args';
import { defineRule } from '../rule';

export default defineRule({
  meta: {
    id: 'invalid-default-arg-in-from',
    title: 'FROM is invalid with the default ARG values',
    category: 'correctness',
    defaultSeverity: 'warning',
    fixAvailability: 'never',
    summary: 'Give the global `ARG`s a `FROM` line uses defaults that make a valid image reference.',
    docs: {
      why: '`ARG BASE` without a default is empty unless the build passes `--build-arg BASE=…`, so `FROM ${BASE}` or `FROM python:${VERSION}-slim` becomes an empty or invalid reference (`python:-slim`) and a plain `docker build .` fails. A default (`ARG VERSION=3.13`) makes the Dockerfile build as-is and documents the expected value; the build argument still overrides it.\n\nThe automatic platform ARGs (`$TARGETARCH`…) count as set. Variables no `ARG` declares are reported by `undefined-variable` instead.',
      incorrect: 'ARG PYTHON_VERSION\nFROM python:${PYTHON_VERSION}-slim',
      correct: 'ARG PYTHON_VERSION=3.13\nFROM python:${PYTHON_VERSION}-slim',
    },
    sources: [{ tool: 'buildkit', id: 'InvalidDefaultArgInFrom', relation: 'same' }],
  },
  check({ model, report }) {
    const defaults = new Map<string, string | null>(AUTOMATIC_PLATFORM_ARGS);
    for (const [name, value] of model.globalArgs) defaults.set(name, value);
    for (const stage of model.stages) {
      const word = stage.from.args[0];
      if (!word || !word.value.includes('$')) continue;
      // Undeclared variables are undefined-variable's business.
      if (variableUses(word.value).some((use) => !defaults.has(use.name))) continue;
      const resolved = expandVariables(word.value, defaults);
      if (isValidImageReference(resolved) || resolved.toLowerCase() === 'scratch') continue;
      const empty = [...new Set(variableUses(word.value).filter((use) => model.globalArgs.get(use.name) === null).map((use) => `\`${use.name}\``))];
      report({
        range: word.range,
        message: `With the default ARG values \`${word.value}\` ${resolved === '' ? 'is empty' : `becomes \`${resolved}\``}, not a valid image${empty.length > 0 ? `; give ${empty.join(', ')} a default` : ''}`,
        stageIndex: stage.index,
      });
    }
  },
});
