// The model rules read: every instruction is read once from dockerfile-ast into plain objects,
// because dockerfile-ast's getters recompute on every call.
import type { Range } from 'vscode-languageserver-types';
import type { Instruction as AstInstruction } from 'dockerfile-ast';
import type { ImageName } from './image';
import type { LineIndex } from '../text';
import type { ShellParser } from '../shell/parser';
import type { ShellScript } from '../shell/script';

export interface Word {
  value: string;
  range: Range;
  start: number;
  end: number;
}

export interface Flag {
  /** Lower-case name without the leading dashes: `mount`, `from`, `platform`. */
  name: string;
  value: string | null;
  range: Range;
}

export interface ExecForm {
  /** The JSON array's strings, decoded. */
  values: string[];
}

export interface Instruction {
  /** Upper-case keyword: `RUN`, `FROM`... */
  keyword: string;
  range: Range;
  start: number;
  end: number;
  keywordRange: Range;
  /** Arguments split on whitespace as the builder sees them (flags excluded). */
  args: Word[];
  flags: Flag[];
  /** Offset where the arguments start (after the keyword and flags). */
  argsStart: number;
  /** The arguments' text with line continuations and skipped comment lines removed. */
  argsText: string;
  /** Index of the stage the instruction belongs to; -1 for ARGs before the first FROM. */
  stageIndex: number;
  /** For RUN, CMD, ENTRYPOINT and SHELL written as a valid JSON array. */
  execForm: ExecForm | null;
  /** Heredoc bodies (`RUN <<EOF`), in order. */
  heredocs: { name: string; contentStart: number; contentEnd: number }[];
  node: AstInstruction;
}

export interface ImageRef extends ImageName {
  /** The reference as written, e.g. `python:${VERSION}-slim`. */
  written: string;
  /** After substituting global ARG defaults; null when a variable has no default. */
  resolved: string | null;
  range: Range;
}

export interface Stage {
  index: number;
  /** `AS name`, lower-cased as the builder compares it; null when unnamed. */
  name: string | null;
  nameRange: Range | null;
  from: Instruction;
  /** Null for `FROM scratch` and for references that could not be resolved. */
  image: ImageRef | null;
  isScratch: boolean;
  /** Index of an earlier stage this one is built FROM, if any. */
  baseStage: number | null;
  /** Instructions after FROM, in order. */
  instructions: Instruction[];
  isFinal: boolean;
  /** True for the final stage and every stage it depends on (FROM, COPY --from, RUN --mount from). */
  reachesFinal: boolean;
  /**
   * True for the final stage and the stages it is built FROM: their layers are the shipped image.
   * A builder used only through `COPY --from` is not: its layers are thrown away.
   */
  inFinalImage: boolean;
  /** The shell RUN uses in this stage: the SHELL instruction's argv, or null for the default `/bin/sh -c`. */
  shell: string[] | null;
}

export interface Comment {
  text: string;
  line: number;
  range: Range;
}

export interface DockerfileModel {
  text: string;
  lines: LineIndex;
  escapeChar: string;
  instructions: Instruction[];
  stages: Stage[];
  finalStage: Stage | null;
  /** Global ARGs (before the first FROM) with their defaults, expanded in order; null when unknown (no default, or one that uses such an ARG). */
  globalArgs: Map<string, string | null>;
  /** Comments outside instructions (inside-RUN comment lines are not listed). */
  comments: Comment[];
  /**
   * The shell syntax tree of a RUN (or shell-form CMD/ENTRYPOINT), parsed on first use and cached.
   * Null for exec form, a non-POSIX SHELL, or a heredoc with another interpreter.
   */
  shellScript(instruction: Instruction): ShellScript | null;
  /**
   * The instruction's arguments as the shell reads them (`shell/view.ts`: continuations joined,
   * comment lines blanked, offsets kept), computed on first use and cached.
   */
  shellView(instruction: Instruction): string;
  /**
   * The shell parser the model was built with, for transformations that need a RUN's whole syntax
   * tree or must re-parse their own output (merging RUNs); rules read `shellScript` instead.
   */
  shellParser: ShellParser;
}
