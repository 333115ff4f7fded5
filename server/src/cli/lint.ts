// `layerwise lint`: report findings; exit 1 when any is at or above the threshold, or when there are
// more warnings than `--max-warnings` allows.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, Reporter } from './errors';
import { plural, type FileResult } from './format';
import { render, type OutputFormat } from './formats/index';
import { ConfigCache, resolveInputs } from './inputs';
import { analyzeReporting, loadInputs, sharedShellParser } from './analysis';
import { meetsThreshold, type Threshold } from './severity';
import { Progress } from './progress';
import { selectRules } from './ruleSelection';
import { printConfig } from './printConfig';
import { describeError } from '../node/files';
import type { BuilderStages } from '../core/index';

export interface LintOptions {
  format: OutputFormat;
  /** `--config FILE`, or false for `--no-config` (no configuration files at all). */
  config?: string | false;
  severityThreshold: Threshold;
  /** `--shellcheck` (true), `--no-shellcheck` (false), or neither: on when found on PATH. */
  shellcheck?: boolean;
  /** Exit 1 when there are more warnings than this. */
  maxWarnings?: number;
  /** `--rule`: only these rules; `--ignore`: all but these (ids or aliases). */
  rule?: string[];
  ignore?: string[];
  /** `--print-config FILE`: print the configuration for FILE instead of linting. */
  printConfig?: string;
  /** `--builder-stages`: overrides `builderStages` from configuration files. */
  builderStages?: BuilderStages;
  /** Also write SARIF to this file (the GitHub Action's `sarif-file` input). */
  sarifFile?: string;
}

export async function lint(paths: readonly string[], options: LintOptions): Promise<number> {
  const reporter = new Reporter();
  const selection = selectRules(options.rule ?? [], options.ignore ?? []);
  const configs = new ConfigCache(reporter, options.config || undefined, {
    useConfigFiles: options.config !== false,
    extraLayers: [
      ...(selection.layer ? [selection.layer] : []),
      ...(options.builderStages ? [{ source: '--builder-stages', rules: {}, builderStages: options.builderStages }] : []),
    ],
  });
  if (options.printConfig !== undefined) return printConfig(options.printConfig, configs, reporter, options.format === 'json' ? 'json' : 'text');
  // `--no-shellcheck` loads none of it (its module brings `node:child_process`).
  const shellCheckModule = options.shellcheck === false ? null : await import('./shellcheck.js');
  const shellCheck = shellCheckModule?.shellCheckFor(options.shellcheck) ?? null;
  // Compiling the WASM shell parser runs in the background while the files are found and read.
  const shellReady = sharedShellParser();
  shellReady.catch(() => undefined); // awaited before the first analysis, which reports a failure
  const inputs = resolveInputs(paths, reporter);
  const progress = new Progress(process.stderr, inputs.length);
  reporter.beforePrint = () => progress.clear();
  const results: FileResult[] = [];
  for await (const loaded of loadInputs(inputs, configs, reporter, false)) {
    const { input, source } = loaded;
    progress.tick();
    const shell = await shellReady;
    const analysis = analyzeReporting(source.text, shell, loaded, reporter, selection.only);
    const findings = shellCheckModule ? await shellCheckModule.withShellCheck(analysis, shellCheck, input.display, reporter) : analysis.findings;
    // `--rule` also leaves out findings from outside the registry (ShellCheck's).
    const only = selection.only;
    results.push({ display: input.display, path: input.path, findings: only ? findings.filter((finding) => only.includes(finding.ruleId)) : findings });
  }
  progress.clear();
  process.stdout.write(await render(options.format, results));
  if (options.sarifFile !== undefined) writeReport(options.sarifFile, await render('sarif', results), reporter);
  if (reporter.failed) return EXIT_ERROR;
  const failing = results.some(({ findings }) => findings.some((finding) => meetsThreshold(finding.severity, options.severityThreshold)));
  const warnings = results.reduce((count, { findings }) => count + findings.filter((finding) => finding.severity === 'warning').length, 0);
  if (options.maxWarnings !== undefined && warnings > options.maxWarnings) {
    reporter.info(`too many warnings: ${warnings}, \`--max-warnings\` allows ${plural(options.maxWarnings, 'warning').replace(/^0 warnings$/, 'none')}`);
    return EXIT_FINDINGS;
  }
  return failing ? EXIT_FINDINGS : EXIT_CLEAN;
}

function writeReport(path: string, content: string, reporter: Reporter): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  } catch (error) {
    reporter.error(`\`${path}\`: cannot write the report: ${describeError(error)}`);
  }
}
