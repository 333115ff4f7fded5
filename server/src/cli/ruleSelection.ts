// `--rule ID` (only these rules) and `--ignore ID` (all but these), by id or alias such as DL3019.
import { ruleLookup, RULES, type ConfigLayer } from '../core/index';
import { UsageError } from './errors';

export interface RuleSelection {
  /** Rule ids to run, or undefined for all. */
  only?: string[];
  /** A last config layer turning the ignored rules off, so `--print-config` can show it. */
  layer?: ConfigLayer;
}

/** Rule ids for `--rule` / `--ignore` values; an unknown one is a usage error. */
export function resolveRuleIds(keys: readonly string[], flag = '--rule'): string[] | undefined {
  if (keys.length === 0) return undefined;
  const lookup = ruleLookup(RULES);
  return keys.map((key) => {
    const rule = lookup(key);
    if (!rule) throw new UsageError(`unknown rule \`${key}\` in \`${flag}\` (see \`layerwise rules\`)`);
    return rule.meta.id;
  });
}

export function selectRules(rule: readonly string[], ignore: readonly string[]): RuleSelection {
  const ignored = resolveRuleIds(ignore, '--ignore') ?? [];
  const only = resolveRuleIds(rule, '--rule')?.filter((id) => !ignored.includes(id));
  const layer = ignored.length > 0 ? { source: '--ignore', rules: Object.fromEntries(ignored.map((id) => [id, 'off' as const])) } : undefined;
  return { only, layer };
}
