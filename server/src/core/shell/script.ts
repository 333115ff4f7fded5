// Reads a RUN script into plain data: the simple commands it runs, their words and where each
// sits in the Dockerfile. The syntax tree is freed right away; rules only see this summary.
import type { Node } from 'web-tree-sitter';
import type { ShellScriptCache } from './cache';
import type { ShellParser } from './parser';
import { readSimpleScript } from './simple';

export type ShellOperator = '&&' | '||' | ';' | '|' | '&' | '\n';

export interface ShellWord {
  /** Source text of the word, quotes included. */
  raw: string;
  /** The word after quote removal, or null when it contains an expansion. */
  value: string | null;
  /** Document offsets. */
  start: number;
  end: number;
}

export interface ShellCommand {
  /** Literal command name (`apt-get`), or null when it is computed (`$CMD`). */
  name: string | null;
  nameWord: ShellWord;
  /** Arguments after the name. */
  args: ShellWord[];
  /** Names of `VAR=value` prefixes. */
  assignments: string[];
  start: number;
  end: number;
  /** The operator that joins this command to the previous one (null for the first). */
  operatorBefore: ShellOperator | null;
  /** Inside `$( )`, backticks or a process substitution. */
  nested: boolean;
}

export interface ShellScript {
  commands: ShellCommand[];
  /** Document offset of the end of the last statement (before trailing comments and blanks). */
  end: number;
  hasSyntaxError: boolean;
  /** Uses `cd`, `export`, `set`, `source`, a function, loop or subshell (state that affects merging). */
  hasComplexSyntax: boolean;
}

const OPERATORS = new Set(['&&', '||', ';', '|', '&', '|&']);
const COMPLEX_NODES = new Set([
  'function_definition', 'for_statement', 'c_style_for_statement', 'while_statement', 'if_statement',
  'case_statement', 'subshell', 'compound_statement', 'declaration_command', 'unset_command',
]);

/**
 * Parses `view` (a same-length shell rendering of a Dockerfile slice that starts at document
 * offset `origin`) and returns its commands with document offsets. With a cache, a script already
 * read (at any offset) is not parsed again.
 */
export function readShellScript(parser: ShellParser, view: string, origin: number, cache?: ShellScriptCache): ShellScript {
  if (!cache) return parseShellScript(parser, view, origin);
  const cached = cache.get(view, origin);
  if (cached) return cached;
  const script = parseShellScript(parser, view, 0);
  cache.set(view, script);
  return cache.get(view, origin)!;
}

function parseShellScript(parser: ShellParser, view: string, origin: number): ShellScript {
  return readSimpleScript(view, origin) ?? parseWithTreeSitter(parser, view, origin);
}

/** The tree-sitter reading; exported for the test that holds the fast path to it. */
export function parseWithTreeSitter(parser: ShellParser, view: string, origin: number): ShellScript {
  const tree = parser.parse(view);
  try {
    const root = tree.rootNode;
    const commands: ShellCommand[] = [];
    const operators: { offset: number; op: ShellOperator }[] = [];
    let hasComplexSyntax = false;
    let lastStatementEnd = 0;
    // Statements only: a trailing `;` is an operator token, and text appended after it would not parse.
    for (const child of root.namedChildren) {
      if (child && child.type !== 'comment') lastStatementEnd = Math.max(lastStatementEnd, child.endIndex);
    }
    // A cursor, not `node.children`: every Node object crosses from WASM to JS, and most of the
    // tree is tokens the walk only looks at the type of.
    const cursor = root.walk();
    const walk = (nested: boolean, parentType: string | null): void => {
      const type = cursor.nodeType;
      if (COMPLEX_NODES.has(type)) hasComplexSyntax = true;
      if (type === 'command') {
        const command = readCommand(cursor.currentNode, view, origin, nested);
        if (command) {
          if (command.name && ['cd', 'export', 'set', 'source', '.', 'umask', 'shopt', 'alias', 'pushd', 'popd'].includes(command.name)) {
            hasComplexSyntax = true;
          }
          commands.push(command);
        }
      }
      if (!cursor.gotoFirstChild()) {
        // In `case $x in a | b)`, the `|` between patterns (a direct child of the case_item) is
        // not a pipe; pipes in the item's body sit inside a pipeline node.
        const isPatternSeparator = parentType === 'case_item' && type === '|';
        if (OPERATORS.has(type) && !isPatternSeparator) operators.push({ offset: cursor.startIndex, op: (type === '|&' ? '|' : type) as ShellOperator });
        return;
      }
      const nestedHere = nested || type === 'command_substitution' || type === 'process_substitution';
      do walk(nestedHere, type);
      while (cursor.gotoNextSibling());
      cursor.gotoParent();
    };
    try {
      walk(false, null);
    } finally {
      cursor.delete();
    }
    // An operator belongs to the first command that starts after it.
    let operatorIndex = 0;
    let previousEnd = -1;
    for (const command of commands) {
      const localStart = command.start - origin;
      let op: ShellOperator | null = null;
      while (operatorIndex < operators.length && operators[operatorIndex].offset < localStart) {
        if (operators[operatorIndex].offset >= previousEnd) op = operators[operatorIndex].op;
        operatorIndex++;
      }
      if (op === null && previousEnd >= 0 && view.slice(previousEnd, localStart).includes('\n') && !command.nested) op = '\n';
      command.operatorBefore = previousEnd < 0 ? null : op;
      previousEnd = command.end - origin;
    }
    return { commands, end: origin + lastStatementEnd, hasSyntaxError: root.hasError, hasComplexSyntax };
  } finally {
    tree.delete();
  }
}

function readCommand(node: Node, view: string, origin: number, nested: boolean): ShellCommand | null {
  let nameWord: ShellWord | null = null;
  const args: ShellWord[] = [];
  const assignments: string[] = [];
  for (const child of node.children) {
    if (!child) continue;
    if (child.type === 'variable_assignment') {
      assignments.push(child.firstChild?.text ?? '');
    } else if (child.type === 'command_name') {
      nameWord = toWord(child.firstChild ?? child, view, origin);
    } else if (nameWord && !child.type.endsWith('redirect') && child.type !== 'comment') {
      args.push(toWord(child, view, origin));
    }
  }
  if (!nameWord) return null;
  return {
    name: nameWord.value,
    nameWord,
    args,
    assignments,
    start: origin + node.startIndex,
    end: origin + node.endIndex,
    operatorBefore: null,
    nested,
  };
}

function toWord(node: Node, view: string, origin: number): ShellWord {
  const raw = view.slice(node.startIndex, node.endIndex);
  return { raw, value: literalValue(node), start: origin + node.startIndex, end: origin + node.endIndex };
}

/** Quote removal for words without expansions; null when the value is only known at run time. */
function literalValue(node: Node): string | null {
  switch (node.type) {
    case 'word':
    case 'number':
      return node.text.replace(/\\(.)/gs, '$1');
    case 'raw_string':
      return node.text.slice(1, -1);
    case 'string': {
      for (const child of node.namedChildren) if (!child || child.type !== 'string_content') return null;
      // The text between the quotes, not the string_content children: tree-sitter gives none for
      // blanks alone, and `" "` is a space.
      return node.text.slice(1, -1).replace(/\\([$`"\\\n])/g, '$1');
    }
    case 'concatenation': {
      let value = '';
      for (const child of node.children) {
        const part = child ? literalValue(child) : null;
        if (part === null) return null;
        value += part;
      }
      return value;
    }
    default:
      return null;
  }
}
