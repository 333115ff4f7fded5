// ShellCheck on RUN scripts, the pure half: what to send the program (one input per shell-form
// RUN, whose offsets are the document's) and how to read its `--format=json1` answer back into
// findings. Starting the program is the adapters' job (server/src/node/shellcheck.ts).
//
// Offsets: the input is the shell view of the RUN (same length as the document slice), so
// ShellCheck's line/column inside it plus the script's start offset is a document offset. The
// Dockerfile's ARG/ENV names are declared AFTER the script (`export NAME ...`), which ShellCheck
// counts as assigned (its SC2154 check is flow-insensitive) without moving a single line.
import { compareFindings, type Finding } from './engine';
import type { DockerfileModel, Instruction } from './model/types';
import type { Fix, Severity, SeverityOrOff, TextEdit } from './rule';
import { readSuppressions } from './suppressions';

export const SHELLCHECK_RULE_ID = 'shellcheck';

export type ShellCheckDialect = 'sh' | 'bash' | 'dash';

/**
 * Codes that make no sense for a Dockerfile: sourced files live in the image, not beside the
 * Dockerfile (SC1090, SC1091); ash is checked as sh on purpose (SC2187). hadolint drops them too.
 */
export const SHELLCHECK_EXCLUDED = ['SC1090', 'SC1091', 'SC2187'];

/** Variables every RUN sees without a declaration (BuildKit's predefined proxy ARGs). */
const PREDEFINED_VARIABLES = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'FTP_PROXY', 'ftp_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy'];

export interface ShellCheckInput {
  instruction: Instruction;
  dialect: ShellCheckDialect;
  /** Standard input for ShellCheck: the script, then the declarations of the known variables. */
  text: string;
  /** Document offset of the script's first character. */
  origin: number;
  /** Length of the script part of `text`. */
  scriptLength: number;
}

/** The command-line arguments for one input (the program reads the script from stdin). */
export function shellCheckArgs(input: ShellCheckInput): string[] {
  return ['--format=json1', `--shell=${input.dialect}`, `--exclude=${SHELLCHECK_EXCLUDED.join(',')}`, '-'];
}

/** One ShellCheck input per shell-form RUN whose shell ShellCheck understands. */
export function shellCheckInputs(model: DockerfileModel): ShellCheckInput[] {
  const declarations = knownVariablesDeclaration(model);
  const pragmas = shellPragmas(model);
  const inputs: ShellCheckInput[] = [];
  for (const instruction of model.instructions) {
    if (instruction.keyword !== 'RUN' || instruction.execForm || instruction.args.length === 0) continue;
    const pragma = [...pragmas].reverse().find((candidate) => candidate.line < instruction.range.start.line);
    const stageShell = model.stages[instruction.stageIndex]?.shell?.[0];
    let dialect = dialectOf(pragma ? pragma.shell : stageShell ?? 'sh');
    if (!dialect) continue;
    let origin = instruction.argsStart;
    let script: string;
    const heredoc = instruction.heredocs[0];
    if (heredoc && instruction.args[0].value.startsWith('<<')) {
      // `RUN <<EOF` runs the body as the script; a shebang picks its interpreter.
      origin = heredoc.contentStart;
      script = model.text.slice(heredoc.contentStart, heredoc.contentEnd);
      const shebang = /^#!\s*(\S+)(?:[ \t]+(\S+))?/.exec(script);
      if (shebang) {
        dialect = dialectOf(/(^|\/)env$/.test(shebang[1]) ? shebang[2] ?? '' : shebang[1]);
        if (!dialect) continue;
      }
    } else {
      script = model.shellView(instruction);
    }
    // A CRLF file's carriage returns are line ends to the builder, not characters (SC1017).
    script = script.replace(/\r/g, ' ');
    // The blank line ends a dangling continuation, so the declarations stay a command of their own.
    inputs.push({ instruction, dialect, text: `${script}\n\n${declarations}\n`, origin, scriptLength: script.length });
  }
  return inputs;
}

function dialectOf(program: string): ShellCheckDialect | null {
  const name = program.split(/[\\/]/).pop()?.toLowerCase() ?? '';
  if (name === 'bash') return 'bash';
  if (name === 'dash') return 'dash';
  if (name === 'sh' || name === 'ash') return 'sh';
  return null;
}

