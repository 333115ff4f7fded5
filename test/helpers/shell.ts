// Loads the shell parser for tests from node_modules, as the adapters do from dist/.
import { readFileSync } from 'node:fs';
import { loadShellParser, type ShellParser } from '../../server/src/core/index';

export function testShellParser(): Promise<ShellParser> {
  return loadShellParser({
    runtime: readFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm')),
    bash: readFileSync(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm')),
  });
}

// out/test/helpers → the repository root.
export const REPO_ROOT = require('node:path').resolve(__dirname, '..', '..', '..');

/** Tests run the CLI without the user's compile cache; test/launcher.test.ts tests the cache itself. */
export const CLI_ENV = { LAYERWISE_COMPILE_CACHE: 'off' } as const;
