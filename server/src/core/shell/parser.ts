// The shell parser: tree-sitter-bash on web-tree-sitter (WASM). Chosen over sh-syntax after
// measuring both on RUN scripts (bench/shell-parsers.mjs): ~90 µs vs ~15 ms per script.
// The core never reads files: the adapters hand over the two WASM binaries.
import { Language, Parser, type Tree } from 'web-tree-sitter';

export interface ShellParser {
  parse(script: string): Tree;
}

export interface ShellParserWasm {
  /** `web-tree-sitter.wasm`, the tree-sitter runtime. */
  runtime: Uint8Array;
  /** `tree-sitter-bash.wasm`, the bash grammar. */
  bash: Uint8Array;
}

let pending: Promise<ShellParser> | null = null;

/**
 * tree-sitter's error recovery is super-linear on some garbage (a few KB of `|`, `a |` or `<<` take
 * seconds). A parse that runs past a budget proportional to the script (many times a normal
 * parse) is cancelled and read as a script with a syntax error, so no input hangs the analysis;
 * rules stay quiet on it and fixes that would produce it are rejected.
 */
const PARSE_BUDGET_MS = 200;
const PARSE_BUDGET_MS_PER_CHARACTER = 0.03;
/** Stands in for a cancelled parse: a tree whose root has an error and no command. */
const UNPARSEABLE = ')';

/** Loads the parser once per process; later calls share it. */
export function loadShellParser(wasm: ShellParserWasm): Promise<ShellParser> {
  pending ??= (async () => {
    await Parser.init({ wasmBinary: wasm.runtime });
    const bash = await Language.load(wasm.bash);
    const parser = new Parser();
    const cancelled = new Set<string>();
    parser.setLanguage(bash);
    return {
      parse: (script: string) => {
        if (!cancelled.has(script)) {
          const deadline = Date.now() + PARSE_BUDGET_MS + PARSE_BUDGET_MS_PER_CHARACTER * script.length;
          const tree = parser.parse(script, null, { progressCallback: () => Date.now() > deadline });
          if (tree) return tree;
          // The parser keeps the abandoned parse's state until reset. The script is remembered, so
          // that the next parse of it (another rule, the next analysis) gives the same answer at once.
          parser.reset();
          if (cancelled.size >= 32) cancelled.clear();
          cancelled.add(script);
        }
        const unparseable = parser.parse(UNPARSEABLE);
        if (!unparseable) throw new Error('the shell parser returned no tree');
        return unparseable;
      },
    };
  })();
  return pending;
}
