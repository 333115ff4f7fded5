// Renders findings as a reviewable snapshot: position, severity, rule, message, the source line
// with a caret underline, related locations and the fixes offered.
import type { Finding } from '../../server/src/core/index';
import { LineIndex } from '../../server/src/core/index';

export function renderFindings(text: string, findings: readonly Finding[]): string {
  const lines = new LineIndex(text);
  const out: string[] = [];
  for (const finding of findings) {
    const { start, end } = finding.range;
    out.push(`${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1} ${finding.severity} ${finding.ruleId} ${finding.message}`);
    const source = lines.lineText(start.line);
    const underlineEnd = end.line === start.line ? end.character : source.length;
    out.push(`  | ${source}`);
    out.push(`  | ${' '.repeat(start.character)}${'^'.repeat(Math.max(1, underlineEnd - start.character))}`);
    for (const related of finding.related) out.push(`  related ${related.range.start.line + 1}:${related.range.start.character + 1}: ${related.message}`);
    for (const fix of finding.fixes) out.push(`  fix (${fix.safety}): ${fix.title}`);
  }
  return out.join('\n') + (out.length > 0 ? '\n' : '');
}
