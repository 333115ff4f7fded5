// wget-without-progress: wget's default progress bar writes thousands of lines into the build log.
import { insertAfterWord } from '../edits';
import { installsPackageBefore, stageOs } from '../model/base-os';
import { runScripts, type Invocation } from '../model/commands';
import type { DockerfileModel, Stage } from '../model/types';
import { defineRule, type Fix } from '../rule';

const QUIETING = ['--progress', '-q', '--quiet', '-nv', '--no-verbose', '-o', '--output-file', '-a', '--append-output'];
const PROGRESS = '--progress=dot:giga';

/**
 * Which wget runs: GNU on Debian/Ubuntu/RHEL-family bases or once a package manager installed the
 * `wget` package (on Alpine too: it shadows BusyBox's applet), BusyBox on Alpine and busybox
 * bases, unknown otherwise (`docker:27-cli` is Alpine without saying so, vendor images are anything).
 */
function wgetKind(model: DockerfileModel, stage: Stage, invocation: Invocation): 'gnu' | 'busybox' | null {
  const os = stageOs(model, stage);
  if (os === 'debian' || os === 'rhel') return 'gnu';
  if (installsPackageBefore(model, stage, 'wget', invocation.command.start)) return 'gnu';
  return os === 'busybox' ? 'busybox' : null;
}

/** `--progress` only where GNU wget is known; `-q`, which both implementations accept, elsewhere. */
function fixesFor(model: DockerfileModel, stage: Stage, invocation: Invocation): Fix[] {
  const add = (option: string) => [insertAfterWord(model, invocation.nameWord, option)];
  const kind = wgetKind(model, stage, invocation);
  if (kind === 'gnu') return [{ title: `Add ${PROGRESS}`, safety: 'safe', edits: add(PROGRESS) }];
  const quiet: Fix = { title: 'Add -q', safety: 'safe', edits: add('-q') };
  if (kind === 'busybox') return [quiet];
  return [quiet, { title: `Add ${PROGRESS} (unsafe: BusyBox wget rejects it, and the base image may use BusyBox)`, safety: 'unsafe', edits: add(PROGRESS) }];
}

export default defineRule({
  meta: {
    id: 'wget-without-progress',
    title: 'wget without a quiet progress option',
    category: 'maintenance',
    defaultSeverity: 'info',
    fixAvailability: 'always',
    summary: 'Give `wget` `--progress=dot:giga` (or `-q`) so its progress bar does not flood the build log.',
    docs: {
      why: 'Without a terminal, GNU wget falls back to its "dot" progress display: one line of dots per 64 KB, which turns one download into thousands of lines in the build log and CI output, hiding the lines that matter. `--progress=dot:giga` prints a line per 32 MB; `-q` or `-nv` print nothing or a summary.\n\nNot reported when the call already sets `--progress`, `-q`, `--quiet`, `-nv`, `--no-verbose` or sends its log to a file (`-o`, `-a`).',
      incorrect: 'FROM debian:13-slim\nRUN wget https://example.com/tool.tar.gz',
      correct: 'FROM debian:13-slim\nRUN wget --progress=dot:giga https://example.com/tool.tar.gz',
      fixSafety: 'Safe: only the log output changes, the download is the same. `--progress=dot:giga` is only offered as the safe fix where GNU wget is known: a Debian, Ubuntu or RHEL-family base (by name or by the `apt-get`/`dnf`/`yum` the stage runs), or an earlier `apt-get install`/`dnf install`/`apk add` of the `wget` package in the stage. BusyBox wget, the one in Alpine-based images (including `docker`, `traefik` and `caddy`, whose names do not say so), rejects `--progress` and would fail the build; there the fix adds `-q`, which both implementations accept. When the base is unknown (a vendor image, `FROM $IMAGE`) the safe fix is `-q`, and `--progress=dot:giga` is a second, unsafe choice. `-q` also silences error messages, but a failed download still fails the step.',
    },
    sources: [{ tool: 'hadolint', id: 'DL3047', relation: 'same' }],
  },
  check({ model, report }) {
    for (const { stage, invocations } of runScripts(model, /\bwget\b/)) {
      for (const invocation of invocations) {
        if (invocation.name !== 'wget') continue;
        const quiet = invocation.args.some((word) => {
          const value = word.value ?? '';
          return QUIETING.some((option) => value === option || value.startsWith(`${option}=`)) || /^-[A-Za-z]*q/.test(value);
        });
        if (quiet) continue;
        report({
          range: model.lines.rangeOf(invocation.nameWord.start, invocation.nameWord.end),
          message: '`wget` without `--progress=dot:giga` or `-q` floods the build log with progress dots',
          stageIndex: stage.index,
          fixes: fixesFor(model, stage, invocation),
        });
      }
    }
  },
});
