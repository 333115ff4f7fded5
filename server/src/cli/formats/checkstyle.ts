// Checkstyle XML, read by Jenkins (warnings-ng), reviewdog, SonarQube importers and many CI
// dashboards. Every linted file is listed, clean ones too, so that a consumer knows it was checked.
import type { Severity } from '../../core/index';
import type { FileResult } from '../format';
import { reportPath } from './paths';

/** Checkstyle's own levels are error, warning, info and ignore. */
const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'info', hint: 'info' };

export function toCheckstyle(results: readonly FileResult[]): string {
  const lines = ['<?xml version="1.0" encoding="utf-8"?>', '<checkstyle version="4.3">'];
  for (const result of results) {
    lines.push(`  <file name="${escapeXml(reportPath(result))}">`);
    for (const finding of result.findings) {
      const attributes = [
        `line="${finding.range.start.line + 1}"`,
        `column="${finding.range.start.character + 1}"`,
        `severity="${LEVEL[finding.severity]}"`,
        `message="${escapeXml(finding.message)}"`,
        `source="layerwise.${escapeXml(finding.ruleId)}"`,
      ];
      lines.push(`    <error ${attributes.join(' ')}/>`);
    }
    lines.push('  </file>');
  }
  lines.push('</checkstyle>');
  return `${lines.join('\n')}\n`;
}

/** Attribute-safe text; characters XML 1.0 forbids (control characters) are dropped. */
export function escapeXml(text: string): string {
  return text
    .replace(/[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}
