// Layer 2: a user's session in code-server through a real browser, with the packaged .vsix
// installed: the squiggle and the Problems entry appear, Ctrl+. applies the quick fix, F1 runs
// "Layerwise: Convert to Multi-Stage Build" and its QuickPick, Ctrl+S saves; the file on disk is
// checked. Screenshots: test-results/screenshots/ on success, test-results/e2e-failure-browser.png.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, newPage } from '../../scripts/e2e/lib/browser.mjs';
import { installExtension, startCodeServer } from '../../scripts/e2e/lib/code-server.mjs';
import { packageExtension } from '../../scripts/e2e/lib/extension.mjs';
import { RESULTS_DIR, SCREENSHOTS_DIR } from '../../scripts/e2e/lib/paths.mjs';
import { SELECTORS, Workbench } from './workbench.mjs';

const DOCKERFILE = [
  'FROM golang:1.24-alpine',
  'RUN apk add git',
  'WORKDIR /src',
  'ENV CGO_ENABLED=0',
  'COPY . .',
  'RUN go build -o /usr/local/bin/api ./cmd/api',
  'CMD ["api"]',
  '',
].join('\n');

export async function runBrowserSmoke({ dir, extension, log = console.log }) {
  const workspace = join(dir, 'workspace');
  mkdirSync(workspace, { recursive: true });
  const file = join(workspace, 'Dockerfile');
  writeFileSync(file, DOCKERFILE);
  const serverDir = join(dir, 'code-server-smoke');
  await installExtension(serverDir, await packageExtension(extension.stage, dir));
  const server = await startCodeServer(serverDir);
  let browser;
  let page;
  const started = Date.now();
  // What the test is doing now, so a timeout says what it waited for.
  let doing = 'opening the workbench';
  const step = (message, next) => {
    log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${message}`);
    doing = next;
  };
  const shot = (name) => page.screenshot({ path: join(SCREENSHOTS_DIR, name) });
  try {
    browser = await launchBrowser(dir);
    page = await newPage(browser);
    const workbench = new Workbench(page);
    mkdirSync(SCREENSHOTS_DIR, { recursive: true });
    await workbench.open(`${server.base}/?folder=${encodeURIComponent(workspace)}`);
    step('workbench connected', 'opening the Dockerfile and waiting for a warning squiggle');
    await workbench.openFile('Dockerfile');
    await page.locator(SELECTORS.warningSquiggle).first().waitFor({ timeout: 60_000 });
    step('squiggle visible', 'waiting for `apk-no-cache` in the Problems panel');

    await page.keyboard.press('Control+Shift+M');
    const problem = workbench.problem('apk-no-cache');
    await problem.first().waitFor({ timeout: 30_000 });
    step(`Problems: ${(await problem.first().innerText()).replace(/\s+/g, ' ')}`, 'applying `Add --no-cache` with Ctrl+.');

    // Ctrl+. on `apk add` (line 2) offers the fix; pick it by its title, not by its position.
    await workbench.goToLine(2, 6);
    await page.keyboard.press('Control+.');
    const fix = page.locator(SELECTORS.actionRow, { hasText: 'Add --no-cache' }).first();
    await fix.waitFor({ timeout: 30_000 });
    await shot('vscode-quick-fix.png');
    await workbench.chooseAction('Add --no-cache');
    await problem.first().waitFor({ state: 'detached', timeout: 30_000 });
    const fixed = await workbench.editorText();
    if (!fixed.includes('RUN apk add --no-cache git')) throw new Error(`the quick fix did not change the editor text:\n${fixed}`);
    step('quick fix applied, apk-no-cache gone from Problems', 'running Convert to Multi-Stage Build from F1 and waiting for its QuickPick');

    await workbench.runCommand('Layerwise: Convert to Multi-Stage Build');
    const choice = page.locator(SELECTORS.quickInputRow).first();
    await choice.waitFor({ timeout: 30_000 });
    const title = (await page.locator(SELECTORS.quickInputTitle).innerText()).trim();
    if (!title.startsWith('Convert to Multi-Stage Build')) throw new Error(`expected the runtime QuickPick, got \`${title}\``);
    const picked = (await choice.locator(SELECTORS.rowLabel).first().innerText()).trim();
    step(`QuickPick: first runtime \`${picked}\``, 'picking it, saving and reading the file on disk');
    await shot('vscode-convert-quickpick.png');
    await page.keyboard.press('Enter');

    await page.keyboard.press('Control+S');
    const saved = await waitForFile(file, (text) => /^FROM .+ AS build$/m.test(text), 30_000);
    const froms = saved.split('\n').filter((line) => line.startsWith('FROM '));
    if (froms.length !== 2 || froms[0] !== 'FROM golang:1.24-alpine AS build' || froms[1] !== `FROM ${picked}`) {
      throw new Error(`the saved file is not a build stage plus a \`${picked}\` runtime stage:\n${saved}`);
    }
    if (!saved.includes('RUN apk add --no-cache git')) throw new Error(`the saved file lost the quick fix:\n${saved}`);
    if (!/^COPY --from=build /m.test(saved)) throw new Error(`the runtime stage copies nothing from the build stage:\n${saved}`);
    step('saved file on disk: build stage + runtime stage', 'taking the final screenshot');
    await shot('vscode-multi-stage.png');
  } catch (error) {
    mkdirSync(RESULTS_DIR, { recursive: true });
    await page?.screenshot({ path: join(RESULTS_DIR, 'e2e-failure-browser.png') }).catch(() => {});
    // Playwright appends a long call log; the first part says what failed.
    const message = (error instanceof Error ? error.message : String(error)).split('\nCall log:')[0];
    throw new Error(`while ${doing}: ${message}\n(screenshot: test-results/e2e-failure-browser.png; code-server log: ${server.log})`);
  } finally {
    await browser?.close();
    await server.stop();
  }
}

/** Polls the file on disk: the save is asynchronous and there is no event to wait on from here. */
async function waitForFile(file, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let text = readFileSync(file, 'utf8');
  while (!check(text)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for the saved file; on disk:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    text = readFileSync(file, 'utf8');
  }
  return text;
}
