// The `layerwise` command (dist/cli.js): runs the CLI bundle (dist/cli-main.js) from V8's code
// cache. Compiling the ~700 KB bundle and then the functions a lint run calls costs 50–70 ms per
// run; a cache written after the first run brings that down to reading and checking one file.
// Node 22 does the same with `module.enableCompileCache()`, which Node 20 lacks.
//
// The cache lives in the user's cache folder (`~/.cache/layerwise` on Linux) or in
// $LAYERWISE_COMPILE_CACHE; `LAYERWISE_COMPILE_CACHE=off` or NODE_DISABLE_COMPILE_CACHE turn it off.
// A missing, stale, foreign or damaged cache only means a slower run: the bundle compiles as usual.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { constants, Script } from 'node:vm';
import * as zlib from 'node:zlib';
import { keepWasmOnBaselineCompiler } from '../node/wasmFlags';

const BUNDLE = join(__dirname, 'cli-main.js');
const CHECKSUM_BYTES = 4;
/** Caches kept for other versions of the bundle or of Node (several installs may share the folder). */
const KEEP_CACHES = 4;

type CacheState = 'off' | 'hit' | 'miss' | 'rejected';

async function cacheFolder(): Promise<string | undefined> {
  const setting = process.env.LAYERWISE_COMPILE_CACHE;
  if (setting === 'off' || setting === '0' || process.env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  if (setting) return setting;
  const { default: envPaths } = await import('env-paths');
  return join(envPaths('layerwise', { suffix: '' }).cache, 'compile-cache');
}

/**
 * CRC-32 (zlib's, in Node 20.15 and later; a SHA-1 prefix before that): a check against damage and
 * a cache key, not against an attacker, who could as well edit the bundle in the same folder.
 */
function checksum(data: string | Uint8Array): Buffer {
  const value = zlib.crc32 ? zlib.crc32(data) : (require('node:crypto') as typeof import('node:crypto')).createHash('sha1').update(data).digest().readUInt32BE();
  const bytes = Buffer.alloc(CHECKSUM_BYTES);
  bytes.writeUInt32BE(value >>> 0);
  return bytes;
}

/** The cache file holds a checksum and the data: V8 itself checks the data's length, not its bytes. */
function readCache(path: string): Buffer | undefined {
  try {
    const file = readFileSync(path);
    const data = file.subarray(CHECKSUM_BYTES);
    return file.length > CHECKSUM_BYTES && checksum(data).equals(file.subarray(0, CHECKSUM_BYTES)) ? data : undefined;
  } catch {
    return undefined;
  }
}

/** Written after the run, so the cache holds every function the run compiled, not just the top level. */
function writeCache(folder: string, path: string, script: Script): void {
  try {
    const data = script.createCachedData();
    mkdirSync(folder, { recursive: true });
    // Written under a temporary name and renamed: a concurrent run never reads half a file.
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, Buffer.concat([checksum(data), data]));
    renameSync(temporary, path);
    pruneCaches(folder);
  } catch {
    // A cache that cannot be written makes the next run slower, nothing else.
  }
}

function pruneCaches(folder: string): void {
  const caches = readdirSync(folder)
    .filter((name) => name.startsWith('cli-') && name.endsWith('.bin'))
    .map((name) => ({ path: join(folder, name), time: statSync(join(folder, name)).mtimeMs }))
    .sort((a, b) => b.time - a.time);
  for (const { path } of caches.slice(KEEP_CACHES)) rmSync(path, { force: true });
}

async function launch(): Promise<void> {
  // Part of the V8 flags a code cache is checked against: set before compiling, as the CLI sets it anyway.
  keepWasmOnBaselineCompiler();
  const source = readFileSync(BUNDLE, 'utf8');
  const folder = await cacheFolder();
  // Keyed on the bundle's text (V8 checks only its length), on the V8 that compiled it and on the
  // flags it ran with (V8 rejects a cache made under other flags; one file each avoids rewrites).
  const runtime = [process.versions.v8, process.arch, ...process.execArgv, process.env.NODE_OPTIONS ?? ''].join('\0');
  const key = `${checksum(runtime).toString('hex')}${checksum(source).toString('hex')}`;
  const cachePath = folder && join(folder, `cli-${key}.bin`);
  const cachedData = cachePath ? readCache(cachePath) : undefined;

  // The CommonJS wrapper on the bundle's first line, so that stack traces keep their line numbers.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: BUNDLE,
    cachedData,
    // `import()` inside the bundle (none is reached today) resolves as in a normal module; Node < 20.12
    // lacks the constant and would only fail such an import.
    importModuleDynamically: constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const state: CacheState = !folder ? 'off' : !cachedData ? 'miss' : script.cachedDataRejected ? 'rejected' : 'hit';
  if (process.env.LAYERWISE_DEBUG) process.stderr.write(`layerwise: compile cache ${state}${cachePath ? ` (${cachePath})` : ''}\n`);
  if (folder && cachePath && state !== 'hit') process.once('exit', () => writeCache(folder, cachePath, script));

  const bundleModule = { exports: {} };
  (script.runInThisContext() as (...args: unknown[]) => void)(bundleModule.exports, createRequire(BUNDLE), bundleModule, BUNDLE, dirname(BUNDLE));
}

launch().catch((error: unknown) => {
  process.stderr.write(`layerwise: cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
