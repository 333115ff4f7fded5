// root-user: the final image runs as root, by an explicit `USER root` or because no USER is set.
import { insertAt } from '../edits';
import { isChainguard, isDistroless, type ImageName } from '../model/image';
import type { DockerfileModel, Instruction, Stage } from '../model/types';
import { defineRule, type Fix } from '../rule';
import { stageChain } from '../model/stages';
import { osOfImage } from '../model/base-os';
import { imageFacts } from '../data/images';

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
  // The image table knows others: .NET `-chiseled` images run as `app` (UID 1654).
  if (imageFacts(image)?.nonRoot) return true;
  // `nginxinc/nginx-unprivileged`, `bitnami/*-unprivileged`…: the name is the promise.
  return /-unprivileged$/.test(image.repository);
}

/** Programs that start as root and switch to another user for the command they run. */
const PRIVILEGE_DROPPERS = new Set(['gosu', 'su-exec', 'setpriv']);
const INIT_WRAPPERS = new Set(['tini', 'dumb-init']);

/**
 * The container's command line (the last ENTRYPOINT, else the last CMD, of the stage chain)
 * starts with `gosu`/`su-exec`/`setpriv`, possibly behind `tini --`: it runs as root only to drop
 * to another user. A privilege drop inside an entrypoint script is not visible, so not counted.
 */
function dropsPrivileges(chain: Stage[]): boolean {
  const last = (keyword: string): Instruction | undefined => {
    for (const stage of chain) {
      const found = stage.instructions.filter((instruction) => instruction.keyword === keyword).pop();
      if (found) return found;
    }
    return undefined;
  };
  const command = last('ENTRYPOINT') ?? last('CMD');
  if (!command) return false;
  const words = command.execForm ? command.execForm.values : command.args.map((word) => word.value);
  let i = 0;
  while (i < words.length && (INIT_WRAPPERS.has(baseName(words[i])) || words[i].startsWith('-'))) i++;
  return i < words.length && PRIVILEGE_DROPPERS.has(baseName(words[i]));
}

const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

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
  // Ends in a line continuation with nothing after it (end of file): a new line would join it.
  if (model.text.slice(anchor.start, anchor.end).trimEnd().endsWith(model.escapeChar)) return null;
  return anchor.end;
}

/**
 * The configured user (option `user`) when it works on this stage: a numeric UID always does (no
 * passwd entry needed); a name only when the base has it or a RUN in the chain creates it.
 */
function configuredUser(user: string, base: ImageName | null, chain: Stage[]): string | null {
  const name = user.split(':')[0];
  if (!name || ['root', '0'].includes(name)) return null;
  if (/^\d+$/.test(name)) return user;
  if (base && knownNonRootUser(base)?.split(':')[0] === name) return user;
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const creates = new RegExp(`\\b(?:useradd|adduser)\\b[^\\n]*\\s${escaped}(?:\\s|$)`, 'm');
  return chain.some((stage) => stage.instructions.some((instruction) => instruction.keyword === 'RUN' && creates.test(instruction.argsText))) ? user : null;
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
        'Reported when the last `USER` of the final stage is `root` or `0` (with any group), and when the final stage sets no `USER` at all — following `FROM <earlier stage>`, where a `USER` in the parent stage counts. Images that already run as non-root are not reported: distroless `:nonroot` and `:debug-nonroot` tags, Chainguard images (`cgr.dev/...`, except the `-dev` variants), .NET `-chiseled` images (user `app`) and `*-unprivileged` images. Nor are Windows images (`windowsservercore`, `nanoserver`: no root user), or a final image whose `ENTRYPOINT` (or `CMD`, without one) starts with `gosu`, `su-exec` or `setpriv` (behind `tini --` too), which run as root only to switch user; a switch inside an entrypoint script is not visible, so that is still reported. `FROM scratch` is reported: it has no `/etc/passwd`, but a numeric `USER 65532:65532` works without one.',
        '',
        'Builder stages are not checked: they are thrown away, and installing packages there needs root.',
      ].join('\n'),
      incorrect: 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["node", "server.js"]',
      correct: 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nUSER node\nCMD ["node", "server.js"]',
      fixSafety: [
        'Unsafe, offered only when the base image has a known non-root user: `USER nonroot:nonroot` on distroless images, `USER node` on the official `node` images. With the `user` option (or the editor setting `layerwise.runtime.defaultUser`) the fix writes that user instead: a numeric UID on any base, `scratch` included, and a name where the base has it or a `RUN` creates it. The `USER` line goes after the stage\'s last `RUN`, `COPY`, `ADD` or `USER`, so the build steps keep running as before and only the container changes user.',
        '',
        'It is unsafe because files created by the build (`COPY`, `RUN`) stay owned by root: an app that writes to its own folder, a cache or a log file can then fail with "permission denied" at run time. Copy with `COPY --chown=<user>` or create writable folders before switching. Ports below 1024 also need root (or `CAP_NET_BIND_SERVICE`).',
      ].join('\n'),
    },
    sources: [{ tool: 'hadolint', id: 'DL3002', relation: 'same' }],
    options: {
      user: {
        type: 'string',
        default: '',
        description: 'The user the fix switches to (`10001:10001`, `app`); empty for the base image\'s own. A name is used only where the base has it or a `RUN` creates it.',
      },
    },
    finalImageOnly: true,
  },
  check({ model, options, report }) {
    const final = model.finalStage;
    if (!final) return;
    const chain = stageChain(model, final);
    const base = chain[chain.length - 1];
    // Windows images have no root: servercore runs as ContainerAdministrator, nanoserver as ContainerUser.
    if (osOfImage(base.image) === 'windows') return;
    if (dropsPrivileges(chain)) return;
    const preferred = typeof options.user === 'string' ? options.user.trim() : '';
    const fixFor = (): Fix[] => {
      const user = (preferred ? configuredUser(preferred, base.image, chain) : null) ?? (base.image ? knownNonRootUser(base.image) : null);
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
        fixes: fixFor(),
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
