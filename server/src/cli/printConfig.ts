// `layerwise lint --print-config FILE`: the configuration that applies to FILE — each rule's
// severity and options, and which source set each (rule default, a config file, `--ignore`) —
// plus the config files found. Text for people, JSON with `--format json`.
import { isAbsolute, relative, resolve } from 'node:path';
import { ConfigError, resolveConfig, ruleLookup, RULES, type ConfigLayer, type OptionValue, type Rule, type SeverityOrOff } from '../core/index';
import { EXIT_CLEAN, EXIT_ERROR, type Reporter } from './errors';
import { ConfigCache, STDIN_NAME } from './inputs';

export interface PrintedConfig {
  file: string;
  /** Config files read for FILE, lowest priority first. */
  configFiles: string[];
  rules: Record<string, { severity: SeverityOrOff; origin: string; options: Record<string, { value: OptionValue; origin: string }> }>;
}

export function printConfig(file: string, configs: ConfigCache, reporter: Reporter, format: 'text' | 'json'): number {
  const input = file === '-' ? { display: STDIN_NAME, path: null } : { display: file, path: file };
  const { layers, errors } = configs.layersFor(ConfigCache.folderOf(input));
  for (const error of errors) reporter.error(error.message);
  if (errors.length > 0) return EXIT_ERROR;
  let printed: PrintedConfig;
  try {
    printed = effectiveConfig(input.display, layers, reporter);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    reporter.error(error.message);
    return EXIT_ERROR;
  }
  process.stdout.write(format === 'json' ? `${JSON.stringify(printed, null, 2)}\n` : toText(printed));
  return EXIT_CLEAN;
}

/** Each rule's severity and options and the source that set each; throws ConfigError for a bad option. */
export function effectiveConfig(display: string, layers: readonly ConfigLayer[], reporter: Reporter, rules: readonly Rule[] = RULES): PrintedConfig {
  const config = resolveConfig(rules, layers);
  for (const { source, key } of config.unknownKeys) reporter.warn(`${source}: unknown rule \`${key}\``);
  // `origins` tells who set each severity; option origins are found the same way, layer by layer.
  const optionOrigins = new Map<string, string>();
  const lookup = ruleLookup(rules);
  for (const layer of layers) {
    for (const [key, values] of Object.entries(layer.options ?? {})) {
      const rule = lookup(key);
      if (rule) for (const name of Object.keys(values)) optionOrigins.set(`${rule.meta.id}\0${name}`, layer.source);
    }
  }
  const printed: PrintedConfig['rules'] = {};
  for (const { meta } of rules) {
    const options: PrintedConfig['rules'][string]['options'] = {};
    for (const [name, value] of Object.entries(config.options.get(meta.id) ?? {})) {
      options[name] = { value, origin: shown(optionOrigins.get(`${meta.id}\0${name}`) ?? 'default') };
    }
    printed[meta.id] = { severity: config.severities.get(meta.id) ?? meta.defaultSeverity, origin: shown(config.origins.get(meta.id) ?? 'default'), options };
  }
  return { file: display, configFiles: layers.map((layer) => layer.source).filter((source) => isAbsolute(source)).map(shown), rules: printed };
}

/** Config file paths relative to the working directory; `default` and flags as they are. */
function shown(source: string): string {
  if (!isAbsolute(source)) return source;
  const fromCwd = relative(process.cwd(), resolve(source));
  return fromCwd.startsWith('..') || isAbsolute(fromCwd) ? source : fromCwd;
}

function toText(printed: PrintedConfig): string {
  const lines = [`Configuration for ${printed.file}`, ''];
  if (printed.configFiles.length === 0) lines.push('Config files: none (rule defaults)');
  else lines.push('Config files (later ones win):', ...printed.configFiles.map((path) => `  ${path}`));
  lines.push('');
  const rows = [['RULE', 'SEVERITY', 'SET BY'], ...Object.entries(printed.rules).map(([id, rule]) => [id, rule.severity, rule.origin])];
  const widths = [0, 1].map((column) => Math.max(...rows.map((row) => row[column].length)));
  for (const [index, row] of rows.entries()) {
    lines.push(`${row[0].padEnd(widths[0])}  ${row[1].padEnd(widths[1])}  ${row[2]}`);
    const rule = index === 0 ? undefined : printed.rules[row[0]];
    for (const [name, option] of Object.entries(rule?.options ?? {})) {
      lines.push(`  ${name}: ${JSON.stringify(option.value)} (set by ${option.origin})`);
    }
  }
  return `${lines.join('\n')}\n`;
}
