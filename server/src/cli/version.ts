// The package version, read at run time so that the CLI, the action and SARIF output agree.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

let cached: string | undefined;

export function packageVersion(): string {
  if (cached === undefined) {
    try {
      // dist/*.js → the package's package.json, present in the npm package, the .vsix and the action.
      cached = (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      cached = 'unknown';
    }
  }
  return cached;
}
