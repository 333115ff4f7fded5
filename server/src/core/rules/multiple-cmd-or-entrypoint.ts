// multiple-cmd-or-entrypoint: more than one CMD, ENTRYPOINT or HEALTHCHECK in a stage; only the last counts.
import { replaceSpan } from '../edits';
import type { DockerfileModel, Instruction } from '../model/types';
import { defineRule, type TextEdit } from '../rule';

const SINGLE_USE = ['CMD', 'ENTRYPOINT', 'HEALTHCHECK'];

/** Removes the instruction's whole lines, line break included; null when it shares a line. */
function deleteLines(model: DockerfileModel, instruction: Instruction): TextEdit | null {
  const { lines } = model;
  const start = lines.lineStart(instruction.range.start.line);
  if (model.text.slice(start, instruction.start).trim() !== '') return null;
  const endLine = lines.positionAt(instruction.end).line;
  if (model.text.slice(instruction.end, lines.lineEnd(endLine)).trim() !== '') return null;
  if (endLine + 1 < lines.lineCount) return replaceSpan(model, start, lines.lineStart(endLine + 1), '');
  // The last line of the file: take the line break before it instead.
  return replaceSpan(model, start > 0 ? lines.lineEnd(instruction.range.start.line - 1) : 0, lines.lineEnd(endLine), '');
}

export default defineRule({
  meta: {
    id: 'multiple-cmd-or-entrypoint',
    title: 'Repeated CMD, ENTRYPOINT or HEALTHCHECK',
    category: 'correctness',
    defaultSeverity: 'warning',
    fixAvailability: 'always',
    summary: 'Keep one `CMD`, one `ENTRYPOINT` and one `HEALTHCHECK` per stage: only the last one takes effect.',
    docs: {
      why: [
        'An image has one command, one entrypoint and one health check. When a stage sets one of them twice, the later instruction silently replaces the earlier one: the earlier line does nothing, yet readers take it for part of the image\'s behaviour — often it is a leftover from debugging or a merge. Two `CMD`s are also a common mistake for "run these two programs", which needs a process manager or two containers.',
        '',
        'Reported on every `CMD`, `ENTRYPOINT` or `HEALTHCHECK` that a later one of the same kind in the same stage overrides. The `CMD` of a `HEALTHCHECK` is part of that instruction and does not count as a `CMD`.',
      ].join('\n'),
      incorrect: 'FROM python:3.13-slim\nCOPY app.py .\nCMD ["python", "-m", "http.server"]\nCMD ["python", "app.py"]',
      correct: 'FROM python:3.13-slim\nCOPY app.py .\nCMD ["python", "app.py"]',
      fixSafety: 'Safe: the fix deletes the overridden instructions, which have no effect on the image.',
    },
    sources: [
      { tool: 'hadolint', id: 'DL4003', relation: 'same' },
      { tool: 'hadolint', id: 'DL4004', relation: 'same' },
      { tool: 'hadolint', id: 'DL3012', relation: 'same' },
      { tool: 'buildkit', id: 'MultipleInstructionsDisallowed', relation: 'same' },
    ],
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      for (const keyword of SINGLE_USE) {
        const all = stage.instructions.filter((instruction) => instruction.keyword === keyword);
        const last = all[all.length - 1];
        for (const overridden of all.slice(0, -1)) {
          const edit = deleteLines(model, overridden);
          report({
            range: overridden.range,
            message: `This \`${keyword}\` has no effect: the \`${keyword}\` on line ${last.range.start.line + 1} replaces it`,
            stageIndex: stage.index,
            tags: ['unnecessary'],
            related: [{ range: last.range, message: `The \`${keyword}\` that takes effect` }],
            fixes: edit ? [{ title: `Remove the overridden \`${keyword}\``, safety: 'safe', edits: [edit] }] : [],
          });
        }
      }
    }
  },
});