/** `# hadolint shell=NAME` comments: the shell of every RUN after them. */
function shellPragmas(model: DockerfileModel): { line: number; shell: string }[] {
  const pragmas: { line: number; shell: string }[] = [];
  for (const comment of model.comments) {
    const match = /^#\s*hadolint\s+shell\s*=\s*(\S+)/i.exec(comment.text);
    if (match) pragmas.push({ line: comment.line, shell: match[1] });
  }
  return pragmas;
}

/** `export A B C`: every ARG and ENV name of the file, so ShellCheck does not call them unassigned. */
function knownVariablesDeclaration(model: DockerfileModel): string {
  const names = new Set<string>(PREDEFINED_VARIABLES);
  for (const instruction of model.instructions) {
    if (instruction.keyword === 'ARG') {
      for (const word of instruction.args) names.add(word.value.split('=', 1)[0]);
    } else if (instruction.keyword === 'ENV') {
      const args = instruction.args;
      if (args.length >= 2 && !args[0].value.includes('=')) names.add(args[0].value);
      else for (const word of args) names.add(word.value.split('=', 1)[0]);
    }
  }
  const valid = [...names].filter((name) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)).sort();
  return `export ${valid.join(' ')}`;
}

// ShellCheck's answer ------------------------------------------------------------------------

export interface ShellCheckReplacement {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  replacement: string;
}

/** One entry of ShellCheck's `--format=json1` output; lines and columns are 1-based code points. */
export interface ShellCheckComment {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  level: string;
  code: number;
  message: string;
  fix: { replacements: ShellCheckReplacement[] } | null;
}

export interface ShellCheckResult {
  input: ShellCheckInput;
  comments: readonly ShellCheckComment[];
}

/** Reads `--format=json1` output; throws an Error naming what is wrong when it is not that. */
export function parseShellCheckOutput(stdout: string): ShellCheckComment[] {
  let data: unknown;
  try {
    data = JSON.parse(stdout);
  } catch {
    throw new Error(`ShellCheck's output is not JSON: \`${stdout.slice(0, 60)}\``);
  }
  const comments = (data as { comments?: unknown } | null)?.comments;
  if (!Array.isArray(comments)) throw new Error('ShellCheck\'s output has no `comments` list (is it older than 0.7?)');
  return comments.filter(isComment).map((comment) => ({
    line: comment.line,
    column: comment.column,
    endLine: comment.endLine,
    endColumn: comment.endColumn,
    level: comment.level,
    code: comment.code,
    message: comment.message,
    fix: readFix(comment.fix),
  }));
}

function isComment(value: unknown): value is ShellCheckComment {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return ['line', 'column', 'endLine', 'endColumn', 'code'].every((key) => Number.isInteger(record[key]))
    && typeof record.level === 'string' && typeof record.message === 'string';
}

function readFix(value: unknown): ShellCheckComment['fix'] {
  const replacements = (value as { replacements?: unknown } | null)?.replacements;
  if (!Array.isArray(replacements)) return null;
  const valid = replacements.filter((item): item is ShellCheckReplacement => {
    const record = item as Record<string, unknown> | null;
    return typeof record === 'object' && record !== null && typeof record.replacement === 'string'
      && ['line', 'column', 'endLine', 'endColumn'].every((key) => Number.isInteger(record[key]));
  });
  return valid.length === replacements.length && valid.length > 0 ? { replacements: valid } : null;
}

const SEVERITY_OF_LEVEL: Record<string, Severity> = { error: 'error', warning: 'warning', info: 'info', style: 'hint' };

/**
 * A configured severity for a key (`SC2086`, then `shellcheck`), or undefined for ShellCheck's own
 * level. The configuration does not carry SC codes yet: adapters pass this once it does.
 */
export type ShellCheckSeverityLookup = (key: string) => SeverityOrOff | undefined;

/**
 * The findings of ShellCheck's comments, in document positions. Suppression comments apply with
 * the keys `shellcheck` and the code (`# hadolint ignore=SC2086`, `# layerwise-ignore SC2086`).
 */
