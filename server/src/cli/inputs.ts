// Turns PATH arguments into the files to process and loads each file's configuration, reporting
// problems per input so that the remaining inputs are still processed.
import { dirname, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { ConfigError, resolveConfig, RULES, type ConfigLayer, type ResolvedConfig } from '../core/index';
import { readConfigLayers } from '../node/config';
import { comparePaths, expandGlob, findDockerfiles } from '../node/discover';
import { InputError, readSource, readStdin, statInput, type SourceText } from '../node/files';
import { hasGlobSyntax } from '../node/gitignore';
import { Reporter, UsageError } from './errors';

export const STDIN_NAME = '<stdin>';

export interface Input {
  /** The path as shown to the user (`<stdin>` for standard input). */
  display: string;
  /** The file to read; null for standard input. */
  path: string | null;
}

/**
 * Files named directly, Dockerfiles found in folders, files matching a glob (expanded here, so
 * that quoting works the same in every shell), and stdin for `-`; sorted by path (stdin first),
 * each file once. Folders and globs honour `.gitignore`; a file named directly is always linted.
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
      // A path that exists is taken literally, even with `[` or `*` in its name.
      const glob = hasGlobSyntax(arg) && !existsSync(arg);
      const paths = glob ? expandGlob(arg) : statInput(arg).isDirectory() ? findDockerfiles(arg) : [arg];
      if (paths.length === 0) reporter.error(glob ? `\`${arg}\`: no files match this pattern` : `\`${arg}\`: no Dockerfiles found in this folder`);
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

export interface ConfigSources {
  /** Read `.hadolint.yaml` / `.layerwise.yaml` found upward (false for `--no-config`). */
  useConfigFiles?: boolean;
  /** Layers applied after the files, such as `--ignore`'s. */
  extraLayers?: ConfigLayer[];
}

/** Configuration per folder: `.hadolint.yaml` and `.layerwise.yaml` found upward, or `--config`. */
export class ConfigCache {
  private readonly byFolder = new Map<string, ResolvedConfig | null>();

  constructor(private readonly reporter: Reporter, private readonly configFile?: string, private readonly sources: ConfigSources = {}) {
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
    const folder = ConfigCache.folderOf(input);
    if (this.byFolder.has(folder)) return this.byFolder.get(folder) ?? null;
    const { layers, errors } = this.layersFor(folder);
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

  /** The folder whose configuration applies to an input (the cwd for stdin). */
  static folderOf(input: Input): string {
    return input.path === null ? process.cwd() : dirname(resolve(input.path));
  }

  /** The layers for a folder, lowest priority first, and the files that could not be read. */
  layersFor(folder: string): { layers: ConfigLayer[]; errors: ConfigError[] } {
    const read = this.sources.useConfigFiles === false
      ? { layers: [], errors: [] }
      : readConfigLayers(folder, { configFile: this.configFile });
    // A broken config file is an error for the CLI (exit 2): CI must not lint with half a config.
    return { layers: [...read.layers, ...(this.sources.extraLayers ?? [])], errors: read.errors };
  }
}
