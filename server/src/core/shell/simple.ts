// A fast path for the most common RUN scripts: plain words joined by `&&`, `||`, `;`, `|` and
// newlines (`apt-get update && apt-get install -y curl`), where a word may also hold quoted plain
// text (`-ldflags="-s -w"`, `'a b'`) and plain variable expansions (`$HOME`, `"app-${VERSION}"`).
// They are read here without tree-sitter, which costs 30–300 µs per script through WASM. Anything
// else — other `$` forms, backslashes or other characters inside quotes, globs beyond `*`,
// redirects, subshells, reserved words, comments, lone `&` — returns null and goes to tree-sitter.
// A property test checks that every script this accepts reads exactly as tree-sitter reads it.
import type { ShellCommand, ShellOperator, ShellScript, ShellWord } from './script';

/** ASCII lookup tables: a regular expression per character cost more than the rest of the scan. */
function charTable(chars: string): Uint8Array {
  const table = new Uint8Array(128);
  for (const char of chars) table[char.charCodeAt(0)] = 1;
  return table;
}
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const WORD_CHARS = charTable(`${ALNUM}_-./:=+,@%*`);
/** What a quoted part of a word may hold here: plain characters and blanks, no expansion or escape. */
const QUOTED_CHARS = charTable(`${ALNUM}_-./:=+,@%* \t`);
const isIn = (table: Uint8Array, char: string): boolean => table[char.charCodeAt(0)] === 1;
/** `$NAME` or `${NAME}` at the start: a plain expansion, with no operator or special parameter. */
const EXPANSION = /\$(?:[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*\})/y;

/** The length of the plain expansion at `index`, or 0. */
function expansionLength(text: string, index: number): number {
  EXPANSION.lastIndex = index;
  return EXPANSION.test(text) ? EXPANSION.lastIndex - index : 0;
}
/** `NAME=value` or `NAME+=value` before a command. */
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*\+?=/;
/** Words that tree-sitter-bash reads as syntax, not as a command name. */
const RESERVED = new Set([
  'if', 'then', 'else', 'elif', 'fi', 'for', 'while', 'until', 'do', 'done', 'case', 'esac', 'in',
  'function', 'select', 'time', 'coproc', 'declare', 'export', 'local', 'readonly', 'typeset', 'unset',
]);
/** Commands whose effect outlives them in the same shell (what merging RUNs must respect). */
const STATEFUL = new Set(['cd', 'set', 'source', '.', 'umask', 'shopt', 'alias', 'pushd', 'popd']);

/** `value` is the word with its quotes removed, or null when it holds an expansion. */
interface WordToken { kind: 'word'; start: number; end: number; value: string | null }
type Token = WordToken | { kind: 'op'; op: ShellOperator; start: number };

function tokenize(view: string): Token[] | null {
  const tokens: Token[] = [];
  const lastContent = view.trimEnd().length - 1;
  let i = 0;
  while (i < view.length) {
    const char = view[i];
    if (char === ' ' || char === '\t') {
      i++;
    } else if (char === '\\') {
      // A line continuation between words; glued to a word it would join two words into one.
      if (view[i + 1] !== '\n' || (i > 0 && view[i - 1] !== ' ' && view[i - 1] !== '\t') || i >= lastContent) return null;
      i += 2;
    } else if (char === '\n') {
      tokens.push({ kind: 'op', op: '\n', start: i });
      i++;
    } else if (char === '&') {
      if (view[i + 1] !== '&') return null;
      tokens.push({ kind: 'op', op: '&&', start: i });
      i += 2;
    } else if (char === '|') {
      if (view[i + 1] === '&') return null;
      const op = view[i + 1] === '|' ? '||' : '|';
      tokens.push({ kind: 'op', op, start: i });
      i += op.length;
    } else if (char === ';') {
      if (view[i + 1] === ';' || view[i + 1] === '&') return null;
      tokens.push({ kind: 'op', op: ';', start: i });
      i++;
    } else if (isIn(WORD_CHARS, char) || char === '"' || char === "'" || char === '$') {
      const start = i;
      let value = '';
      let expanded = false;
      // Only literal characters so far: tree-sitter-bash splits some words at an unquoted expansion
      // that follows a quote or another expansion (`'q'$V/x`, `$URL/$VERSION/file.tgz`); those go to it.
      let literalSoFar = true;
      while (i < view.length) {
        const next = view[i];
        if (isIn(WORD_CHARS, next)) {
          // A run of plain characters as one slice, not one string per character.
          const runStart = i;
          while (i < view.length && isIn(WORD_CHARS, view[i])) i++;
          value += view.slice(runStart, i);
        } else if (next === '$') {
          const length = expansionLength(view, i);
          if (length === 0 || !literalSoFar) return null;
          expanded = true;
          literalSoFar = false;
          i += length;
        } else if (next === '"' || next === "'") {
          const close = view.indexOf(next, i + 1);
          if (close < 0) return null;
          for (let j = i + 1; j < close; j++) {
            if (isIn(QUOTED_CHARS, view[j])) continue;
            // Inside double quotes a plain expansion may stand between plain characters.
            const length = next === '"' && view[j] === '$' ? expansionLength(view, j) : 0;
            if (length === 0) return null;
            expanded = true;
            j += length - 1;
          }
          value += view.slice(i + 1, close);
          literalSoFar = false;
          i = close + 1;
        } else {
          break;
        }
      }
      // tree-sitter-bash reads `==` as a test operator in some places (`x == y`, `==$V`): left to it.
      if (view.slice(start, i).includes('==')) return null;
      tokens.push({ kind: 'word', start, end: i, value: expanded ? null : value });
    } else {
      return null;
    }
  }
  return tokens;
}

