// `npm run bench`: Layerwise's speed and size, as ratios against baselines measured in the same run
// on the same inputs (machines are noisy; ratios travel better than milliseconds).
//   1. bare dockerfile-ast parse (the floor) vs the full analysis (parse + model + all rules)
//   2. dockerfile-utils validation (what Microsoft's extension runs per keystroke) vs Layerwise
//   3. scaling: analysis time per line at 100, 1,000 and 10,000 lines
//   4. the server: change → publishDiagnostics over stdio (200 and 2,000 lines), RSS after 200 documents
//      (right after opening them, and settled after 30 s idle: V8 shrinks the heap 15–20 s into a pause)
//   5. CLI cold start on one file vs `node -e 0`, without ShellCheck (ours: the target), and for
//      reference without the compile cache and with ShellCheck when it is installed (an external program)
//   6. the size of the .vsix and of each bundle
// Writes bench/results.json and prints a table. Needs `npm run build`-style outputs: the script
// `npm run bench` builds them first.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpus, generateDockerfile } from './corpus.mjs';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { DockerfileParser } = require('dockerfile-ast');
const { validate } = require('dockerfile-utils');
const core = require(join(root, 'out/server/src/core/index.js'));
const jsonrpc = require('vscode-jsonrpc/node');
// The flags the VS Code extension starts the server with (client/src/serverFlags.ts).
const { SERVER_NODE_FLAGS } = require(join(root, 'out/client/src/serverFlags.js'));

