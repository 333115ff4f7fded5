// The analysis cache: each document version is analysed once, and diagnostics, code actions and
// hovers all read the same result. Entries carry the cache generation so that results computed
// under settings that have since changed are recognised as stale and never published.
import type { RemoteConsole } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, ConfigError, resolveConfig, RULES, ShellScriptCache, type Analysis, type ConfigLayer, type ResolvedConfig, type ShellParser } from '../core/index';
import type { ConfigFileStore } from './configFiles';
import type { Settings, SettingsStore } from './settings';

/** Larger documents are not analysed: they are not Dockerfiles a person edits. */
export const MAX_DOCUMENT_LENGTH = 5 * 1024 * 1024;

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
  private readonly shellCache = new ShellScriptCache();
  private readonly entries = new Map<string, { version: number; generation: number; result: Promise<DocumentAnalysis> }>();
  private generation = 0;
  private readonly loggedFailures = new Set<string>();
  private readonly loggedUnknownKeys = new Set<string>();

  constructor(private readonly deps: AnalysisDependencies) {}

  /** The analysis of the document's current version, computed on first request. */
  analysisOf(document: TextDocument): Promise<DocumentAnalysis> {
    const entry = this.entries.get(document.uri);
    if (entry && entry.version === document.version && entry.generation === this.generation) return entry.result;
    // TextDocuments updates documents in place: read text and version now, not after an await.
    const snapshot: Snapshot = { uri: document.uri, version: document.version, generation: this.generation };
    const result = this.compute(snapshot, document.getText());
    this.entries.set(document.uri, { version: snapshot.version, generation: snapshot.generation, result });
    return result;
  }

  /** False when settings or config files changed after the analysis started. */
  isCurrent(analysis: DocumentAnalysis): boolean {
    return analysis.generation === this.generation;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }

  invalidateAll(): void {
    this.generation++;
    this.entries.clear();
  }

  private async compute(snapshot: Snapshot, text: string): Promise<DocumentAnalysis> {
    const settings = await this.deps.settings.settingsFor(snapshot.uri);
    if (!settings.enable) return { ...snapshot, kind: 'disabled' };
    const reason = reasonNotAnalysed(text);
    if (reason) return { ...snapshot, kind: 'skipped', reason };
    const shellParser = await this.deps.shellParser;
    const config = this.resolve(snapshot.uri, this.deps.configFiles.layersFor(snapshot.uri, settings), settings.rules);
    this.logUnknownKeys(config);
    const analysis = analyze(text, shellParser, { config, buildContext: this.deps.configFiles.buildContextFor(snapshot.uri), shellCache: this.shellCache });
    this.logFailures(analysis);
    return { ...snapshot, kind: 'analysed', text, config, analysis };
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

  private logFailures(analysis: Analysis): void {
    for (const failure of analysis.failures) {
      if (this.loggedFailures.has(failure.ruleId)) continue;
      this.loggedFailures.add(failure.ruleId);
      this.deps.console.error(`Rule ${failure.ruleId} failed (reported once): ${failure.error}`);
    }
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