/** The script's summary, or null when it is not made of plain words and simple operators only. */
export function readSimpleScript(view: string, origin: number): ShellScript | null {
  const tokens = tokenize(view);
  if (!tokens) return null;
  const commands: ShellCommand[] = [];
  let pendingOp: ShellOperator | null = null;
  let sawNewline = false;
  let words: WordToken[] = [];
  let hasComplexSyntax = false;
  const finish = (): boolean => {
    if (words.length === 0) return true;
    const assignments: string[] = [];
    let index = 0;
    for (; index < words.length; index++) {
      const text = view.slice(words[index].start, words[index].end);
      const eq = text.indexOf('=');
      // Most words have no `=` and are no assignment: no regular expression for them.
      if (eq < 0 || !ASSIGNMENT.test(text)) break;
      assignments.push(text.slice(0, text[eq - 1] === '+' ? eq - 1 : eq));
    }
    if (index === words.length) return false; // only assignments: tree-sitter reads a different node
    const toWord = (token: WordToken): ShellWord => ({ raw: view.slice(token.start, token.end), value: token.value, start: origin + token.start, end: origin + token.end });
    const nameWord = toWord(words[index]);
    // tree-sitter-bash reads some odd command names (`--opt=v`) as other nodes; real scripts do not use them.
    // A quoted name (`"if"`) is never a reserved word, but tree-sitter still reads a keyword glued to
    // a quote (`export'q'x`) as the keyword; `"cd"` still changes the shell's state.
    const quoteOrExpansion = nameWord.raw.search(/["'$]/);
    const unquotedPrefix = quoteOrExpansion < 0 ? nameWord.raw : nameWord.raw.slice(0, quoteOrExpansion);
    if (RESERVED.has(unquotedPrefix) || nameWord.raw.startsWith('-') || nameWord.value?.startsWith('-')) return false;
    if (STATEFUL.has(nameWord.value ?? '')) hasComplexSyntax = true;
    const last = words[words.length - 1];
    commands.push({
      name: nameWord.value,
      nameWord,
      args: words.slice(index + 1).map(toWord),
      assignments,
      start: origin + words[0].start,
      end: origin + last.end,
      operatorBefore: commands.length === 0 ? null : pendingOp ?? (sawNewline ? '\n' : null),
      nested: false,
    });
    words = [];
    pendingOp = null;
    sawNewline = false;
    return true;
  };
  let expectCommand = true; // after an operator (other than a newline), a command must follow
  let sawPipe = false;
  for (const token of tokens) {
    if (token.kind === 'word') {
      words.push(token);
      expectCommand = false;
      continue;
    }
    if (token.op === '\n') {
      // tree-sitter-bash misreads some lines after a pipeline (`a | b | c` newline `d && e` gives `c d`);
      // those scripts go to it, so that every reading of a script is the same.
      if (sawPipe) return null;
      if (words.length > 0) {
        if (!finish()) return null;
        sawNewline = true;
      } else if (commands.length > 0 && pendingOp === null) {
        sawNewline = true;
      }
      continue;
    }
    if (words.length === 0 || !finish()) return null; // an operator with nothing before it
    if (token.op === '|') sawPipe = true;
    pendingOp = token.op;
    expectCommand = token.op !== ';';
  }
  if (words.length > 0 && !finish()) return null;
  if (expectCommand && pendingOp !== null) return null; // dangling `&&`, `||` or `|`
  if (commands.length === 0) return null;
  return { commands, end: commands[commands.length - 1].end, hasSyntaxError: false, hasComplexSyntax };
}
