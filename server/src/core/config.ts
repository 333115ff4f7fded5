// Configuration: rule severities merged from rule defaults, `.hadolint.yaml`, `.layerwise.yaml`
// and editor settings or CLI flags, in that order (later layers win). The core receives file
// *texts*; finding the files is the adapters' job.
import { parseDocument as parseYamlDocument } from 'yaml';
import type { OptionValue, Rule, RuleOption, SeverityOrOff } from './rule';
import { aliasesOf } from './rule';

export interface ConfigLayer {
  /** Where the layer came from, for messages and `--print-config`: a path or "settings". */
  source: string;
  /** Rule id or alias → severity. */
  rules: Record<string, SeverityOrOff>;
  /** Rule id or alias → option values (validated against the rule's `meta.options` when resolved). */
  options?: Record<string, Record<string, unknown>>;
  /** How rules about the shipped image treat builder stages (the editor's `layerwise.builderStages`). */
  builderStages?: BuilderStages;
}

/**
 * `quiet`: rules about what the final image ships (size, user: `meta.finalImageOnly`) skip stages
 * whose layers are thrown away; `report`: they report there too, as hints.
 */
export type BuilderStages = 'quiet' | 'report';

export interface ResolvedConfig {
  /** Rule id → effective severity. */
  severities: Map<string, SeverityOrOff>;
  /** Rule id → the layer that set it last ("default" when none did). */
  origins: Map<string, string>;
  /** Rule id → its options, defaults merged with every layer's values. */
  options: Map<string, Record<string, OptionValue>>;
  /** Keys in a layer that name no rule, reported so that typos do not pass silently. */
  unknownKeys: { source: string; key: string }[];
  /** Set by the last layer that names it; the engine defaults to `quiet`. */
  builderStages?: BuilderStages;
}

export class ConfigError extends Error {}

const SEVERITIES: readonly SeverityOrOff[] = ['off', 'hint', 'info', 'warning', 'error'];

export function isSeverity(value: unknown): value is SeverityOrOff {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

function readYaml(text: string, source: string): unknown {
  // The core schema has no custom tags: a config file cannot construct objects. A tag it does not
  // know (`!!js/function`, `!custom`) is an error, not a warning printed on stderr and a plain string.
  const document = parseYamlDocument(text, { schema: 'core', prettyErrors: true });
  const [error] = document.errors;
  if (error) throw new ConfigError(`${source}: not valid YAML: ${error.message.split('\n')[0]}`);
  const tag = document.warnings.find((warning) => warning.code === 'TAG_RESOLVE_FAILED');
  if (tag) {
    const line = text.slice(0, tag.pos[0]).split('\n').length;
    throw new ConfigError(`${source}: line ${line}: YAML tag \`${text.slice(tag.pos[0], tag.pos[1])}\` is not allowed in a configuration file`);
  }
  return document.toJS() ?? {};
}

/**
 * `.layerwise.yaml`: `rules: { <id or alias>: <severity> }`, or `{ severity: <severity>, <option>: <value> }`
 * for a rule with options. Severities: off, hint, info, warning, error.
 */
export function parseLayerwiseConfig(text: string, source: string): ConfigLayer {
  const data = readYaml(text, source);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ConfigError(`${source}: expected a mapping with a \`rules\` key`);
  }
  const rules: Record<string, SeverityOrOff> = {};
  const options: Record<string, Record<string, unknown>> = {};
  let builderStages: BuilderStages | undefined;
  for (const [key, value] of Object.entries(data)) {
    if (key === 'builderStages') {
      if (value !== 'quiet' && value !== 'report') throw new ConfigError(`${source}: \`builderStages\` is \`${String(value)}\`; use \`quiet\` or \`report\``);
      builderStages = value;
      continue;
    }
    if (key !== 'rules') throw new ConfigError(`${source}: unknown key \`${key}\` (expected \`rules\` or \`builderStages\`)`);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ConfigError(`${source}: \`rules\` must map rule ids to severities`);
    }
    for (const [id, setting] of Object.entries(value)) {
      if (typeof setting === 'object' && setting !== null && !Array.isArray(setting)) {
        const { severity, ...ruleOptions } = setting as Record<string, unknown>;
        if (severity !== undefined) rules[id] = checkedSeverity(severity, id, source);
        options[id] = ruleOptions;
      } else {
        rules[id] = checkedSeverity(setting, id, source);
      }
    }
  }
  return builderStages ? { source, rules, options, builderStages } : { source, rules, options };
}

function checkedSeverity(value: unknown, id: string, source: string): SeverityOrOff {
  if (isSeverity(value)) return value;
  throw new ConfigError(`${source}: rule \`${id}\` has severity \`${String(value)}\`; use one of ${SEVERITIES.join(', ')}`);
}

