// Builds the DockerfileModel: one pass over dockerfile-ast's instructions, then the stage graph.
import { DockerfileParser, Instruction as AstInstruction, ModifiableInstruction } from 'dockerfile-ast';
import { LineIndex } from '../text';
import type { ShellParser } from '../shell/parser';
import type { ShellScriptCache } from '../shell/cache';
import { readShellScript, type ShellScript } from '../shell/script';
import { joinContinuations, shellView } from '../shell/view';
import { AUTOMATIC_PLATFORM_ARGS, expandArgs } from './from-args';
import { parseImageName } from './image';
import type { Range } from 'vscode-languageserver-types';
import type { Comment, DockerfileModel, ExecForm, Flag, ImageRef, Instruction, Stage, Word } from './types';
import { readWords, type RawWord } from './words';

const EXEC_FORM_KEYWORDS = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL']);
const POSIX_SHELLS = /(^|\/)(sh|bash|dash|ash|zsh|ksh)$/;

export function buildModel(text: string, shellParser: ShellParser, shellCache?: ShellScriptCache): DockerfileModel {
  const lines = new LineIndex(text);
  const dockerfile = DockerfileParser.parse(text);
  const escapeChar = dockerfile.getEscapeCharacter();

  const instructions: Instruction[] = [];
  const stages: Stage[] = [];
  const globalArgs = new Map<string, string | null>();
  const platformArgs = new Map<string, string | null>(AUTOMATIC_PLATFORM_ARGS);
  const unknownDefaults = new Set<string>();
  /** The first stage of each name: `FROM <name>` refers to it (a search per FROM was quadratic in the stages). */
  const stageByName = new Map<string, number>();
  for (const node of dockerfile.getInstructions()) {
    const instruction = readInstruction(node, lines, escapeChar, stages.length - 1);
    instructions.push(instruction);
    if (instruction.keyword === 'FROM') {
      const stage = readStage(instruction, stages, stageByName, globalArgs, platformArgs);
      stages.push(stage);
      if (stage.name !== null && !stageByName.has(stage.name)) stageByName.set(stage.name, stage.index);
    } else if (stages.length === 0) {
      if (instruction.keyword === 'ARG') readArgs(instruction, globalArgs, platformArgs, unknownDefaults);
    } else {
      const stage = stages[stages.length - 1];
      stage.instructions.push(instruction);
      if (instruction.keyword === 'SHELL' && instruction.execForm) stage.shell = instruction.execForm.values;
    }
  }
  linkStages(stages);

  const comments = readComments(dockerfile, lines, instructions);
  const views = new Map<Instruction, string>();
  const viewOf = (instruction: Instruction): string => {
    let view = views.get(instruction);
    if (view === undefined) {
      view = shellView(text, instruction.argsStart, instruction.end, escapeChar);
      views.set(instruction, view);
    }
    return view;
  };
  const scripts = new Map<Instruction, ShellScript | null>();
  const shellScript = (instruction: Instruction): ShellScript | null => {
    let script = scripts.get(instruction);
    if (script === undefined) {
      script = parseScript(instruction, text, stages, shellParser, viewOf, shellCache);
      scripts.set(instruction, script);
    }
    return script;
  };

  return {
    text,
    lines,
    escapeChar,
    instructions,
    stages,
    finalStage: stages.length > 0 ? stages[stages.length - 1] : null,
    globalArgs,
    comments,
    shellScript,
    shellView: viewOf,
    shellParser,
  };
}

function readInstruction(node: AstInstruction, lines: LineIndex, escapeChar: string, stageIndex: number): Instruction {
  const range = node.getRange();
  const start = lines.offsetAt(range.start);
  const end = lines.offsetAt(range.end);
  const keyword = node.getKeyword().toUpperCase();
  const keywordRange = node.getInstructionRange();
  const keywordLength = lines.offsetAt(keywordRange.end) - lines.offsetAt(keywordRange.start);
  const { words, flagWords } = splitFlags(readWords(lines.text, start + keywordLength, end, escapeChar), node, keyword);
  const args: Word[] = words.map((word) => new ModelWord(word.value, word.start, word.end, lines));
  const flags: Flag[] = flagWords.map((word) => {
    const eq = word.value.indexOf('=');
    return { name: word.value.slice(2, eq < 0 ? undefined : eq).toLowerCase(), value: eq < 0 ? null : word.value.slice(eq + 1), range: lines.rangeOf(word.start, word.end) };
  });
  const argsStart = args.length > 0 ? args[0].start : end;
  const argsText = args.length > 0 ? joinContinuations(lines.text, argsStart, end, escapeChar) : '';
  // dockerfile-ast recomputes the arguments for every getter: ask for heredocs only when there can be one.
  const withHeredocs = node as unknown as { getHeredocs?(): { getName(): string; getContentRange(): Flag['range'] | null }[] };
  const heredocs = typeof withHeredocs.getHeredocs === 'function' && argsText.includes('<<')
    ? withHeredocs.getHeredocs().map((heredoc) => {
      const content = heredoc.getContentRange();
      return {
        name: heredoc.getName(),
        contentStart: content ? lines.offsetAt(content.start) : end,
        contentEnd: content ? lines.offsetAt(content.end) : end,
      };
    })
    : [];
  return {
    keyword,
    range,
    start,
    end,
    keywordRange,
    args,
    flags,
    argsStart,
    argsText,
    stageIndex,
    execForm: EXEC_FORM_KEYWORDS.has(keyword) ? parseExecForm(argsText) : null,
    heredocs,
    node,
  };
}

