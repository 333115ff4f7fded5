// wget-without-progress: wget's default progress bar writes thousands of lines into the build log.
import { insertAfterWord } from '../edits';
import { runScripts } from '../model/commands';
import { stageChain } from '../model/stages';
import type { DockerfileModel, Stage } from '../model/types';
import { defineRule } from '../rule';

const QUIETING = ['--progress', '-q', '--quiet', '-nv', '--no-verbose', '-o', '--output-file', '-a', '--append-output'];

/** BusyBox wget (Alpine, busybox images) rejects `--progress`; GNU wget elsewhere accepts it. */
function mayBeBusyBox(model: DockerfileModel, stage: Stage): boolean {
  const chain = stageChain(model, stage);
  const base = chain[chain.length - 1].image;
  if (!base || base.resolved === null) return true;
  return /alpine|busybox/.test(`${base.repository}:${base.tag ?? ''}`);
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
      fixSafety: 'Safe: only the log output changes, the download is the same. On Alpine and BusyBox bases, and when the base image is unknown (`FROM $IMAGE`), the fix adds `-q` instead: BusyBox wget does not know `--progress` and would fail, while both implementations accept `-q`. `-q` also silences error messages, but a failed download still fails the step.',
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
        const option = mayBeBusyBox(model, stage) ? '-q' : '--progress=dot:giga';
        report({
          range: model.lines.rangeOf(invocation.nameWord.start, invocation.nameWord.end),
          message: '`wget` without `--progress=dot:giga` or `-q` floods the build log with progress dots',
          stageIndex: stage.index,
          fixes: [{ title: `Add ${option}`, safety: 'safe', edits: [insertAfterWord(model, invocation.nameWord, option)] }],
        });
      }
    }
  },
});
