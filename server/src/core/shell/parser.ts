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

/** Loads the parser once per process; later calls share it. */
export function loadShellParser(wasm: ShellParserWasm): Promise<ShellParser> {
  pending ??= (async () => {
    await Parser.init({ wasmBinary: wasm.runtime });
    const bash = await Language.load(wasm.bash);
    const parser = new Parser();
    parser.setLanguage(bash);
    return {
      parse: (script: string) => {
        const tree = parser.parse(script);
        if (!tree) throw new Error('the shell parser returned no tree');
        return tree;
      },
    };
  })();
  return pending;
}
