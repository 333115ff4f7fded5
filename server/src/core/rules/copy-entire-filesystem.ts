// copy-entire-filesystem: `COPY --from=build / /` ships the builder's whole filesystem.
import { substituteArgs } from '../model/build';
import { copyArgs, flagValue, unquoted } from '../model/copies';
import { parseImageName } from '../model/image';
import { stageChain } from '../model/stages';
import type { DockerfileModel } from '../model/types';
import { defineRule } from '../rule';

/**
 * Images made to be copied whole into another (`COPY --from=xx / /`): tonistiigi/xx's
 * cross-compilation helpers, and gloursdocker/docker, the Docker CLI files awesome-compose uses.
 */
const HELPER_IMAGES = new Set(['tonistiigi/xx', 'gloursdocker/docker']);

/** `--from=` names a helper image, directly or through a stage built FROM it (`FROM tonistiigi/xx AS xx`). */
function copiesHelperImage(model: DockerfileModel, from: string): boolean {
  const lower = from.toLowerCase();
  const stage = /^\d+$/.test(lower) ? model.stages[Number(lower)] : model.stages.find((candidate) => candidate.name === lower);
  let reference: string | null = null;
  if (stage) {
    const chain = stageChain(model, stage);
    reference = chain[chain.length - 1].image?.resolved ?? null;
  } else {
    reference = substituteArgs(from, model.globalArgs);
  }
  if (reference === null) return false;
  const image = parseImageName(reference);
  const hub = image.registry === null || image.registry === 'docker.io' || image.registry === 'index.docker.io';
  return hub && HELPER_IMAGES.has(image.repository);
}

export default defineRule({
  meta: {
    id: 'copy-entire-filesystem',
    title: 'COPY of a whole filesystem from another stage',
    category: 'size',
    defaultSeverity: 'warning',
    fixAvailability: 'never',
    summary: 'Copy the files the image needs from another stage, not its whole filesystem (`COPY --from=x / /`).',
    docs: {
      why: '`COPY --from=build / /` copies everything the other stage has — its package manager, compilers, caches and `/etc` — over the current image. That undoes the point of a multi-stage build, can overwrite the runtime image\'s own system files with the builder\'s, and makes the image as large as the builder. Copy the build output (`COPY --from=build /app/dist /app/dist`), or install into a folder in the builder and copy that folder.\n\nNot reported for images made to be copied whole, directly or through a stage built FROM them: `tonistiigi/xx` (`COPY --from=xx / /` is its documented use) and `gloursdocker/docker`.',
      incorrect: 'FROM golang:1.25 AS build\nRUN go build -o /out/app .\n\nFROM gcr.io/distroless/static-debian13\nCOPY --from=build / /',
      correct: 'FROM golang:1.25 AS build\nRUN go build -o /out/app .\n\nFROM gcr.io/distroless/static-debian13\nCOPY --from=build /out/app /app',
    },
    sources: [{ tool: 'hadolint', id: 'DL3067', relation: 'same' }],
    finalImageOnly: true,
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      const from = flagValue(instruction, 'from');
      const copy = instruction.keyword === 'COPY' && from ? copyArgs(instruction) : null;
      if (!copy) continue;
      const isRoot = (path: string): boolean => /^\/+\.?$/.test(unquoted(path));
      if (!copy.sources.some((source) => isRoot(source.value)) || !isRoot(copy.destination.value)) continue;
      if (from && copiesHelperImage(model, from)) continue;
      report({
        range: instruction.range,
        message: `\`COPY --from=${from} / /\` copies the whole filesystem of \`${from}\`; copy only the files you need`,
        stageIndex: instruction.stageIndex,
      });
    }
  },
});
