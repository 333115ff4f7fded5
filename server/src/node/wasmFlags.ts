// V8 flags for the WASM shell parser, in a module of its own so that the CLI launcher can set them
// without loading the analysis core.
import { setFlagsFromString } from 'node:v8';

let baselineOnly = false;

/**
 * Keeps the WASM parser on V8's baseline compiler (Liftoff). Tiering the bash grammar's huge lexer
 * up to TurboFan costs about 1 s of background CPU, which a short-lived CLI then waits for at exit
 * (linting one file: 1.3 s with tier-up, 0.2 s without), and leaves ~32 MB of compiler memory in
 * a malloc arena the language server never gets back, for parses only ~13% faster (31 vs 35 µs
 * per RUN script on the benchmark corpus). A WASM compilation flag, read when the module is
 * compiled, so it takes effect when set at run time before the first load.
 */
export function keepWasmOnBaselineCompiler(): void {
  if (baselineOnly) return;
  baselineOnly = true;
  setFlagsFromString('--liftoff-only');
}
