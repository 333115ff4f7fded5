// Layer 3: Neovim drives the language server (`node dist/server.js --stdio`) through harness.lua;
// this checks the file Neovim wrote.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NVIM } from '../../../scripts/e2e/lib/paths.mjs';
import { isolatedEnv, run, withTimeout } from '../../../scripts/e2e/lib/process.mjs';

const HARNESS = join(dirname(fileURLToPath(import.meta.url)), 'harness.lua');

const BEFORE = [
  'FROM alpine:3.20',
  'RUN apk add curl',
  'CMD ["curl", "--version"]',
  '',
].join('\n');
const AFTER = BEFORE.replace('apk add curl', 'apk add --no-cache curl');

export async function runNeovim({ dir, extension, log = console.log }) {
  const file = join(dir, 'Dockerfile');
  writeFileSync(file, BEFORE);
  // XDG folders under `dir`: no config, shada, log or state from or into the user's Neovim.
  const env = isolatedEnv(dir, { LAYERWISE_SERVER: extension.serverJs, LAYERWISE_RULE: 'apk-no-cache' });
  let output;
  try {
    output = await withTimeout(
      run(NVIM, ['--headless', '-n', '-i', 'NONE', '-u', 'NONE', '--noplugin', '-c', `luafile ${HARNESS}`, file], { cwd: dir, env }),
      60_000, 'Neovim did not finish',
    );
  } catch (error) {
    throw new Error(`Neovim failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  for (const line of output.trimEnd().split('\n')) log(line);
  const written = readFileSync(file, 'utf8');
  if (written !== AFTER) throw new Error(`the file Neovim wrote is not the fixed Dockerfile:\n--- expected\n${AFTER}--- actual\n${written}`);
}
