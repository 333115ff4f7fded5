// Merge RUN layers: consecutive shell-form RUNs of one stage become one RUN, laid out one command
// per continuation line:
//
//   RUN apt-get update \
//       && apt-get install -y --no-install-recommends curl \
//       && rm -rf /var/lib/apt/lists/*
//
// Driven by the shell's syntax tree (run-shape.ts), never by joining strings blindly:
// - Each RUN stops the build when its script exits non-zero, so the scripts are joined with `&&`.
//   A script whose top level is not an `&&` chain (`a; b`, `a || b`) is grouped first, or the
//   operator would bind to its last command only (`c && a; b` runs `b` after a failing `c`).
//   The group is `{ a; b; }`: it runs in the same shell, exits with the script's status, and
//   reads as "these belong together". A subshell would do the same at the cost of a fork and of
//   suggesting state is being contained when there is none.
// - A RUN that changes shell state (`cd`, `export`, `set`, `umask`, `source`, a function, a
//   variable...) changed it for itself only: in a merged RUN that state would reach the commands
//   after it. That RUN runs in a subshell `( cd x && make )` instead. The fix is then unsafe: the
//   subshell keeps the meaning, but it restructures the script and only holds if we recognised
//   every state change, so it deserves a look rather than a silent fix-all.
// - `set -e` (or a SHELL with `-e`) is ignored by the shell in every command of an `&&` chain but
//   the last, so such a RUN can only end a merged group.
// - RUNs with heredocs, a non-POSIX SHELL, background jobs or parse errors are left alone; the
//   group is split around them.
// - Comment lines between the RUNs become comment lines inside the merged RUN (the builder drops
//   comment lines inside a continuation), in their place; suppression pragmas move above it,
//   where they still apply. Flags (`--mount`, `--network`, `--security`) are equal within a group
//   (the rule's grouping) and are written once. The file's escape character, line endings and
//   continuation indentation are kept.
// - The merged text is re-parsed before it is offered: one instruction for the builder, and
//   exactly the original commands, in order, for the shell.
//
// Safe when no subshell was needed. Merging never changes the image's files, but it does change
// caching: one RUN is one cache step, so editing any command re-runs them all (the seeds' warning:
// smaller images can mean slower rebuilds). That is a trade-off to document, not a change of
// meaning, so it does not make the fix unsafe.
import { DockerfileParser } from 'dockerfile-ast';
import type { DockerfileModel, Instruction, Stage } from '../model/types';
import type { Fix, Range, TextEdit } from '../rule';
import { readShellScript, type ShellScript } from '../shell/script';
import { shellView } from '../shell/view';
import { readSuppressions } from '../suppressions';
import { readRunShape, type RunShape, type Span } from './run-shape';
import { refused, type TransformResult } from './types';

/** RUNs merge only when they run with the same mounts, network and security mode. */
function flagKey(instruction: Instruction): string {
  return instruction.flags.map((flag) => `${flag.name}=${flag.value ?? ''}`).sort().join('\n');
}

/**
 * Groups of directly consecutive shell-form RUNs with equal flags; comment lines do not break a
 * group. This is what `consecutive-run` reports; some members may still refuse to merge.
 */
export function runGroups(stage: Stage): Instruction[][] {
  const groups: Instruction[][] = [];
  let current: Instruction[] = [];
  for (const instruction of stage.instructions) {
    const joinable = instruction.keyword === 'RUN' && !instruction.execForm;
    if (joinable && current.length > 0 && flagKey(current[0]) === flagKey(instruction)) {
      current.push(instruction);
      continue;
    }
    if (current.length > 1) groups.push(current);
    current = joinable ? [instruction] : [];
  }
  if (current.length > 1) groups.push(current);
  return groups;
}

/** One merged RUN: the RUNs it replaces and the text replacing them. */
export interface MergedRun {
  runs: Instruction[];
  edit: TextEdit;
  /** Suppression comments from between the RUNs, moved above the merged RUN. */
  movedPragmas: string[];
}

export interface GroupPlan {
  group: Instruction[];
  /** Stretches of two or more RUNs that merge into one each. */
  segments: RunShape[][];
  /** RUNs of the group left as they are, with the reason. */
  leftAlone: { line: number; reason: string }[];
}

/**
 * How to merge one group: the mergeable stretches of it, split around RUNs that refuse. Reads
 * the scripts only; the merged text is laid out and checked by `layOut`.
 */
