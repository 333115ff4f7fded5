// The part of `lint` and `fix` that is the same: load the shell parser once, read each input with
// its configuration, and report rule failures as internal errors.
import { analyze, type Analysis, type BuildContext, type ResolvedConfig, type RuleFailure, type ShellParser } from '../core/index';
import { readBuildContext } from '../node/buildContext';
import { loadNodeShellParser } from '../node/shell';
import type { SourceText } from '../node/files';
import { Reporter } from './errors';
import { ConfigCache, readInput, type Input } from './inputs';

export interface LoadedInput {
  input: Input;
  source: SourceText;
  config: ResolvedConfig;
  buildContext: BuildContext;
}

/** Reads inputs one by one, skipping (after reporting) the ones that cannot be read or configured. */
export async function* loadInputs(inputs: readonly Input[], configs: ConfigCache, reporter: Reporter, strict: boolean): AsyncGenerator<LoadedInput> {
  for (const input of inputs) {
    const config = configs.forInput(input);
    if (!config) continue;
    const source = await readInput(input, reporter, strict);
    if (source) yield { input, source, config, buildContext: readBuildContext(input.path) };
  }
}

let shellParser: Promise<ShellParser> | undefined;

/** The shell parser, loaded (WASM compiled) once per process and only when a file is analysed. */
export function sharedShellParser(): Promise<ShellParser> {
  shellParser ??= loadNodeShellParser();
  return shellParser;
}

/**
 * Runs the rules and reports rules that threw, also when a fix computed later throws; their
 * findings (or fixes) are simply missing.
 */
export function analyzeReporting(text: string, shell: ShellParser, loaded: LoadedInput, reporter: Reporter, only?: readonly string[]): Analysis {
  const reportFailure = (failure: RuleFailure): void => {
    reporter.error(`internal error in rule \`${failure.ruleId}\` on \`${loaded.input.display}\`: ${failure.error}`);
  };
  const analysis = analyze(text, shell, { config: loaded.config, buildContext: loaded.buildContext, only, onLateFailure: reportFailure });
  for (const failure of analysis.failures) reportFailure(failure);
  return analysis;
}
