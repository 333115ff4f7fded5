// The output formats of `layerwise lint`, by name.
import { toJson, toStylish, useColor, type FileResult } from '../format';
import { toCheckstyle } from './checkstyle';
import { toGithub } from './github';
import { toGitlab } from './gitlab';
import { toSarif } from './sarif';

export { OUTPUT_FORMATS, type OutputFormat } from './names';
import type { OutputFormat } from './names';

/** The report for stdout (or a file) in the given format. */
export function render(format: OutputFormat, results: readonly FileResult[]): string {
  switch (format) {
    case 'text': return toStylish(results, useColor(process.stdout));
    case 'json': return `${JSON.stringify(toJson(results), null, 2)}\n`;
    case 'sarif': return `${JSON.stringify(toSarif(results), null, 2)}\n`;
    case 'checkstyle': return toCheckstyle(results);
    case 'gitlab': return `${JSON.stringify(toGitlab(results), null, 2)}\n`;
    case 'github': return toGithub(results);
  }
}
