// Hover over a Layerwise finding: the rule's title, summary and rationale, with a link to its docs;
// over a base image, the image's facts (imageHover.ts). A range with both shows both.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import { docsUrl, RULES, type Finding, type Rule } from '../core/index';
import type { DocumentAnalysis } from './analysis';
import { imageHoverAt, type ImageHoverOptions } from './imageHover';

type Analysed = Extract<DocumentAnalysis, { kind: 'analysed' }>;

function contains(finding: Finding, position: Position): boolean {
  const { start, end } = finding.range;
  const afterStart = position.line > start.line || (position.line === start.line && position.character >= start.character);
  const beforeEnd = position.line < end.line || (position.line === end.line && position.character <= end.character);
  return afterStart && beforeEnd;
}

function ruleById(id: string): Rule | undefined {
  return RULES.find((rule) => rule.meta.id === id);
}

export function ruleMarkdown(finding: Finding): string {
  const meta = ruleById(finding.ruleId)?.meta;
  const link = `[Documentation for ${finding.ruleId}](${docsUrl(finding.ruleId)})`;
  if (!meta) return `**${finding.ruleId}**\n\n${finding.message}\n\n${link}`;
  return `**${meta.title}** (\`${meta.id}\`)\n\n${meta.summary}\n\n${meta.docs.why}\n\n${link}`;
}

export function hoverAt(result: Analysed, position: Position, options: ImageHoverOptions = {}): Hover | null {
  const findings = result.analysis.findings.filter((finding) => contains(finding, position));
  const image = imageHoverAt(result.analysis.model, position, options);
  if (findings.length === 0 && !image) return null;
  // One section per rule: two findings of one rule on a line explain the same thing.
  const seen = new Set<string>();
  const sections = findings.filter((finding) => !seen.has(finding.ruleId) && seen.add(finding.ruleId)).map(ruleMarkdown);
  // The image first: it is what the cursor is on; the findings explain what is wrong with it.
  if (image) sections.unshift(image.markdown);
  return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') }, range: image?.range ?? findings[0].range };
}
