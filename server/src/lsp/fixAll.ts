// Fix-all: every safe fix, applied pass after pass by the core, turned into one minimal edit (the
// changed middle of the document) so cursors and folding outside it stay where they are.
import type { TextEdit } from 'vscode-languageserver';
import { fixText, LineIndex, type ShellParser } from '../core/index';
import type { DocumentAnalysis } from './analysis';

type Analysed = Extract<DocumentAnalysis, { kind: 'analysed' }>;

/** The edit applying all safe fixes, or null when there is nothing to fix. */
export function safeFixAllEdit(result: Analysed, shellParser: ShellParser): TextEdit | null {
  if (!result.analysis.findings.some((finding) => finding.fixes.some((fix) => fix.safety === 'safe'))) return null;
  const fixed = fixText(result.text, shellParser, { config: result.config, safety: 'safe' });
  return fixed.text === result.text ? null : minimalEdit(result.text, fixed.text);
}

/** One edit turning `before` into `after`, covering only what differs. */
export function minimalEdit(before: string, after: string): TextEdit {
  const limit = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < limit && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  prefix = safeBoundary(before, prefix, -1);
  let suffix = 0;
  while (suffix < limit - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  suffix = before.length - safeBoundary(before, before.length - suffix, 1);
  suffix = Math.max(0, Math.min(suffix, before.length - prefix, after.length - prefix));
  const lines = new LineIndex(before);
  return { range: lines.rangeOf(prefix, before.length - suffix), newText: after.slice(prefix, after.length - suffix) };
}

/** Moves an offset off the middle of a CRLF or a surrogate pair, so positions stay valid. */
function safeBoundary(text: string, offset: number, direction: -1 | 1): number {
  const previous = text.charCodeAt(offset - 1);
  const next = text.charCodeAt(offset);
  const splitsCrlf = previous === 13 && next === 10;
  const splitsPair = previous >= 0xd800 && previous <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
  return splitsCrlf || splitsPair ? offset + direction : offset;
}