export function planGroup(model: DockerfileModel, group: readonly Instruction[]): GroupPlan {
  const stage = model.stages[group[0].stageIndex];
  const plan: GroupPlan = { group: [...group], segments: [], leftAlone: [] };
  let segment: RunShape[] = [];
  const close = (): void => {
    if (segment.length > 1) plan.segments.push(segment);
    segment = [];
  };
  for (const shape of group.map((instruction) => readRunShape(model, stage, instruction))) {
    if (shape.refusal) {
      close();
      plan.leftAlone.push({ line: shape.line, reason: shape.refusal });
      continue;
    }
    segment.push(shape);
    if (shape.mustBeLast) {
      if (segment.length === 1) plan.leftAlone.push({ line: shape.line, reason: shape.mustBeLast });
      close();
    }
  }
  close();
  return plan;
}

/** The RUNs of a segment that run in a subshell: every one before the last that changes shell state. */
function subshellsOf(segment: readonly RunShape[]): RunShape[] {
  return segment.slice(0, -1).filter((shape) => shape.stateChanges.length > 0);
}

/** The quick-fix title for a plan, with the reason when it is unsafe. */
export function planTitle(plan: GroupPlan): string {
  const mergedCount = plan.segments.reduce((sum, segment) => sum + segment.length, 0);
  const total = plan.group.length;
  const into = plan.segments.length === 1 ? 'one' : String(plan.segments.length);
  const what = mergedCount === total ? `Merge the ${total} RUN instructions into ${into}` : `Merge ${mergedCount} of the ${total} RUN instructions into ${into}`;
  const subshells = plan.segments.flatMap(subshellsOf);
  if (subshells.length === 0) return what;
  const changes = [...new Set(subshells.flatMap((shape) => shape.stateChanges))];
  const where = subshells.length === 1 ? `line ${subshells[0].line} runs in a subshell` : `${subshells.length} RUNs run in subshells`;
  const contained = changes.length > 2 ? `${changes.slice(0, 2).join(', ')}...` : listing(changes);
  return `${what} (unsafe: ${where} to contain ${contained})`;
}

export function planIsSafe(plan: GroupPlan): boolean {
  return plan.segments.every((segment) => subshellsOf(segment).length === 0);
}

/** Lays out and checks every segment of the plan; a segment failing the check stays as it is. */
export function layOut(model: DockerfileModel, plan: GroupPlan): { merged: MergedRun[]; failed: { line: number; reason: string }[] } {
  const merged: MergedRun[] = [];
  const failed: { line: number; reason: string }[] = [];
  for (const segment of plan.segments) {
    const result = mergeSegment(model, segment);
    if (result.kind === 'merged') merged.push(result.run);
    else segment.forEach((shape) => failed.push({ line: shape.line, reason: result.reason }));
  }
  return { merged, failed };
}

/**
 * The `consecutive-run` quick fix for a plan with segments. Title and safety come from the plan;
 * the edits are laid out on first use, because findings are computed on every keystroke and
 * their fixes are read only when the user asks for them (code actions, fix-all, the CLI).
 */
export function mergeFix(model: DockerfileModel, plan: GroupPlan): Fix {
  let edits: TextEdit[] | null = null;
  return {
    title: planTitle(plan),
    safety: planIsSafe(plan) ? 'safe' : 'unsafe',
    get edits(): TextEdit[] {
      edits ??= layOut(model, plan).merged.map((run) => run.edit);
      return edits;
    },
  };
}

/**
 * The palette command: merges every group of the file, or the groups with a RUN touching `range`.
 * Groups whose `consecutive-run` finding is suppressed are kept apart when merging the whole file.
 */
