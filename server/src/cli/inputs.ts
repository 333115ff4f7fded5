// Turns PATH arguments into the files to process and loads each file's configuration, reporting
// problems per input so that the remaining inputs are still processed.
import { dirname, resolve } from 'node:path';
import { ConfigError, resolveConfig, RULES, type ResolvedConfig } from '../core/index';
import { readConfigLayers } from '../node/config';
import { comparePaths, findDockerfiles, InputError, readSource, readStdin, statInput, type SourceText } from '../node/files';
import { Reporter, UsageError } from './errors';

export const STDIN_NAME = '<stdin>';

export interface Input {
  /** The path as shown to the user (`<stdin>` for standard input). */
  display: string;
  /** The file to read; null for standard input. */
  path: string | null;
}

/**
 * Files named directly, Dockerfiles found in folders, and stdin for `-`; sorted by path (stdin
 * first), each file once.
 */
export function resolveInputs(args: readonly string[], reporter: Reporter): Input[] {
  const files = new Map<string, Input>();
  let stdin = false;
  for (const arg of args) {
    if (arg === '-') {
      stdin = true;
      continue;
    }
    try {
      const paths = statInput(arg).isDirectory() ? findDockerfiles(arg) : [arg];
      if (paths.length === 0) reporter.error(`\`${arg}\`: no Dockerfiles found in this folder`);
      for (const path of paths) {
        const absolute = resolve(path);
        if (!files.has(absolute)) files.set(absolute, { display: path, path });
      }
    } catch (error) {
      reportInputError(error, reporter);
    }
  }
  const sorted = [...files.values()].sort((a, b) => comparePaths(a.display, b.display));
  return stdin ? [{ display: STDIN_NAME, path: null }, ...sorted] : sorted;
}

/** Reads an input, or reports why it cannot and returns null. */
export async function readInput(input: Input, reporter: Reporter, strict: boolean): Promise<SourceText | null> {
  try {
    return input.path === null ? await readStdin(strict) : readSource(input.path, strict);
  } catch (error) {
    reportInputError(error, reporter);
    return null;
  }
}

export function reportInputError(error: unknown, reporter: Reporter): void {
  if (error instanceof InputError) reporter.error(`\`${error.path}\`: ${error.message}`);
  else throw error;
}

/** Configuration per folder: `.hadolint.yaml` and `.layerwise.yaml` found upward, or `--config`. */
export class ConfigCache {
  private readonly byFolder = new Map<string, ResolvedConfig | null>();

  constructor(private readonly reporter: Reporter, private readonly configFile?: string) {
    if (configFile !== undefined) {
      try {
        if (!statInput(configFile).isFile()) throw new UsageError(`\`${configFile}\`: the config file is not a file`);
      } catch (error) {
        if (error instanceof InputError) throw new UsageError(`\`${configFile}\`: ${error.message}`);
        throw error;
      }
    }
  }

  /** The resolved configuration for an input, or null (reported) when a config file is bad. */
  forInput(input: Input): ResolvedConfig | null {
    const folder = input.path === null ? process.cwd() : dirname(resolve(input.path));
    if (this.byFolder.has(folder)) return this.byFolder.get(folder) ?? null;
    // A broken config file is an error for the CLI (exit 2): CI must not lint with half a config.
    const { layers, errors } = readConfigLayers(folder, { configFile: this.configFile });
    let config: ResolvedConfig | null = null;
    if (errors.length > 0) {
      for (const error of errors) this.reporter.error(error.message);
    } else {
      try {
        config = resolveConfig(RULES, layers);
        for (const { source, key } of config.unknownKeys) this.reporter.warn(`${source}: unknown rule \`${key}\``);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        this.reporter.error(error.message);
      }
    }
    this.byFolder.set(folder, config);
    return config;
  }
}
