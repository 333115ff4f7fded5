// Edit builders shared by fixes, so every rule lays out its changes the same way.
import type { DockerfileModel, Instruction } from './model/types';
import type { TextEdit } from './rule';
import type { ShellScript, ShellWord } from './shell/script';

export function insertAt(model: DockerfileModel, offset: number, newText: string): TextEdit {
  const position = model.lines.positionAt(offset);
  return { range: { start: position, end: position }, newText };
}

export function replaceSpan(model: DockerfileModel, start: number, end: number, newText: string): TextEdit {
  return { range: model.lines.rangeOf(start, end), newText };
}

/** ` --flag` right after a word (`apt-get install` → `apt-get install --no-install-recommends`). */
export function insertAfterWord(model: DockerfileModel, word: ShellWord, text: string): TextEdit {
  return insertAt(model, word.end, ` ${text}`);
}

/**
 * Appends `&& command` to the end of a RUN script. A one-line RUN grows on its line; a RUN already
 * laid out on continuation lines gets a new continuation line, indented like the RUN's other
 * `&&` lines (or its first continuation line).
 */
export function appendToRun(model: DockerfileModel, instruction: Instruction, script: ShellScript, command: string): TextEdit {
  const endLine = model.lines.positionAt(script.end).line;
  const firstLine = instruction.range.start.line;
  if (endLine === firstLine) return insertAt(model, script.end, ` && ${command}`);
  let indent: string | null = null;
  for (let line = firstLine + 1; line <= endLine; line++) {
    const text = model.lines.lineText(line);
    const lineIndent = /^[ \t]*/.exec(text)![0];
    if (text.trimStart().startsWith('&&')) {
      indent = lineIndent;
      break;
    }
    if (indent === null && text.trim() !== '' && !text.trimStart().startsWith('#')) indent = lineIndent;
  }
  return insertAt(model, script.end, ` ${model.escapeChar}${model.lines.eol}${indent || '    '}&& ${command}`);
}

/** A RUN flag such as `--mount=type=cache,target=/root/.npm`, placed after the flags already there. */
export function insertRunFlag(model: DockerfileModel, instruction: Instruction, flag: string): TextEdit {
  return insertAt(model, instruction.argsStart, `${flag} `);
}

/**
 * Whether `appendToRun` keeps the meaning: not in a heredoc (the appended line would land in the
 * body), not after a trailing `&` (the last command runs in the background), and not in a script
 * the shell rejects (after an unclosed quote the command would land inside the string, and the
 * rule would offer it again forever). A trailing `;` is fine.
 */
export function canAppendToRun(model: DockerfileModel, instruction: Instruction, script: ShellScript): boolean {
  return instruction.heredocs.length === 0 && !script.hasSyntaxError && !/^\s*&(?!&)/.test(model.text.slice(script.end, instruction.end));
}