export function mergeRuns(model: DockerfileModel, range?: Range): TransformResult {
  const suppressions = range ? null : readSuppressions(model);
  const groups = model.stages
    .flatMap((stage) => runGroups(stage))
    .filter((group) => !range || group.some((run) => run.range.start.line <= range.end.line && run.range.end.line >= range.start.line))
    .filter((group) => !suppressions?.isSuppressed(['consecutive-run', 'DL3059'], group[1].range.start.line));
  if (groups.length === 0) {
    return refused(range ? 'No consecutive RUN instructions in the selection to merge' : 'No consecutive RUN instructions to merge');
  }
  const plans = groups.map((group) => planGroup(model, group));
  const laidOut = plans.map((plan) => layOut(model, plan));
  const merged = laidOut.flatMap((result) => result.merged);
  const leftAlone = [...plans.flatMap((plan) => plan.leftAlone), ...laidOut.flatMap((result) => result.failed)].sort((a, b) => a.line - b.line);
  if (merged.length === 0) {
    const first = leftAlone[0];
    return refused(first ? `Cannot merge the RUN on line ${first.line}: ${first.reason}` : 'No consecutive RUN instructions to merge');
  }
  const notes: string[] = merged.map((run) => `Merged the RUN instructions on lines ${listing(run.runs.map((r) => String(r.range.start.line + 1)))} into one`);
  for (const shape of plans.flatMap((plan) => plan.segments.flatMap(subshellsOf))) {
    notes.push(`The RUN on line ${shape.line} now runs in a subshell, so the state it changes (${listing(shape.stateChanges)}) does not reach the commands after it`);
  }
  for (const run of merged) {
    for (const pragma of run.movedPragmas) notes.push(`Moved \`${pragma}\` above the merged RUN: it now applies to all of it`);
  }
  for (const entry of leftAlone) notes.push(`Left the RUN on line ${entry.line} as it is: ${entry.reason}`);
  notes.push('A merged RUN is one cache step: changing any of its commands re-runs all of them');
  return { kind: 'edit', edits: merged.map((run) => run.edit), notes };
}

