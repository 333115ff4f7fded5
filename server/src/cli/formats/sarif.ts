// SARIF 2.1.0, the format GitHub code scanning (and other viewers) load. Every rule of the registry
// is described once in `tool.driver.rules`, so that `ruleIndex` stays the same from run to run;
// fixes become SARIF `fixes`. Only the few SARIF types used here are declared.
import { docsUrl, RULES, type Finding, type Fix, type RuleMeta, type Severity, type SeverityOrOff } from '../../core/index';
import type { Range } from 'vscode-languageserver-types';
import type { FileResult } from '../format';
import { packageVersion } from '../version';
import { artifactUri, SOURCE_ROOT, sourceRootUri } from './paths';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://github.com/layerwise/layerwise';

type SarifLevel = 'none' | 'note' | 'warning' | 'error';

interface SarifText {
  text: string;
  markdown?: string;
}

interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

interface SarifArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

interface SarifLocation {
  physicalLocation: { artifactLocation: SarifArtifactLocation; region: SarifRegion };
  message?: SarifText;
}

interface SarifFix {
  description: SarifText;
  artifactChanges: { artifactLocation: SarifArtifactLocation; replacements: { deletedRegion: SarifRegion; insertedContent: { text: string } }[] }[];
  properties: { safety: Fix['safety'] };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: SarifText;
  locations: SarifLocation[];
  relatedLocations?: (SarifLocation & { id: number })[];
  fixes?: SarifFix[];
}

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: SarifText;
  fullDescription: SarifText;
  help: SarifText;
  helpUri?: string;
  defaultConfiguration: { enabled: boolean; level: SarifLevel };
  properties: { tags: string[] };
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: { driver: { name: string; version: string; semanticVersion: string; informationUri: string; rules: SarifRule[] } };
    originalUriBaseIds: Record<string, { uri: string }>;
    columnKind: 'utf16CodeUnits';
    results: SarifResult[];
  }[];
}

/** hadolint maps its info and style levels to `note` too (hadolint/hadolint#870). */
const LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

function levelOf(severity: SeverityOrOff): SarifLevel {
  return severity === 'off' ? 'none' : LEVEL[severity];
}

export function toSarif(results: readonly FileResult[]): SarifLog {
  const rules = RULES.map(({ meta }) => describeRule(meta));
  // Findings from outside the registry (ShellCheck's) get a plain descriptor after the rules.
  for (const id of new Set(results.flatMap((result) => result.findings.map((finding) => finding.ruleId)))) {
    if (!rules.some((rule) => rule.id === id)) rules.push(describeExternalRule(id));
  }
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const version = packageVersion();
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Layerwise', version, semanticVersion: version, informationUri: INFORMATION_URI, rules } },
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: sourceRootUri() } },
        // LSP positions count UTF-16 code units, which is SARIF's default column kind; said explicitly.
        columnKind: 'utf16CodeUnits',
        results: results.flatMap((result) => result.findings.map((finding) => toResult(finding, artifactUri(result), ruleIndex.get(finding.ruleId)!))),
      },
    ],
  };
}

/** SARIF wants an identifier-like name ("ApkNoCache"); the title is the short description. */
function pascalCase(id: string): string {
  return id.split('-').map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
}

function describeRule(meta: RuleMeta): SarifRule {
  const url = docsUrl(meta.id);
  return {
    id: meta.id,
    name: pascalCase(meta.id),
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.summary },
    help: {
      text: `${meta.summary}\n\n${plainText(meta.docs.why)}\n\nDocumentation: ${url}`,
      markdown: `${meta.summary}\n\n${meta.docs.why}\n\n[Documentation](${url})`,
    },
    helpUri: url,
    defaultConfiguration: { enabled: meta.defaultSeverity !== 'off', level: levelOf(meta.defaultSeverity) },
    properties: { tags: [meta.category] },
  };
}

function describeExternalRule(id: string): SarifRule {
  return {
    id,
    name: pascalCase(id),
    shortDescription: { text: id },
    fullDescription: { text: `Problems reported by \`${id}\`; the message names the check` },
    help: { text: `Problems reported by \`${id}\`; the message names the check` },
    defaultConfiguration: { enabled: true, level: 'warning' },
    properties: { tags: [] },
  };
}

/** Markdown links and backticks read fine as text; only link targets are spelled out. */
function plainText(markdown: string): string {
  return markdown.replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)');
}

function toResult(finding: Finding, artifactLocation: SarifArtifactLocation, ruleIndex: number): SarifResult {
  const result: SarifResult = {
    ruleId: finding.ruleId,
    ruleIndex,
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [{ physicalLocation: { artifactLocation, region: region(finding.range) } }],
  };
  if (finding.related.length > 0) {
    result.relatedLocations = finding.related.map((related, index) => ({
      id: index + 1,
      physicalLocation: { artifactLocation, region: region(related.range) },
      message: { text: related.message },
    }));
  }
  if (finding.fixes.length > 0) {
    result.fixes = finding.fixes.map((fix) => ({
      description: { text: fix.title },
      artifactChanges: [{
        artifactLocation,
        replacements: fix.edits.map((edit) => ({ deletedRegion: region(edit.range), insertedContent: { text: edit.newText } })),
      }],
      properties: { safety: fix.safety },
    }));
  }
  return result;
}

/** 1-based lines and columns; an empty region (equal start and end) is an insertion point. */
function region(range: Range): SarifRegion {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}
