// Where the editor tests find things. Everything they write goes under a temp folder or the
// git-ignored `test-results/` and `.e2e/`.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const CODE_SERVER_VERSION = '4.100.3';
export const CODE_SERVER_BIN = join(REPO_ROOT, '.e2e', 'code-server', 'node_modules', '.bin', 'code-server');
export const CHROMIUM = process.env.LAYERWISE_E2E_CHROMIUM ?? '/usr/bin/chromium';
export const NVIM = process.env.LAYERWISE_E2E_NVIM ?? 'nvim';
/** The compiled extension-host suite (`tsc -b client`). */
export const SUITE_INDEX = join(REPO_ROOT, 'out', 'client', 'src', 'test', 'suite', 'index.js');
export const RESULTS_DIR = join(REPO_ROOT, 'test-results');
export const SCREENSHOTS_DIR = join(RESULTS_DIR, 'screenshots');
