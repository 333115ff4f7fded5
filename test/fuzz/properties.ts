// The properties every input must satisfy, as assertions: analysis never throws and stays within a
// time budget proportional to the input, positions stay inside the document, fixes and
// transformations re-parse, converge and keep the instructions they did not mean to change.
import assert from 'node:assert/strict';
import { analyze, applyEdits, fixText, syntaxProblems, type Analysis, type ShellParser } from '../../server/src/core/index';
import { buildModel } from '../../server/src/core/model/build';
import type { DockerfileModel } from '../../server/src/core/model/types';
import type { Range, TextEdit } from '../../server/src/core/rule';
import { mergeRuns } from '../../server/src/core/transforms/merge-runs';
import { convertToMultiStage } from '../../server/src/core/transforms/multi-stage';
import { addDebugStage, runtimeChoices, swapBase } from '../../server/src/core/transforms/swap-base';
import type { TransformResult } from '../../server/src/core/transforms/types';

/**
 * Generous on purpose: a warm analysis costs tens of microseconds per line, so this only trips on
 * a catastrophic regular expression or a quadratic loop, not on a busy machine.
 */
export const FIXED_BUDGET_MS = 500;
export const PER_BYTE_BUDGET_MS = 0.05;

export function budgetFor(text: string): number {
  return FIXED_BUDGET_MS + PER_BYTE_BUDGET_MS * text.length;
}

/** Analyses `text`, measuring it; a slow run is measured again once so a GC pause does not fail it. */
export function timedAnalysis(text: string, shell: ShellParser): Analysis {
  const budget = budgetFor(text);
  let analysis: Analysis | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    const started = performance.now();
    analysis = analyze(text, shell);
    const elapsed = performance.now() - started;
    if (elapsed <= budget) break;
    assert.ok(attempt === 0, `analysis took ${elapsed.toFixed(0)} ms for ${text.length} characters (budget ${budget.toFixed(0)} ms)`);
  }
  return analysis!;
}

/** Lines as LSP counts them: they end at `\n`, `\r\n` or a lone `\r`, none of which is part of the line. */
const documentLines = (text: string): string[] => text.split(/\r\n|\r|\n/);
const lineLengths = (text: string): number[] => documentLines(text).map((line) => line.length);

const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;
const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

export function assertRangeInside(text: string, range: Range, what: string, lengths = lineLengths(text)): void {
  for (const position of [range.start, range.end]) {
    assert.ok(Number.isInteger(position.line) && Number.isInteger(position.character), `${what}: integer position ${JSON.stringify(position)}`);
    assert.ok(position.line >= 0 && position.line < lengths.length, `${what}: line ${position.line} outside 0..${lengths.length - 1}`);
    assert.ok(position.character >= 0 && position.character <= lengths[position.line], `${what}: character ${position.character} outside line ${position.line} (length ${lengths[position.line]})`);
  }
  const ordered = range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character);
  assert.ok(ordered, `${what}: start after end ${JSON.stringify(range)}`);
}

/** An edit must not cut a surrogate pair in half: the result would not be valid UTF-16. */
function assertNoSplitPair(text: string, range: Range, what: string): void {
  const lines = documentLines(text);
  for (const position of [range.start, range.end]) {
    const line = lines[position.line];
    const before = line.charCodeAt(position.character - 1);
    const after = line.charCodeAt(position.character);
    assert.ok(!(isHighSurrogate(before) && isLowSurrogate(after)), `${what}: position ${JSON.stringify(position)} splits a surrogate pair`);
  }
}

export function assertEditsInside(text: string, edits: readonly TextEdit[], what: string): void {
  const lengths = lineLengths(text);
  for (const edit of edits) {
    assertRangeInside(text, edit.range, what, lengths);
    assertNoSplitPair(text, edit.range, what);
  }
}

/** Analysis never throws, reports no rule failure, stays in budget; every range is in the document. */
export function checkAnalysis(text: string, shell: ShellParser): Analysis {
  const analysis = timedAnalysis(text, shell);
  assert.deepEqual(analysis.failures.map((failure) => `${failure.ruleId}: ${failure.error.split('\n').slice(0, 3).join(' | ')}`), [], 'no rule failed');
  const lengths = lineLengths(text);
  for (const finding of analysis.findings) {
    const what = `${finding.ruleId} finding`;
    assertRangeInside(text, finding.range, what, lengths);
    for (const related of finding.related) assertRangeInside(text, related.range, `${what} related`, lengths);
    for (const fix of finding.fixes) assertEditsInside(text, fix.edits, `${finding.ruleId} fix "${fix.title}"`);
  }
  return analysis;
}

const keywords = (model: DockerfileModel): string[] => model.instructions.map((instruction) => instruction.keyword);

