// shell-in-shell-less-stage: RUN, shell-form CMD/ENTRYPOINT or a CMD-SHELL health check in a stage
// whose base has no `/bin/sh` (scratch, distroless, Chainguard runtime images).
import { imageFacts } from '../data/images';
import { replaceSpan } from '../edits';
import { isChainguard, isDistroless, type ImageName } from '../model/image';
import { parseExecForm } from '../model/build';
import { stageChain } from '../model/stages';
import type { DockerfileModel, Instruction, Stage } from '../model/types';
import { defineRule, type Fix } from '../rule';
import { readLooseArray } from './invalid-json-args';
import { execFormText, plainCommandWords } from '../model/plain-command';

/** Chainguard images that do ship a shell even without `-dev`. */
const CHAINGUARD_WITH_SHELL = new Set(['wolfi-base', 'chainguard-base', 'busybox', 'bash', 'alpine-base']);

/** True when the image is known to have no `/bin/sh`: the image table first, then the naming conventions. */
export function imageHasNoShell(image: ImageName): boolean {
  const facts = imageFacts(image);
  if (facts) return !facts.shell;
  const tag = image.tag ?? 'latest';
  // Distroless `:debug`, `:debug-nonroot`, `:debug-amd64`... add a busybox shell.
  if (isDistroless(image)) return !tag.startsWith('debug');
  if (isChainguard(image)) {
    const name = image.repository.slice(image.repository.lastIndexOf('/') + 1);
    return !tag.endsWith('-dev') && !tag.includes('-dev-') && !CHAINGUARD_WITH_SHELL.has(name);
  }
  return false;
}

/** How the stage's chain ends: the shell-less base's display name, or null when a shell may exist. */
export function shellLessBase(model: DockerfileModel, stage: Stage): string | null {
  const chain = stageChain(model, stage);
  const base = chain[chain.length - 1];
  if (base.isScratch) return 'scratch';
  if (base.image && base.image.resolved !== null && imageHasNoShell(base.image)) return base.image.resolved;
  return null;
}

/**
 * A SHELL instruction, or a COPY/ADD that puts something in `/bin` or `/busybox` (or takes it from a
 * busybox image), means the author brought a shell along: stay quiet from there on.
 */
function bringsShell(instruction: Instruction): boolean {
  if (instruction.keyword === 'SHELL') return true;
  if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') return false;
  const from = instruction.flags.find((flag) => flag.name === 'from')?.value ?? '';
  if (/busybox/i.test(from)) return true;
  const destination = instruction.args[instruction.args.length - 1]?.value ?? '';
  return /^\/(usr\/)?(bin|busybox)(\/|$)/.test(destination);
}

/** The instructions of the chain that run before `stage` ends, oldest stage first. */
function inheritedBefore(model: DockerfileModel, stage: Stage, instruction: Instruction): Instruction[] {
  const all = stageChain(model, stage).reverse().flatMap((current) => current.instructions);
  return all.filter((other) => other.stageIndex !== stage.index || other.start < instruction.start);
}

/** What needs a shell in this instruction, or null when it does not. */
function shellUse(instruction: Instruction): string | null {
  const { keyword } = instruction;
  if (keyword === 'RUN') return instruction.execForm ? null : '`RUN`';
  if (keyword === 'CMD' || keyword === 'ENTRYPOINT') {
    if (instruction.execForm || instruction.args.length === 0 || readLooseArray(instruction.argsText)) return null;
    return `Shell-form \`${keyword}\``;
  }
  if (keyword === 'HEALTHCHECK') {
    const match = /^CMD\s+/i.exec(instruction.argsText);
    if (!match || parseExecForm(instruction.argsText.slice(match[0].length))) return null;
    return 'Shell-form `HEALTHCHECK CMD`';
  }
  return null;
}

/**
 * The ENTRYPOINT the base image sets (distroless and Chainguard language runtimes: `python3`, `node`,
 * `java -jar`); an empty list when it sets none, null when it may set one we do not know.
 */
function baseEntrypoint(model: DockerfileModel, stage: Stage): string[] | null {
  const chain = stageChain(model, stage);
  const base = chain[chain.length - 1];
  if (!base.image) return [];
  const facts = imageFacts(base.image);
  if (facts) return facts.entrypoint ?? [];
  return isChainguard(base.image) || /^distroless\/(python|nodejs|java)/.test(base.image.repository) ? null : [];
}

/** `python3 app.py` under ENTRYPOINT `python3` → `app.py`; null when the words do not start with it. */
function withoutEntrypoint(argv: string[], entrypoint: string[]): string[] | null {
  if (entrypoint.length === 0 || argv.length <= entrypoint.length) return null;
  const program = (word: string): string => word.slice(word.lastIndexOf('/') + 1).replace(/^(python|node|java)[\d.]*$/, '$1');
  const matches = entrypoint.every((word, index) => (index === 0 ? program(argv[0]) === program(word) : argv[index] === word));
  return matches ? argv.slice(entrypoint.length) : null;
}

function entrypointInChain(model: DockerfileModel, stage: Stage): boolean {
  return stageChain(model, stage).some((current) => current.instructions.some((other) => other.keyword === 'ENTRYPOINT'));
}

