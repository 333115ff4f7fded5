// Bundles the three entry points with esbuild and copies the shell parser's WASM files beside them.
//   node scripts/build.mjs [--production] [--watch]
import { build, context } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: production,
  sourcemap: !production,
  logLevel: 'warning',
  // The WASM binaries are copied, not inlined: they load once per process from dist/.
  external: ['vscode'],
  // web-tree-sitter's ES module build reads `import.meta.url`, which is empty in a CommonJS
  // bundle; its CommonJS build finds itself through __dirname instead.
  alias: { 'web-tree-sitter': require.resolve('web-tree-sitter') },
};
const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js' },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  // The `layerwise` command is a small launcher that runs dist/cli-main.js from V8's code cache.
  { entryPoints: ['server/src/cli/launcher.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli-main.js' },
  // The GitHub Action (action.yml): the CLI's lint, reading its inputs from INPUT_* variables.
  { entryPoints: ['server/src/cli/action.ts'], outfile: 'dist/action.js' },
];

mkdirSync('dist', { recursive: true });
copyFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), 'dist/web-tree-sitter.wasm');
copyFileSync(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'), 'dist/tree-sitter-bash.wasm');

if (watch) {
  for (const entry of entries) await (await context({ ...common, ...entry })).watch();
} else {
  await Promise.all(entries.map((entry) => build({ ...common, ...entry })));
}
