// The analysis cache: each document version is analysed once, and diagnostics, code actions and
// hovers all read the same result. Entries carry the cache generation so that results computed
// under settings that have since changed are recognised as stale and never published.
// Only the most recently used documents keep their analysis (model, findings, fixes): an editor
// with 200 Dockerfiles open works on a few of them, and the others' diagnostics are already
// published. A request for an evicted document (code action, hover) analyses it again.
import type { RemoteConsole } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, ConfigError, resolveConfig, RULES, ShellScriptCache, type Analysis, type ConfigLayer, type ResolvedConfig, type RuleFailure, type ShellParser } from '../core/index';
import type { ConfigFileStore } from './configFiles';
import type { Settings, SettingsStore } from './settings';

/** Larger documents are not analysed: they are not Dockerfiles a person edits. */
export const MAX_DOCUMENT_LENGTH = 5 * 1024 * 1024;

/** Documents whose analysis is kept; the least recently used one beyond this is dropped. */
export const KEPT_ANALYSES = 10;

/**
 * RUN scripts kept parsed across versions: about the RUNs of the kept documents, with room for the
 * versions typing creates (each keystroke in a RUN is a new script text).
 */
const KEPT_SHELL_SCRIPTS = 1000;

interface Snapshot {
  uri: string;
  version: number;
  generation: number;
}

export type DocumentAnalysis =
  | (Snapshot & { kind: 'disabled' })
  | (Snapshot & { kind: 'skipped'; reason: string })
  | (Snapshot & { kind: 'analysed'; text: string; config: ResolvedConfig; analysis: Analysis });

export interface AnalysisDependencies {
  shellParser: Promise<ShellParser>;
  settings: SettingsStore;
  configFiles: ConfigFileStore;
  console: RemoteConsole;
}

/** Why a text is not analysed, or null when it is analysed. */
export function reasonNotAnalysed(text: string): string | null {
  if (text.length > MAX_DOCUMENT_LENGTH) return 'Layerwise does not analyse this file: it is larger than 5 MB';
  if (text.includes('\0')) return 'Layerwise does not analyse this file: it contains NUL bytes (binary data?)';
  return null;
}

export class AnalysisCache {
  /** RUN scripts parsed for earlier versions: a keystroke re-parses only the RUN it changed. */
  private readonly shellCache = new ShellScriptCache(KEPT_SHELL_SCRIPTS);
  /** Map order is use order: the first entry is the least recently used. */
  private readonly entries = new Map<string, { version: number; generation: number; result: Promise<DocumentAnalysis> }>();
  /**
   * The resolved configuration of the recently used documents, reused while neither their settings
   * nor the generation change: resolving walks every rule, and a keystroke changes neither.
   */
  private readonly configs = new Map<string, { settings: Settings; generation: number; config: ResolvedConfig }>();
  private generation = 0;
  private readonly loggedFailures = new Set<string>();
  private readonly loggedUnknownKeys = new Set<string>();

  constructor(
    private readonly deps: AnalysisDependencies,
    private readonly capacity = KEPT_ANALYSES,
  ) {}

  /** The analysis of the document's current version, computed on first request. */
  analysisOf(document: TextDocument): Promise<DocumentAnalysis> {
    const entry = this.entries.get(document.uri);
    this.entries.delete(document.uri);
    if (entry && entry.version === document.version && entry.generation === this.generation) {
      this.entries.set(document.uri, entry);
      return entry.result;
    }
    // TextDocuments updates documents in place: read text and version now, not after an await.
    const snapshot: Snapshot = { uri: document.uri, version: document.version, generation: this.generation };
    const result = this.compute(snapshot, document.getText());
    this.entries.set(document.uri, { version: snapshot.version, generation: snapshot.generation, result });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return result;
  }

  /** False when settings or config files changed after the analysis started. */
  isCurrent(analysis: DocumentAnalysis): boolean {
    return analysis.generation === this.generation;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
    this.configs.delete(uri);
  }

  invalidateAll(): void {
    this.generation++;
    this.entries.clear();
    this.configs.clear();
  }

  private async compute(snapshot: Snapshot, text: string): Promise<DocumentAnalysis> {
    const settings = await this.deps.settings.settingsFor(snapshot.uri);
    if (!settings.enable) return { ...snapshot, kind: 'disabled' };
    const reason = reasonNotAnalysed(text);
    if (reason) return { ...snapshot, kind: 'skipped', reason };
    const shellParser = await this.deps.shellParser;
    const config = this.configFor(snapshot, settings);
    const analysis = analyze(text, shellParser, {
      config,
      buildContext: this.deps.configFiles.buildContextFor(snapshot.uri),
      shellCache: this.shellCache,
      onLateFailure: (failure) => this.logFailure(failure),
    });
    for (const failure of analysis.failures) this.logFailure(failure);
    return { ...snapshot, kind: 'analysed', text, config, analysis };
  }

  /** The document's resolved configuration, from the cache while settings and generation hold. */
  private configFor(snapshot: Snapshot, settings: Settings): ResolvedConfig {
    const cached = this.configs.get(snapshot.uri);
    this.configs.delete(snapshot.uri);
    if (cached && cached.settings === settings && cached.generation === snapshot.generation) {
      this.configs.set(snapshot.uri, cached);
      return cached.config;
    }
    const config = this.resolve(snapshot.uri, this.deps.configFiles.layersFor(snapshot.uri, settings), settings.rules);
    this.logUnknownKeys(config);
    // A result computed under an older generation must not be kept for the new one.
    if (snapshot.generation === this.generation) {
      this.configs.set(snapshot.uri, { settings, generation: snapshot.generation, config });
      if (this.configs.size > this.capacity) this.configs.delete(this.configs.keys().next().value as string);
    }
    return config;
  }

  /** File layers, then the editor settings; a bad rule option in a file drops that file's layers (reported). */
  private resolve(uri: string, fileLayers: ConfigLayer[], settingsRules: Settings['rules']): ResolvedConfig {
    const settingsLayer: ConfigLayer = { source: 'settings', rules: settingsRules };
    try {
      return resolveConfig(RULES, [...fileLayers, settingsLayer]);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      this.deps.configFiles.report(error);
      this.deps.console.warn(`Configuration files ignored for ${uri}`);
      return resolveConfig(RULES, [settingsLayer]);
    }
  }

  private logFailure(failure: RuleFailure): void {
    if (this.loggedFailures.has(failure.ruleId)) return;
    this.loggedFailures.add(failure.ruleId);
    this.deps.console.error(`Rule ${failure.ruleId} failed (reported once): ${failure.error}`);
  }

  private logUnknownKeys(config: ResolvedConfig): void {
    for (const { source, key } of config.unknownKeys) {
      const id = `${source}\0${key}`;
      if (this.loggedUnknownKeys.has(id)) continue;
      this.loggedUnknownKeys.add(id);
      this.deps.console.warn(`${source}: \`${key}\` is not a Layerwise rule id or alias; ignored`);
    }
  }
}
