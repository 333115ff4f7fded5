// The `layerwise` command (dist/cli.js): runs the CLI bundle (dist/cli-main.js) from V8's code
// cache. Compiling the ~700 KB bundle and then the functions a lint run calls costs 50–70 ms per
// run; a cache written after the first run brings that down to reading and checking one file.
// Node 22 does the same with `module.enableCompileCache()`, which Node 20 lacks.
//
// The cache lives in the user's cache folder (`~/.cache/layerwise` on Linux) or in
// $LAYERWISE_COMPILE_CACHE; `LAYERWISE_COMPILE_CACHE=off` or NODE_DISABLE_COMPILE_CACHE turn it off.
// A missing, stale, foreign or damaged cache only means a slower run: the bundle compiles as usual.
// Cached data runs as code, so only a folder this user owns and nobody else can write is used.
import {
  accessSync, constants as fsConstants, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join } from 'node:path';
import { constants, Script } from 'node:vm';
import * as zlib from 'node:zlib';
import { keepWasmOnBaselineCompiler } from '../node/wasmFlags';

const BUNDLE = join(__dirname, 'cli-main.js');
const CHECKSUM_BYTES = 4;
/** Caches kept for other versions of the bundle or of Node (several installs may share the folder). */
const KEEP_CACHES = 4;
/** A temporary file this old was left by a run that died while writing it. */
const STALE_TEMPORARY_MS = 10 * 60 * 1000;
/**
 * Runs of these commands compile what later runs need: a cache written after `--version` or `rules`
 * would hold little, and later runs would use it instead of writing a better one.
 */
const ANALYSING_COMMANDS = new Set(['lint', 'fix', 'convert']);

type CacheState = 'off' | 'hit' | 'miss' | 'rejected';

/** The cache folder, or undefined when caching is off or the folder cannot be trusted or created. */
async function cacheFolder(): Promise<string | undefined> {
  const setting = process.env.LAYERWISE_COMPILE_CACHE;
  if (setting === 'off' || setting === '0' || process.env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  let folder = setting;
  if (!folder) {
    try {
      const { default: envPaths } = await import('env-paths');
      folder = join(envPaths('layerwise', { suffix: '' }).cache, 'compile-cache');
    } catch {
      return undefined; // no home folder (a user id unknown to the system, in a container)
    }
  }
  // A relative folder (`XDG_CACHE_HOME=cache`) would follow the working directory around.
  return isAbsolute(folder) && isPrivateFolder(folder) ? folder : undefined;
}

/**
 * Creates the folder if needed; true when it is a real, writable folder of this user that nobody
 * else may write to. On Windows, where modes do not tell, the per-user folder it is given is trusted.
 */
function isPrivateFolder(folder: string): boolean {
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const stats = lstatSync(folder);
    if (!stats.isDirectory()) return false;
    accessSync(folder, fsConstants.W_OK); // a read-only folder: no cache, rather than a failed write per run
    if (process.platform === 'win32' || !process.getuid) return true;
    return stats.uid === process.getuid() && (stats.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/**
 * CRC-32, as Node's own compile cache checks sources and data with (zlib's, Node 20.15 and later;
 * before that a SHA-1 prefix). With the bundle's length, which V8 checks too, it tells builds apart.
 */
function checksum(data: Uint8Array): Buffer {
  const value = zlib.crc32
    ? zlib.crc32(data)
    : (require('node:crypto') as typeof import('node:crypto')).createHash('sha1').update(data).digest().readUInt32BE();
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
  // Written under a fresh temporary name (`wx`: never through a file or link already there) and
  // renamed: a concurrent run never reads half a file.
  const temporary = `${path}.${process.pid}-${Date.now().toString(36)}.tmp`;
  try {
    const data = script.createCachedData();
    writeFileSync(temporary, Buffer.concat([checksum(data), data]), { flag: 'wx', mode: 0o600 });
    renameSync(temporary, path);
  } catch {
    // A cache that cannot be written makes the next run slower, nothing else.
    removeQuietly(temporary);
  }
  pruneCaches(folder);
}

/** Keeps the most recently used caches, and removes temporary files that runs left behind. */
function pruneCaches(folder: string): void {
  try {
    const entries = readdirSync(folder).map((name) => ({ name, path: join(folder, name), time: statSync(join(folder, name)).mtimeMs }));
    const caches = entries.filter(({ name }) => name.startsWith('cli-') && name.endsWith('.bin')).sort((a, b) => b.time - a.time);
    for (const { path } of caches.slice(KEEP_CACHES)) removeQuietly(path);
    for (const { name, path, time } of entries) if (name.endsWith('.tmp') && Date.now() - time > STALE_TEMPORARY_MS) removeQuietly(path);
  } catch {
    // Pruning is housekeeping: a file that vanished or resists is left to a later run.
  }
}

function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // Left for a later run's pruning.
  }
}

async function launch(): Promise<void> {
  // Part of the V8 flags a code cache is checked against: set before compiling, as the CLI sets it anyway.
  keepWasmOnBaselineCompiler();
  const bytes = readFileSync(BUNDLE);
  const source = bytes.toString('utf8');
  const folder = await cacheFolder();
  // Keyed on the bundle (V8 checks only its length), on the Node that compiled it and on the flags
  // it ran with (V8 rejects a cache made under other flags; one file each avoids rewrites).
  const runtime = [process.version, process.versions.v8, process.arch, ...process.execArgv, process.env.NODE_OPTIONS ?? ''].join('\0');
  const key = `${checksum(Buffer.from(runtime)).toString('hex')}${checksum(bytes).toString('hex')}${bytes.length.toString(36)}`;
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
  if (folder && cachePath) {
    const command = process.argv.slice(2).find((argument) => !argument.startsWith('-'));
    if (state === 'hit') touch(cachePath); // pruning keeps the caches in use
    else if (command && ANALYSING_COMMANDS.has(command)) process.once('exit', () => writeCache(folder, cachePath, script));
  }

  const bundleModule = { exports: {} };
  const wrapper = script.runInThisContext() as (this: unknown, ...args: unknown[]) => void;
  wrapper.call(bundleModule.exports, bundleModule.exports, createRequire(BUNDLE), bundleModule, BUNDLE, dirname(BUNDLE));
}

function touch(path: string): void {
  try {
    const now = new Date();
    utimesSync(path, now, now);
  } catch {
    // Only the pruning order depends on it.
  }
}

launch().catch((error: unknown) => {
  const detail = error instanceof Error ? (process.env.LAYERWISE_DEBUG ? error.stack ?? error.message : error.message) : String(error);
  process.stderr.write(`layerwise: cannot start: ${detail}\n`);
  process.exitCode = 2;
});
