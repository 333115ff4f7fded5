// Code actions, in the order ESLint users know: the finding's own fixes (the safe one preferred),
// "Fix all <rule> problems", "Disable <rule> for this instruction", "Show documentation for <rule>";
// and `source.fixAll.layerwise`, one action with every safe fix, for fix-on-save.
import {
  CodeActionKind, TextDocumentEdit, type CodeAction, type CodeActionParams, type Diagnostic, type Range, type TextEdit, type WorkspaceEdit,
} from 'vscode-languageserver';
import { selectFixes, type Finding, type ShellParser } from '../core/index';
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

export function codeActionsFor(params: CodeActionParams, result: Analysed, shellParser: ShellParser, options: CodeActionOptions): CodeAction[] {
  const only = params.context.only;
  const actions: CodeAction[] = [];
  if (!only || only.some((kind) => kindMatches(CodeActionKind.QuickFix, kind))) actions.push(...quickFixes(params, result, options));
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

function quickFixes(params: CodeActionParams, result: Analysed, options: CodeActionOptions): CodeAction[] {
  const actions: CodeAction[] = [];
  const offered = new Set<string>(); // rule-level actions are offered once per request
  for (const finding of result.analysis.findings) {
    if (!overlaps(finding.range, params.range)) continue;
    const diagnostics = [diagnosticFor(finding, params, result.uri)];
    const rule = finding.ruleId;
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
      const sameRule = result.analysis.findings.filter((other) => other.ruleId === rule);
      const fixes = sameRule.length > 1 ? selectFixes(result.text, sameRule, false) : [];
      if (fixes.length > 1) {
        actions.push({
          title: `Fix all ${rule} problems`,
          kind: CodeActionKind.QuickFix,
          diagnostics,
          edit: workspaceEdit(result, fixes.flatMap((fix) => fix.edits), options),
        });
      }
    }
    const disable = disableEdit(result, finding);
    if (!offered.has(`disable:${rule}:${disable.range.start.line}`)) {
      offered.add(`disable:${rule}:${disable.range.start.line}`);
      actions.push({ title: `Disable ${rule} for this instruction`, kind: CodeActionKind.QuickFix, diagnostics, edit: workspaceEdit(result, [disable], options) });
    }
    if (!offered.has(`docs:${rule}`)) {
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
export function disableEdit(result: Analysed, finding: Finding): TextEdit {
  const { model } = result.analysis;
  const line = finding.range.start.line;
  const instruction = model.instructions.find((candidate) => candidate.range.start.line <= line && line <= candidate.range.end.line);
  const targetLine = instruction ? instruction.range.start.line : line;
  const above = targetLine - 1;
  const aboveIsFree = above >= 0 && !model.instructions.some((candidate) => candidate.range.start.line <= above && above <= candidate.range.end.line);
  const existing = aboveIsFree ? IGNORE_COMMENT.exec(model.lines.lineText(above)) : null;
  if (existing) {
    const position = { line: above, character: existing[0].length };
    return { range: { start: position, end: position }, newText: `,${finding.ruleId}` };
  }
  const indent = /^[ \t]*/.exec(model.lines.lineText(targetLine))?.[0] ?? '';
  const position = { line: targetLine, character: 0 };
  return { range: { start: position, end: position }, newText: `${indent}# layerwise-ignore ${finding.ruleId}${model.lines.eol}` };
}
