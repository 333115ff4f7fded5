// The single stage as the conversion sees it: each instruction with the comment lines that sit
// right above it (they move with it), the working directory it runs in, and plain-path helpers.
import { substituteArgs } from '../../model/build';
import { stageEnv } from '../../model/commands';
import type { DockerfileModel, Instruction, Stage } from '../../model/types';

export interface Segment {
  instruction: Instruction;
  /** Blank lines and comments above the instruction that are separated from it by a blank line. */
  detached: string;
  /** Comment lines directly above the instruction (no blank line between): they describe it. */
  attached: string;
  /** The instruction's own text, from the start of its first line to its end. */
  body: string;
}

export interface StageLayout {
  stage: Stage;
  segments: Segment[];
  /** Offsets of the replaced span: the start of the FROM line to the end of the last instruction. */
  start: number;
  end: number;
  eol: string;
  /** Working directory each instruction runs in (resolved), or null when unknown (no WORKDIR yet, a variable). */
  workdirAt: Map<Instruction, string | null>;
  /** The working directory the container starts in. */
  finalWorkdir: string | null;
}

export function readLayout(model: DockerfileModel, stage: Stage): StageLayout {
  const { lines, text } = model;
  const all = [stage.from, ...stage.instructions];
  const segments: Segment[] = [];
  let cursor = lines.lineStart(stage.from.range.start.line);
  const start = cursor;
  for (const instruction of all) {
    const bodyStart = lines.lineStart(instruction.range.start.line);
    const leading = cursor < bodyStart ? text.slice(cursor, bodyStart) : '';
    const leadingLines = leading.split(/(?<=\n)/);
    let split = leadingLines.length;
    while (split > 0 && leadingLines[split - 1].trim().startsWith('#')) split--;
    segments.push({
      instruction,
      detached: leadingLines.slice(0, split).join(''),
      attached: leadingLines.slice(split).join(''),
      body: text.slice(bodyStart, instruction.end),
    });
    cursor = lines.lineStart(instruction.range.end.line + 1);
    if (instruction.range.end.line + 1 >= lines.lineCount) cursor = text.length;
  }
  const workdirAt = new Map<Instruction, string | null>();
  // Until a WORKDIR, the directory is the base image's (`/go` in golang images): unknown here.
  let workdir: string | null = null;
  for (const instruction of stage.instructions) {
    workdirAt.set(instruction, workdir);
    if (instruction.keyword !== 'WORKDIR') continue;
    const written = instruction.argsText.trim().replace(/^(["'])(.*)\1$/s, '$2');
    const resolved = written.includes('$') ? substituteArgs(written, new Map(stageEnv(model, stage, instruction))) : written;
    const base: string | null = resolved?.startsWith('/') ? '/' : workdir;
    workdir = resolved === null || resolved === '' || base === null ? null : resolvePath(base, resolved);
  }
  return { stage, segments, start, end: all[all.length - 1].end, eol: lines.eol, workdirAt, finalWorkdir: workdir };
}

/** POSIX path resolution without touching a file system: `resolvePath('/app', '../x/.')` → `/x`. */
export function resolvePath(base: string, path: string): string {
  const parts = (path.startsWith('/') ? path : `${base}/${path}`).split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

/** True when `path` is `dir` or inside it. */
export function isInside(path: string, dir: string): boolean {
  return dir === '/' || path === dir || path.startsWith(`${dir}/`);
}

/** `COPY`/`ADD` from the build context (not `--from`): its sources and resolved destination. */
export interface ContextCopy {
  instruction: Instruction;
  sources: string[];
  /** Resolved destination, trailing slash removed; null when a variable hides it. */
  destination: string | null;
}

export function contextCopies(layout: StageLayout): ContextCopy[] {
  const copies: ContextCopy[] = [];
  for (const instruction of layout.stage.instructions) {
    if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') continue;
    if (instruction.flags.some((flag) => flag.name === 'from')) continue;
    const words = instruction.args.map((word) => word.value);
    const exec = /^\s*\[/.test(instruction.argsText) ? parseJsonArray(instruction.argsText) : null;
    const all = exec ?? words;
    if (all.length < 2) continue;
    const target = all[all.length - 1];
    const workdir = layout.workdirAt.get(instruction) ?? null;
    const base = target.startsWith('/') ? '/' : workdir;
    const destination = base === null || target.includes('$') ? null : resolvePath(base, target);
    copies.push({ instruction, sources: all.slice(0, -1), destination });
  }
  return copies;
}

function parseJsonArray(text: string): string[] | null {
  try {
    const parsed: unknown = JSON.parse(text.trim());
    return Array.isArray(parsed) && parsed.every((item) => typeof item === 'string') ? parsed : null;
  } catch {
    return null;
  }
}

/** `COPY . .`, `COPY ./ /app/`: the whole build context. */
export function copiesWholeContext(copy: ContextCopy): boolean {
  return copy.sources.length === 1 && ['.', './'].includes(copy.sources[0]);
}

/** Flags of a COPY to repeat on the manifest COPY put before it (`--chown`, `--chmod`, `--link`). */
export function copyFlagsText(model: DockerfileModel, instruction: Instruction): string {
  return instruction.flags
    .filter((flag) => ['chown', 'chmod', 'link'].includes(flag.name))
    .map((flag) => model.text.slice(model.lines.offsetAt(flag.range.start), model.lines.offsetAt(flag.range.end)))
    .map((flag) => `${flag} `)
    .join('');
}
