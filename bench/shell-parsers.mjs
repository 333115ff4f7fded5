// Measures the two shell-parser candidates on typical RUN scripts (see README "Design notes").
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);

const scripts = [
  'apt-get update && apt-get install -y --no-install-recommends curl ca-certificates && rm -rf /var/lib/apt/lists/*',
  'set -eux; \\\n  cd /src && make -j"$(nproc)" && make install; \\\n  for f in a b c; do echo "$f" | tee -a /log; done',
  'pip install --no-cache-dir -r requirements.txt',
  'curl -fsSL https://example.com/install.sh | sh -s -- --version "${VERSION}"',
];
const rounds = 300;

function time(label, fn) {
  for (let i = 0; i < 20; i++) for (const s of scripts) fn(s); // warm-up
  const start = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) for (const s of scripts) fn(s);
  const us = Number(process.hrtime.bigint() - start) / 1e3 / (rounds * scripts.length);
  console.log(`${label}: ${us.toFixed(1)} µs per RUN script`);
  return us;
}

const t0 = performance.now();
const { Parser, Language } = require('web-tree-sitter');
await Parser.init();
const bash = await Language.load(readFileSync(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm')));
const parser = new Parser();
parser.setLanguage(bash);
console.log(`web-tree-sitter + tree-sitter-bash init: ${(performance.now() - t0).toFixed(1)} ms`);
const ts = time('web-tree-sitter + tree-sitter-bash', (s) => parser.parse(s).delete());

const t1 = performance.now();
const sh = await import('sh-syntax');
await sh.parse('true');
console.log(`sh-syntax init: ${(performance.now() - t1).toFixed(1)} ms`);
const shRounds = 10;
const start = process.hrtime.bigint();
for (let i = 0; i < shRounds; i++) for (const s of scripts) await sh.parse(s);
const shUs = Number(process.hrtime.bigint() - start) / 1e3 / (shRounds * scripts.length);
console.log(`sh-syntax: ${shUs.toFixed(1)} µs per RUN script (async only)`);
console.log(`ratio sh-syntax / tree-sitter: ${(shUs / ts).toFixed(0)}x`);
