// `layerwise rules`: the rule catalog, from the rules' own metadata.
import { docsUrl, RULES, type RuleMeta } from '../core/index';

export interface CatalogEntry {
  id: string;
  title: string;
  category: RuleMeta['category'];
  defaultSeverity: RuleMeta['defaultSeverity'];
  fix: RuleMeta['fixAvailability'];
  /** hadolint codes this rule matches; they work as aliases in configs and suppressions. */
  hadolint: string[];
  /** BuildKit checks this rule matches. */
  buildkit: string[];
  /** Rules of other tools this one was inspired by but does not match exactly. */
  related: { tool: 'hadolint' | 'buildkit'; id: string }[];
  docs: string;
}

export function catalog(): CatalogEntry[] {
  return RULES.map(({ meta }) => ({
    id: meta.id,
    title: meta.title,
    category: meta.category,
    defaultSeverity: meta.defaultSeverity,
    fix: meta.fixAvailability,
    hadolint: meta.sources.filter((s) => s.tool === 'hadolint' && s.relation === 'same').map((s) => s.id),
    buildkit: meta.sources.filter((s) => s.tool === 'buildkit' && s.relation === 'same').map((s) => s.id),
    related: meta.sources.filter((s) => s.relation !== 'same').map((s) => ({ tool: s.tool, id: s.id })),
    docs: docsUrl(meta.id),
  }));
}

export function rules(format: 'text' | 'json'): number {
  const entries = catalog();
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
    return 0;
  }
  const header = ['RULE', 'CATEGORY', 'SEVERITY', 'FIX', 'HADOLINT', 'BUILDKIT', 'TITLE'];
  const rows = entries.map((entry) => [
    entry.id,
    entry.category,
    entry.defaultSeverity,
    entry.fix,
    // Inspired-by rules in parentheses: related, but not an alias.
    listOrDash([...entry.hadolint, ...entry.related.filter((r) => r.tool === 'hadolint').map((r) => `(${r.id})`)]),
    listOrDash([...entry.buildkit, ...entry.related.filter((r) => r.tool === 'buildkit').map((r) => `(${r.id})`)]),
    entry.title,
  ]);
  const table = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...table.map((row) => row[column].length)));
  const lines = table.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('  '));
  lines.push('', `${entries.length} rules. Docs: ${docsUrl('<rule>')}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

function listOrDash(items: string[]): string {
  return items.length > 0 ? items.join(',') : '-';
}
