// The output formats of `layerwise lint`, by name. The CI formats are loaded only when asked for:
// a plain `lint` should not pay for them (the GitLab one loads `node:crypto`) at start-up.
import { toJson, toStylish, useColor, type FileResult } from '../format';

export { OUTPUT_FORMATS, type OutputFormat } from './names';
import type { OutputFormat } from './names';

/** The report for stdout (or a file) in the given format. */
export async function render(format: OutputFormat, results: readonly FileResult[]): Promise<string> {
  switch (format) {
    case 'text': return toStylish(results, useColor(process.stdout));
    case 'json': return `${JSON.stringify(toJson(results), null, 2)}\n`;
    case 'sarif': return `${JSON.stringify((await import('./sarif.js')).toSarif(results), null, 2)}\n`;
    case 'checkstyle': return (await import('./checkstyle.js')).toCheckstyle(results);
    case 'gitlab': return `${JSON.stringify((await import('./gitlab.js')).toGitlab(results), null, 2)}\n`;
    case 'github': return (await import('./github.js')).toGithub(results);
  }
}
