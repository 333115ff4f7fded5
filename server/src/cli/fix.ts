// `layerwise fix`: apply safe fixes (all with --unsafe) in place or to stdout. A file whose fixed
// text would not re-parse is never written; the other files are still fixed and the exit is 2.
import { fixText, type Finding } from '../core/index';
import { writeFileAtomically } from '../node/write';
import { InputError } from '../node/files';
import { EXIT_CLEAN, EXIT_ERROR, Reporter, UsageError } from './errors';
import { resolveRuleIds } from './ruleSelection';
import { plural } from './format';
import { ConfigCache, reportInputError, resolveInputs } from './inputs';
import { analyzeReporting, loadInputs, sharedShellParser } from './analysis';
import { meetsThreshold } from './severity';

export interface FixCommandOptions {
  unsafe: boolean;
  rule: string[];
  stdout: boolean;
  config?: string;
}

const BOM = '\uFEFF';

export async function fix(paths: readonly string[], options: FixCommandOptions): Promise<number> {
  const only = resolveRuleIds(options.rule);
  const reporter = new Reporter();
  const configs = new ConfigCache(reporter, options.config);
  const inputs = resolveInputs(paths, reporter);
  if (options.stdout && inputs.length > 1) throw new UsageError(`\`--stdout\` takes one file, got ${inputs.length}`);
  let unsafeAvailable = 0;
  // Strict decoding: writing back text with replacement characters would lose the user's bytes.
  for await (const loaded of loadInputs(inputs, configs, reporter, true)) {
    const { input, source, config, buildContext } = loaded;
    const shell = await sharedShellParser();
    const toStdout = options.stdout || input.path === null;
    const result = fixText(source.text, shell, { config, buildContext, only, safety: options.unsafe ? 'unsafe' : 'safe' });
    if (result.rejected) {
      reporter.error(`\`${input.display}\`: not fixed: the fixed text would not parse cleanly`);
      // A pipeline must not lose the file: pass the original through unchanged.
      if (toStdout) process.stdout.write((source.bom ? BOM : '') + source.text);
      continue;
    }
    const fixed = (source.bom ? BOM : '') + keepLineEndings(source.text, result.text);
    if (toStdout) process.stdout.write(fixed);
    else if (result.text !== source.text && input.path !== null) {
      try {
        writeFileAtomically(input.path, fixed);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        reportInputError(error, reporter);
        continue;
      }
    }
    const { findings } = analyzeReporting(result.text, shell, loaded, reporter);
    const remaining = findings.filter((finding) => meetsThreshold(finding.severity, 'warning')).length;
    if (!options.unsafe) unsafeAvailable += findings.filter((finding) => hasOnlyUnsafeFix(finding, only)).length;
    reporter.info(summary(result.applied, input.display, remaining));
  }
  if (unsafeAvailable > 0) reporter.info(`${unsafeAvailable} more ${unsafeAvailable === 1 ? 'fix' : 'fixes'} available with --unsafe`);
  return reporter.failed ? EXIT_ERROR : EXIT_CLEAN;
}

function hasOnlyUnsafeFix(finding: Finding, only: readonly string[] | undefined): boolean {
  if (only && !only.includes(finding.ruleId)) return false;
  return finding.fixes.length > 0 && finding.fixes.every((fix) => fix.safety === 'unsafe');
}

/** Fixes insert lines with the document's line break; this guards a CRLF file against a stray LF. */
function keepLineEndings(original: string, fixed: string): string {
  const crlfOnly = original.includes('\r\n') && !/(^|[^\r])\n/.test(original);
  return crlfOnly ? fixed.replace(/\r?\n/g, '\r\n') : fixed;
}

function summary(applied: number, display: string, remaining: number): string {
  const rest = remaining > 0 ? `; ${remaining} ${remaining === 1 ? 'remains' : 'remain'}` : '';
  return applied > 0 ? `fixed ${plural(applied, 'problem')} in ${display}${rest}` : `nothing to fix in ${display}${rest}`;
}
