// Per-rule cost on a warm model: `node bench/rules.mjs [lines=1500] [seed=7]` (after `npx tsc -b`).
// Builds the model once, parses every RUN/CMD/ENTRYPOINT script up front, then times each rule's
// `check` alone: the cost the rule adds on top of the shared parse. Less noisy than the full bench.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDockerfile } from './corpus.mjs';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const core = require(join(root, 'out/server/src/core/index.js'));
const { buildModel } = require(join(root, 'out/server/src/core/model/build.js'));
const { DockerfileParser } = require('dockerfile-ast');

const lines = Number(process.argv[2] ?? 1500);
const seed = Number(process.argv[3] ?? 7);
const shell = await core.loadShellParser({
  runtime: readFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm')),
  bash: readFileSync(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm')),
});
const text = generateDockerfile(lines, seed);

const ROUNDS = Number(process.env.ROUNDS ?? 21);
const WARMUP = Number(process.env.WARMUP ?? 10);

function median(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

// CPU time of the process, not wall time: the machine may be shared, and preemption would swamp
// rules that take a tenth of a millisecond. (It includes V8's helper threads: GC, compilation.)
const now = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

// Each round builds a fresh model (nothing a rule or a shared helper caches on a model is reused),
// parses every script, then runs the rules in the engine's order, timing each `check`.
const optionsOf = (rule) => Object.fromEntries(Object.entries(rule.meta.options ?? {}).map(([key, option]) => [key, option.default]));
const samples = new Map(core.RULES.map((rule) => [rule.meta.id, []]));
let model;
for (let round = 0; round < WARMUP + ROUNDS; round++) {
  model = buildModel(text, shell);
  for (const instruction of model.instructions) model.shellScript(instruction);
  for (const rule of core.RULES) {
    const context = { model, options: optionsOf(rule), buildContext: {}, report: () => {} };
    const start = now();
    rule.check(context);
    if (round >= WARMUP) samples.get(rule.meta.id).push(now() - start);
  }
}
const time = (fn, rounds = ROUNDS) => {
  const taken = [];
  for (let i = 0; i < WARMUP + rounds; i++) {
    const start = now();
    fn();
    if (i >= WARMUP) taken.push(now() - start);
  }
  return median(taken);
};

const rows = core.RULES.map((rule) => ({ id: rule.meta.id, off: rule.meta.defaultSeverity === 'off', ms: median(samples.get(rule.meta.id)) }));
rows.sort((a, b) => b.ms - a.ms);
// What `analyze` runs with the default configuration: rules that are off by default are skipped.
const total = rows.reduce((sum, row) => sum + (row.off ? 0 : row.ms), 0);
const parse = time(() => DockerfileParser.parse(text));
const analyze = time(() => core.analyze(text, shell), 7);
console.log(`${text.split('\n').length - 1} lines, ${model.instructions.length} instructions, ${rows.length} rules`);
console.log(`bare parse ${parse.toFixed(2)} ms, full analyze ${analyze.toFixed(2)} ms, rules on a warm model ${total.toFixed(2)} ms (rules on by default)`);
for (const row of rows.slice(0, Number(process.env.TOP ?? 30))) console.log(`${row.ms.toFixed(3).padStart(8)}  ${row.id}${row.off ? ' (off by default)' : ''}`);