/**
 * A word of an instruction. Its LSP range is computed when asked for: rules read the range of the
 * few words they report, and two positions for every word of every instruction were a tenth of
 * the model's allocation.
 */
class ModelWord implements Word {
  private computedRange: Range | undefined;

  constructor(readonly value: string, readonly start: number, readonly end: number, private readonly lines: LineIndex) {}

  get range(): Range {
    return (this.computedRange ??= this.lines.rangeOf(this.start, this.end));
  }
}

/**
 * The instruction's words (read once, by `readWords`), with its leading `--flags` split off by
 * dockerfile-ast's own rule (`ModifiableInstruction.getFlags`): its getters would scan the words
 * once for `getArguments()` and again for `getFlags()`.
 */
function splitFlags(raw: RawWord[], node: AstInstruction, keyword: string): { words: RawWord[]; flagWords: RawWord[] } {
  if (!(node instanceof ModifiableInstruction)) return { words: raw, flagWords: [] };
  const flagWords: RawWord[] = [];
  for (const word of raw) {
    if (stopsFlagSearch(keyword, word.value)) break;
    if (word.value.startsWith('--')) flagWords.push(word);
  }
  // dockerfile-ast drops as many leading words as it found flags.
  return { words: raw.slice(flagWords.length), flagWords };
}

/** dockerfile-ast's `stopSearchingForFlags` per instruction. */
function stopsFlagSearch(keyword: string, value: string): boolean {
  switch (keyword) {
    case 'FROM': case 'RUN': case 'COPY': case 'ADD':
      return !value.includes('--');
    case 'HEALTHCHECK': {
      const upper = value.toUpperCase();
      return upper === 'CMD' || upper === 'NONE';
    }
    default:
      return true;
  }
}

/** Docker's rule: the arguments are exec form when they parse as a JSON array of strings. */
export function parseExecForm(argsText: string): ExecForm | null {
  const trimmed = argsText.trim();
  if (!trimmed.startsWith('[')) return null;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string')) return { values: parsed };
  } catch {
    // Not JSON: the builder runs it as shell form.
  }
  return null;
}

/**
 * Global ARGs with their defaults, each expanded with the ARGs declared before it as the builder
 * does (`ARG V=3` then `ARG IMG=alpine:${V}` gives `alpine:3`). Null when there is no default, or
 * the default depends on one. `platform` holds the same values as an amd64 build sees them, with
 * the automatic platform ARGs set (`ARG FLAVOR=${TARGETARCH}`).
 */
function readArgs(instruction: Instruction, into: Map<string, string | null>, platform: Map<string, string | null>, unknownDefaults: Set<string>): void {
  for (const word of instruction.args) {
    const eq = word.value.indexOf('=');
    const name = eq < 0 ? word.value : word.value.slice(0, eq);
    if (eq < 0) {
      into.set(name, null);
      unknownDefaults.delete(name);
      // Declaring `ARG TARGETARCH` without a value keeps the builder's value.
      if (!AUTOMATIC_PLATFORM_ARGS.has(name)) platform.set(name, null);
      continue;
    }
    const raw = unquote(word.value.slice(eq + 1));
    // A default built from an unknown value is unknown, not unset: `${V:+x}` must not read it as empty.
    const value = expandKnown(raw, into, (other) => (unknownDefaults.has(other) ? undefined : into.get(other)));
    into.set(name, value);
    if (value === null) unknownDefaults.add(name);
    else unknownDefaults.delete(name);
    platform.set(name, expandKnown(raw, platform));
  }
}

/** Expands from `args`; null when the result depends on an unknown value. */
function expandKnown(value: string, args: ReadonlyMap<string, string | null>, lookup = (name: string) => args.get(name)): string | null {
  if (!value.includes('$')) return value;
  // Names not declared (the platform ARGs too, outside `platform`) have no known value.
  const expanded = expandArgs(value, lookup);
  return expanded.unknown ? null : expanded.text;
}