const shell = await core.loadShellParser({
  runtime: readFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm')),
  bash: readFileSync(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm')),
});

/** Median time of one call in ms, over batches sized to run ~minMs each, after a warm-up. */
function timeIt(fn, { minMs = 200, batches = 7 } = {}) {
  for (let i = 0; i < 3; i++) fn();
  let iterations = 1;
  for (;;) {
    const start = performance.now();
    for (let i = 0; i < iterations; i++) fn();
    if (performance.now() - start >= minMs / batches || iterations > 1e6) break;
    iterations *= 2;
  }
  const samples = [];
  for (let b = 0; b < batches; b++) {
    const start = performance.now();
    for (let i = 0; i < iterations; i++) fn();
    samples.push((performance.now() - start) / iterations);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

const examples = readdirSync(join(root, 'examples'))
  .filter((name) => existsSync(join(root, 'examples', name, 'Dockerfile')))
  .map((name) => ({ name: `example-${name}`, text: readFileSync(join(root, 'examples', name, 'Dockerfile'), 'utf8') }));
const documents = [...corpus(), ...examples];

/**
 * Median time of one call of each function in ms, measured in alternating batches (parse, analyze,
 * validate, parse, …) so that a busy moment of a shared machine slows all of them, not one.
 */
function timeTogether(fns, { minMs = 60, batches = 7 } = {}) {
  const iterations = fns.map((fn) => {
    for (let i = 0; i < 3; i++) fn();
    let count = 1;
    for (;;) {
      const start = performance.now();
      for (let i = 0; i < count; i++) fn();
      if (performance.now() - start >= minMs / batches || count > 1e6) return count;
      count *= 2;
    }
  });
  const samples = fns.map(() => []);
  for (let b = 0; b < batches; b++) {
    fns.forEach((fn, index) => {
      const start = performance.now();
      for (let i = 0; i < iterations[index]; i++) fn();
      samples[index].push((performance.now() - start) / iterations[index]);
    });
  }
  return samples.map((list) => percentile(list, 50));
}

// 1 and 2: whole corpus, summed per-document medians.
let parseMs = 0;
let analyzeMs = 0;
let utilsMs = 0;
for (const { text } of documents) {
  const [parse, analysis, utils] = timeTogether([() => DockerfileParser.parse(text), () => core.analyze(text, shell), () => validate(text)]);
  parseMs += parse;
  analyzeMs += analysis;
  utilsMs += utils;
}

// 3: scaling.
const scaling = [100, 1000, 10000].map((lines) => {
  const text = generateDockerfile(lines, 7);
  const actualLines = text.split('\n').length - 1;
  const [ms, parse] = timeTogether([() => core.analyze(text, shell), () => DockerfileParser.parse(text)], { minMs: 300 });
  return { lines: actualLines, analyzeMs: ms, usPerLine: (ms * 1000) / actualLines, parseUsPerLine: (parse * 1000) / actualLines };
});

// 4: the language server over stdio.
const SETTLE_MS = 30_000;
async function serverFigures() {
  const server = spawn(process.execPath, [...SERVER_NODE_FLAGS, join(root, 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = jsonrpc.createMessageConnection(new jsonrpc.StreamMessageReader(server.stdout), new jsonrpc.StreamMessageWriter(server.stdin));
  const waiters = new Map();
  connection.onNotification('textDocument/publishDiagnostics', (params) => {
    const key = `${params.uri}#${params.version}`;
    waiters.get(key)?.();
    waiters.delete(key);
  });
  connection.onRequest('workspace/configuration', (params) => params.items.map(() => null));
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null });
  connection.sendNotification('initialized', {});
  const published = (uri, version) => new Promise((resolve) => waiters.set(`${uri}#${version}`, resolve));
  const rssOf = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))[1]) / 1024;

  // What the server costs before it holds any analysis: Node, the bundle, the WASM shell parser
  // (loaded by the first analysis) and one small document.
  const firstUri = 'file:///bench/first/Dockerfile';
  const firstDone = published(firstUri, 1);
  connection.sendNotification('textDocument/didOpen', { textDocument: { uri: firstUri, languageId: 'dockerfile', version: 1, text: generateDockerfile(20, 1) } });
  await firstDone;
  const rssStartMB = rssOf();
  connection.sendNotification('textDocument/didClose', { textDocument: { uri: firstUri } });

  async function latency(lines, rounds) {
    const uri = `file:///bench/latency-${lines}/Dockerfile`;
    let text = generateDockerfile(lines, 3);
    let done = published(uri, 1);
    connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
    await done;
    const samples = [];
    for (let version = 2; version < rounds + 2; version++) {
      // A keystroke: append a character to a comment in the middle of the file.
      const line = Math.floor(text.split('\n').length / 2);
      done = published(uri, version);
      const start = performance.now();
      connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '#\n' }],
      });
      await done;
      samples.push(performance.now() - start);
      const lines = text.split('\n');
      lines.splice(line, 0, '#');
      text = lines.join('\n');
    }
    connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    return { p50: percentile(samples, 50), p95: percentile(samples, 95), parseMs: timeIt(() => DockerfileParser.parse(text), { minMs: 100 }) };
  }

  const small = await latency(200, 60);
  const large = await latency(2000, 30);
  for (let i = 0; i < 200; i++) {
    const uri = `file:///bench/many/${i}/Dockerfile`;
    const done = published(uri, 1);
    connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: generateDockerfile(60 + (i % 5) * 20, i) } });
    await done;
  }
  const rssMB = rssOf();
  // Right after the burst, RSS holds whatever garbage the last collections left, which varies from
  // run to run; V8's memory reducer collects it once the process has been idle for 15–20 s.
  // The settled figure is what an editor with 200 Dockerfiles open keeps using.
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const rssSettledMB = rssOf();
  await connection.sendRequest('shutdown');
  const exited = new Promise((resolve) => server.once('exit', resolve));
  await connection.sendNotification('exit');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000))]);
  connection.dispose();
  server.kill();
  return { small, large, rssMB, rssSettledMB, rssStartMB };
}
const server = await serverFigures();

// 5: CLI cold start. The commands take turns, so that a busy moment of a shared machine hits all of them.
// The CLI keeps V8's compile cache in a folder of its own here: one warm-up run writes it, as the
// first run on a machine does; `LAYERWISE_COMPILE_CACHE=off` shows a run without it.
const compileCache = mkdtempSync(join(tmpdir(), 'layerwise-bench-cache-'));
function medianRuns(commands, runs = 15) {
  const samples = commands.map(() => []);
  const runOnce = ({ args, env }) => {
    const start = performance.now();
    const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: '', LAYERWISE_COMPILE_CACHE: compileCache, ...env } });
    if (result.status !== 0 && result.status !== 1) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
    return performance.now() - start;
  };
  commands.forEach(runOnce);
  for (let i = 0; i < runs; i++) commands.forEach((command, index) => samples[index].push(runOnce(command)));
  return samples.map((list) => percentile(list, 50));
}
const lintArgs = [join(root, 'dist/cli.js'), 'lint', 'examples/python-big-image/Dockerfile'];
// ShellCheck is an external program (one process per RUN): the target is on our own work.
const shellCheckInstalled = spawnSync('shellcheck', ['--version']).status === 0;
let cliTimes;
try {
  cliTimes = medianRuns([
    { args: ['-e', '0'] },
    { args: [...lintArgs, '--no-shellcheck'] },
    { args: [...lintArgs, '--no-shellcheck'], env: { LAYERWISE_COMPILE_CACHE: 'off' } },
    ...(shellCheckInstalled ? [{ args: lintArgs }] : []),
  ]);
} finally {
  rmSync(compileCache, { recursive: true, force: true });
}
const [nodeMs, cliMs, cliNoCacheMs, cliShellCheckMs] = cliTimes;

