#!/usr/bin/env node
// Longer fuzzing than `npm test` does: `npm run fuzz [-- --seconds N] [--runs N] [--seed N]`.
// Compiles the tests, then runs test/fuzz.test.ts with a budget: each property gets N seconds
// (default 60) or N inputs; `--seed` replays the seed fast-check printed for a failure.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');
const args = process.argv.slice(2);
const option = (name) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
};
const runs = option('runs') ?? process.env.FUZZ_RUNS;
const seconds = option('seconds') ?? process.env.FUZZ_SECONDS ?? (runs ? undefined : '60');
const seed = option('seed') ?? process.env.FUZZ_SEED;
for (const [name, value] of [['seconds', seconds], ['runs', runs], ['seed', seed]]) {
  if (value !== undefined && !/^-?\d+$/.test(value)) {
    process.stderr.write(`fuzz: --${name} takes a whole number, got \`${value}\`\n`);
    process.exit(2);
  }
}

const compile = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b'], { cwd: root, stdio: 'inherit' });
if (compile.status !== 0) process.exit(compile.status ?? 2);

const env = { ...process.env, FUZZ_SECONDS: seconds ?? '', FUZZ_RUNS: runs ?? '', FUZZ_SEED: seed ?? '' };
for (const key of ['FUZZ_SECONDS', 'FUZZ_RUNS', 'FUZZ_SEED']) if (env[key] === '') delete env[key];
process.stderr.write(`fuzz: ${seconds ? `${seconds} s` : `${runs} inputs`} per property${seed ? `, seed ${seed}` : ''}\n`);
const started = Date.now();
const result = spawnSync(process.execPath, ['--test-reporter=spec', join(root, 'out', 'test', 'fuzz.test.js')], { cwd: root, stdio: 'inherit', env });
process.stderr.write(`fuzz: finished in ${((Date.now() - started) / 1000).toFixed(0)} s, exit ${result.status}\n`);
process.exit(result.status ?? 2);
