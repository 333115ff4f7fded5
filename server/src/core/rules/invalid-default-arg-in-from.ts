// invalid-default-arg-in-from: with the ARG defaults, the FROM reference is empty or invalid.
import { AUTOMATIC_PLATFORM_ARGS, expandVariables, isValidImageReference, variableUses } from '../model/from-args';
import type { DockerfileModel } from '../model/types';
import { defineRule } from '../rule';

/**
 * The global ARGs' values as the builder computes them for this check: the automatic platform
 * ARGs first, then each `ARG` in order, its default expanded with the ARGs before it (`ARG V=3`
 * then `ARG IMG=alpine:${V}`). Also, per ARG, the ARGs without a default its value depends on.
 */
function globalArgDefaults(model: DockerfileModel): { values: Map<string, string | null>; unsetDependencies: Map<string, Set<string>> } {
  const values = new Map<string, string | null>(AUTOMATIC_PLATFORM_ARGS);
  const unsetDependencies = new Map<string, Set<string>>();
  for (const instruction of model.instructions) {
    if (instruction.stageIndex >= 0) break;
    if (instruction.keyword !== 'ARG') continue;
    for (const word of instruction.args) {
      const eq = word.value.indexOf('=');
      const name = eq < 0 ? word.value : word.value.slice(0, eq);
      if (eq < 0) {
        // `ARG TARGETARCH` re-declares an automatic ARG: it keeps the builder's value.
        if (!AUTOMATIC_PLATFORM_ARGS.has(name)) {
          values.set(name, null);
          unsetDependencies.set(name, new Set([name]));
        }
        continue;
      }
      const raw = word.value.slice(eq + 1).replace(/^(["'])(.*)\1$/s, '$2');
      const dependencies = new Set<string>();
      for (const use of variableUses(raw)) {
        if (!use.hasDefault) for (const dependency of unsetDependencies.get(use.name) ?? []) dependencies.add(dependency);
      }
      values.set(name, expandVariables(raw, values));
      unsetDependencies.set(name, dependencies);
    }
  }
  return { values, unsetDependencies };
}

export default defineRule({
  meta: {
    id: 'invalid-default-arg-in-from',
    title: 'FROM is invalid with the default ARG values',
    category: 'correctness',
    defaultSeverity: 'warning',
    fixAvailability: 'never',
    summary: 'Give the global `ARG`s a `FROM` line uses defaults that make a valid image reference.',
    docs: {
      why: '`ARG BASE` without a default is empty unless the build passes `--build-arg BASE=…`, so `FROM ${BASE}` or `FROM python:${VERSION}-slim` becomes an empty or invalid reference (`python:-slim`) and a plain `docker build .` fails. A default (`ARG VERSION=3.13`) makes the Dockerfile build as-is and documents the expected value; the build argument still overrides it.\n\nThe automatic platform ARGs (`$TARGETARCH`…) count as set, with an amd64 build\'s values. As in BuildKit, each global `ARG` default is expanded with the ARGs declared before it: `ARG V=3` then `ARG IMG=alpine:${V}` makes `FROM ${IMG}` read `alpine:3`. Variables no `ARG` declares are reported by `undefined-variable` instead.',
      incorrect: 'ARG PYTHON_VERSION\nFROM python:${PYTHON_VERSION}-slim',
      correct: 'ARG PYTHON_VERSION=3.13\nFROM python:${PYTHON_VERSION}-slim',
    },
    sources: [{ tool: 'buildkit', id: 'InvalidDefaultArgInFrom', relation: 'same' }],
  },
  check({ model, report }) {
    const { values, unsetDependencies } = globalArgDefaults(model);
    for (const stage of model.stages) {
      const word = stage.from.args[0];
      if (!word || !word.value.includes('$')) continue;
      const uses = variableUses(word.value);
      // Undeclared variables are undefined-variable's business.
      if (uses.some((use) => !values.has(use.name))) continue;
      const resolved = expandVariables(word.value, values);
      if (isValidImageReference(resolved) || resolved.toLowerCase() === 'scratch') continue;
      const empty = [...new Set(uses.flatMap((use) => (use.hasDefault ? [] : [...(unsetDependencies.get(use.name) ?? [])])))].map((name) => `\`${name}\``);
      report({
        range: word.range,
        message: `With the default ARG values \`${word.value}\` ${resolved === '' ? 'is empty' : `becomes \`${resolved}\``}, not a valid image${empty.length > 0 ? `; give ${empty.join(', ')} a default` : ''}`,
        stageIndex: stage.index,
      });
    }
  },
});
