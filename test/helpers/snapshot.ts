// File snapshots for fixture tests: compared in `npm test`, rewritten with UPDATE_SNAPSHOTS=1
// (never in CI). `null` means "this file must not exist".
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

export const UPDATE = process.env.UPDATE_SNAPSHOTS === '1' && !process.env.CI;

export function snapshot(path: string, actual: string | null): void {
  if (UPDATE) {
    if (actual === null) rmSync(path, { force: true });
    else writeFileSync(path, actual);
    return;
  }
  if (actual === null) {
    assert.ok(!existsSync(path), `${path} must not exist`);
    return;
  }
  assert.ok(existsSync(path), `missing snapshot ${path}: run UPDATE_SNAPSHOTS=1 npm test`);
  assert.equal(actual, readFileSync(path, 'utf8'), `snapshot ${path} differs`);
}
