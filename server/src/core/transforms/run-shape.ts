// What merging needs to know about one shell-form RUN, read from its whole syntax tree (the
// model's `shellScript` summary keeps only the commands): the operands of its top-level `&&`
// chain, whether it must be grouped to keep its exit status, the shell state it changes for the
// commands after it, and whether it can be merged at all.
import type { Node } from 'web-tree-sitter';
import type { DockerfileModel, Instruction, Stage } from '../model/types';

export interface Span {
  start: number;
  end: number;
}

export interface RunShape {
  instruction: Instruction;
  /** 1-based line of the RUN keyword, for messages. */
  line: number;
  /** Why this RUN cannot be merged with any other, or null. */
  refusal: string | null;
  /** Why no command may follow this RUN's script in the same shell (it turns on `set -e`), or null. */
  mustBeLast: string | null;
  /**
   * Document spans of the operands of the script's top-level `&&` chain (a single command is a
   * chain of one). Null when the top level uses `;`, `||` or several statements: joined with `&&`
   * as it is, another operator would bind to its last command, so the script must be grouped.
   */
  operands: Span[] | null;
  /** The script from its first statement to the end of its last (trailing comments excluded). */
  body: Span;
  /** Shell state the script changes for the commands after it, named for messages (`` `cd` ``). */
  stateChanges: string[];
}

/**
 * Builtins whose effect outlives the command: the working directory, variables, options, traps,
 * functions, the shell itself (`exec`, `exit`). A RUN using one must not share a shell with the
 * RUNs after it unless it runs in a subshell.
 */
const STATE_BUILTINS = new Set([
  'cd', 'pushd', 'popd', 'set', 'shopt', 'source', '.', 'umask', 'ulimit', 'alias', 'unalias', 'export',
  'readonly', 'local', 'declare', 'typeset', 'unset', 'trap', 'exec', 'exit', 'return', 'read', 'mapfile',
  'readarray', 'getopts', 'shift', 'let', 'eval', 'hash', 'enable', 'bind', 'disown', 'logout',
]);
/** Prefixes that run the builtin after them in the current shell. */
const TRANSPARENT_PREFIXES = new Set(['command', 'builtin', 'time']);
/** Children of these run in a subshell: nothing they change reaches the commands after them. */
const SUBSHELL_NODES = new Set(['subshell', 'command_substitution', 'process_substitution']);
/** Nodes that hold a statement list: under `set -e`, a merged `&&` chain switches `-e` off inside them. */
const STATEMENT_LISTS = new Set([
  'if_statement', 'for_statement', 'c_style_for_statement', 'while_statement', 'case_statement',
  'subshell', 'compound_statement', 'function_definition',
]);
const ARITHMETIC_ASSIGNMENTS = new Set(['=', '+=', '-=', '*=', '/=', '%=', '<<=', '>>=', '&=', '^=', '|=', '++', '--']);

