// Suppression comments, ours and the ones users bring from hadolint and BuildKit:
//   # layerwise-ignore ID[,ID]          the next instruction (no ids: every rule)
//   # layerwise-ignore-file ID[,ID]     the whole file
//   # hadolint ignore=DL3008,DL3009     the next instruction   (rules with that DL alias)
//   # hadolint global ignore=…          the whole file
//   # hadolint stage ignore=…           the rest of the stage it sits in
//   # check=skip=Name[,Name]|all        BuildKit: whole file at the top, else the next instruction
import type { DockerfileModel, Instruction } from './model/types';

/** A set of rule ids or aliases; `all` matches everything. */
export type IdSet = Set<string>;

export interface Suppressions {
  isSuppressed(ruleKeys: readonly string[], line: number): boolean;
}

const PRAGMAS: { pattern: RegExp; scope: 'next' | 'file' | 'stage' }[] = [
  { pattern: /^#\s*layerwise-ignore-file\b:?\s*(.*)$/i, scope: 'file' },
  { pattern: /^#\s*layerwise-ignore\b:?\s*(.*)$/i, scope: 'next' },
  { pattern: /^#\s*hadolint\s+global\s+ignore\s*=\s*(\S*)/i, scope: 'file' },
  { pattern: /^#\s*hadolint\s+stage\s+ignore\s*=\s*(\S*)/i, scope: 'stage' },
  { pattern: /^#\s*hadolint\s+ignore\s*=\s*(\S*)/i, scope: 'next' },
];

function idsOf(list: string): IdSet {
  const ids = list.split(/[\s,]+/).map((id) => id.trim().toLowerCase()).filter((id) => id && !id.startsWith('#'));
  return new Set(ids.length > 0 ? ids : ['all']);
}

export function readSuppressions(model: DockerfileModel): Suppressions {
  const file = new Set<string>();
  const byInstructionLine = new Map<number, IdSet>(); // first line of the instruction → ids
  const stageRanges: { fromLine: number; toLine: number; ids: IdSet }[] = [];
  const instructions = model.instructions;
  let next = 0;
  for (const comment of model.comments) {
    while (next < instructions.length && instructions[next].range.start.line < comment.line) next++;
    const target: Instruction | undefined = instructions[next];
    const checkSkip = /^#\s*check\s*=\s*(.*)$/i.exec(comment.text);
    if (checkSkip) {
      const skip = /(?:^|;)\s*skip\s*=\s*([^;]*)/i.exec(checkSkip[1]);
      if (!skip) continue;
      const ids = idsOf(skip[1]);
      if (next === 0 && comment.line <= leadingCommentLines(model)) ids.forEach((id) => file.add(id));
      else if (target) addIds(byInstructionLine, target.range.start.line, ids);
      continue;
    }
    for (const { pattern, scope } of PRAGMAS) {
      const match = pattern.exec(comment.text);
      if (!match) continue;
      const ids = idsOf(match[1]);
      if (scope === 'file') ids.forEach((id) => file.add(id));
      else if (scope === 'next' && target && commentBlockTouches(model, comment.line, target)) addIds(byInstructionLine, target.range.start.line, ids);
      else if (scope === 'stage') {
        const stageIndex = target ? target.stageIndex : model.stages.length - 1;
        const stage = model.stages[stageIndex];
        if (stage) stageRanges.push({ fromLine: stage.from.range.start.line, toLine: stageEndLine(model, stageIndex), ids });
      }
      break;
    }
  }
  const instructionStartFor = (line: number): number | undefined => {
    let low = 0;
    let high = instructions.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const range = instructions[mid].range;
      if (line < range.start.line) high = mid - 1;
      else if (line > range.end.line) low = mid + 1;
      else return range.start.line;
    }
    return undefined;
  };
  const matches = (ids: IdSet | undefined, keys: readonly string[]) => !!ids && (ids.has('all') || keys.some((key) => ids.has(key.toLowerCase())));
  return {
    isSuppressed(ruleKeys, line) {
      if (matches(file, ruleKeys)) return true;
      const start = instructionStartFor(line);
      if (start !== undefined && matches(byInstructionLine.get(start), ruleKeys)) return true;
      return stageRanges.some((range) => line >= range.fromLine && line <= range.toLine && matches(range.ids, ruleKeys));
    },
  };
}

function addIds(map: Map<number, IdSet>, line: number, ids: IdSet): void {
  const existing = map.get(line);
  if (existing) ids.forEach((id) => existing.add(id));
  else map.set(line, ids);
}

/** A pragma applies to the next instruction only when nothing but comments stands between them. */
function commentBlockTouches(model: DockerfileModel, commentLine: number, target: Instruction): boolean {
  for (let line = commentLine + 1; line < target.range.start.line; line++) {
    const text = model.lines.lineText(line).trim();
    if (text !== '' && !text.startsWith('#')) return false;
  }
  return true;
}

/** Number of comment lines at the very top of the file (where BuildKit directives live). */
function leadingCommentLines(model: DockerfileModel): number {
  let line = 0;
  while (line < model.lines.lineCount && model.lines.lineText(line).trim().startsWith('#')) line++;
  return line - 1;
}

function stageEndLine(model: DockerfileModel, stageIndex: number): number {
  const nextStage = model.stages[stageIndex + 1];
  return nextStage ? nextStage.from.range.start.line - 1 : model.lines.lineCount;
}
