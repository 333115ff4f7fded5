// The engine: parse once, run the enabled rules over the shared model, apply severities,
// builder-stage filtering and suppression comments.
import { buildModel } from './model/build';
import type { ShellScriptCache } from './shell/cache';
import type { DockerfileModel } from './model/types';
import type { BuilderStages, ResolvedConfig } from './config';
import { resolveConfig } from './config';
import type { BuildContext, Fix, RelatedLocation, Range, Report, Rule, Severity } from './rule';
import { aliasesOf } from './rule';
import { RULES } from './registry';
import type { ShellParser } from './shell/parser';
import { readSuppressions } from './suppressions';

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  range: Range;
  related: RelatedLocation[];
  tags: ('unnecessary' | 'deprecated')[];
  fixes: Fix[];
}

export interface RuleFailure {
  ruleId: string;
  error: string;
}

export interface Analysis {
  model: DockerfileModel;
  findings: Finding[];
  /** Rules that threw: reported by the adapters, never fatal for the other rules. */
  failures: RuleFailure[];
}

export interface AnalyzeOptions {
  config?: ResolvedConfig;
  /** Reuses RUN script parses across analyses (the language server keeps one per process). */
  shellCache?: ShellScriptCache;
  /** What the adapter knows of the build context (`.dockerignore`); unknown when absent. */
  buildContext?: BuildContext;
  /** Run only these rule ids (fixture tests, `fix --rule`). */
  only?: readonly string[];
  rules?: readonly Rule[];
  /** Overrides `config.builderStages`; default `quiet` (see `BuilderStages`). */
  builderStages?: BuilderStages;
  /**
   * Called when a rule's lazily computed fixes throw, after `analyze` has returned (the failure is
   * also added to `failures`, and the finding then has no fix).
   */
  onLateFailure?: (failure: RuleFailure) => void;
}

// Per rule list and per rule, what does not change between analyses: resolving the default
// configuration walks every rule, and a rule's suppression keys are an array per call otherwise.
const defaultConfigs = new WeakMap<readonly Rule[], ResolvedConfig>();
const suppressionKeys = new WeakMap<Rule, readonly string[]>();

function defaultConfig(rules: readonly Rule[]): ResolvedConfig {
  let config = defaultConfigs.get(rules);
  if (!config) defaultConfigs.set(rules, (config = resolveConfig(rules, [])));
  return config;
}

function keysOf(rule: Rule): readonly string[] {
  let keys = suppressionKeys.get(rule);
  if (!keys) suppressionKeys.set(rule, (keys = [rule.meta.id, ...aliasesOf(rule.meta)]));
  return keys;
}

export function analyze(text: string, shellParser: ShellParser, options: AnalyzeOptions = {}): Analysis {
  const rules = options.rules ?? RULES;
  const config = options.config ?? defaultConfig(rules);
  const model = buildModel(text, shellParser, options.shellCache);
  const suppressions = readSuppressions(model);
  const reportBuilderStages = (options.builderStages ?? config.builderStages) === 'report';
  const findings: Finding[] = [];
  const failures: RuleFailure[] = [];
  for (const rule of rules) {
    const { meta } = rule;
    if (options.only && !options.only.includes(meta.id)) continue;
    const severity = config.severities.get(meta.id) ?? meta.defaultSeverity;
    // A rule asked for by name runs even when it is off by default.
    const effective: Severity | null = severity !== 'off' ? severity : options.only ? (meta.defaultSeverity === 'off' ? 'info' : null) : null;
    if (effective === null) continue;
    const keys = keysOf(rule);
    const report = (found: Report): void => {
      // Layers of a stage that does not ship cost build time and cache, not image size: a hint at most.
      const inBuilder = meta.finalImageOnly === true && found.stageIndex !== undefined && !model.stages[found.stageIndex]?.inFinalImage;
      if (inBuilder && !reportBuilderStages) return;
      if (suppressions.isSuppressed(keys, found.range.start.line)) return;
      const finding: Finding = {
        ruleId: meta.id,
        severity: inBuilder ? 'hint' : effective,
        message: found.message,
        range: found.range,
        related: found.related ?? [],
        tags: found.tags ?? [],
        fixes: [],
      };
      if (typeof found.fixes === 'function') {
        computeFixesOnRead(finding, found.fixes, (error) => {
          const failure = { ruleId: meta.id, error: describeFailure(error) };
          failures.push(failure);
          options.onLateFailure?.(failure);
        });
      } else if (found.fixes) {
        finding.fixes = found.fixes;
      }
      findings.push(finding);
    };
    try {
      rule.check({ model, report, options: config.options.get(meta.id) ?? {}, buildContext: options.buildContext ?? {} });
    } catch (error) {
      failures.push({ ruleId: meta.id, error: describeFailure(error) });
    }
  }
  findings.sort(compareFindings);
  return { model, findings, failures };
}

const unsafeOnlyRules = new Set(RULES.filter((rule) => rule.meta.unsafeFixesOnly).map((rule) => rule.meta.id));

/** Whether the finding has a safe fix, without computing the fixes of rules whose fixes are all unsafe. */
export function hasSafeFix(finding: Finding): boolean {
  return !unsafeOnlyRules.has(finding.ruleId) && finding.fixes.some((fix) => fix.safety === 'safe');
}

/** Makes `finding.fixes` compute `fixes()` on first read, once; a throw gives no fix and is reported. */
function computeFixesOnRead(finding: Finding, fixes: () => Fix[], failed: (error: unknown) => void): void {
  let computed: Fix[] | undefined;
  Object.defineProperty(finding, 'fixes', {
    enumerable: true,
    configurable: true,
    get(): Fix[] {
      if (computed === undefined) {
        try {
          computed = fixes();
        } catch (error) {
          computed = [];
          failed(error);
        }
      }
      return computed;
    },
  });
}

function describeFailure(error: unknown): string {
  return error instanceof Error ? error.stack ?? error.message : String(error);
}

/**
 * Document order, then rule id. Ids are ASCII: a code-unit comparison orders them as
 * `localeCompare` would, without initialising ICU's collator (~10 ms of a CLI run's start).
 */
export function compareFindings(a: Finding, b: Finding): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}
