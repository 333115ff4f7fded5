// What the rules may know about the build context beside a Dockerfile. The build context is
// assumed to be the Dockerfile's folder (the usual `docker build .`); Docker reads
// `<Dockerfile>.dockerignore` before `.dockerignore` when both exist.
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { BuildContext } from '../core/index';

export function readBuildContext(dockerfilePath: string | null): BuildContext {
  if (dockerfilePath === null) return {};
  const folder = dirname(dockerfilePath);
  for (const candidate of [join(folder, `${basename(dockerfilePath)}.dockerignore`), join(folder, '.dockerignore')]) {
    try {
      return { dockerignore: readFileSync(candidate, 'utf8') };
    } catch {
      // Missing or unreadable: try the next name.
    }
  }
  return { dockerignore: null };
}
