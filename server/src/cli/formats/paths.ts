// How the CI formats name files: relative to the working directory (the repository root in CI)
// with `/` separators on every platform, which is what GitHub, GitLab and SARIF viewers resolve.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FileResult } from '../format';

/** `services/api/Dockerfile`; a file outside the working directory keeps its absolute path. */
export function reportPath(result: FileResult): string {
  if (result.path === null || result.path === undefined) return result.display;
  const fromCwd = relative(process.cwd(), resolve(result.path));
  if (fromCwd === '' || fromCwd.startsWith('..') || isAbsolute(fromCwd)) return resolve(result.path).split(sep).join('/');
  return fromCwd.split(sep).join('/');
}

/** A SARIF artifact URI: relative (each segment percent-encoded) or, outside the cwd, a file URI. */
export function artifactUri(result: FileResult): { uri: string; uriBaseId?: string } {
  if (result.path === null || result.path === undefined) return { uri: encodeURIComponent(result.display) };
  const path = reportPath(result);
  if (path.startsWith('/') || /^[A-Za-z]:\//.test(path)) return { uri: pathToFileURL(resolve(result.path)).href };
  return { uri: path.split('/').map(encodeURIComponent).join('/'), uriBaseId: SOURCE_ROOT };
}

/** The base id GitHub's docs use for paths relative to the checkout. */
export const SOURCE_ROOT = '%SRCROOT%';

/** The working directory as a file URI ending in `/`, for `originalUriBaseIds`. */
export function sourceRootUri(): string {
  const href = pathToFileURL(process.cwd()).href;
  return href.endsWith('/') ? href : `${href}/`;
}
