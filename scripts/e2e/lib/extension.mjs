// The extension as users get it: a staging copy of the project with the dist/ under test (loaded
// as a development extension, or packaged into a .vsix by vsce). Staging lets the tests run against any dist/ (LAYERWISE_E2E_DIST, e.g. a
// deliberately broken one) without touching the working tree, and without vsce's prepublish
// rebuilding dist/.
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.mjs';
import { run } from './process.mjs';

/** Top-level entries that are not part of the package, or are replaced (dist/). */
const NOT_STAGED = new Set(['.git', '.e2e', 'node_modules', 'out', 'dist', 'test-results']);
const BUNDLE = /\.(js|wasm)$/;

export async function stageExtension(distDir, dir) {
  const stage = join(dir, 'extension');
  for (const entry of readdirSync(REPO_ROOT)) {
    if (NOT_STAGED.has(entry) || entry.endsWith('.vsix')) continue;
    cpSync(join(REPO_ROOT, entry), join(stage, entry), { recursive: true });
  }
  mkdirSync(join(stage, 'dist'), { recursive: true });
  for (const file of readdirSync(distDir).filter((name) => BUNDLE.test(name))) copyFileSync(join(distDir, file), join(stage, 'dist', file));
  for (const file of ['client.js', 'server.js']) {
    if (!existsSync(join(stage, 'dist', file))) throw new Error(`${join(distDir, file)} is missing: run \`npm run build\``);
  }
  const manifest = JSON.parse(readFileSync(join(stage, 'package.json'), 'utf8'));
  delete manifest.scripts?.['vscode:prepublish']; // dist/ is already built: package it as it is
  // vsce refuses a `files` list (npm's) together with a .vscodeignore (the .vsix's): keep the latter.
  if (existsSync(join(stage, '.vscodeignore'))) delete manifest.files;
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { stage, serverJs: join(stage, 'dist', 'server.js') };
}

/** `vsce package` of the staged extension; returns the .vsix path. */
export async function packageExtension(stage, dir) {
  const vsix = join(dir, 'layerwise.vsix');
  await run(process.execPath, [join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--out', vsix], { cwd: stage });
  return vsix;
}
