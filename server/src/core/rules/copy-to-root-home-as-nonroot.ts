// copy-to-root-home-as-nonroot: files copied under /root in an image that runs as a non-root user,
// who cannot enter /root (mode 0700 in Debian, Alpine, distroless...).
import { parseExecForm } from '../model/build';
import { stageChain } from '../model/stages';
import type { DockerfileModel, Instruction, Stage, Word } from '../model/types';
import { defineRule, type Range } from '../rule';
import { runsAsNonRoot } from './root-user';

interface RuntimeUser {
  name: string;
  /** The USER instruction, or null when the base image's default user is non-root. */
  instruction: Instruction | null;
}

/** The non-root user the final image runs as, or null when it is root or unknown. */
function nonRootRuntimeUser(chain: Stage[]): RuntimeUser | null {
  for (const stage of chain) {
    const users = stage.instructions.filter((instruction) => instruction.keyword === 'USER');
    const last = users[users.length - 1];
    if (!last) continue;
    const value = last.args[0]?.value ?? '';
    const user = value.split(':')[0];
    if (user === '' || user === 'root' || user === '0' || value.includes('$')) return null;
    return { name: value, instruction: last };
  }
  const base = chain[chain.length - 1];
  if (base.image && base.image.resolved !== null && runsAsNonRoot(base.image)) return { name: 'nonroot', instruction: null };
  return null;
}

/** The destination of a COPY/ADD as written: the last argument, in shell or JSON form. */
function destinationOf(model: DockerfileModel, instruction: Instruction): { path: string; range: Range } | null {
  const json = parseExecForm(instruction.argsText);
  if (json && json.values.length >= 2) {
    return { path: json.values[json.values.length - 1], range: model.lines.rangeOf(instruction.argsStart, instruction.end) };
  }
  const last: Word | undefined = instruction.args[instruction.args.length - 1];
  if (!last || instruction.args.length < 2) return null;
  return { path: last.value.replace(/^(["'])(.*)\1$/s, '$2'), range: last.range };
}

function isUnderRoot(path: string): boolean {
  return /^\/root(\/|$)/.test(path.replace(/\/{2,}/g, '/'));
}

export default defineRule({
  meta: {
    id: 'copy-to-root-home-as-nonroot',
    title: 'Files under /root in a non-root image',
    category: 'correctness',
    defaultSeverity: 'error',
    fixAvailability: 'never',
    summary: 'Do not copy files under `/root` when the image runs as a non-root user: that user cannot read them.',
    docs: {
      why: [
        'In Debian, Ubuntu, Alpine, distroless and most other base images `/root` is owned by root with mode `0700`. A non-root user cannot even enter it, so everything copied there is unreadable at run time, whatever its own owner and mode. The classic case is a Python builder that installs with `pip install --user` (into `/root/.local`) and a runtime stage that copies `/root/.local` and then switches to `USER nonroot`: the app fails with `ModuleNotFoundError` or `permission denied`.',
        '',
        'Reported for `COPY` and `ADD` whose destination is `/root` or below it (a relative destination counts when `WORKDIR` is under `/root`) in the final stage or the stages it is built FROM, when the final image runs as a non-root user: its last `USER` is not `root`/`0`, or no `USER` is set and the base image is non-root by default (distroless `:nonroot`, Chainguard). `FROM scratch` is not reported: it has no `/root`, so the copy creates it readable. A `RUN chmod … /root` in the image also silences the rule.',
      ].join('\n'),
      incorrect: [
        'FROM python:3.12-slim AS builder',
        'COPY requirements.txt .',
        'RUN pip install --user --no-cache-dir -r requirements.txt',
        '',
        'FROM gcr.io/distroless/python3-debian13',
        'COPY --from=builder /root/.local /root/.local',
        'COPY app.py /app/',
        'ENV PATH=/root/.local/bin:$PATH',
        'USER nonroot:nonroot',
        'ENTRYPOINT ["python3", "/app/app.py"]',
      ].join('\n'),
      correct: [
        'FROM python:3.12-slim AS builder',
        'COPY requirements.txt .',
        'RUN pip install --no-cache-dir --prefix=/install -r requirements.txt',
        '',
        'FROM gcr.io/distroless/python3-debian13',
        'COPY --from=builder /install /usr/local',
        'COPY app.py /app/',
        'USER nonroot:nonroot',
        'ENTRYPOINT ["python3", "/app/app.py"]',
      ].join('\n'),
    },
    sources: [],
    finalImageOnly: true,
  },
  check({ model, report }) {
    const final = model.finalStage;
    if (!final) return;
    const chain = stageChain(model, final);
    if (chain[chain.length - 1].isScratch) return;
    const user = nonRootRuntimeUser(chain);
    if (!user) return;
    const oldestFirst = [...chain].reverse();
    const opened = oldestFirst.some((stage) => stage.instructions.some((instruction) => instruction.keyword === 'RUN' && /\bchmod\b[^\n]*\/root\b/.test(instruction.argsText)));
    if (opened) return;

    const related = user.instruction
      ? [{ range: user.instruction.range, message: `The image runs as \`${user.name}\` from here` }]
      : [];
    const who = user.instruction ? `\`${user.name}\`` : 'the non-root default user of the base image';
    let workdir: string | null = null;
    for (const stage of oldestFirst) {
      for (const instruction of stage.instructions) {
        if (instruction.keyword === 'WORKDIR') {
          const path = instruction.args[0]?.value ?? '';
          workdir = path.startsWith('/') ? path : workdir !== null && !path.includes('$') ? `${workdir}/${path}` : null;
          continue;
        }
        if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') continue;
        const destination = destinationOf(model, instruction);
        if (!destination) continue;
        const absolute = destination.path.startsWith('/') ? destination.path : workdir !== null ? `${workdir}/${destination.path}` : null;
        if (absolute === null || !isUnderRoot(absolute)) continue;
        report({
          range: destination.range,
          message: `\`${absolute.replace(/\/\.?$/, '')}\` is under \`/root\`, which ${who} cannot read (mode 0700)`,
          stageIndex: stage.index,
          related,
        });
      }
    }
  },
});
