// Mocha entry for the extension-host suite, in the shape @vscode/test-electron expects
// (`run(): Promise<void>`). code-server's workbench loads it the same way through its `payload`
// URL parameter (scripts/e2e/ext-host.mjs). Runs every `*.test.js` next to this file.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

interface Result {
  title: string;
  state: 'passed' | 'failed';
  error?: string;
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  const grep = process.env.LAYERWISE_E2E_GREP;
  if (grep) mocha.grep(grep);
  for (const file of readdirSync(__dirname).filter((name) => name.endsWith('.test.js')).sort()) mocha.addFile(join(__dirname, file));
  return new Promise((resolve, reject) => {
    const results: Result[] = [];
    const runner = mocha.run((failures) => {
      // A side channel for the runners: the extension host's console does not always reach them.
      const resultsFile = process.env.LAYERWISE_E2E_RESULTS;
      if (resultsFile) writeFileSync(resultsFile, JSON.stringify({ failures, results }, null, 2));
      if (failures > 0) reject(new Error(`${failures} extension-host tests failed`));
      else if (results.length === 0) reject(new Error('no extension-host test ran'));
      else resolve();
    });
    runner.on('pass', (test) => results.push({ title: test.fullTitle(), state: 'passed' }));
    runner.on('fail', (test, error: Error) => results.push({ title: test.fullTitle(), state: 'failed', error: error.stack ?? String(error) }));
  });
}
