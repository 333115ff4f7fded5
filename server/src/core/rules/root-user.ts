// root-user: the final image runs as root, by an explicit `USER root` or because no USER is set.
import { insertAt } from '../edits';
import { isChainguard, isDistroless, type ImageName } from '../model/image';
import type { DockerfileModel, Instruction, Stage } from '../model/types';
import { defineRule, type Fix } from '../rule';
import { stageChain } from '../model/stages';

/** `root`, `0`, `root:staff`, `0:0`: the user part decides, whatever the group. */
function isRootUser(user: Instruction): boolean {
  const value = user.args[0]?.value ?? '';
  return ['root', '0'].includes(value.split(':')[0]);
}

/** Images whose default user is already non-root, so no USER is needed. */
export function runsAsNonRoot(image: ImageName): boolean {
  if (isDistroless(image)) return /^(debug-)?nonroot(-[a-z0-9]+)?$/.test(image.tag ?? '');
  // Chainguard images run as `nonroot` (65532); the `-dev` variants, which add a shell and apk, run as root.
  if (isChainguard(image)) return !(image.tag ?? '').endsWith('-dev');
  return false;
}

function isDockerHubImage(image: ImageName, name: string): boolean {
  const official = image.repository === name || image.repository === `library/${name}`;
  return official && (image.registry === null || image.registry === 'docker.io' || image.registry === 'index.docker.io');
}

/** The user that exists in the base image and that a fix can switch to, if we know one. */
function knownNonRootUser(image: ImageName): string | null {
  if (isDistroless(image)) return 'nonroot:nonroot';
  if (isDockerHubImage(image, 'node')) return 'node';
  return null;
}

/**
 * Right after the stage's last build step (RUN/COPY/ADD) or USER, so the build itself keeps its user.
 * Null after a heredoc that never ends: a new line there would land inside the heredoc.
 */
function insertionOffset(model: DockerfileModel, stage: Stage): number | null {
  let anchor = stage.from;
  for (const instruction of stage.instructions) {
    if (['RUN', 'COPY', 'ADD', 'USER'].includes(instruction.keyword)) anchor = instruction;
  }
  const heredoc = anchor.heredocs[anchor.heredocs.length - 1];
  if (heredoc && model.text.slice(heredoc.contentEnd, anchor.end).trim() !== heredoc.name) return null;
  return anchor.end;
}

function userFix(model: DockerfileModel, final: Stage, user: string): Fix | null {
  const offset = insertionOffset(model, final);
  if (offset === null) return null;
  return {
    title: `Add \`USER ${user}\` (unsafe: files the build created stay owned by root and may not be writable)`,
    safety: 'unsafe',
    edits: [insertAt(model, offset, `${model.lines.eol}USER ${user}`)],
  };
}

export default defineRule({
  meta: {
    id: 'root-user',
    title: 'Final image runs as root',
    category: 'security',
    defaultSeverity: 'warning',
    fixAvailability: 'sometimes',
    summary: 'Run the final image as a non-root user, with an explicit `USER` or a base image that is non-root.',
    docs: {
      why: [
        'A container that runs as root is root inside its namespaces: a bug in the app or in a library that lets an attacker run code gives them full control of the container filesystem, and a container escape (kernel or runtime bug, a mounted Docker socket, a privileged flag) starts from uid 0 on the host. Running as an unprivileged user removes that head start at no cost for most apps.',
        '',
        'Reported when the last `USER` of the final stage is `root` or `0` (with any group), and when the final stage sets no `USER` at all — following `FROM <earlier stage>`, where a `USER` in the parent stage counts. Images that already run as non-root are not reported: distroless `:nonroot` and `:debug-nonroot` tags and Chainguard images (`cgr.dev/...`, except the `-dev` variants). `FROM scratch` is reported: it has no `/etc/passwd`, but a numeric `USER 65532:65532` works without one.',
        '',
        'Builder stages are not checked: they are thrown away, and installing packages there needs root.',
      ].join('\n'),
      incorrect: 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["node", "server.js"]',
      correct: 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nUSER node\nCMD ["node", "server.js"]',
      fixSafety: [
        'Unsafe, offered only when the base image has a known non-root user: `USER nonroot:nonroot` on distroless images, `USER node` on the official `node` images. The `USER` line goes after the stage\'s last `RUN`, `COPY`, `ADD` or `USER`, so the build steps keep running as before and only the container changes user.',
        '',
        'It is unsafe because files created by the build (`COPY`, `RUN`) stay owned by root: an app that writes to its own folder, a cache or a log file can then fail with "permission denied" at run time. Copy with `COPY --chown=<user>` or create writable folders before switching. Ports below 1024 also need root (or `CAP_NET_BIND_SERVICE`).',
      ].join('\n'),
    },
    sources: [{ tool: 'hadolint', id: 'DL3002', relation: 'same' }],
    finalImageOnly: true,
  },
  check({ model, report }) {
    const final = model.finalStage;
    if (!final) return;
    const chain = stageChain(model, final);
    const base = chain[chain.length - 1];
    const fixFor = (): Fix[] => {
      const user = base.image ? knownNonRootUser(base.image) : null;
      const fix = user ? userFix(model, final, user) : null;
      return fix ? [fix] : [];
    };

    for (const stage of chain) {
      const users = stage.instructions.filter((instruction) => instruction.keyword === 'USER');
      const lastUser = users[users.length - 1];
      if (!lastUser) continue;
      if (isRootUser(lastUser)) {
        report({
          range: lastUser.args[0]?.range ?? lastUser.range,
          message: `Final image runs as root: the last \`USER\` is \`${lastUser.args[0]?.value ?? ''}\``,
          stageIndex: stage.index,
          fixes: fixFor(),
        });
      }
      return;
    }

    const imageWord = final.from.args[0];
    if (!imageWord) return;
    if (base.isScratch) {
      report({
        range: imageWord.range,
        message: 'Final image runs as root: `scratch` sets no user; add a numeric `USER 65532:65532`',
        stageIndex: final.index,
      });
      return;
    }
    // An unresolved `FROM $BASE` could be anything, including a non-root image.
    if (!base.image || base.image.resolved === null || runsAsNonRoot(base.image)) return;
    report({
      range: imageWord.range,
      message: `Final image runs as root: no \`USER\` is set on top of \`${base.image.resolved}\``,
      stageIndex: final.index,
      fixes: fixFor(),
    });
  },
});
