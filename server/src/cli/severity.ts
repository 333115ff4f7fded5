// Severity ordering for the exit status: a finding fails the run when it is at or above the threshold.
import type { Severity } from '../core/index';

export const THRESHOLDS = ['error', 'warning', 'info', 'hint', 'none'] as const;
export type Threshold = (typeof THRESHOLDS)[number];

const RANK: Record<Severity, number> = { error: 4, warning: 3, info: 2, hint: 1 };

export function meetsThreshold(severity: Severity, threshold: Threshold): boolean {
  return threshold !== 'none' && RANK[severity] >= RANK[threshold];
}
