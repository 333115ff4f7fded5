#!/usr/bin/env node
// The real-world corpus runner: `npm run corpus -- DIR [--cli] [--verbose]`.
//
// For every Dockerfile under DIR (names as `layerwise lint` finds them), runs what the CLI runs:
// lint, every fix (`fix --stdout`, `fix --stdout --unsafe`) and both conversions (`convert
// multi-stage`, `convert distroless` — and merge RUNs, swap to each runtime choice, debug stage),
// through the analysis core the CLI bundles, and checks the same properties as the fuzz tests:
// no crash, no rule failure, analysis in time, ranges inside the document, each offered fix and
// each fix-all re-parses and converges, each transformation re-parses and is idempotent.
// Then the built CLI itself lints the whole folder in every format (one process each) and, with
// `--cli`, runs `fix --stdout [--unsafe]` and both `convert`s on every file as subprocesses.
//
// Prints the problems with file names and a summary; exits 1 when there is any.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');
const require = createRequire(import.meta.url);
const out = (path) => join(root, 'out', path);
const cli = join(root, 'dist', 'cli.js');

const args = process.argv.slice(2);
const dir = args.find((arg) => !arg.startsWith('--'));
const viaCli = args.includes('--cli');
const verbose = args.includes('--verbose');
if (!dir) {
  process.stderr.write('usage: npm run corpus -- DIR [--cli] [--verbose]\n');
  process.exit(2);
}

const { isDockerfileName, MAX_FILE_BYTES } = require(out('server/src/node/files.js'));
const { loadShellParser } = require(out('server/src/core/index.js'));
const properties = require(out('test/fuzz/properties.js'));

function* dockerfiles(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== '.git') yield* dockerfiles(path);
    } else if (entry.isFile() && isDockerfileName(entry.name)) yield path;
  }
}

const shell = await loadShellParser({
  runtime: readFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm')),
  bash: readFileSync(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm')),
});

/** Problems by kind: kind → [{ file, detail }]. */
const problems = new Map();
function problem(kind, file, detail) {
  if (!problems.has(kind)) problems.set(kind, []);
  problems.get(kind).push({ file, detail });
}
const firstLine = (error) => String(error instanceof Error ? error.message : error).split('\n')[0];

const CHECKS = [
  ['analysis', (text) => properties.checkAnalysis(text, shell)],
  ['offered fix', (text, analysis) => properties.checkEachFix(text, analysis, shell)],
  ['fix-all', (text) => properties.checkFixAll(text, shell)],
  ['transformation', (text) => properties.checkTransforms(text, shell)],
];

const started = performance.now();
const stats = { files: 0, skipped: 0, lines: 0, bytes: 0, findings: 0, fixes: 0 };
for (const path of dockerfiles(resolve(dir))) {
  const file = relative(process.cwd(), path);
  const bytes = readFileSync(path);
  if (bytes.length > MAX_FILE_BYTES || bytes.includes(0)) {
    stats.skipped++;
    continue;
  }
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  stats.files++;
  stats.bytes += bytes.length;
  stats.lines += text.split('\n').length;
  let analysis;
  for (const [kind, check] of CHECKS) {
    try {
      const result = check(text, analysis);
      if (kind === 'analysis') {
        analysis = result;
        stats.findings += result.findings.length;
        stats.fixes += result.findings.reduce((sum, finding) => sum + finding.fixes.length, 0);
      }
    } catch (error) {
      const assertion = error?.code === 'ERR_ASSERTION';
      problem(assertion ? kind : `${kind}: crash`, file, assertion ? firstLine(error) : (error?.stack ?? String(error)).split('\n').slice(0, 4).join(' | '));
      if (kind === 'analysis' && !analysis) break;
    }
  }
  if (verbose) process.stderr.write(`${file}\n`);

  if (viaCli) {
    for (const command of [['fix', '--stdout'], ['fix', '--stdout', '--unsafe'], ['convert', 'multi-stage'], ['convert', 'distroless']]) {
      const result = spawnSync(process.execPath, [cli, ...command, path], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      // convert exits 2 when it refuses (with its reason); fix exits 2 when a result would not re-parse.
      const crashed = result.status === null || /internal error/.test(result.stderr) || (command[0] === 'fix' && result.status !== 0);
      if (crashed) problem(`cli ${command.join(' ')}`, file, `exit ${result.status}: ${result.stderr.trim().split('\n')[0]}`);
    }
  }
}

// The CLI over the whole folder, once per format: reading, discovery and the formatters.
for (const format of ['text', 'json', 'sarif', 'checkstyle', 'gitlab', 'github']) {
  const result = spawnSync(process.execPath, [cli, 'lint', '--no-shellcheck', '--format', format, '--severity-threshold', 'none', resolve(dir)], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  if (result.status !== 0 && result.status !== 1) problem('cli lint', `--format ${format}`, `exit ${result.status}: ${result.stderr.trim().split('\n').slice(0, 3).join(' | ')}`);
  if (format === 'json' && (result.status === 0 || result.status === 1)) {
    try {
      JSON.parse(result.stdout);
    } catch (error) {
      problem('cli lint', '--format json', `not JSON: ${firstLine(error)}`);
    }
  }
}

const seconds = (performance.now() - started) / 1000;
let total = 0;
for (const [kind, list] of problems) {
  total += list.length;
  process.stdout.write(`\n${kind}: ${list.length}\n`);
  for (const { file, detail } of list) process.stdout.write(`  ${file}: ${detail}\n`);
}
process.stdout.write(
  `\n${stats.files} Dockerfiles (${stats.lines} lines, ${(stats.bytes / 1024).toFixed(0)} KB; ${stats.skipped} skipped: binary or over 5 MB), ` +
    `${stats.findings} findings, ${stats.fixes} fixes offered, checked in ${seconds.toFixed(1)} s: ` +
    `${total === 0 ? 'no problems' : `${total} problems (${[...problems].map(([kind, list]) => `${kind} ${list.length}`).join(', ')})`}\n`,
);
process.exit(total === 0 ? 0 : 1);
