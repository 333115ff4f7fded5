// Finding files to lint: Dockerfiles in a folder and files matching a PATH glob. Both walks skip
// `node_modules` and `.git`, honour `.gitignore` files (those inside the walk, and those between
// the repository root, or the working directory, and the walk's folder), never follow symlinked
// folders, and sort their output.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { errorCode, InputError, isDockerfileName } from './files';
import { globToRegExp, IgnoreStack, parseGitignore } from './gitignore';

const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);

/** Dockerfiles under `folder`, recursively, sorted. */
export function findDockerfiles(folder: string): string[] {
  return walkFiles(folder, (_relativePath, name) => isDockerfileName(name));
}

/** Files matching a glob such as `services/**\/Dockerfile`, sorted; the base folder is its literal prefix. */
export function expandGlob(pattern: string): string[] {
  // On Windows a backslash separates folders; elsewhere it escapes a glob character.
  const normalized = sep === '\\' ? pattern.replace(/\\/g, '/') : pattern;
  const segments = normalized.split('/');
  const firstMagic = segments.findIndex((segment) => /[*?[{]/.test(segment.replace(/\\./g, '')));
  if (firstMagic === -1) return existsSync(pattern) ? [pattern] : [];
  const baseSegments = segments.slice(0, firstMagic);
  const base = baseSegments.length === 0 ? '.' : baseSegments.join('/') || '/';
  const regex = globToRegExp(segments.slice(firstMagic).join('/'));
  let baseIsFolder = false;
  try {
    baseIsFolder = statSync(base).isDirectory();
  } catch {
    // A base that does not exist matches nothing.
  }
  if (!baseIsFolder) return [];
  return walkFiles(base, (relativePath) => regex.test(relativePath));
}

/**
 * Files under `folder` accepted by `accept(relativePath, name)`, where `relativePath` is relative to
 * `folder` with `/` separators. Returned paths are `join(folder, …)`, sorted.
 */
export function walkFiles(folder: string, accept: (relativePath: string, name: string) => boolean): string[] {
  const found: string[] = [];
  const { root, stack: outer } = outerIgnores(folder);
  const prefix = toSlashes(relative(root, resolve(folder)));
  const visit = (dir: string, relativeDir: string, inherited: IgnoreStack): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      throw new InputError(dir, `cannot read folder: ${errorCode(error)}`);
    }
    const fromRoot = (name: string): string => [prefix, relativeDir, name].filter(Boolean).join('/');
    const stack = entries.some((entry) => entry.name === '.gitignore' && entry.isFile())
      ? inherited.with([prefix, relativeDir].filter(Boolean).join('/'), parseGitignore(readText(join(dir, '.gitignore'))))
      : inherited;
    for (const entry of entries) {
      const path = join(dir, entry.name);
      const relativePath = relativeDir === '' ? entry.name : `${relativeDir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name) && !stack.ignores(fromRoot(entry.name), true)) visit(path, relativePath, stack);
      } else if ((entry.isFile() || (entry.isSymbolicLink() && isFile(path))) && accept(relativePath, entry.name)) {
        if (!stack.ignores(fromRoot(entry.name), false)) found.push(path);
      }
    }
  };
  visit(folder, '', outer);
  return found.sort(comparePaths);
}

/**
 * The root that `.gitignore` files apply from — the repository root above `folder` (a folder
 * holding `.git`), else the working directory when `folder` is inside it, else `folder` — and the
 * `.gitignore` files between that root and `folder` (the walk reads `folder`'s own). Never one
 * above the root, such as a home folder's.
 */
function outerIgnores(folder: string): { root: string; stack: IgnoreStack } {
  const start = resolve(folder);
  const root = repositoryRoot(start) ?? (isInside(start, process.cwd()) ? process.cwd() : start);
  const between: string[] = [];
  for (let dir = start; dir !== root && dirname(dir) !== dir; dir = dirname(dir)) between.push(dirname(dir));
  let stack = new IgnoreStack();
  // Outermost first, so that deeper files take precedence.
  for (const dir of between.reverse()) {
    const gitignore = join(dir, '.gitignore');
    if (existsSync(gitignore)) stack = stack.with(toSlashes(relative(root, dir)), parseGitignore(readText(gitignore)));
  }
  return { root, stack };
}

function repositoryRoot(start: string): string | null {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return null;
  }
}

function isInside(path: string, folder: string): boolean {
  const fromFolder = relative(folder, path);
  return !fromFolder.startsWith('..') && !isAbsolute(fromFolder);
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return ''; // An unreadable .gitignore ignores nothing, as with git.
  }
}

function toSlashes(path: string): string {
  return path.split(sep).join('/');
}

export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
