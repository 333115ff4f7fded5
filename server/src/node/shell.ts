// Loads the shell parser in Node: the WASM files sit beside the bundle (dist/) or, when running
// from sources in tests, in node_modules.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadShellParser, type ShellParser } from '../core/index';
import { keepWasmOnBaselineCompiler } from './wasmFlags';

function wasmPath(file: string, packagePath: string): string {
  const besideBundle = join(__dirname, file);
  return existsSync(besideBundle) ? besideBundle : require.resolve(packagePath);
}

export function loadNodeShellParser(): Promise<ShellParser> {
  keepWasmOnBaselineCompiler();
  return loadShellParser({
    runtime: readFileSync(wasmPath('web-tree-sitter.wasm', 'web-tree-sitter/web-tree-sitter.wasm')),
    bash: readFileSync(wasmPath('tree-sitter-bash.wasm', 'tree-sitter-bash/tree-sitter-bash.wasm')),
  });
}
