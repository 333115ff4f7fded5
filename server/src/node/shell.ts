// Loads the shell parser in Node: the WASM files sit beside the bundle (dist/) or, when running
// from sources in tests, in node_modules.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { loadShellParser, type ShellParser } from '../core/index';

function wasmPath(file: string, packagePath: string): string {
  const besideBundle = join(__dirname, file);
  return existsSync(besideBundle) ? besideBundle : require.resolve(packagePath);
}

/**
 * Keeps the WASM parser on V8's baseline compiler (Liftoff). Tiering the bash grammar's huge lexer
 * up to TurboFan costs about 1 s of background CPU, which a short-lived CLI then waits for at exit
 * (linting one file: 1.3 s with tier-up, 0.2 s without), and leaves ~32 MB of compiler memory in
 * a malloc arena the language server never gets back, for parses only ~13% faster (31 vs 35 µs
 * per RUN script on the benchmark corpus). A WASM compilation flag, read when the module is
 * compiled, so it takes effect when set at run time before the first load.
 */
let baselineOnly = false;
function keepWasmOnBaselineCompiler(): void {
  if (baselineOnly) return;
  baselineOnly = true;
  setFlagsFromString('--liftoff-only');
}

export function loadNodeShellParser(): Promise<ShellParser> {
  keepWasmOnBaselineCompiler();
  return loadShellParser({
    runtime: readFileSync(wasmPath('web-tree-sitter.wasm', 'web-tree-sitter/web-tree-sitter.wasm')),
    bash: readFileSync(wasmPath('tree-sitter-bash.wasm', 'tree-sitter-bash/tree-sitter-bash.wasm')),
  });
}
