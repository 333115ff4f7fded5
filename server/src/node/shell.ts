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
 * Keeps the WASM parser on V8's baseline compiler (Liftoff). Tiering the bash grammar up to
 * TurboFan leaves ~35 MB of compiler memory in a malloc arena that is never returned, for parses
 * only ~13% faster (31 vs 35 µs per RUN script, `node bench/run.mjs`'s corpus): the language
 * server's memory matters more. A WASM compilation flag, read when the module is compiled, so it
 * takes effect when set at run time before the first load.
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
