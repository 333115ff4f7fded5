// Debian's chromium through playwright-core, headless, with the flags that work on this machine
// (../shared/research/e2e-feasibility.md §2.5). Playwright adds --headless and a temp profile.
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM } from './paths.mjs';
import { isolatedEnv } from './process.mjs';

/** `dir` takes what chromium writes outside its profile (crash reports, dconf). */
export async function launchBrowser(dir) {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    env: isolatedEnv(join(dir, 'chromium')),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function newPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  return context.newPage();
}
