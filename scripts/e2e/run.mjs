// `npm run test:e2e`: the editor tests, one layer after another (2 cores: never in parallel).
//   ext-host  the Mocha suite in code-server's extension host (client/src/test/suite)
//   browser   code-server + chromium: squiggle, Ctrl+. quick fix, F1 convert, save (test/e2e/browser-smoke.mjs)
//   nvim      Neovim as an independent LSP client (test/e2e/nvim/)
// Options: `--only ext-host,nvim`. LAYERWISE_E2E_DIST=<folder> tests that dist/ instead of building
// one (used to show the suite fails on a broken extension). Missing tools fail the run: install
// them with `scripts/e2e/setup.sh`.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBrowserSmoke } from '../../test/e2e/browser-smoke.mjs';
import { runExtensionHostSuite } from '../../test/e2e/ext-host.mjs';
import { runNeovim } from '../../test/e2e/nvim/run.mjs';
import { stageExtension } from './lib/extension.mjs';
import { CHROMIUM, CODE_SERVER_BIN, CODE_SERVER_VERSION, NVIM, REPO_ROOT, RESULTS_DIR } from './lib/paths.mjs';
import { isolatedEnv, run } from './lib/process.mjs';

const LAYERS = {
  'ext-host': runExtensionHostSuite,
  browser: runBrowserSmoke,
  nvim: runNeovim,
};

const started = Date.now();
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const say = (message) => console.log(`[e2e ${seconds(started)}] ${message}`);

function selectedLayers() {
  const index = process.argv.indexOf('--only');
  if (index === -1) return Object.keys(LAYERS);
  const names = (process.argv[index + 1] ?? '').split(',').filter(Boolean);
  const unknown = names.filter((name) => !(name in LAYERS));
  if (names.length === 0 || unknown.length > 0) throw new Error(`--only takes a comma-separated list of ${Object.keys(LAYERS).join(', ')}`);
  return names;
}

function codeServerVersion() {
  const manifest = join(CODE_SERVER_BIN, '..', '..', 'code-server', 'package.json');
  return existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')).version : null;
}

/** A missing tool is a failure, never a skip: CI must not pass without running the editors. */
async function checkTools(layers, dir) {
  const missing = [];
  const needsCodeServer = layers.some((layer) => layer !== 'nvim');
  if (needsCodeServer && codeServerVersion() !== CODE_SERVER_VERSION) missing.push(`code-server ${CODE_SERVER_VERSION} (${CODE_SERVER_BIN})`);
  if (needsCodeServer && !existsSync(CHROMIUM)) missing.push(`chromium (${CHROMIUM})`);
  if (layers.includes('nvim')) await run(NVIM, ['--version'], { env: isolatedEnv(dir) }).catch(() => missing.push(`neovim (\`${NVIM}\`)`));
  if (missing.length > 0) throw new Error(`missing: ${missing.join(', ')}; install them with \`bash scripts/e2e/setup.sh\``);
}

/** Checks the tools, builds dist/ (unless LAYERWISE_E2E_DIST), compiles the suite, stages the extension. */
async function prepare(layers, dir) {
  await checkTools(layers, dir);
  mkdirSync(RESULTS_DIR, { recursive: true });
  // A failure screenshot from an earlier run would point at the wrong failure.
  for (const file of readdirSync(RESULTS_DIR).filter((name) => /^e2e-failure-.*\.png$/.test(name))) rmSync(join(RESULTS_DIR, file));
  let distDir = process.env.LAYERWISE_E2E_DIST;
  if (distDir) {
    say(`testing the extension built in ${distDir}`);
  } else {
    say('building dist/');
    await run(process.execPath, [join(REPO_ROOT, 'scripts', 'build.mjs')], { cwd: REPO_ROOT });
    distDir = join(REPO_ROOT, 'dist');
  }
  if (layers.includes('ext-host')) {
    say('compiling the extension-host suite (tsc -b client)');
    await run(process.execPath, [join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', join(REPO_ROOT, 'client')], { cwd: REPO_ROOT });
  }
  return stageExtension(distDir, dir);
}

async function main() {
  const layers = selectedLayers();
  const dir = mkdtempSync(join(tmpdir(), 'layerwise-e2e-'));
  let extension;
  try {
    extension = await prepare(layers, dir);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  const outcomes = [];
  for (const layer of layers) {
    const layerStart = Date.now();
    say(`${layer}: start`);
    try {
      const layerDir = join(dir, layer);
      mkdirSync(layerDir, { recursive: true });
      await LAYERS[layer]({ dir: layerDir, extension, log: (line) => console.log(`  ${line}`) });
      outcomes.push({ layer, passed: true, time: seconds(layerStart) });
      say(`${layer}: PASS (${seconds(layerStart)})`);
    } catch (error) {
      outcomes.push({ layer, passed: false, time: seconds(layerStart) });
      say(`${layer}: FAIL (${seconds(layerStart)})\n${error instanceof Error ? error.message : String(error)}`);
    }
  }
  console.log('\nEditor tests:');
  for (const { layer, passed, time } of outcomes) console.log(`  ${passed ? 'PASS' : 'FAIL'}  ${layer.padEnd(8)} ${time}`);
  console.log(`  total ${seconds(started)}`);
  const failed = outcomes.filter((outcome) => !outcome.passed);
  if (failed.length === 0) rmSync(dir, { recursive: true, force: true });
  else console.log(`  logs kept in ${dir}; screenshots in ${RESULTS_DIR}`);
  return failed.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`e2e: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
