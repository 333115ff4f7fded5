// ShellCheck tests need the real program. CI installs Debian's package (.ci/run) and sets CI: there
// a missing program fails the test loudly; on a developer machine without it the test is skipped.
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { locateShellCheck } from '../../server/src/node/shellcheck';

/** True when `shellcheck` is on PATH; otherwise fails (CI) or skips the test with the reason. */
export function requireShellCheck(t: TestContext): boolean {
  if (locateShellCheck()) return true;
  const ci = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
  if (ci) assert.fail('`shellcheck` is not on PATH, but CI must run the ShellCheck tests (.ci/run installs it)');
  t.skip('`shellcheck` is not on PATH (apt-get install shellcheck); skipped outside CI');
  return false;
}
