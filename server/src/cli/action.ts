// The GitHub Action (action.yml, bundled as dist/action.js): reads the inputs GitHub passes as
// INPUT_* environment variables and runs `layerwise lint` in-process. Findings become annotations
// (format `github`); `sarif-file` also writes SARIF for the user's upload step. Exit codes are the
// CLI's: 0 clean, 1 findings, 2 usage, I/O or configuration error.
import { EXIT_ERROR, oneLine, UsageError } from './errors';
import { escapeData } from './formats/github';
import { OUTPUT_FORMATS, type OutputFormat } from './formats/names';
import { lint } from './lint';
import { THRESHOLDS, type Threshold } from './severity';

/** An input as @actions/core reads it: `INPUT_` + the name upper-cased, spaces as `_`. */
function actionInput(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

function oneOf<T extends string>(name: string, value: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`input \`${name}\` is \`${value}\`; use one of ${choices.join(', ')}`);
}

async function runAction(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  // Several paths or globs may be given, separated by spaces or new lines.
  const paths = actionInput('path', env).split(/\s+/).filter(Boolean);
  const format = oneOf<OutputFormat>('format', actionInput('format', env) || 'github', OUTPUT_FORMATS);
  const severityThreshold = oneOf<Threshold>('severity-threshold', actionInput('severity-threshold', env) || 'warning', THRESHOLDS);
  const config = actionInput('config', env) || undefined;
  const sarifFile = actionInput('sarif-file', env) || undefined;
  return lint(paths.length > 0 ? paths : ['.'], { format, severityThreshold, config, sarifFile });
}

runAction().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    const message = error instanceof UsageError ? oneLine(error.message) : `internal error: ${error instanceof Error ? oneLine(error.message) : String(error)}`;
    // An `::error::` line shows in the run's summary; the plain line stays readable in the log.
    process.stdout.write(`::error title=Layerwise::${escapeData(message)}\n`);
    process.stderr.write(`layerwise: ${message}\n`);
    process.exitCode = EXIT_ERROR;
  },
);
