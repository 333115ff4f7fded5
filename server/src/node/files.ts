// Recognising Dockerfiles by name and reading them with the guards every adapter needs: a size cap,
// binary detection and a BOM that is remembered (so a fix can write it back) but never analysed.
import { readFileSync, statSync, type Stats } from 'node:fs';

/** Files above this size are refused: no real Dockerfile is this big, and analysis must stay fast. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** A NUL byte in this prefix marks a binary file, the heuristic git and grep use. */
const BINARY_PROBE_BYTES = 8 * 1024;
const BOM = '\uFEFF';

/** An I/O problem with one input, worded for a one-line message (the path is in `path`). */
export class InputError extends Error {
  constructor(readonly path: string, message: string) {
    super(message);
  }
}

/** Dockerfile names as the editor recognises them, minus BuildKit's `Dockerfile.dockerignore`. */
export function isDockerfileName(name: string): boolean {
  const lower = name.toLowerCase();
  if (lower.endsWith('.dockerignore')) return false;
  return (
    name === 'Dockerfile' || name === 'Containerfile' ||
    name.startsWith('Dockerfile.') || name.startsWith('Containerfile.') ||
    lower.endsWith('.dockerfile') || lower.endsWith('.containerfile')
  );
}

/** `stat` that turns "not found" and friends into an InputError. */
export function statInput(path: string): Stats {
  try {
    return statSync(path);
  } catch (error) {
    throw new InputError(path, describeError(error));
  }
}

export interface SourceText {
  /** The text to analyse, without a leading BOM. */
  text: string;
  /** Whether the file started with a UTF-8 BOM, to write it back unchanged. */
  bom: boolean;
}

/**
 * Decodes a file's bytes after the size and binary checks. With `strict`, bytes that are not
 * UTF-8 are refused (a fix must not write back replacement characters in place of the user's text).
 */
export function decodeSource(path: string, bytes: Buffer, strict = false): SourceText {
  if (bytes.length > MAX_FILE_BYTES) throw new InputError(path, `file is larger than 5 MB (${(bytes.length / 1024 / 1024).toFixed(1)} MB)`);
  if (bytes.subarray(0, BINARY_PROBE_BYTES).includes(0)) throw new InputError(path, 'binary file (it contains a NUL byte)');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: strict, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new InputError(path, 'not UTF-8 text');
  }
  const bom = text.startsWith(BOM);
  return { text: bom ? text.slice(1) : text, bom };
}

/** Reads a Dockerfile; refuses folders, files over 5 MB and binary files. */
export function readSource(path: string, strict = false): SourceText {
  const stats = statInput(path);
  if (stats.isDirectory()) throw new InputError(path, 'is a folder');
  // Checked before reading so that a huge file is never loaded into memory.
  if (stats.size > MAX_FILE_BYTES) throw new InputError(path, `file is larger than 5 MB (${(stats.size / 1024 / 1024).toFixed(1)} MB)`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new InputError(path, describeError(error));
  }
  return decodeSource(path, bytes, strict);
}

/** Reads standard input to the end, stopping (with an error) as soon as it passes the size cap. */
export async function readStdin(strict = false): Promise<SourceText> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > MAX_FILE_BYTES) throw new InputError('<stdin>', 'input is larger than 5 MB');
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError('<stdin>', describeError(error));
  }
  return decodeSource('<stdin>', Buffer.concat(chunks), strict);
}

export function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

/** "no such file or directory" rather than a raw errno line with the path repeated. */
export function describeError(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES':
    case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'is a folder';
    case 'ENOTDIR': return 'a parent of this path is not a folder';
    default: return errorCode(error);
  }
}