export function readRunShape(model: DockerfileModel, stage: Stage, instruction: Instruction): RunShape {
  const line = instruction.range.start.line + 1;
  const shape: RunShape = {
    instruction, line, refusal: null, mustBeLast: null, operands: null,
    body: { start: instruction.argsStart, end: instruction.end }, stateChanges: [],
  };
  const refuse = (reason: string): RunShape => ({ ...shape, refusal: reason });
  if (instruction.heredocs.length > 0) return refuse('it uses a heredoc');
  const shell = stage.shell;
  if (shell && !/(^|\/)(sh|bash|dash|ash)$/.test(shell[0] ?? '')) return refuse(`the stage's SHELL \`${shell[0] ?? ''}\` is not sh, bash, dash or ash`);
  if (isWindowsStage(model, stage)) return refuse('Windows images run RUN with `cmd`, not a POSIX shell');
  const script = model.shellScript(instruction);
  if (!script || script.hasSyntaxError) return refuse('the shell cannot parse it');

  const origin = instruction.argsStart;
  const view = model.shellView(instruction);
  const tree = model.shellParser.parse(view);
  try {
    const root = tree.rootNode;
    if (root.hasError) return refuse('the shell cannot parse it');
    const statements = root.namedChildren.filter((node): node is Node => !!node && node.type !== 'comment');
    if (statements.length === 0) return refuse('it runs no command');
    const facts = readFacts(root, view);
    if (facts.background) return refuse('it starts a background job with `&`');
    if (facts.commentHidesLine) return refuse('a `#` comment in it hides the continued line after it');
    const chain = statements.length === 1 ? andChain(statements[0]) : null;
    // SHELL ["/bin/sh", "-e", "-c"]: the argv after the program reads like `set`'s.
    const errexitShell = !!shell && setsErrexit(shell.slice(1));
    // With `-e`, the shell ignores failures inside an if/loop/group that is not the last command of
    // an `&&` chain: merging would let such a block go on after a failing command.
    if (errexitShell && (!chain || chain.some((operand) => containsStatementList(operand.node)))) {
      return refuse('the stage\'s SHELL runs with `-e`, which a merged `&&` chain would turn off inside its blocks');
    }
    return {
      ...shape,
      mustBeLast: facts.errexit ? 'it turns on `set -e`, which a merged `&&` chain would ignore' : null,
      operands: chain?.map((operand) => ({ start: origin + operand.start, end: origin + operand.end })) ?? null,
      body: { start: origin + statements[0].startIndex, end: origin + statements[statements.length - 1].endIndex },
      stateChanges: facts.stateChanges,
    };
  } finally {
    tree.delete();
  }
}

interface Operand {
  node: Node;
  start: number;
  end: number;
}

/** The operands of an `&&`-only list (left-nested `list` nodes), or null when it uses `||`. */
function andChain(node: Node): Operand[] | null {
  if (node.type === 'redirected_statement') {
    // tree-sitter-bash reads `a && b > f` as a redirected list; the shell redirects `b` alone.
    const body = node.childForFieldName('body');
    const inner = body?.type === 'list' ? andChain(body) : null;
    if (!inner) return body?.type === 'list' || hasLooseList(node) ? null : [{ node, start: node.startIndex, end: node.endIndex }];
    inner[inner.length - 1].end = node.endIndex;
    return inner;
  }
  if (node.type !== 'list') return hasLooseList(node) ? null : [{ node, start: node.startIndex, end: node.endIndex }];
  const operands: Operand[] = [];
  for (const child of node.children) {
    if (!child) continue;
    if (child.type === '||') return null;
    if (child.type === '&&') continue;
    const inner = andChain(child);
    if (!inner) return null;
    operands.push(...inner);
  }
  return operands;
}

/** Constructs whose inner `&&`, `||` and `;` belong to them and not to the operand around them. */
const GROUPING_NODES = new Set([...STATEMENT_LISTS, 'command_substitution', 'process_substitution', 'test_command', 'while_statement']);

/**
 * True when an operand holds a list outside any grouping construct. tree-sitter-bash nests some
 * lists inside pipelines (`a | b | c || d` reads as `a | (b | c || d)`), where the shell binds
 * `||` loosest: such a script cannot be split on the tree's word, only grouped as it is written.
 */
function hasLooseList(node: Node): boolean {
  if (GROUPING_NODES.has(node.type)) return false;
  for (const child of node.children) {
    if (!child || GROUPING_NODES.has(child.type)) continue;
    if (child.type === 'list' || child.type === '&&' || child.type === '||' || child.type === ';' || hasLooseList(child)) return true;
  }
  return false;
}

interface Facts {
  stateChanges: string[];
  errexit: boolean;
  background: boolean;
  commentHidesLine: boolean;
}