/**
 * The instructions no edit touches must come out verbatim and in order: a fix or transformation
 * changes what it means to change and nothing else.
 */
export function assertUntouchedKept(before: DockerfileModel, edits: readonly TextEdit[], after: DockerfileModel, what: string): void {
  const index = before.lines;
  const spans = edits.map((edit) => [index.offsetAt(edit.range.start), index.offsetAt(edit.range.end)] as const);
  const untouched = before.instructions.filter((instruction) => !spans.some(([start, end]) => start <= instruction.end && instruction.start <= end));
  const output = after.instructions.map((instruction) => after.text.slice(instruction.start, instruction.end));
  let cursor = 0;
  for (const instruction of untouched) {
    const raw = before.text.slice(instruction.start, instruction.end);
    const found = output.indexOf(raw, cursor);
    assert.ok(found >= 0, `${what}: untouched instruction \`${raw.slice(0, 80)}\` lost or reordered (keywords ${keywords(before).join(' ')} → ${keywords(after).join(' ')})`);
    cursor = found + 1;
  }
}

/** Each offered fix on its own: re-parses and keeps what it does not touch. */
export function checkEachFix(text: string, analysis: Analysis, shell: ShellParser): number {
  let checked = 0;
  const problemsBefore = syntaxProblems(analysis.model);
  for (const finding of analysis.findings) {
    for (const fix of finding.fixes) {
      const what = `${finding.ruleId} fix "${fix.title}"`;
      const after = applyEdits(text, fix.edits);
      const model = buildModel(after, shell);
      assert.ok(syntaxProblems(model) <= problemsBefore, `${what}: adds a syntax problem\n--- before\n${text}\n--- after\n${after}`);
      assertUntouchedKept(analysis.model, fix.edits, model, what);
      checked++;
    }
  }
  return checked;
}

/** fix-all, safe and unsafe: re-parses, is not rejected by the guard, and a second run changes nothing. */
export function checkFixAll(text: string, shell: ShellParser): void {
  for (const safety of ['safe', 'unsafe'] as const) {
    const first = fixText(text, shell, { safety });
    assert.equal(first.rejected, false, `${safety} fix-all: a pass was rejected (a fix broke the syntax)`);
    assert.ok(syntaxProblems(buildModel(first.text, shell)) <= syntaxProblems(buildModel(text, shell)), `${safety} fix-all: re-parses`);
    const second = fixText(first.text, shell, { safety });
    assert.equal(second.text, first.text, `${safety} fix-all converges: a second run changes nothing\n--- first\n${first.text}`);
  }
}

/** A transformation refuses with a reason, or edits inside the document and re-parses; applying it again changes nothing. */
export function checkTransform(text: string, shell: ShellParser, name: string, transform: (model: DockerfileModel) => TransformResult, addedStages = 0): void {
  const model = buildModel(text, shell);
  const result = transform(model);
  if (result.kind === 'refused') {
    assert.ok(typeof result.reason === 'string' && result.reason.length > 0, `${name}: refuses with a reason`);
    return;
  }
  assertEditsInside(text, result.edits, name);
  const after = applyEdits(text, result.edits);
  const afterModel = buildModel(after, shell);
  // A debug stage repeats the final stage, lines that were already broken included.
  const allowed = name === 'add a debug stage' ? 2 * syntaxProblems(model) : syntaxProblems(model);
  assert.ok(syntaxProblems(afterModel) <= allowed, `${name}: adds a syntax problem\n--- before\n${text}\n--- after\n${after}`);
  if (name.startsWith('merge')) assertUntouchedKept(model, result.edits, afterModel, name);
  assert.equal(afterModel.stages.length, model.stages.length + addedStages, `${name}: ${addedStages} stage(s) added\n--- after\n${after}`);
  const again = transform(afterModel);
  if (again.kind === 'edit') assert.equal(applyEdits(after, again.edits), after, `${name}: applying it again changes something\n--- after\n${after}`);
}

export function checkTransforms(text: string, shell: ShellParser): void {
  checkTransform(text, shell, 'merge RUNs', (model) => mergeRuns(model));
  checkTransform(text, shell, 'convert to multi-stage', (model) => convertToMultiStage(model), 1);
  checkTransform(text, shell, 'add a debug stage', (model) => addDebugStage(model), 1);
  for (const choice of runtimeChoices(buildModel(text, shell))) {
    checkTransform(text, shell, `swap base to ${choice.reference}`, (model) => swapBase(model, choice.reference));
  }
}

/** Everything, for one input. */
export function checkAll(text: string, shell: ShellParser): void {
  const analysis = checkAnalysis(text, shell);
  checkEachFix(text, analysis, shell);
  checkFixAll(text, shell);
  checkTransforms(text, shell);
}
