// GitHub Actions workflow commands: each finding becomes an annotation on the pull request's diff.
// Escaping follows @actions/core: `%`, CR and LF in the message; also `:` and `,` in properties.
import type { Severity } from '../../core/index';
import type { FileResult } from '../format';
import { reportPath } from './paths';

/** GitHub has three annotation levels; info and hint are notices. */
const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

export function toGithub(results: readonly FileResult[]): string {
  const lines: string[] = [];
  for (const result of results) {
    const file = reportPath(result);
    for (const finding of result.findings) {
      const { start, end } = finding.range;
      const properties = [
        `file=${escapeProperty(file)}`,
        `line=${start.line + 1}`,
        `col=${start.character + 1}`,
        `endLine=${end.line + 1}`,
        `endColumn=${end.character + 1}`,
        `title=${escapeProperty(`Layerwise ${finding.ruleId}`)}`,
      ];
      lines.push(`::${COMMAND[finding.severity]} ${properties.join(',')}::${escapeData(finding.message)}`);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