function readFacts(root: Node, view: string): Facts {
  const changes = new Set<string>();
  const facts: Facts = { stateChanges: [], errexit: false, background: false, commentHidesLine: false };
  // `contained`: inside a subshell, whose state changes never reach the commands after it.
  const walk = (node: Node, inTest: boolean, contained: boolean): void => {
    const change = (what: string): void => {
      if (!contained) changes.add(what);
    };
    switch (node.type) {
      case '&':
        facts.background = true;
        return;
      case 'comment':
        // Docker joins the continued line onto the comment, so the shell never sees it.
        if (/\\\s*$/.test(view.slice(node.startIndex, node.endIndex))) facts.commentHidesLine = true;
        return;
      case 'variable_assignment':
        if (node.parent?.type !== 'command' && node.parent?.type !== 'declaration_command') change(`variable \`${node.firstChild?.text ?? ''}\``);
        break;
      case 'declaration_command':
      case 'unset_command':
        change(`\`${node.firstChild?.type ?? node.type}\``);
        break;
      case 'function_definition':
        change(`function \`${node.childForFieldName('name')?.text ?? ''}\``);
        break;
      case 'for_statement':
      case 'c_style_for_statement':
        change('a loop variable');
        break;
      case 'expansion':
        if (node.children.some((child) => child?.type === '=' || child?.type === ':=')) change(`a variable assigned in \`${node.text}\``);
        break;
      case 'binary_expression':
      case 'unary_expression':
      case 'postfix_expression':
        if (!inTest && node.children.some((child) => !!child && !child.isNamed && ARITHMETIC_ASSIGNMENTS.has(child.type))) change('an arithmetic assignment');
        break;
      case 'command': {
        const command = readCommand(node);
        if (command.changes) change(command.changes);
        // Even inside a subshell: a subshell before the last `&&` runs with `-e` switched off.
        if (command.errexit) facts.errexit = true;
        break;
      }
    }
    const nextContained = contained || SUBSHELL_NODES.has(node.type);
    const nextInTest = inTest || node.type === 'test_command';
    for (const child of node.children) if (child) walk(child, nextInTest, nextContained);
  };
  for (const child of root.children) if (child) walk(child, false, false);
  facts.stateChanges = [...changes];
  return facts;
}

/** The state a simple command changes (null for none) and whether it turns on `set -e`. */
function readCommand(node: Node): { changes: string | null; errexit: boolean } {
  const words = node.children.filter((child): child is Node =>
    !!child && child.type !== 'variable_assignment' && child.type !== 'comment' && !child.type.endsWith('redirect'));
  let index = words.findIndex((word) => word.type === 'command_name');
  if (index < 0) return { changes: null, errexit: false };
  let name = literalWord(words[index]);
  while (name !== null && TRANSPARENT_PREFIXES.has(name) && index + 1 < words.length) {
    index++;
    name = literalWord(words[index]);
  }
  if (name === null) return { changes: 'a computed command name', errexit: false };
  const args = words.slice(index + 1).map((word) => literalWord(word) ?? '');
  if (name === 'printf' && args.includes('-v')) return { changes: '`printf -v`', errexit: false };
  if (!STATE_BUILTINS.has(name)) return { changes: null, errexit: false };
  return { changes: `\`${name}\``, errexit: name === 'set' && setsErrexit(args) };
}

/** `set -e`, `set -eux`, `set -o errexit`. */
function setsErrexit(args: string[]): boolean {
  return args.some((arg, i) => /^-[A-Za-z]*e/.test(arg) || (arg === '-o' && args[i + 1] === 'errexit'));
}

function literalWord(node: Node): string | null {
  const word = node.type === 'command_name' ? node.firstChild : node;
  if (!word) return null;
  if (word.type === 'word') return word.text.replace(/\\(.)/gs, '$1');
  if (word.type === 'raw_string') return word.text.slice(1, -1);
  if (word.type === 'string' && word.namedChildren.every((child) => child?.type === 'string_content')) return word.text.slice(1, -1);
  return null;
}

function containsStatementList(node: Node): boolean {
  if (STATEMENT_LISTS.has(node.type)) return true;
  return node.namedChildren.some((child) => !!child && child.type !== 'command_substitution' && containsStatementList(child));
}

/** The stage (or the stage it is built FROM) runs a Windows base image, whose default shell is `cmd`. */
function isWindowsStage(model: DockerfileModel, stage: Stage): boolean {
  for (let current: Stage | undefined = stage; current; current = current.baseStage !== null ? model.stages[current.baseStage] : undefined) {
    if (current.image) return /windows|nanoserver|servercore/i.test(current.image.written);
    if (current.baseStage === null) return false;
  }
  return false;
}