function execFormFix(model: DockerfileModel, stage: Stage, instruction: Instruction): Fix | null {
  if (instruction.keyword !== 'CMD' && instruction.keyword !== 'ENTRYPOINT') return null;
  const found = plainCommandWords(model, instruction);
  if (!found) return null;
  const edit = (argv: string[]) => [replaceSpan(model, instruction.argsStart, found.end, execFormText(argv))];
  if (instruction.keyword === 'ENTRYPOINT') {
    return { title: 'Use exec form (unsafe: the entrypoint then also receives CMD and `docker run` arguments)', safety: 'unsafe', edits: edit(found.argv) };
  }
  const inherited = baseEntrypoint(model, stage);
  if (inherited !== null && inherited.length === 0) return { title: 'Use exec form', safety: 'safe', edits: edit(found.argv) };
  const rest = inherited ? withoutEntrypoint(found.argv, inherited) : null;
  if (inherited && rest) {
    return { title: `Use exec form and leave \`${found.argv.slice(0, inherited.length).join(' ')}\` to the image's ENTRYPOINT`, safety: 'safe', edits: edit(rest) };
  }
  return { title: 'Use exec form (unsafe: the ENTRYPOINT receives these words as its arguments)', safety: 'unsafe', edits: edit(found.argv) };
}

export default defineRule({
  meta: {
    id: 'shell-in-shell-less-stage',
    title: 'Shell needed in a stage without a shell',
    category: 'correctness',
    defaultSeverity: 'error',
    fixAvailability: 'sometimes',
    summary: 'Do not use RUN, shell-form CMD/ENTRYPOINT or `HEALTHCHECK CMD` in shell form on a base image that has no `/bin/sh`.',
    docs: {
      why: [
        '`RUN make`, `CMD python app.py` and `HEALTHCHECK CMD curl -f http://localhost/` all run `/bin/sh -c "…"`. `scratch`, the distroless images (`gcr.io/distroless/*` except the `:debug` tags) and Chainguard runtime images (`cgr.dev/…` except the `-dev` tags and `wolfi-base`) have no `/bin/sh`: a `RUN` fails the build with `exec: "/bin/sh": no such file or directory`, and a shell-form `CMD`/`ENTRYPOINT` or health check fails every time the container starts or is probed — the health check then marks the container unhealthy forever.',
        '',
        'Checked in every stage whose `FROM` chain starts at such an image (`FROM scratch AS base` … `FROM base`). A `SHELL` instruction, or a `COPY`/`ADD` into `/bin` or `/busybox` or from a busybox image, means the stage brought its own shell, and stops the check.',
        '',
        'Use exec form (`CMD ["/app", "--port", "8080"]`), do the `RUN` work in a builder stage and `COPY --from` its result, and for health checks build a small probe binary into the image or let the orchestrator probe the service.',
      ].join('\n'),
      incorrect: 'FROM golang:1.23 AS build\nRUN CGO_ENABLED=0 go build -o /out/app .\n\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/app /app\nRUN chmod +x /app\nCMD /app --port 8080',
      correct: 'FROM golang:1.23 AS build\nRUN CGO_ENABLED=0 go build -o /out/app . && chmod +x /out/app\n\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/app /app\nCMD ["/app", "--port", "8080"]',
      fixSafety: [
        'Offered for `CMD` and `ENTRYPOINT` when the command is one plain command of fixed words (the same test as `shell-form-cmd`). `RUN` and health checks have no fix: the work has to move to another stage or tool.',
        '',
        '`CMD`: safe when neither the Dockerfile nor the base image sets an `ENTRYPOINT`: the shell form could never start, and exec form runs exactly the words written. The distroless `python3`, `nodejs` and `java` images and Chainguard runtime images set one (`python3`, `node`, `java -jar`), which receives `CMD` as its arguments: when the command starts with that program (`CMD python3 app.py`), the fix leaves it out (`CMD ["app.py"]`), which runs the same command line, and is safe. Otherwise the fix is unsafe: `CMD npm start` on `nodejs22` would become `node npm start`. (A shell-form `CMD` under an `ENTRYPOINT` of the Dockerfile is not reported here: no shell runs, the entrypoint receives `/bin/sh -c …` as arguments; `shell-form-cmd` reports it.)',
        '',
        '`ENTRYPOINT`: unsafe, as an exec-form entrypoint also receives `CMD` and the `docker run` arguments.',
      ].join('\n'),
    },
    sources: [],
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      const base = shellLessBase(model, stage);
      if (base === null) continue;
      for (const instruction of stage.instructions) {
        const use = shellUse(instruction);
        if (use === null) continue;
        // Under an ENTRYPOINT of the Dockerfile, a shell-form CMD is only words handed to it (no shell
        // runs); shell-form-cmd reports that mix.
        if (instruction.keyword === 'CMD' && entrypointInChain(model, stage)) continue;
        if (inheritedBefore(model, stage, instruction).some(bringsShell)) break;
        const fix = execFormFix(model, stage, instruction);
        report({
          range: instruction.keyword === 'RUN' ? instruction.range : model.lines.rangeOf(instruction.argsStart, instruction.end),
          message: `${use} needs \`/bin/sh\`, which \`${base}\` does not have`,
          stageIndex: stage.index,
          fixes: fix ? [fix] : [],
        });
      }
    }
  },
});
