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
