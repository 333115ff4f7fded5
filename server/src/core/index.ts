// The analysis core's public surface, shared by the language server and the CLI.
export { analyze, hasSafeFix, type Analysis, type AnalyzeOptions, type Finding, type RuleFailure } from './engine';
export { applyEdits, fixText, selectFixes, syntaxProblems, type FixResult } from './fixes';
export {
  ConfigError, isSeverity, parseHadolintConfig, parseLayerwiseConfig, resolveConfig, ruleLookup,
  type BuilderStages, type ConfigLayer, type ResolvedConfig,
} from './config';
export { RULES } from './registry';
export {
  aliasesOf, docsUrl, type BuildContext, type Category, type Fix, type FixSafety, type OptionValue, type Rule, type RuleMeta, type RuleOption,
  type Severity, type SeverityOrOff,
} from './rule';
export { ShellScriptCache } from './shell/cache';
export { loadShellParser, type ShellParser, type ShellParserWasm } from './shell/parser';
export { LineIndex } from './text';
