// sudo-in-run: the build already runs as the stage's USER; sudo adds a setuid tool, a TTY and
// password prompts, and hides which user a step runs as.
import { replaceSpan } from '../edits';
import { isRootUser, runScripts, userBefore } from '../model/commands';
import { stageChain } from '../model/stages';
import type { DockerfileModel, Stage } from '../model/types';
import { defineRule, type Fix } from '../rule';
import type { ShellCommand } from '../shell/script';

/** Options that change nothing once the command runs as root anyway. */
const HARMLESS_OPTIONS = /^(-[EHnSk]+|--preserve-env(=.*)?|--non-interactive|--set-home|--stdin)$/;

/**
 * Whether the RUN runs as root: an explicit `USER root`/`0`, or no USER at all over a Docker Hub
 * official image (they all default to root). Another base may set a user of its own
 * (`jupyter/base-notebook` runs as `jovyan`): unknown, so removing sudo is not known to keep meaning.
 */
function runsAsRoot(user: string | null, model: DockerfileModel, stage: Stage): boolean {
  if (user !== null) return isRootUser(user);
  const chain = stageChain(model, stage);
  const root = chain[chain.length - 1];
  const image = root.image;
  if (!image) return false;
  const official = !image.repository.includes('/') || image.repository.startsWith('library/');
  return official && (image.registry === null || image.registry === 'docker.io' || image.registry === 'index.docker.io');
}

/** The words `sudo` and its options span, up to the command it runs; null when an option changes meaning. */
function sudoPrefixEnd(command: ShellCommand): number | null {
  const words = [command.nameWord, ...command.args];
  for (let i = 1; i < words.length; i++) {
    const value = words[i].value;
    if (value === null) return null;
    if (value === '--') return words[i + 1] ? words[i + 1].start : null;
    if (!value.startsWith('-')) return words[i].start;
    // `-u app`, `-g`, `-i`, `-s`: another user, group or a login shell.
    if (!HARMLESS_OPTIONS.test(value)) return null;
  }
  return null;
}

export default defineRule({
  meta: {
    id: 'sudo-in-run',
    title: 'sudo in RUN',
    category: 'security',
    defaultSeverity: 'error',
    fixAvailability: 'sometimes',
    summary: 'Do not use `sudo` in RUN: switch users with `USER` instead.',
    docs: {
      why: 'RUN steps run as the stage\'s current `USER`, root unless a USER says otherwise, so `sudo` is not needed to get root. Having it means installing a setuid-root binary in the image that any process can try to abuse, and its behaviour in a build (TTY requirements, password prompts, environment resets, signal forwarding) is unpredictable. Use `USER root` before the steps that need root and `USER app` after them.\n\nReported for every `sudo` command in a RUN, including inside `&&` chains and pipes.',
      incorrect: 'FROM debian:trixie-slim\nRUN sudo apt-get update && sudo apt-get install -y --no-install-recommends curl',
      correct: 'FROM debian:trixie-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl',
      fixSafety: 'The fix removes `sudo` and its options, leaving the command it ran. It is safe when the RUN runs as root: the last `USER` before it (in the stage or a stage it is built FROM) is `root` or `0`, or there is none and the base is a Docker Hub official image, which run as root. It is unsafe when the RUN runs as another user, or no USER is set over another base image that may set one (`jupyter/base-notebook` runs as `jovyan`): without sudo the command runs as that user, and may lack permissions. No fix for `sudo -u user`, `-g`, `-i`, `-s` or other options that change who runs what.',
    },
    sources: [{ tool: 'hadolint', id: 'DL3004', relation: 'same' }],
  },
  check({ model, report }) {
    for (const { stage, instruction, script } of runScripts(model, /\bsudo\b/)) {
      const user = userBefore(model, stage, instruction);
      const root = runsAsRoot(user, model, stage);
      for (const command of script.commands) {
        if (command.name !== 'sudo') continue;
        const prefixEnd = sudoPrefixEnd(command);
        const fixes: Fix[] = [];
        if (prefixEnd !== null) {
          const edit = replaceSpan(model, command.nameWord.start, prefixEnd, '');
          fixes.push(root
            ? { title: 'Remove sudo', safety: 'safe', edits: [edit] }
            : { title: `Remove sudo (unsafe: the command then runs as ${user !== null ? `\`${user}\`` : 'the base image\'s default user'}, not root)`, safety: 'unsafe', edits: [edit] });
        }
        report({
          range: model.lines.rangeOf(command.nameWord.start, command.nameWord.end),
          message: prefixEnd === null
            ? '`sudo` in RUN; switch users with `USER` instead'
            : root ? '`sudo` is not needed: this RUN already runs as root' : '`sudo` in RUN; switch to root with `USER root` for the steps that need it',
          stageIndex: stage.index,
          fixes,
        });
      }
    }
  },
});