// 6: sizes.
const sizeKB = (path) => (existsSync(path) ? statSync(path).size / 1024 : null);
const sizes = Object.fromEntries(['dist/client.js', 'dist/server.js', 'dist/cli-main.js', 'dist/tree-sitter-bash.wasm', 'dist/web-tree-sitter.wasm', 'layerwise.vsix'].map((file) => [file, sizeKB(join(root, file))]));

const results = {
  date: new Date().toISOString(),
  node: process.version,
  documents: documents.length,
  analysisVsParse: analyzeMs / parseMs,
  analysisVsDockerfileUtils: analyzeMs / utilsMs,
  totals: { parseMs, analyzeMs, dockerfileUtilsMs: utilsMs },
  scaling,
  server,
  cli: { nodeMs, cliMs, overheadMs: cliMs - nodeMs, withoutCompileCacheMs: cliNoCacheMs, withShellCheckMs: cliShellCheckMs ?? null },
  sizesKB: sizes,
};
writeFileSync(join(root, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);

const ok = (pass) => (pass ? 'ok  ' : 'MISS');
const f = (n, digits = 2) => (n === null ? 'n/a' : n.toFixed(digits));
const rows = [
  ['full analysis / bare parse', `${f(results.analysisVsParse)}×`, '≤ 2×', ok(results.analysisVsParse <= 2)],
  ['full analysis / dockerfile-utils validate', `${f(results.analysisVsDockerfileUtils)}×`, '≤ 1×', ok(results.analysisVsDockerfileUtils <= 1)],
  ...scaling.map((s) => [`per line at ${s.lines} lines`, `${f(s.usPerLine)} µs (parse ${f(s.parseUsPerLine)})`, 'flat', '']),
  ['scaling 10k vs 100 lines (per line)', `${f(scaling[2].usPerLine / scaling[0].usPerLine)}×`, '≈ 1×', ok(scaling[2].usPerLine / scaling[0].usPerLine <= 1.5)],
  ['LSP change→diagnostics, 200 lines', `p50 ${f(server.small.p50)} ms, p95 ${f(server.small.p95)} ms`, 'p95 ≤ 10 ms', ok(server.small.p95 <= 10)],
  ['LSP change→diagnostics, 2,000 lines', `p95 ${f(server.large.p95)} ms = ${f(server.large.p95 / server.large.parseMs)}× parse`, '≤ 2.5× parse', ok(server.large.p95 / server.large.parseMs <= 2.5)],
  ['server RSS after 200 documents, settled', `${f(server.rssSettledMB, 1)} MB (at start: ${f(server.rssStartMB, 1)} MB)`, '≤ 60 MB', ok(server.rssSettledMB <= 60)],
  ['server RSS right after opening them', `${f(server.rssMB, 1)} MB`, '', ''],
  ['CLI cold start − node -e 0 (--no-shellcheck)', `${f(cliMs - nodeMs, 0)} ms (${f(cliMs, 0)} vs ${f(nodeMs, 0)})`, '≤ 100 ms', ok(cliMs - nodeMs <= 100)],
  ['CLI cold start − node -e 0, no compile cache', `${f(cliNoCacheMs - nodeMs, 0)} ms`, '', ''],
  ['CLI cold start − node -e 0, with ShellCheck', cliShellCheckMs === undefined ? 'not installed' : `${f(cliShellCheckMs - nodeMs, 0)} ms`, '', ''],
  ['.vsix', `${f(sizes['layerwise.vsix'], 0)} KB`, '≤ 400 KB', ok((sizes['layerwise.vsix'] ?? Infinity) <= 400)],
  ...['dist/client.js', 'dist/server.js', 'dist/cli-main.js', 'dist/tree-sitter-bash.wasm', 'dist/web-tree-sitter.wasm'].map((file) => [file, `${f(sizes[file], 0)} KB`, '', '']),
];
const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column].length)));
console.log(`Layerwise benchmark — ${documents.length} documents, Node ${process.version}`);
for (const row of rows) console.log(`${row[3].padEnd(4)}  ${row[0].padEnd(widths[0])}  ${row[1].padEnd(widths[1])}  ${row[2]}`);
console.log('\nWritten to bench/results.json');