function unquote(value: string): string {
  return /^(["']).*\1$/s.test(value) ? value.slice(1, -1) : value;
}

/** Substitutes `$NAME`, `${NAME}` and `${NAME:-default}` from global ARG defaults; null if unknown. */
export function substituteArgs(value: string, args: ReadonlyMap<string, string | null>): string | null {
  return expandKnown(value, args);
}

function readStage(
  from: Instruction, stages: Stage[], stageByName: ReadonlyMap<string, number>, globalArgs: Map<string, string | null>, platformArgs: Map<string, string | null>,
): Stage {
  const index = stages.length;
  from.stageIndex = index;
  // `FROM image AS name`, read from our own words (dockerfile-ast's getter recomputes them).
  const nameWord = from.args.length >= 3 && from.args[1].value.toLowerCase() === 'as' ? from.args[2] : null;
  const name = nameWord?.value ?? null;
  const imageWord = from.args[0];
  let image: ImageRef | null = null;
  let baseStage: number | null = null;
  let isScratch = false;
  if (imageWord) {
    const resolved = substituteArgs(imageWord.value, globalArgs);
    // `ARG FLAVOR=${TARGETARCH}` + `FROM ${FLAVOR}` picks a stage per platform: link the one an
    // amd64 build uses rather than read the reference as an image.
    const lower = (resolved ?? substituteArgs(imageWord.value, platformArgs))?.toLowerCase() ?? null;
    const stageMatch = lower === null ? undefined : stageByName.get(lower);
    if (stageMatch !== undefined) baseStage = stageMatch;
    else if (lower === 'scratch') isScratch = true;
    else image = { ...parseImageName(resolved ?? imageWord.value), written: imageWord.value, resolved, range: imageWord.range };
  }
  return {
    index,
    name: name ? name.toLowerCase() : null,
    nameRange: nameWord?.range ?? null,
    from,
    image,
    isScratch,
    baseStage,
    instructions: [],
    isFinal: false,
    reachesFinal: false,
    inFinalImage: false,
    // A stage built FROM another inherits its SHELL.
    shell: baseStage !== null ? stages[baseStage].shell : null,
  };
}

/** Marks the final stage and every stage it needs, following FROM, COPY --from and RUN --mount from=. */
function linkStages(stages: Stage[]): void {
  if (stages.length === 0) return;
  const byReference = (reference: string, before: number): number => {
    const lower = reference.toLowerCase();
    if (/^\d+$/.test(lower)) return Number(lower) < before ? Number(lower) : -1;
    return stages.findIndex((stage, index) => index < before && stage.name === lower);
  };
  const dependencies = stages.map((stage) => {
    const needs = new Set<number>();
    if (stage.baseStage !== null) needs.add(stage.baseStage);
    for (const instruction of stage.instructions) {
      for (const flag of instruction.flags) {
        let reference: string | null = null;
        if (flag.name === 'from' && flag.value) reference = flag.value;
        if (flag.name === 'mount' && flag.value) reference = /(?:^|,)from=([^,]+)/.exec(flag.value)?.[1] ?? null;
        const found = reference === null ? -1 : byReference(reference, stage.index);
        if (found >= 0) needs.add(found);
      }
    }
    return needs;
  });
  const final = stages[stages.length - 1];
  final.isFinal = true;
  for (let stage: Stage | undefined = final; stage && !stage.inFinalImage; stage = stage.baseStage !== null ? stages[stage.baseStage] : undefined) {
    stage.inFinalImage = true;
  }
  const queue = [final.index];
  while (queue.length > 0) {
    const index = queue.pop()!;
    if (stages[index].reachesFinal) continue;
    stages[index].reachesFinal = true;
    queue.push(...dependencies[index]);
  }
}

function readComments(dockerfile: ReturnType<typeof DockerfileParser.parse>, lines: LineIndex, instructions: Instruction[]): Comment[] {
  const comments: Comment[] = [];
  let next = 0;
  // Leading `# key=value` lines are parser directives to dockerfile-ast (`# check=skip=…`, and
  // `# hadolint global ignore=…` when it comes first); for suppression they are comments too.
  const ranges = [...dockerfile.getDirectives(), ...dockerfile.getComments()].map((comment) => comment.getRange());
  ranges.sort((a, b) => a.start.line - b.start.line);
  for (const range of ranges) {
    while (next < instructions.length && instructions[next].range.end.line < range.start.line) next++;
    const inside = next < instructions.length && instructions[next].range.start.line < range.start.line;
    if (!inside) comments.push({ text: lines.lineText(range.start.line).trim(), line: range.start.line, range });
  }
  return comments;
}

function parseScript(
  instruction: Instruction, text: string, stages: Stage[], parser: ShellParser, viewOf: (instruction: Instruction) => string, cache?: ShellScriptCache,
): ShellScript | null {
  if (!['RUN', 'CMD', 'ENTRYPOINT'].includes(instruction.keyword) || instruction.execForm) return null;
  const stage = instruction.stageIndex >= 0 ? stages[instruction.stageIndex] : null;
  const shellProgram = stage?.shell?.[0];
  if (shellProgram && !POSIX_SHELLS.test(shellProgram)) return null;
  if (instruction.args.length === 0) return null;
  const heredoc = instruction.heredocs[0];
  if (heredoc && instruction.args[0].value.startsWith('<<')) {
    // `RUN <<EOF` runs the heredoc body as the script, unless it names another interpreter.
    const body = text.slice(heredoc.contentStart, heredoc.contentEnd);
    if (/^#!(?!.*\b(sh|bash|dash|ash)\b)/.test(body)) return null;
    return readShellScript(parser, body, heredoc.contentStart, cache);
  }
  return readShellScript(parser, viewOf(instruction), instruction.argsStart, cache);
}
