// `layerwise lint`: report findings; exit 1 when any is at or above the threshold.
import { EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, Reporter } from './errors';
import { toJson, toStylish, useColor, type FileResult } from './format';
import { ConfigCache, resolveInputs } from './inputs';
import { analyzeReporting, loadInputs, sharedShellParser } from './analysis';
import { meetsThreshold, type Threshold } from './severity';

export interface LintOptions {
  format: 'text' | 'json';
  config?: string;
  severityThreshold: Threshold;
}

export async function lint(paths: readonly string[], options: LintOptions): Promise<number> {
  const reporter = new Reporter();
  const configs = new ConfigCache(reporter, options.config);
  const inputs = resolveInputs(paths, reporter);
  const results: FileResult[] = [];
  for await (const loaded of loadInputs(inputs, configs, reporter, false)) {
    const { input, source } = loaded;
    const shell = await sharedShellParser();
    const { findings } = analyzeReporting(source.text, shell, loaded, reporter);
    results.push({ display: input.display, findings });
  }
  const output = options.format === 'json' ? `${JSON.stringify(toJson(results), null, 2)}\n` : toStylish(results, useColor(process.stdout));
  process.stdout.write(output);
  if (reporter.failed) return EXIT_ERROR;
  const failing = results.some(({ findings }) => findings.some((finding) => meetsThreshold(finding.severity, options.severityThreshold)));
  return failing ? EXIT_FINDINGS : EXIT_CLEAN;
}
