// The rule contract: every rule is one module that exports `defineRule({ meta, check })`.
// Metadata is the single source of truth for docs, the CLI catalog and the editor settings.
import type { Range, TextEdit } from 'vscode-languageserver-types';
import type { DockerfileModel } from './model/types';

export type { Range, TextEdit };

export type Category = 'size' | 'cache' | 'security' | 'maintenance' | 'correctness';
export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeverityOrOff = Severity | 'off';
export type FixSafety = 'safe' | 'unsafe';
export type FixAvailability = 'always' | 'sometimes' | 'never';

/** A rule of another tool that this rule matches (`same`) or was inspired by (`inspired`). */
export interface RuleSource {
  tool: 'hadolint' | 'buildkit';
  id: string;
  relation: 'same' | 'inspired';
}

export interface RuleMeta {
  /** Stable kebab-case id, equal to the rule's file name. */
  id: string;
  /** Short noun phrase for lists, e.g. "Consecutive RUN instructions". */
  title: string;
  category: Category;
  defaultSeverity: SeverityOrOff;
  fixAvailability: FixAvailability;
  /**
   * Every fix the rule offers is unsafe: counting safely fixable problems (the CLI's summary) need
   * not compute its fixes, which for some rules is a whole transformation.
   */
  unsafeFixesOnly?: boolean;
  /** One sentence, the first line of the generated doc page. */
  summary: string;
  /** Markdown sections of the doc page; `fixSafety` is required when a fix exists. */
  docs: {
    why: string;
    incorrect: string;
    correct: string;
    fixSafety?: string;
  };
  sources: RuleSource[];
  /** Options users may set in `.layerwise.yaml` (`rules: { <id>: { severity, <option>: value } }`). */
  options?: Record<string, RuleOption>;
  /**
   * Findings are dropped in stages whose layers do not ship (builders used through `COPY --from`,
   * unused stages) for rules whose point is the shipped image (size, root user): nagging there is noise.
   */
  finalImageOnly?: boolean;
}

export interface RuleOption {
  type: 'boolean' | 'number' | 'string' | 'string[]';
  default: boolean | number | string | string[];
  description: string;
}

export type OptionValue = RuleOption['default'];

/**
 * What the adapters know about the build context beside the Dockerfile. Undefined fields are
 * unknown (standard input, an unsaved editor): rules that need them stay quiet.
 */
export interface BuildContext {
  /** Text of the `.dockerignore` that applies to this Dockerfile, or null when there is none. */
  dockerignore?: string | null;
}

export interface Fix {
  /** What the fix does, e.g. "Add --no-install-recommends". Unsafe fixes say why in `title`. */
  title: string;
  safety: FixSafety;
  edits: TextEdit[];
}

export interface RelatedLocation {
  range: Range;
  message: string;
}

/** What a rule reports; the engine adds the rule id, severity and suppression handling. */
export interface Report {
  range: Range;
  message: string;
  /** Stage of the finding, for builder-stage filtering and `# hadolint stage ignore=`. */
  stageIndex?: number;
  related?: RelatedLocation[];
  tags?: ('unnecessary' | 'deprecated')[];
  /**
   * The finding's fixes, or a function that computes them: called only when something reads the
   * finding's fixes (a code action, fix-all, `layerwise fix`, the CLI's fix count or SARIF), once.
   * Rules whose fix is a whole transformation pass a function, so that publishing diagnostics on a
   * keystroke never pays for it.
   */
  fixes?: Fix[] | (() => Fix[]);
}

export interface RuleContext {
  readonly model: DockerfileModel;
  /** The rule's options: its defaults merged with the user's configuration. */
  readonly options: Readonly<Record<string, OptionValue>>;
  readonly buildContext: BuildContext;
  report(report: Report): void;
}

export interface Rule {
  meta: RuleMeta;
  check(context: RuleContext): void;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}

export const DOCS_BASE_URL = 'https://github.com/layerwise/layerwise/blob/main/docs/rules/';

export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}${ruleId}.md`;
}

/** hadolint DL codes and BuildKit check names that users may write instead of our id. */
export function aliasesOf(meta: RuleMeta): string[] {
  return meta.sources.filter((source) => source.relation === 'same').map((source) => source.id);
}