export function shellCheckFindings(model: DockerfileModel, results: readonly ShellCheckResult[], configured: ShellCheckSeverityLookup = () => undefined): Finding[] {
  const suppressions = readSuppressions(model);
  const findings: Finding[] = [];
  for (const { input, comments } of results) {
    const locate = scriptLocator(input);
    for (const comment of comments) {
      const code = `SC${comment.code}`;
      const severity = configured(code) ?? configured(SHELLCHECK_RULE_ID) ?? SEVERITY_OF_LEVEL[comment.level] ?? 'warning';
      if (severity === 'off') continue;
      if (suppressions.isSuppressed([SHELLCHECK_RULE_ID, code], input.instruction.range.start.line)) continue;
      let start = locate(comment.line, comment.column);
      let end = locate(comment.endLine, comment.endColumn);
      if (start === null || start >= input.scriptLength) {
        // Past the script, in the declarations: a parse error belongs at the script's end (an
        // unterminated quote); anything else is about the declarations themselves.
        if (comment.code >= 2000) continue;
        start = Math.max(0, input.scriptLength - 1);
        end = input.scriptLength;
      }
      end = Math.min(Math.max(end ?? start, start), input.scriptLength);
      const fix = fixOf(model, input, comment, locate);
      findings.push({
        ruleId: SHELLCHECK_RULE_ID,
        severity,
        message: `${comment.message.trim().replace(/\.$/, '')} [${code}]`,
        range: model.lines.rangeOf(input.origin + start, input.origin + end),
        related: [],
        tags: [],
        fixes: fix ? [fix] : [],
      });
    }
  }
  return sortFindings(findings);
}

/** Maps ShellCheck's 1-based line and code-point column to an offset in the input text. */
function scriptLocator(input: ShellCheckInput): (line: number, column: number) => number | null {
  const lineStarts = [0];
  for (let i = 0; i < input.text.length; i++) if (input.text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  return (line, column) => {
    if (line < 1 || line > lineStarts.length) return null;
    let offset = lineStarts[line - 1];
    const lineEnd = line < lineStarts.length ? lineStarts[line] - 1 : input.text.length;
    // Columns count code points: a character outside the BMP is two UTF-16 units here.
    for (let left = column - 1; left > 0 && offset < lineEnd; left--) {
      const unit = input.text.charCodeAt(offset);
      offset += unit >= 0xd800 && unit <= 0xdbff ? 2 : 1;
    }
    return offset;
  };
}

/**
 * ShellCheck's own suggestion as an unsafe fix (it changes what the script does, by design), when
 * every replacement lies where the script's text is the document's text.
 */
function fixOf(model: DockerfileModel, input: ShellCheckInput, comment: ShellCheckComment, locate: (line: number, column: number) => number | null): Fix | null {
  if (!comment.fix) return null;
  const edits: TextEdit[] = [];
  const starts = new Set<number>();
  for (const replacement of comment.fix.replacements) {
    const start = locate(replacement.line, replacement.column);
    const end = locate(replacement.endLine, replacement.endColumn);
    if (start === null || end === null || end < start || end > input.scriptLength || starts.has(start)) return null;
    starts.add(start);
    // The view rewrote continuation backslashes and skipped comment lines: stay off those spots.
    const from = Math.max(0, start - 1);
    const to = Math.min(input.scriptLength, end + 1);
    if (input.text.slice(from, to) !== model.text.slice(input.origin + from, input.origin + to).replace(/\r/g, ' ')) return null;
    edits.push({ range: model.lines.rangeOf(input.origin + start, input.origin + end), newText: replacement.replacement });
  }
  return { title: `Apply ShellCheck's suggestion for SC${comment.code} (unsafe: it changes how the script runs)`, safety: 'unsafe', edits };
}

/** Findings from several sources in one list, in document order. */
export function mergeFindings(...lists: readonly (readonly Finding[])[]): Finding[] {
  return sortFindings(lists.flat());
}

function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(compareFindings);
}

/** The ShellCheck code of a `shellcheck` finding (`SC2086`), or null for any other finding. */
export function shellCheckCodeOf(finding: Finding): string | null {
  if (finding.ruleId !== SHELLCHECK_RULE_ID) return null;
  return /\[(SC\d+)\]$/.exec(finding.message)?.[1] ?? null;
}

export function shellCheckWikiUrl(code: string): string {
  return `https://www.shellcheck.net/wiki/${code}`;
}
