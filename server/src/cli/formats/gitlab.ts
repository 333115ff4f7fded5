// GitLab Code Quality: a JSON array of Code Climate issues, shown in merge requests when the job
// publishes it as `artifacts: reports: codequality`. GitLab requires description, check_name,
// fingerprint, severity, location.path and location.lines.begin.
import { createHash } from 'node:crypto';
import type { Severity } from '../../core/index';
import type { FileResult } from '../format';
import { reportPath } from './paths';

export type GitlabSeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

export interface GitlabIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: GitlabSeverity;
  location: { path: string; lines: { begin: number; end: number } };
}

/** ESLint's GitLab formatter mapping: errors are major, warnings minor; nothing of ours blocks a merge. */
const SEVERITY: Record<Severity, GitlabSeverity> = { error: 'major', warning: 'minor', info: 'info', hint: 'info' };

export function toGitlab(results: readonly FileResult[]): GitlabIssue[] {
  const issues: GitlabIssue[] = [];
  for (const result of results) {
    const path = reportPath(result);
    const seen = new Map<string, number>();
    for (const finding of result.findings) {
      const line = finding.range.start.line + 1;
      // Stable across runs for the same problem; a repeat on the same line gets its own number
      // because GitLab treats equal fingerprints as one issue.
      const key = [path, finding.ruleId, line, finding.message].join('\0');
      const occurrence = seen.get(key) ?? 0;
      seen.set(key, occurrence + 1);
      issues.push({
        description: finding.message,
        check_name: finding.ruleId,
        fingerprint: createHash('sha256').update(occurrence === 0 ? key : `${key}\0${occurrence}`).digest('hex').slice(0, 32),
        severity: SEVERITY[finding.severity],
        location: { path, lines: { begin: line, end: finding.range.end.line + 1 } },
      });
    }
  }
  return issues;
}
