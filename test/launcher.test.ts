// The `layerwise` launcher (dist/cli.js) runs the CLI bundle from V8's code cache. Its promise: a
// cache changes how fast a run starts, never what it prints or how it exits; a missing, damaged or
// unwritable cache is a slower run, not a failure. Checked on the built CLI, as a process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { REPO_ROOT } from './helpers/shell';

const CLI = join(REPO_ROOT, 'dist', 'cli.js');
const EXAMPLE = join(REPO_ROOT, 'examples', 'python-big-image', 'Dockerfile');
const scratch = mkdtempSync(join(tmpdir(), 'layerwise-launcher-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

interface Run {
  status: number | null;
  stdout: string;
  /** What the launcher said of the cache: hit, miss, rejected or off. */
  cache: string | undefined;
}

function lint(cache: string, nodeFlags: string[] = []): Run {
  const result = spawnSync(process.execPath, [...nodeFlags, CLI, 'lint', '--no-shellcheck', '--format', 'json', EXAMPLE], {
    encoding: 'utf8',
    env: { ...process.env, LAYERWISE_COMPILE_CACHE: cache, LAYERWISE_DEBUG: '1', NODE_DISABLE_COMPILE_CACHE: '' },
  });
  return { status: result.status, stdout: result.stdout, cache: /compile cache (\w+)/.exec(result.stderr)?.[1] };
}

const cacheFiles = (folder: string): string[] => readdirSync(folder).filter((name) => name.endsWith('.bin'));

describe('CLI launcher and its compile cache', () => {
  const folder = join(scratch, 'cache');
  const first = lint(folder);

  it('writes the cache after the first run and uses it on the next, with the same output', () => {
    assert.equal(first.cache, 'miss');
    assert.equal(first.status, 1);
    assert.ok(JSON.parse(first.stdout).length > 0);
    assert.equal(cacheFiles(folder).length, 1);
    const second = lint(folder);
    assert.equal(second.cache, 'hit');
    assert.deepEqual({ ...second, cache: undefined }, { ...first, cache: undefined });
  });

  it('ignores a damaged cache file, runs as usual and writes a good one', () => {
    const [name] = cacheFiles(folder);
    const path = join(folder, name);
    const bytes = readFileSync(path);
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    writeFileSync(path, bytes);
    const damaged = lint(folder);
    assert.equal(damaged.cache, 'miss');
    assert.deepEqual({ ...damaged, cache: undefined }, { ...first, cache: undefined });
    assert.equal(lint(folder).cache, 'hit');

    writeFileSync(path, bytes.subarray(0, 3));
    assert.deepEqual({ ...lint(folder), cache: undefined }, { ...first, cache: undefined });
  });

  it('recompiles when V8 rejects a cache made under other flags', () => {
    const [name] = cacheFiles(folder);
    const other = join(scratch, 'other-flags');
    assert.equal(lint(other, ['--max-semi-space-size=1']).cache, 'miss');
    const [otherName] = cacheFiles(other);
    assert.notEqual(otherName, name, 'the flags are part of the cache key');
    // The other run's cache under this run's name: intact, but made for other V8 flags.
    writeFileSync(join(folder, name), readFileSync(join(other, otherName)));
    const rejected = lint(folder);
    assert.equal(rejected.cache, 'rejected');
    assert.deepEqual({ ...rejected, cache: undefined }, { ...first, cache: undefined });
    assert.equal(lint(folder).cache, 'hit');
  });

  it('keeps a few caches of other versions and removes older ones', () => {
    const crowded = join(scratch, 'crowded');
    lint(crowded);
    const old = new Date('2020-01-01');
    for (let i = 0; i < 6; i++) {
      const path = join(crowded, `cli-old${i}.bin`);
      writeFileSync(path, 'stale');
      utimesSync(path, old, old);
    }
    rmSync(join(crowded, cacheFiles(crowded).find((name) => !name.includes('old'))!));
    assert.equal(lint(crowded).cache, 'miss');
    const kept = cacheFiles(crowded);
    assert.equal(kept.length, 4);
    assert.equal(kept.filter((name) => !name.includes('old')).length, 1, 'the new cache is kept');
  });

  it('runs without a cache when it is turned off or cannot be written', () => {
    const off = lint('off');
    assert.equal(off.cache, 'off');
    assert.deepEqual({ ...off, cache: undefined }, { ...first, cache: undefined });

    const notAFolder = join(scratch, 'a-file');
    writeFileSync(notAFolder, '');
    const unwritable = lint(join(notAFolder, 'cache'));
    assert.equal(unwritable.cache, 'off');
    assert.deepEqual({ ...unwritable, cache: undefined }, { ...first, cache: undefined });

    assert.equal(lint('relative/cache').cache, 'off', 'a relative folder would follow the working directory');
  });

  it('uses no folder that others may write to: the cached data runs as code', { skip: process.platform === 'win32' }, () => {
    const shared = join(scratch, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    const run = lint(shared);
    assert.equal(run.cache, 'off');
    assert.deepEqual({ ...run, cache: undefined }, { ...first, cache: undefined });
    assert.deepEqual(readdirSync(shared), []);
  });

  it('writes no cache after a run that analyses nothing (`--version`), and runs without a home folder', () => {
    const folder = join(scratch, 'version-first');
    const version = spawnSync(process.execPath, [CLI, '--version'], { encoding: 'utf8', env: { ...process.env, LAYERWISE_COMPILE_CACHE: folder } });
    assert.equal(version.status, 0);
    assert.deepEqual(cacheFiles(folder), []);

    // No HOME and no XDG_CACHE_HOME, as a user id the system does not know (a container's arbitrary
    // user; only root can start one here): there is no default folder, and the command still runs.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !['HOME', 'XDG_CACHE_HOME', 'LAYERWISE_COMPILE_CACHE'].includes(name)));
    const asStranger = process.getuid?.() === 0 ? { uid: 54321, gid: 54321 } : {};
    const homeless = spawnSync(process.execPath, [CLI, '--version'], { encoding: 'utf8', env, ...asStranger });
    assert.equal(homeless.status, 0, homeless.stderr);
    assert.match(homeless.stdout, /^\d+\.\d+\.\d+/);
  });
});
