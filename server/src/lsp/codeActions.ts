// Code actions, in the order ESLint users know: the finding's own fixes (the safe one preferred,
// unsafe ones say so), "Fix all <rule> problems in this file", "Disable <rule> for this
// instruction", "Disable <rule> for this file", "Show documentation for <rule>"; and
// `source.fixAll.layerwise`, one action with every safe fix, for fix-on-save. A ShellCheck finding
// is disabled by its own code (`SC2086`), as hadolint users write it.
import {
  CodeActionKind, TextDocumentEdit, type CodeAction, type CodeActionParams, type Diagnostic, type Range, type TextEdit, type WorkspaceEdit,
} from 'vscode-languageserver';
import { selectFixes, type Finding, type ShellParser } from '../core/index';
import { mergeFindings, shellCheckCodeOf } from '../core/shellcheck';
import type { DocumentAnalysis } from './analysis';
import { toDiagnostic } from './diagnostics';
import { safeFixAllEdit } from './fixAll';
import { FIX_ALL_KIND, ServerCommand } from './protocol';

type Analysed = Extract<DocumentAnalysis, { kind: 'analysed' }>;

export interface CodeActionOptions {
  /** The client accepts versioned `documentChanges`, so a stale edit is refused by the editor. */
  documentChanges: boolean;
}

/** True when an action of `kind` answers a request for `requested` (kinds are dot-separated hierarchies). */
function kindMatches(kind: string, requested: string): boolean {
  return requested === '' || kind === requested || kind.startsWith(`${requested}.`);
}

/** `extraFindings`: findings of the same version from outside the core (ShellCheck). */
export function codeActionsFor(
  params: CodeActionParams, result: Analysed, shellParser: ShellParser, options: CodeActionOptions, extraFindings: readonly Finding[] = [],
): CodeAction[] {
  const only = params.context.only;
  const actions: CodeAction[] = [];
  const findings = extraFindings.length > 0 ? mergeFindings(result.analysis.findings, extraFindings) : result.analysis.findings;
  if (!only || only.some((kind) => kindMatches(CodeActionKind.QuickFix, kind))) actions.push(...quickFixes(params, result, findings, options));
  if (only?.some((kind) => kindMatches(FIX_ALL_KIND, kind))) {
    const fixAll = fixAllAction(result, shellParser, options);
    if (fixAll) actions.push(fixAll);
  }
  return actions;
}

export function fixAllAction(result: Analysed, shellParser: ShellParser, options: CodeActionOptions): CodeAction | null {
  const edit = safeFixAllEdit(result, shellParser);
  if (!edit) return null;
  return { title: 'Fix all safe Layerwise problems', kind: FIX_ALL_KIND, edit: workspaceEdit(result, [edit], options) };
}

export function workspaceEdit(result: Analysed, edits: TextEdit[], options: CodeActionOptions): WorkspaceEdit {
  return options.documentChanges
    ? { documentChanges: [TextDocumentEdit.create({ uri: result.uri, version: result.version }, edits)] }
    : { changes: { [result.uri]: edits } };
}

