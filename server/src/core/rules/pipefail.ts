// pipefail: `/bin/sh -c "a | b"` succeeds when `b` does, whatever happened to `a`: a failed download
// piped into `tar` or `sh` passes the build.
import { insertAt, replaceSpan } from '../edits';
import { invocationOf, runScripts } from '../model/commands';
import { installsPackageBefore, stageOs } from '../model/base-os';
import type { DockerfileModel, Instruction, Stage } from '../model/types';
import { defineRule, type Fix } from '../rule';
import type { ShellCommand, ShellScript } from '../shell/script';

/** Commands that cannot fail in a way worth catching: a pipe that starts with them is left alone. */
const CANNOT_FAIL = new Set(['echo', 'printf', 'true', 'yes']);

function setsPipefail(shell: readonly string[] | null): boolean {
  return shell !== null && shell.some((arg, i) => arg === 'pipefail' && /^-[a-z]*o$/.test(shell[i - 1] ?? ''));
}

/** The first top-level pipe whose left side can fail, unless `set -o pipefail` runs before it. */
function uncheckedPipe(script: ShellScript): ShellCommand | null {
  const commands = script.commands.filter((command) => !command.nested);
  let pipefail = false;
  for (let i = 0; i < commands.length; i++) {
    const command = commands[i];
    if (command.name === 'set' && command.args.some((word) => word.value === 'pipefail')) pipefail = true;
    if (pipefail || command.operatorBefore !== '|' ) continue;
    // The pipeline so far: every command before this one joined by `|`.
    let first = i - 1;
    while (first > 0 && commands[first].operatorBefore === '|') first--;
    const left = commands.slice(first, i);
    if (left.some((candidate) => !CANNOT_FAIL.has(invocationOf(candidate)?.name ?? ''))) return commands[first];
  }
  return null;
}

/** Bash where the base is known to ship it; the BusyBox `/bin/sh` (ash, with `pipefail`) where it is known not to. */
function pipefailShell(model: DockerfileModel, stage: Stage, firstRun: Instruction): { argv: string[]; reason: string } {
  const failing = 'a pipe whose first command fails now fails the build';
  if (stage.shell && stage.shell.length > 0) {
    return { argv: [stage.shell[0], '-o', 'pipefail', ...stage.shell.slice(1)], reason: failing };
  }
  const os = stageOs(model, stage);
  // Alpine and busybox images have no bash unless a RUN installs it.
  if (os === 'busybox' && !installsPackageBefore(model, stage, 'bash', firstRun.start)) {
    return { argv: ['/bin/sh', '-o', 'pipefail', '-c'], reason: failing };
  }
  const knownBash = os === 'debian' || os === 'rhel' || os === 'busybox';
  return { argv: ['/bin/bash', '-o', 'pipefail', '-c'], reason: knownBash ? failing : 'needs bash in the image, and a failing pipe now fails the build' };
}

/**
 * Rewrites the stage's own SHELL instruction when it has one before the RUN (no second SHELL line);
 * otherwise inserts a SHELL line before the first RUN with an unchecked pipe.
 */
function shellFix(model: DockerfileModel, stage: Stage, firstRun: Instruction): Fix {
  const { argv, reason } = pipefailShell(model, stage, firstRun);
  const shell = `SHELL ${JSON.stringify(argv).replace(/","/g, '", "')}`;
  const title = `Set \`${shell}\` before the RUN (unsafe: ${reason})`;
  const before = stage.instructions.slice(0, stage.instructions.indexOf(firstRun));
  const own = before.filter((instruction) => instruction.keyword === 'SHELL' && instruction.execForm).pop();
  if (own) {
    return { title, safety: 'unsafe', edits: [replaceSpan(model, own.argsStart, own.end, shell.slice('SHELL '.length))] };
  }
  const line = firstRun.range.start.line;
  const indent = /^[ \t]*/.exec(model.lines.lineText(line))![0];
  return { title, safety: 'unsafe', edits: [insertAt(model, model.lines.lineStart(line), `${indent}${shell}${model.lines.eol}`)] };
}

