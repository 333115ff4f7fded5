// The `layerwise` command line: argument parsing and exit codes only; the commands live in their
// own modules, loaded on demand so that `--version` or `rules` never pay for the shell parser.
import type { Command } from 'commander' with { 'resolution-mode': 'import' };
import { EXIT_ERROR, oneLine, UsageError } from './errors';
import { OUTPUT_FORMATS } from './formats/names';
import type { LintOptions } from './lint';
import { THRESHOLDS } from './severity';
import { packageVersion } from './version';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

type Commander = typeof import('commander', { with: { 'resolution-mode': 'import' } });

function buildProgram({ Command, Option, InvalidArgumentError }: Commander, setExitCode: (code: number) => void): Command {
  const program = new Command('layerwise')
    .description('Lint Dockerfiles for image size, build cache and security, and fix what can be fixed')
    .version(packageVersion(), '-v, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(`layerwise: ${oneLine(text.replace(/^error: /, ''))}\n`) });

  program
    .command('lint')
    .description('Report problems in Dockerfiles; exit 1 when one is at or above the threshold')
    .argument('[paths...]', 'Dockerfiles, folders to search or quoted globs (`services/**/Dockerfile`); `-` reads stdin')
    .addOption(new Option('-f, --format <format>', 'output format').choices(OUTPUT_FORMATS).default('text'))
    .option('-c, --config <file>', 'use this .layerwise.yaml instead of the one found upward')
    .option('--no-config', 'ignore .layerwise.yaml and .hadolint.yaml files')
    .addOption(new Option('--severity-threshold <level>', 'lowest severity that fails the run').choices(THRESHOLDS).default('warning'))
    .option('--max-warnings <count>', 'also exit 1 when there are more warnings than this', (value: string) => {
      if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number of warnings (0 or more)');
      return Number(value);
    })
    .option('--rule <id>', 'run only this rule (id or alias such as DL3019); repeatable', collect, [])
    .option('--ignore <id>', 'do not run this rule; repeatable', collect, [])
    .addOption(new Option('--builder-stages <mode>', 'size and root-user rules in stages whose layers do not ship: `quiet` skips them, `report` reports them as hints (overrides config files)').choices(['quiet', 'report']))
    .option('--print-config <file>', 'print the configuration that applies to this file and where each setting comes from')
    .option('--shellcheck', 'check RUN scripts with ShellCheck (default: when `shellcheck` is on PATH); fail if it is missing')
    .option('--no-shellcheck', 'do not run ShellCheck')
    .action(async (paths: string[], options: LintOptions) => {
      if (paths.length === 0 && options.printConfig === undefined) throw new UsageError("missing required argument 'paths'");
      const { lint } = await import('./lint.js');
      setExitCode(await lint(paths, options));
    });

  program
    .command('fix')
    .description('Apply safe fixes in place (all fixes with --unsafe)')
    .argument('<paths...>', 'Dockerfiles or folders to search; `-` reads stdin and prints the result')
    .option('--unsafe', 'also apply fixes that may change what the build does', false)
    .option('--rule <id>', 'fix only this rule (id or alias such as DL3019); repeatable', collect, [])
    .option('--stdout', 'print the fixed text instead of writing the file (one file)', false)
    .option('-c, --config <file>', 'use this .layerwise.yaml instead of the one found upward')
    .action(async (paths: string[], options: { unsafe: boolean; rule: string[]; stdout: boolean; config?: string }) => {
      const { fix } = await import('./fix.js');
      setExitCode(await fix(paths, options));
    });

  program
    .command('convert')
    .description('Print the Dockerfile converted to a multi-stage build, or swapped to a distroless runtime base')
    .argument('<transformation>', '`multi-stage` or `distroless`')
    .argument('<file>', 'the Dockerfile; `-` reads stdin')
    .option('--runtime <image>', 'runtime base image (default: the best fitting choice)')
    .action(async (transformation: string, file: string, options: { runtime?: string }) => {
      const { convert } = await import('./convert.js');
      setExitCode(await convert(transformation, file, options));
    });

  program
    .command('rules')
    .description('List the rules: category, default severity, fix, hadolint and BuildKit equivalents')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (options: { format: 'text' | 'json' }) => {
      const { rules } = await import('./rules.js');
      setExitCode(rules(options.format));
    });

  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  // commander is an ES module; a dynamic import is how a CommonJS bundle loads it.
  const commander = await import('commander');
  let exitCode = 0;
  const program = buildProgram(commander, (code) => (exitCode = code));
  if (argv.length <= 2) {
    program.outputHelp({ error: true });
    return EXIT_ERROR;
  }
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    // Commander has already printed its one-line message (or the help/version text).
    if (error instanceof commander.CommanderError) return error.exitCode === 0 ? 0 : EXIT_ERROR;
    throw error;
  }
}

/** Last resort: usage errors get their line; a bug still gets one line, its stack only on request. */
function reportFatal(error: unknown): number {
  if (error instanceof UsageError) {
    process.stderr.write(`layerwise: ${oneLine(error.message)}\n`);
  } else {
    const debug = Boolean(process.env.LAYERWISE_DEBUG);
    const detail = error instanceof Error ? (debug ? error.stack ?? error.message : error.message) : String(error);
    process.stderr.write(`layerwise: internal error: ${debug ? detail : oneLine(detail)} (set LAYERWISE_DEBUG=1 for details)\n`);
  }
  return EXIT_ERROR;
}

// `layerwise lint . | head` closes stdout early: that is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

main(process.argv).then(
  (code) => (process.exitCode = code),
  (error: unknown) => (process.exitCode = reportFatal(error)),
);
