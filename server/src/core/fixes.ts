// Applying fixes: text edits, the fix-until-stable loop, and the re-parse guard that keeps a
// broken result from ever reaching the user's file.
import { analyze, type AnalyzeOptions, type Finding } from './engine';
import type { DockerfileModel } from './model/types';
import type { Fix, FixSafety, TextEdit } from './rule';
import type { ShellParser } from './shell/parser';
import { LineIndex } from './text';

/** Applies non-overlapping edits (positions refer to `text`). Throws on overlap. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = new LineIndex(text);
  const spans = edits
    .map((edit) => ({ start: lines.offsetAt(edit.range.start), end: lines.offsetAt(edit.range.end), newText: edit.newText }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  let result = '';
  let cursor = 0;
  for (const span of spans) {
    if (span.start < cursor) throw new Error('overlapping edits');
    result += text.slice(cursor, span.start) + span.newText;
    cursor = span.end;
  }
  return result + text.slice(cursor);
}

function editSpans(text: string, fix: Fix): [number, number][] {
  const lines = new LineIndex(text);
  return fix.edits.map((edit) => [lines.offsetAt(edit.range.start), lines.offsetAt(edit.range.end)]);
}

/** Picks the first allowed fix of each finding, skipping any that touches an already picked span. */
export function selectFixes(text: string, findings: readonly Finding[], allowUnsafe: boolean): Fix[] {
  const taken: [number, number][] = [];
  const chosen: Fix[] = [];
  for (const finding of findings) {
    const fix = finding.fixes.find((candidate) => allowUnsafe || candidate.safety === 'safe');
    if (!fix) continue;
    const spans = editSpans(text, fix);
    const clashes = spans.some(([start, end]) => taken.some(([s, e]) => start <= e && s <= end));
    if (clashes) continue;
    taken.push(...spans);
    chosen.push(fix);
  }
  return chosen;
}

/** Syntax problems a fix must never add: unknown instructions and RUN scripts the shell rejects. */
export function syntaxProblems(model: DockerfileModel): number {
  let problems = 0;
  for (const instruction of model.instructions) {
    if (!KNOWN_INSTRUCTIONS.has(instruction.keyword)) problems++;
    if (instruction.keyword === 'RUN' && model.shellScript(instruction)?.hasSyntaxError) problems++;
  }
  return problems;
}

const KNOWN_INSTRUCTIONS = new Set([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL',
  'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);

export interface FixResult {
  text: string;
  /** Number of fixes applied over all passes. */
  applied: number;
  /** True when a pass was rejected because its output would not re-parse cleanly. */
  rejected: boolean;
}

export interface FixOptions extends AnalyzeOptions {
  safety: FixSafety;
}

/** Applies fixes pass after pass until none is left (at most 10 passes), as `--fix` does. */
export function fixText(text: string, shellParser: ShellParser, options: FixOptions): FixResult {
  let current = analyze(text, shellParser, options);
  let applied = 0;
  for (let pass = 0; pass < 10; pass++) {
    const fixes = selectFixes(current.model.text, current.findings, options.safety === 'unsafe');
    if (fixes.length === 0) break;
    const next = applyEdits(current.model.text, fixes.flatMap((fix) => fix.edits));
    const nextAnalysis = analyze(next, shellParser, options);
    if (syntaxProblems(nextAnalysis.model) > syntaxProblems(current.model)) {
      return { text: current.model.text, applied, rejected: true };
    }
    applied += fixes.length;
    current = nextAnalysis;
  }
  return { text: current.model.text, applied, rejected: false };
}
