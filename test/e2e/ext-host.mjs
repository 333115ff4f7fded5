// Layer 1: the Mocha suite (client/src/test/suite) inside code-server's extension host. code-server
// has no --extensionTestsPath flag, but its web workbench takes the same two paths through the
// `payload` URL parameter and reports the result through window.codeAutomationExit.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { launchBrowser, newPage } from '../../scripts/e2e/lib/browser.mjs';
import { startCodeServer } from '../../scripts/e2e/lib/code-server.mjs';
import { RESULTS_DIR, SUITE_INDEX } from '../../scripts/e2e/lib/paths.mjs';
import { withTimeout } from '../../scripts/e2e/lib/process.mjs';
import { examplesWorkspace } from '../../scripts/e2e/lib/workspace.mjs';

const SUITE_TIMEOUT_MS = 5 * 60_000;
/** Workbench chatter forwarded with the suite's output; the marketplace error is expected offline. */
const NOISE = /open-vsx\.org|^Resolv(ing|ed) connection token|^Creating a socket|^\[Service Worker\]|^Updating additional builtin extensions|^ChatSessionStore|^Creation of workbench contribution/;

/** Runs the suite against the staged extension; throws when a test fails or nothing reports. */
export async function runExtensionHostSuite({ dir, extension, log = console.log }) {
  if (!existsSync(SUITE_INDEX)) throw new Error(`${SUITE_INDEX} is missing: compile the suite with \`npx tsc -b client\``);
  const workspace = examplesWorkspace(dir);
  const resultsFile = join(dir, 'ext-host-results.json');
  const server = await startCodeServer(join(dir, 'code-server-suite'), { LAYERWISE_E2E_RESULTS: resultsFile });
  let browser;
  try {
    browser = await launchBrowser(dir);
    const page = await newPage(browser);
    const remote = (path) => `vscode-remote://${server.host}${path}`;
    const payload = [['extensionDevelopmentPath', remote(extension.stage)], ['extensionTestsPath', remote(SUITE_INDEX)]];
    const exitCode = new Promise((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code) => resolve(code));
    });
    await page.exposeFunction('codeAutomationLog', (_type, args) => {
      const message = format(...(args ?? []));
      if (!NOISE.test(message)) log(message);
    });
    await page.goto(`${server.base}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const code = await withTimeout(exitCode, SUITE_TIMEOUT_MS, 'the extension-host suite did not report an exit code').catch(async (error) => {
      await page.screenshot({ path: join(RESULTS_DIR, 'e2e-failure-ext-host.png') }).catch(() => {});
      throw error;
    });
    const summary = summarize(resultsFile);
    if (code !== 0) throw new Error(`the extension-host suite exited with ${code}${summary ? `: ${summary}` : ''}`);
    if (!summary) throw new Error('the extension-host suite exited 0 but wrote no results');
    log(`extension-host suite: ${summary}`);
  } finally {
    await browser?.close();
    await server.stop();
  }
}

function summarize(resultsFile) {
  if (!existsSync(resultsFile)) return '';
  const { results } = JSON.parse(readFileSync(resultsFile, 'utf8'));
  const failed = results.filter((result) => result.state === 'failed');
  return `${results.length - failed.length} passed, ${failed.length} failed${failed.length ? ` (${failed.map((result) => result.title).join('; ')})` : ''}`;
}
