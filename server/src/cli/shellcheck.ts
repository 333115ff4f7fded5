// ShellCheck in `layerwise lint`: on when `shellcheck` is on PATH (quietly off when it is not),
// forced with `--shellcheck` (exit 2 when missing), off with `--no-shellcheck`.
import type { Analysis, Finding } from '../core/index';
import { mergeFindings, shellCheckFindings, shellCheckInputs } from '../core/shellcheck';
import { locateShellCheck, ShellCheckRunner } from '../node/shellcheck';
import { UsageError, type Reporter } from './errors';

/** `requested`: true for `--shellcheck`, false for `--no-shellcheck`, undefined for neither. */
export function shellCheckFor(requested: boolean | undefined): ShellCheckRunner | null {
  if (requested === false) return null;
  const executable = locateShellCheck();
  if (executable) return new ShellCheckRunner(executable);
  if (requested) throw new UsageError('`shellcheck` was not found on PATH; install it (e.g. `apt-get install shellcheck`) or drop --shellcheck');
  return null;
}

/** The analysis's findings plus ShellCheck's on its RUN scripts; ShellCheck failures are warnings. */
export async function withShellCheck(analysis: Analysis, runner: ShellCheckRunner | null, display: string, reporter: Reporter): Promise<Finding[]> {
  if (!runner) return analysis.findings;
  const { results, errors } = await runner.checkAll(shellCheckInputs(analysis.model));
  for (const error of errors) reporter.warn(`ShellCheck skipped a RUN in \`${display}\`: ${error}`);
  // `layerwise fix` does not run ShellCheck, so its suggestions are not offered as fixable here.
  const findings = shellCheckFindings(analysis.model, results).map((finding) => ({ ...finding, fixes: [] }));
  return mergeFindings(analysis.findings, findings);
}
