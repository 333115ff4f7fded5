// relative-workdir: `WORKDIR app` resolves against whatever directory the base image left behind.
import { stageChain } from '../model/stages';
import type { DockerfileModel, Instruction } from '../model/types';
import { defineRule } from '../rule';

/** The path as written (the parsed value drops the backslashes of `C:\app`). */
function pathOf(model: DockerfileModel, workdir: Instruction): string {
  const word = workdir.args[0];
  // Quotes around a path with spaces span several words: drop the leading and trailing one.
  return word ? model.text.slice(word.start, word.end).replace(/^["']/, '').replace(/["']$/, '') : '';
}

/** `/app`, `$HOME/app`, `${APP_DIR}`, `C:\app`, `C:/app`: not relative to the previous directory. */
function isAnchored(path: string): boolean {
  return path.startsWith('/') || path.startsWith('$') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\');
}

export default defineRule({
  meta: {
    id: 'relative-workdir',
    title: 'Relative WORKDIR',
    category: 'correctness',
    defaultSeverity: 'error',
    fixAvailability: 'never',
    summary: 'Start `WORKDIR` with an absolute path (`WORKDIR /app`), at least the first time in a stage.',
    docs: {
      why: [
        '`WORKDIR app` is relative to the current working directory, which for the first `WORKDIR` of a stage is whatever the base image set: `/` on most images, `/usr/src/app`, `/home/node` or `/workspace` on others, and it can change when the base image is updated. The files then land somewhere else and `CMD ["./server"]` no longer finds them.',
        '',
        'Reported for a relative `WORKDIR` when no absolute `WORKDIR` came before it in the stage or the stages it is built FROM (then the result is fixed by the Dockerfile itself, as BuildKit\'s `WorkdirRelativePath` judges; hadolint\'s DL3000 reports every relative path). Paths that start with a variable (`$HOME/app`) are not reported. A leading `~` is reported with its own message: `WORKDIR` does not expand it, so `WORKDIR ~/app` creates a folder literally named `~`.',
      ].join('\n'),
      incorrect: 'FROM node:22-slim\nWORKDIR app\nCOPY . .',
      correct: 'FROM node:22-slim\nWORKDIR /app\nCOPY . .',
    },
    sources: [
      { tool: 'hadolint', id: 'DL3000', relation: 'same' },
      { tool: 'buildkit', id: 'WorkdirRelativePath', relation: 'same' },
    ],
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      const earlier = stageChain(model, stage).slice(1).flatMap((parent) => parent.instructions);
      let anchored = earlier.some((instruction) => instruction.keyword === 'WORKDIR' && isAnchored(pathOf(model, instruction)));
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'WORKDIR' || instruction.args.length === 0) continue;
        const path = pathOf(model, instruction);
        if (isAnchored(path)) {
          anchored = true;
          continue;
        }
        if (path.startsWith('~')) {
          report({
            range: instruction.args[0].range,
            message: `\`WORKDIR\` does not expand \`~\`: \`${path}\` is a folder named \`~\`; write the absolute path`,
            stageIndex: stage.index,
          });
          continue;
        }
        if (anchored) continue;
        report({
          range: instruction.args[0].range,
          message: `\`WORKDIR ${path}\` is relative to the base image's working directory: use \`/${path.replace(/^\.\//, '')}\` or another absolute path`,
          stageIndex: stage.index,
        });
        // One report per stage: fixing the first relative WORKDIR anchors the ones after it.
        anchored = true;
      }
    }
  },
});