function overlaps(a: Range, b: Range): boolean {
  const before = (x: Range['start'], y: Range['start']) => x.line < y.line || (x.line === y.line && x.character < y.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/** The client's own diagnostic object when it sent one for this finding, so the editor links them. */
function diagnosticFor(finding: Finding, params: CodeActionParams, uri: string): Diagnostic {
  const sent = params.context.diagnostics.find(
    (diagnostic) => diagnostic.code === finding.ruleId && diagnostic.message === finding.message && sameRange(diagnostic.range, finding.range),
  );
  return sent ?? toDiagnostic(finding, uri);
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function quickFixes(params: CodeActionParams, result: Analysed, findings: readonly Finding[], options: CodeActionOptions): CodeAction[] {
  const actions: CodeAction[] = [];
  const offered = new Set<string>(); // rule-level actions are offered once per request
  for (const finding of findings) {
    if (!overlaps(finding.range, params.range)) continue;
    const diagnostics = [diagnosticFor(finding, params, result.uri)];
    const rule = finding.ruleId;
    // What suppression comments name: the rule id, or a ShellCheck finding's own code.
    const key = shellCheckCodeOf(finding) ?? rule;
    let preferredTaken = false;
    for (const fix of finding.fixes) {
      const safe = fix.safety === 'safe';
      const action: CodeAction = {
        title: safe || /unsafe/i.test(fix.title) ? fix.title : `${fix.title} (unsafe)`,
        kind: CodeActionKind.QuickFix,
        diagnostics,
        edit: workspaceEdit(result, fix.edits, options),
      };
      if (safe && !preferredTaken) {
        action.isPreferred = true;
        preferredTaken = true;
      }
      actions.push(action);
    }
    if (!offered.has(`fix-all:${rule}`)) {
      offered.add(`fix-all:${rule}`);
      const sameRule = findings.filter((other) => other.ruleId === rule);
      const fixes = sameRule.length > 1 ? selectFixes(result.text, sameRule, false) : [];
      if (fixes.length > 1) {
        actions.push({
          title: `Fix all ${rule} problems in this file`,
          kind: CodeActionKind.QuickFix,
          diagnostics,
          edit: workspaceEdit(result, fixes.flatMap((fix) => fix.edits), options),
        });
      }
    }
    const disable = disableEdit(result, finding, key);
    if (!offered.has(`disable:${key}:${disable.range.start.line}`)) {
      offered.add(`disable:${key}:${disable.range.start.line}`);
      actions.push({ title: `Disable ${key} for this instruction`, kind: CodeActionKind.QuickFix, diagnostics, edit: workspaceEdit(result, [disable], options) });
    }
    if (!offered.has(`disable-file:${key}`)) {
      offered.add(`disable-file:${key}`);
      const edit = disableFileEdit(result, key);
      actions.push({ title: `Disable ${key} for this file`, kind: CodeActionKind.QuickFix, diagnostics, edit: workspaceEdit(result, [edit], options) });
    }
    // ShellCheck codes have no page of ours; their diagnostics link ShellCheck's wiki instead.
    if (key === rule && !offered.has(`docs:${rule}`)) {
      offered.add(`docs:${rule}`);
      const title = `Show documentation for ${rule}`;
      actions.push({ title, kind: CodeActionKind.QuickFix, diagnostics, command: { title, command: ServerCommand.showDocumentation, arguments: [rule] } });
    }
  }
  return actions;
}

/** `# layerwise-ignore ID[,ID]` with its ids, so a new id can be appended after the last one. */
const IGNORE_COMMENT = /^\s*#\s*layerwise-ignore:?[ \t]+[^\s#,]+(?:[ \t]*,[ \t]*[^\s#,]+)*/i;

/**
 * Suppresses the finding's rule on its instruction: appends to a `# layerwise-ignore` comment on
 * the line right above, or inserts one there with the instruction's indentation.
 */
export function disableEdit(result: Analysed, finding: Finding, key = finding.ruleId): TextEdit {
  const { model } = result.analysis;
  const line = finding.range.start.line;
  const instruction = model.instructions.find((candidate) => candidate.range.start.line <= line && line <= candidate.range.end.line);
  const targetLine = instruction ? instruction.range.start.line : line;
  const above = targetLine - 1;
  const aboveIsFree = above >= 0 && !model.instructions.some((candidate) => candidate.range.start.line <= above && above <= candidate.range.end.line);
  const existing = aboveIsFree ? IGNORE_COMMENT.exec(model.lines.lineText(above)) : null;
  if (existing) {
    const position = { line: above, character: existing[0].length };
    return { range: { start: position, end: position }, newText: `,${key}` };
  }
  const indent = /^[ \t]*/.exec(model.lines.lineText(targetLine))?.[0] ?? '';
  const position = { line: targetLine, character: 0 };
  return { range: { start: position, end: position }, newText: `${indent}# layerwise-ignore ${key}${model.lines.eol}` };
}

/** `# layerwise-ignore-file ID[,ID]`, so a new id can be appended after the last one. */
const IGNORE_FILE_COMMENT = /^\s*#\s*layerwise-ignore-file:?[ \t]+[^\s#,]+(?:[ \t]*,[ \t]*[^\s#,]+)*/i;
/** BuildKit parser directives: they must stay the file's first lines. */
const PARSER_DIRECTIVE = /^\s*#\s*(syntax|escape|check)\s*=/i;

/**
 * Suppresses `key` in the whole file: appends it to an existing `# layerwise-ignore-file` comment,
 * or inserts one at the top, after the parser directives.
 */
export function disableFileEdit(result: Analysed, key: string): TextEdit {
  const { lines, comments } = result.analysis.model;
  for (const comment of comments) {
    const existing = IGNORE_FILE_COMMENT.exec(lines.lineText(comment.line));
    if (!existing) continue;
    const position = { line: comment.line, character: existing[0].length };
    return { range: { start: position, end: position }, newText: `,${key}` };
  }
  let line = 0;
  while (line < lines.lineCount && PARSER_DIRECTIVE.test(lines.lineText(line))) line++;
  const comment = `# layerwise-ignore-file ${key}`;
  if (line >= lines.lineCount) {
    // Nothing but directives, and no line break after the last one.
    const position = lines.positionAt(lines.text.length);
    return { range: { start: position, end: position }, newText: `${lines.eol}${comment}` };
  }
  const position = { line, character: 0 };
  return { range: { start: position, end: position }, newText: `${comment}${lines.eol}` };
}
