// Output formats of `layerwise lint`: ESLint's "stylish" text for people, JSON for programs
// (the CI formats are in formats/).
import { hasSafeFix, type Finding, type Severity } from '../core/index';

export interface FileResult {
  display: string;
  /** The file on disk; null or absent for standard input. CI formats make it relative to the cwd. */
  path?: string | null;
  findings: Finding[];
}

export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  rule: string;
  severity: Severity;
  message: string;
  fixable: boolean;
}

/** 1-based lines and columns, as editors and ESLint show them. */
export function toJson(results: readonly FileResult[]): JsonFinding[] {
  return results.flatMap(({ display, findings }) =>
    findings.map((finding) => ({
      file: display,
      line: finding.range.start.line + 1,
      column: finding.range.start.character + 1,
      endLine: finding.range.end.line + 1,
      endColumn: finding.range.end.character + 1,
      rule: finding.ruleId,
      severity: finding.severity,
      message: finding.message,
      fixable: finding.fixes.length > 0,
    })),
  );
}

/** Colours only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(stream: NodeJS.WriteStream): boolean {
  return stream.isTTY === true && !process.env.NO_COLOR;
}

type Paint = (code: string, text: string) => string;
const ansi: Paint = (code, text) => `\x1b[${code}m${text}\x1b[0m`;
const plain: Paint = (_code, text) => text;

const SEVERITY_COLOR: Record<Severity, string> = { error: '31', warning: '33', info: '34', hint: '2' };

export function toStylish(results: readonly FileResult[], color: boolean): string {
  const paint = color ? ansi : plain;
  const out: string[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  let safelyFixable = 0;
  for (const { display, findings } of results) {
    if (findings.length === 0) continue;
    const rows = findings.map((finding) => {
      counts[finding.severity]++;
      if (hasSafeFix(finding)) safelyFixable++;
      return [`${finding.range.start.line + 1}:${finding.range.start.character + 1}`, finding.severity, finding.message, finding.ruleId];
    });
    // Align the position, severity and message columns within the file, as ESLint does.
    const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column].length)));
    out.push(paint('4', display));
    for (const [position, severity, message, ruleId] of rows) {
      out.push(
        `  ${paint('2', position.padEnd(widths[0]))}  ${paint(SEVERITY_COLOR[severity as Severity], severity.padEnd(widths[1]))}  ${message.padEnd(widths[2])}  ${paint('2', ruleId)}`,
      );
    }
    out.push('');
  }
  const total = counts.error + counts.warning + counts.info + counts.hint;
  if (total === 0) return '';
  const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning')];
  if (counts.info > 0) parts.push(`${counts.info} info`);
  if (counts.hint > 0) parts.push(plural(counts.hint, 'hint'));
  const summaryColor = counts.error > 0 ? '1;31' : counts.warning > 0 ? '1;33' : '1';
  out.push(paint(summaryColor, `✖ ${plural(total, 'problem')} (${parts.join(', ')})`));
  if (safelyFixable > 0) out.push(paint(summaryColor, `  ${safelyFixable} fixable with \`layerwise fix\``));
  return `${out.join('\n')}\n`;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
