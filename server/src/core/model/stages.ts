// Queries over the stage graph.
import type { DockerfileModel, Stage } from './types';

/**
 * The stage and the stages it is built FROM, nearest first: what its image inherits
 * (`FROM base AS app` inherits base's USER, SHELL, ENV and layers).
 */
export function stageChain(model: DockerfileModel, last: Stage): Stage[] {
  const chain: Stage[] = [];
  for (let stage: Stage | undefined = last; stage && chain.length < model.stages.length; stage = stage.baseStage !== null ? model.stages[stage.baseStage] : undefined) {
    chain.push(stage);
  }
  return chain;
}

// Per model: for each stage, the stages whose chain contains it. Rules ask per stage or per RUN;
// filtering all stages by `stageChain(...).includes(stage)` each time is quadratic in the stages.
const builtOnCache = new WeakMap<DockerfileModel, Stage[][]>();

/**
 * The stage and every later stage built FROM it, directly or through others, in file order:
 * the stages whose `stageChain` contains `stage`. Shared: do not modify the list.
 */
export function stagesBuiltOn(model: DockerfileModel, stage: Stage): readonly Stage[] {
  let lists = builtOnCache.get(model);
  if (!lists) {
    lists = model.stages.map(() => []);
    for (const other of model.stages) {
      for (const ancestor of stageChain(model, other)) lists[ancestor.index]?.push(other);
    }
    builtOnCache.set(model, lists);
  }
  return lists[stage.index] ?? [];
}

// Per stage: each instruction's index, so "is X after Y" costs O(1) instead of an indexOf scan.
const positions = new WeakMap<Stage, Map<object, number>>();

/** Index of `instruction` in `stage.instructions`, or -1. */
export function positionInStage(stage: Stage, instruction: object): number {
  let map = positions.get(stage);
  if (!map) {
    map = new Map(stage.instructions.map((candidate, index) => [candidate, index]));
    positions.set(stage, map);
  }
  return map.get(instruction) ?? -1;
}

/**
 * The first instruction after `instruction` in its stage that satisfies `test`, or, failing that, the
 * first one in a later stage built FROM it. `key` names the test so that its per-stage answers are
 * computed once per model: rules that ask this for every RUN stay linear.
 */
export function firstLaterMatch(model: DockerfileModel, stage: Stage, instruction: object, key: string, test: (candidate: Stage['instructions'][number]) => boolean): Stage['instructions'][number] | null {
  const matches = matchesOf(stage, key, test);
  const position = positionInStage(stage, instruction);
  // Matches are in file order: binary search for the first one after `position`.
  let low = 0;
  let high = matches.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (positionInStage(stage, matches[mid]) <= position) low = mid + 1;
    else high = mid;
  }
  if (low < matches.length) return matches[low];
  for (const descendant of stagesBuiltOn(model, stage)) {
    if (descendant === stage) continue;
    const found = matchesOf(descendant, key, test)[0];
    if (found) return found;
  }
  return null;
}

const matchCache = new WeakMap<Stage, Map<string, Stage['instructions']>>();

function matchesOf(stage: Stage, key: string, test: (candidate: Stage['instructions'][number]) => boolean): Stage['instructions'] {
  let byKey = matchCache.get(stage);
  if (!byKey) {
    byKey = new Map();
    matchCache.set(stage, byKey);
  }
  let matches = byKey.get(key);
  if (!matches) {
    matches = stage.instructions.filter(test);
    byKey.set(key, matches);
  }
  return matches;
}
