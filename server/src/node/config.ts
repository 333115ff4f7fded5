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

/**
 * The file layers for a Dockerfile in `folder`, lowest priority first. Throws ConfigError
 * (with the path in its message) for a file that does not parse or is unreadable.
 */
export function readConfigLayers(folder: string, options: ConfigFileOptions = {}): ConfigLayer[] {
  const layers: ConfigLayer[] = [];
  const hadolint = findUpward(folder, HADOLINT_NAMES, options.stopAt);
  if (hadolint) layers.push(parseHadolintConfig(readText(hadolint), hadolint));
  const layerwise = options.configFile ? resolve(options.configFile) : findUpward(folder, LAYERWISE_NAMES, options.stopAt);
  if (layerwise) layers.push(parseLayerwiseConfig(readText(layerwise), layerwise));
  return layers;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${path}: cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
