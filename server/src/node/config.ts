// Finds and reads configuration files for a Dockerfile: the nearest `.layerwise.yaml` (or `.yml`)
// and `.hadolint.yaml` (or `.yml`) found walking up from its folder.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigError, parseHadolintConfig, parseLayerwiseConfig, type ConfigLayer } from '../core/index';

const LAYERWISE_NAMES = ['.layerwise.yaml', '.layerwise.yml'];
const HADOLINT_NAMES = ['.hadolint.yaml', '.hadolint.yml'];

function findUpward(startFolder: string, names: readonly string[], stopAt?: string): string | null {
  let folder = resolve(startFolder);
  for (;;) {
    for (const name of names) {
      const candidate = join(folder, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = dirname(folder);
    if (parent === folder || (stopAt && folder === resolve(stopAt))) return null;
    folder = parent;
  }
}

export interface ConfigFileOptions {
  /** An explicit `.layerwise.yaml` (CLI `--config`, setting `layerwise.configFile`). */
  configFile?: string;
  /** Folder where the upward search stops (the workspace folder in the editor). */
  stopAt?: string;
}

export interface ConfigLayersRead {
  /** Layers that parsed, lowest priority first. */
  layers: ConfigLayer[];
  /** Files that could not be read or parsed; their layers are left out. */
  errors: ConfigError[];
}

/** The file layers for a Dockerfile in `folder`; a broken file is reported and left out. */
export function readConfigLayers(folder: string, options: ConfigFileOptions = {}): ConfigLayersRead {
  const candidates: [string | null, typeof parseLayerwiseConfig][] = [
    [findUpward(folder, HADOLINT_NAMES, options.stopAt), parseHadolintConfig],
    [options.configFile ? resolve(options.configFile) : findUpward(folder, LAYERWISE_NAMES, options.stopAt), parseLayerwiseConfig],
  ];
  const read: ConfigLayersRead = { layers: [], errors: [] };
  for (const [path, parse] of candidates) {
    if (!path) continue;
    try {
      read.layers.push(parse(readText(path), path));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      read.errors.push(error);
    }
  }
  return read;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${path}: cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
