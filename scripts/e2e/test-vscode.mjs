// `npm run test:vscode`: the extension-host suite (client/src/test/suite) under @vscode/test-electron,
// in a downloaded desktop VS Code, on a developer laptop. Where VS Code cannot be downloaded (no
// route to update.code.visualstudio.com, as on the CI machines) it prints one line and exits 0:
// there `npm run test:e2e` runs the same suite inside code-server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { REPO_ROOT, SUITE_INDEX } from './lib/paths.mjs';
import { run } from './lib/process.mjs';
import { examplesWorkspace } from './lib/workspace.mjs';

const silent = { report() {}, error() {} };

async function main() {
  let vscodeExecutablePath;
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode({ version: process.env.LAYERWISE_VSCODE_VERSION ?? 'stable', reporter: silent });
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    console.log(`skipped: VS Code cannot be downloaded here (${reason}); \`npm run test:e2e\` runs this suite in code-server`);
    return 0;
  }
  await run(process.execPath, [join(REPO_ROOT, 'scripts', 'build.mjs')], { cwd: REPO_ROOT });
  await run(process.execPath, [join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', join(REPO_ROOT, 'client')], { cwd: REPO_ROOT });
  const dir = mkdtempSync(join(tmpdir(), 'layerwise-vscode-'));
  try {
    const code = await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: SUITE_INDEX,
      extensionTestsEnv: { LAYERWISE_E2E_RESULTS: join(dir, 'results.json') },
      // Fresh profile, no other extensions, trusted: nothing from the developer's VS Code leaks in.
      launchArgs: [examplesWorkspace(dir), '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes',
        '--user-data-dir', join(dir, 'user-data'), '--extensions-dir', join(dir, 'extensions')],
    });
    return code;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`test:vscode: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