function listing(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

// ---------------------------------------------------------------------------------------------
// Layout

type Item =
  | { kind: 'code'; text: string; joined: boolean; indent: string }
  | { kind: 'comment'; text: string; sameLine: boolean; indent?: string };

const PRAGMA = /^#\s*(layerwise-ignore|hadolint\b|check\s*=)/i;

function mergeSegment(model: DockerfileModel, shapes: RunShape[]): { kind: 'merged'; run: MergedRun } | { kind: 'refused'; reason: string } {
  const { text } = model;
  const first = shapes[0].instruction;
  const last = shapes[shapes.length - 1].instruction;
  const indent = continuationIndent(model, shapes);
  const innerIndent = indent + (indent.startsWith('\t') ? '\t' : '    ');
  const items: Item[] = [];
  const hoisted: string[] = [];
  const movedPragmas: string[] = [];
  let hasCode = false;
  const pushCode = (codeText: string, codeIndent: string, joined: boolean): void => {
    items.push({ kind: 'code', text: codeText, joined: joined && hasCode, indent: codeIndent });
    hasCode = true;
  };
  // Comments before the first command describe the whole RUN: they go above it.
  const pushComments = (gap: Span, dockerfileLevel: boolean, commentIndent?: string): void => {
    for (const comment of commentsIn(text, gap)) {
      if (commentIndent) comment.indent = commentIndent;
      const pragma = dockerfileLevel && PRAGMA.test(comment.text);
      if (pragma) movedPragmas.push(comment.text);
      if (pragma || !hasCode) hoisted.push(comment.text);
      else items.push(comment);
    }
  };

  shapes.forEach((shape, k) => {
    const { instruction } = shape;
    const isLast = k === shapes.length - 1;
    if (k > 0) pushComments({ start: shapes[k - 1].instruction.end, end: instruction.start }, true);
    pushComments({ start: flagsEnd(model, instruction), end: shape.body.start }, false);
    const needsSubshell = !isLast && shape.stateChanges.length > 0;
    let end: number;
    if (shape.operands && (!needsSubshell || shape.operands.length > 1)) {
      // One operand per line; in a subshell the operands are indented one step further.
      const operands = shape.operands;
      operands.forEach((operand, i) => {
        if (i > 0) pushComments({ start: operands[i - 1].end, end: operand.start }, false, needsSubshell ? innerIndent : undefined);
        let operandText = text.slice(operand.start, operand.end);
        if (needsSubshell && i === 0) operandText = `( ${operandText}`;
        if (needsSubshell && i === operands.length - 1) operandText = `${operandText} )`;
        pushCode(operandText, needsSubshell && i > 0 ? innerIndent : indent, true);
      });
      end = operands[operands.length - 1].end;
    } else {
      const body = text.slice(shape.body.start, shape.body.end);
      // `( (` and not `((`, which would start an arithmetic command.
      pushCode(needsSubshell ? `( ${body} )` : `{ ${body}; }`, indent, true);
      end = shape.body.end;
    }
    pushComments({ start: end, end: instruction.end }, false);
  });

  const eol = model.lines.eol;
  const escape = model.escapeChar;
  const lastCode = items.map((item) => item.kind).lastIndexOf('code');
  const prefix = `${text.slice(first.start, flagsEnd(model, first))} `;
  let merged = '';
  let after = '';
  items.forEach((item, index) => {
    if (item.kind === 'code') {
      const head = index === 0 ? prefix : `${eol}${item.indent}${item.joined ? '&& ' : ''}`;
      merged += head + item.text + (index < lastCode ? ` ${escape}` : '');
    } else if (index < lastCode) {
      merged += `${eol}${item.indent ?? indent}${item.text}`;
    } else if (item.sameLine && index === lastCode + 1) {
      merged += ` ${item.text}`;
    } else {
      // After the last command: a comment line there would continue the RUN into the next line.
      after += `${eol}${lineIndent(model, first)}${item.text}`;
    }
  });
  const above = hoisted.map((comment) => `${comment}${eol}${lineIndent(model, first)}`).join('');
  const replacement = above + merged + after;
  const check = verify(model, shapes, merged, prefix.length);
  if (check) return { kind: 'refused', reason: check };
  return {
    kind: 'merged',
    run: {
      runs: shapes.map((shape) => shape.instruction),
      edit: { range: model.lines.rangeOf(first.start, last.end), newText: replacement },
      movedPragmas,
    },
  };
}

/** End of the keyword and its flags: what is written once at the head of the merged RUN. */
function flagsEnd(model: DockerfileModel, instruction: Instruction): number {
  let end = model.lines.offsetAt(instruction.keywordRange.end);
  for (const flag of instruction.flags) end = Math.max(end, model.lines.offsetAt(flag.range.end));
  return end;
}

/** Comments in a stretch between commands: same-line shell comments and whole comment lines. */
function commentsIn(text: string, gap: Span): (Item & { kind: 'comment' })[] {
  if (gap.end <= gap.start) return [];
  const comments: (Item & { kind: 'comment' })[] = [];
  text.slice(gap.start, gap.end).split('\n').forEach((piece, index) => {
    const line = piece.replace(/\r$/, '');
    if (index === 0) {
      // The rest of a command's line: operators, an escape, maybe a trailing shell comment.
      const hash = line.indexOf('#');
      if (hash >= 0) comments.push({ kind: 'comment', text: line.slice(hash).trimEnd(), sameLine: true });
      return;
    }
    const trimmed = line.trim();
    if (trimmed.startsWith('#')) comments.push({ kind: 'comment', text: trimmed, sameLine: false });
  });
  return comments;
}

/**
 * The indentation the author gave commands on continuation lines (`    && b`, or `    b` after
 * `a && \`), or four spaces. Deeper argument lines (`        curl \`) do not count.
 */
function continuationIndent(model: DockerfileModel, shapes: readonly RunShape[]): string {
  for (const shape of shapes) {
    for (const operand of shape.operands ?? [shape.body]) {
      const line = model.lines.positionAt(operand.start).line;
      if (line === shape.instruction.range.start.line) continue;
      const lead = model.text.slice(model.lines.lineStart(line), operand.start);
      const match = /^([ \t]+)(&&|\|\||;|\|)?[ \t]*$/.exec(lead);
      if (match) return match[1];
    }
  }
  return '    ';
}

/** Leading whitespace of the instruction's first line (for lines placed above or after it). */
function lineIndent(model: DockerfileModel, instruction: Instruction): string {
  const lineStart = model.lines.lineStart(instruction.range.start.line);
  const lead = model.text.slice(lineStart, instruction.start);
  return /^[ \t]*$/.test(lead) ? lead : '';
}

/**
 * Re-parses the merged RUN: the builder must read one instruction, and the shell exactly the
 * original commands in their order, without a syntax error. Returns why not, or null.
 */
function verify(model: DockerfileModel, shapes: readonly RunShape[], merged: string, argsStart: number): string | null {
  const parsed = DockerfileParser.parse(`${model.escapeChar === '`' ? '# escape=`\n' : ''}${merged}`).getInstructions();
  if (parsed.length !== 1) return 'the merged RUN would not read as one instruction';
  const script = readShellScript(model.shellParser, shellView(merged, argsStart, merged.length, model.escapeChar), 0);
  const commandsOf = (s: ShellScript): string[] => s.commands.map((command) => [command.nameWord.raw, ...command.args.map((arg) => arg.raw)].join(' '));
  const expected = shapes.flatMap((shape) => {
    const original = model.shellScript(shape.instruction);
    return original ? commandsOf(original) : [];
  });
  if (script.hasSyntaxError || commandsOf(script).join('\n') !== expected.join('\n')) return 'the merged script would not parse as the same commands';
  return null;
}
