// copy-relative-without-workdir: a relative COPY destination depends on a WORKDIR nobody set.
import { copyArgs, isAbsoluteOrVariable, unquoted, type CopyArgs } from '../model/copies';
import type { Instruction } from '../model/types';
import { stageChain } from '../model/stages';
import { defineRule } from '../rule';

export default defineRule({
  meta: {
    id: 'copy-relative-without-workdir',
    title: 'Relative COPY destination without WORKDIR',
    category: 'correctness',
    defaultSeverity: 'warning',
    fixAvailability: 'never',
    summary: 'Set `WORKDIR` before copying to a relative destination, or copy to an absolute path.',
    docs: {
      why: 'A relative destination (`COPY . .`, `COPY app.py src/`) is resolved against the working directory. When the Dockerfile never sets `WORKDIR`, that is whatever the base image chose — `/` for most images, something else for others — so files can land in the root of the filesystem, next to `/etc` and `/bin`, and move when the base image changes. An explicit `WORKDIR /app` (or an absolute destination) says where the files go.\n\nA `WORKDIR` earlier in the stage, or in a stage it is built `FROM`, counts. Destinations written with a variable are skipped. Reported once per stage, on the first such `COPY`/`ADD`, with the others listed as related locations: one `WORKDIR` fixes them all.',
      incorrect: 'FROM python:3.13-slim\nCOPY . .\nCMD ["python", "app.py"]',
      correct: 'FROM python:3.13-slim\nWORKDIR /app\nCOPY . .\nCMD ["python", "app.py"]',
    },
    sources: [{ tool: 'hadolint', id: 'DL3045', relation: 'same' }],
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      // A WORKDIR in a parent stage (FROM <stage>) is inherited.
      let hasWorkdir = stageChain(model, stage).slice(1).some((parent) => parent.instructions.some((instruction) => instruction.keyword === 'WORKDIR'));
      // One finding per stage, on the first such COPY; the others are listed with it (one WORKDIR fixes all).
      const found: { instruction: Instruction; copy: CopyArgs }[] = [];
      for (const instruction of stage.instructions) {
        if (instruction.keyword === 'WORKDIR') hasWorkdir = true;
        if (hasWorkdir) break;
        const copy = copyArgs(instruction);
        if (copy && !isAbsoluteOrVariable(unquoted(copy.destination.value))) found.push({ instruction, copy });
      }
      if (found.length === 0) continue;
      const [{ instruction, copy }, ...more] = found;
      report({
        range: copy.destination.range,
        message: `\`${instruction.keyword}\` to relative \`${copy.destination.value}\` without a \`WORKDIR\`; set one or use an absolute path${more.length > 0 ? ` (${more.length} more in this stage)` : ''}`,
        stageIndex: stage.index,
        related: more.map((other) => ({ range: other.copy.destination.range, message: `Also relative: \`${other.copy.destination.value}\`` })),
      });
    }
  },
});