export default defineRule({
  meta: {
    id: 'pipefail',
    title: 'Pipe without pipefail',
    category: 'security',
    defaultSeverity: 'warning',
    fixAvailability: 'always',
    summary: 'Set `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` before a RUN with a pipe, so a failure on the left of the pipe fails the build.',
    docs: {
      why: 'RUN runs its script with `/bin/sh -c`, and a pipeline\'s exit status is that of its last command. In `RUN curl -fsSL https://example.com/app.tar.gz | tar -xz`, a failed download still lets `tar` exit 0 on empty input, or `| sh` run nothing: the build passes and ships an image without the app. With the shell option `pipefail` the pipeline fails when any command in it fails.\n\nReported for the first pipe of a RUN (outside `$( )`) when the stage\'s SHELL does not set `-o pipefail` and the script does not run `set -o pipefail` before the pipe. Pipes whose left side is only `echo`, `printf`, `true` or `yes` are left alone: those cannot fail in a way worth catching. Stages whose SHELL is not a POSIX shell (PowerShell) and Windows bases without a SHELL (`cmd`) are skipped. The `|` between `case` patterns (`amd64 | arm64)`) is not a pipe.',
      incorrect: 'FROM debian:trixie-slim\nRUN curl -fsSL https://example.com/app.tar.gz | tar -xz -C /opt',
      correct: 'FROM debian:trixie-slim\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://example.com/app.tar.gz | tar -xz -C /opt',
      fixSafety: 'Unsafe. The fix inserts a SHELL instruction with `-o pipefail` before the first such RUN of the stage (or rewrites the stage\'s own SHELL instruction when it has one before that RUN); it applies to every later RUN of the stage and of stages built FROM it. A pipeline that failed silently now fails the build, which is the point but changes what builds.\n\nWhich shell: the stage\'s own SHELL program when it has one (`SHELL ["/bin/bash", "-c"]` becomes `["/bin/bash", "-o", "pipefail", "-c"]`); on Alpine and BusyBox bases `SHELL ["/bin/sh", "-o", "pipefail", "-c"]`, because their `/bin/sh` (BusyBox ash) supports `pipefail` and they have no bash (unless an earlier RUN installs it). Alpine is recognized by the image name or tag, by the image facts (musl, apk), by official images built on it whose name does not say so (`docker`, `traefik`, `caddy`), or by an `apk` call in the stage; otherwise `SHELL ["/bin/bash", "-o", "pipefail", "-c"]`, which needs bash in the image (Debian, Ubuntu and the language images have it). Debian\'s and Ubuntu\'s `/bin/sh` is dash, which supports `pipefail` only in recent releases, so `set -o pipefail` in the script is not offered; on any base it is an alternative you can write yourself (`RUN set -o pipefail && …`).',
    },
    sources: [{ tool: 'hadolint', id: 'DL4006', relation: 'same' }],
  },
  check({ model, report }) {
    const firstRunOfStage = new Map<Stage, Instruction>();
    for (const { stage, instruction, script } of runScripts(model, /\|/)) {
      if (setsPipefail(stage.shell)) continue;
      // Windows images run RUN with `cmd /S /C`, which has no pipefail to set.
      if (!stage.shell && stageOs(model, stage) === 'windows') continue;
      const pipe = uncheckedPipe(script);
      if (!pipe) continue;
      if (!firstRunOfStage.has(stage)) firstRunOfStage.set(stage, instruction);
      // tree-sitter-bash reads `! { ldd … | grep …; }` as a command named `{`: name the real one.
      const name = (pipe.name === '{' ? pipe.args[0]?.value : pipe.name) ?? 'the first command';
      report({
        range: model.lines.rangeOf(pipe.start, pipe.end),
        message: `\`${name}\` is piped without \`pipefail\`: if it fails, the build still passes`,
        stageIndex: stage.index,
        fixes: [shellFix(model, stage, firstRunOfStage.get(stage)!)],
      });
    }
  },
});