const HADOLINT_SEVERITY: Record<string, SeverityOrOff> = { error: 'error', warning: 'warning', info: 'info', style: 'hint' };

/**
 * `.hadolint.yaml`: `ignored: [DL…]`, `override: { error|warning|info|style: [DL…] }` and
 * `trustedRegistries` (the `registries` option of the rule with alias DL3026).
 */
export function parseHadolintConfig(text: string, source: string): ConfigLayer {
  const data = readYaml(text, source);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { source, rules: {} };
  const record = data as Record<string, unknown>;
  const rules: Record<string, SeverityOrOff> = {};
  const override = record.override;
  if (typeof override === 'object' && override !== null) {
    for (const [level, codes] of Object.entries(override)) {
      const severity = HADOLINT_SEVERITY[level];
      if (severity && Array.isArray(codes)) for (const code of codes) rules[String(code)] = severity;
    }
  }
  if (Array.isArray(record.ignored)) for (const code of record.ignored) rules[String(code)] = 'off';
  const options: Record<string, Record<string, unknown>> = {};
  const trusted = record.trustedRegistries;
  if (typeof trusted === 'string' || Array.isArray(trusted)) {
    options.DL3026 = { registries: (Array.isArray(trusted) ? trusted : [trusted]).map(String) };
  }
  return { source, rules, options };
}

/** Maps ids and aliases (case-insensitive for aliases: `dl3008`) to rules. */
export function ruleLookup(rules: readonly Rule[]): (key: string) => Rule | undefined {
  const byKey = new Map<string, Rule>();
  for (const rule of rules) {
    byKey.set(rule.meta.id, rule);
    for (const alias of aliasesOf(rule.meta)) byKey.set(alias.toLowerCase(), rule);
  }
  return (key) => byKey.get(key) ?? byKey.get(key.toLowerCase());
}

function checkedOption(option: RuleOption, value: unknown, where: string): OptionValue {
  const ok = option.type === 'string[]'
    ? Array.isArray(value) && value.every((item) => typeof item === 'string')
    : typeof value === option.type;
  if (!ok) throw new ConfigError(`${where} must be a ${option.type === 'string[]' ? 'list of strings' : option.type}`);
  return value as OptionValue;
}

/** Merges the layers; throws ConfigError for an option the rule does not have or of the wrong type. */
export function resolveConfig(rules: readonly Rule[], layers: readonly ConfigLayer[]): ResolvedConfig {
  const lookup = ruleLookup(rules);
  const severities = new Map<string, SeverityOrOff>();
  const origins = new Map<string, string>();
  const options = new Map<string, Record<string, OptionValue>>();
  for (const rule of rules) {
    severities.set(rule.meta.id, rule.meta.defaultSeverity);
    origins.set(rule.meta.id, 'default');
    options.set(rule.meta.id, Object.fromEntries(Object.entries(rule.meta.options ?? {}).map(([name, option]) => [name, option.default])));
  }
  const unknownKeys: ResolvedConfig['unknownKeys'] = [];
  let builderStages: BuilderStages | undefined;
  for (const layer of layers) {
    builderStages = layer.builderStages ?? builderStages;
    for (const key of Object.keys(layer.options ?? {})) {
      if (!(key in layer.rules) && !lookup(key) && !/^(DL|SC)\d+$/i.test(key)) unknownKeys.push({ source: layer.source, key });
    }
    for (const [key, severity] of Object.entries(layer.rules)) {
      const rule = lookup(key);
      if (!rule) {
        // hadolint files list many codes we have no rule for (and SC codes): not an error.
        if (!/^(DL|SC)\d+$/i.test(key)) unknownKeys.push({ source: layer.source, key });
        continue;
      }
      severities.set(rule.meta.id, severity);
      origins.set(rule.meta.id, layer.source);
    }
    for (const [key, values] of Object.entries(layer.options ?? {})) {
      const rule = lookup(key);
      if (!rule) continue; // the severity loop above reports unknown keys
      const merged = options.get(rule.meta.id)!;
      for (const [name, value] of Object.entries(values)) {
        const declared = rule.meta.options?.[name];
        if (!declared) throw new ConfigError(`${layer.source}: rule \`${rule.meta.id}\` has no option \`${name}\``);
        merged[name] = checkedOption(declared, value, `${layer.source}: option \`${name}\` of \`${rule.meta.id}\``);
      }
    }
  }
  return builderStages ? { severities, origins, options, unknownKeys, builderStages } : { severities, origins, options, unknownKeys };
}
