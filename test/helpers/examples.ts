// The seed examples (examples/<name>/Dockerfile): every surface is tested on them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './shell';

export const EXAMPLES = join(REPO_ROOT, 'examples');

/** The example names, sorted, with their Dockerfile's text. */
export function exampleDockerfiles(): { name: string; text: string }[] {
  return readdirSync(EXAMPLES)
    .filter((name) => existsSync(join(EXAMPLES, name, 'Dockerfile')))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(EXAMPLES, name, 'Dockerfile'), 'utf8') }));
}
