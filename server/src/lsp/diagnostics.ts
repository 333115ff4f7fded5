// Diagnostics: findings mapped to LSP diagnostics, and the scheduler that publishes them. Changes
// are queued and drained on the next turn of the event loop, so a burst of edits is analysed once
// for its last version; a result is published only while its version and settings are current.
import { DiagnosticSeverity, DiagnosticTag, type Connection, type Diagnostic, type TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { docsUrl, type Finding, type Severity } from '../core/index';
import { mergeFindings, shellCheckCodeOf, shellCheckWikiUrl } from '../core/shellcheck';
import type { AnalysisCache, DocumentAnalysis } from './analysis';
import type { Guard } from './guard';
import { SHELLCHECK_DEBOUNCE_MS, type ShellCheckService } from './shellcheck';

export const SOURCE = 'layerwise';

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** What a code action needs to find a diagnostic's finding again. */
export interface DiagnosticData {
  ruleId: string;
}

export function toDiagnostic(finding: Finding, uri: string): Diagnostic {
  const shellCheckCode = shellCheckCodeOf(finding);
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: SEVERITIES[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: shellCheckCode ? shellCheckWikiUrl(shellCheckCode) : docsUrl(finding.ruleId) },
    source: SOURCE,
    message: finding.message,
    data: { ruleId: finding.ruleId } satisfies DiagnosticData,
  };
  if (finding.tags.length > 0) {
    diagnostic.tags = finding.tags.map((tag) => (tag === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
  }
  if (finding.related.length > 0) {
    diagnostic.relatedInformation = finding.related.map((related) => ({ location: { uri, range: related.range }, message: related.message }));
  }
  return diagnostic;
}

/** The result's diagnostics; `extra` are findings from elsewhere (ShellCheck) for the same version. */
export function diagnosticsOf(result: DocumentAnalysis, extra: readonly Finding[] = []): Diagnostic[] {
  switch (result.kind) {
    case 'disabled':
      return [];
    case 'skipped':
      return [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Information, source: SOURCE, message: result.reason }];
    case 'analysed':
      return mergeFindings(result.analysis.findings, extra).map((finding) => toDiagnostic(finding, result.uri));
  }
}

export class DiagnosticsScheduler {
  private readonly queued = new Set<string>();
  private drainScheduled = false;
  private changedSinceHop = false;
  private readonly validate: (uri: string) => Promise<void>;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly cache: AnalysisCache,
    guard: Guard,
    private readonly shellCheck?: ShellCheckService,
  ) {
    this.validate = guard('publishDiagnostics', undefined, (uri: string) => this.publish(uri));
  }

  schedule(uri: string): void {
    this.queued.add(uri);
    this.changedSinceHop = true;
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    this.changedSinceHop = false;
    this.hop(2);
  }

  /**
   * vscode-jsonrpc hands over one message per turn of the event loop, so draining on the next turn
   * alone would analyse every version of a burst. The drain waits while changes keep arriving turn
   * after turn (at least two turns: the next message is handled after the first one): a burst is
   * analysed once, for its last version, at the cost of microseconds when the user types.
   */
  private hop(turns: number): void {
    setImmediate(() => {
      if (turns > 1 || this.changedSinceHop) {
        this.changedSinceHop = false;
        this.hop(turns - 1);
        return;
      }
      this.drainScheduled = false;
      const uris = [...this.queued];
      this.queued.clear();
      for (const queuedUri of uris) void this.validate(queuedUri);
    });
  }

  scheduleAll(): void {
    for (const document of this.documents.all()) this.schedule(document.uri);
  }

  clear(uri: string): void {
    this.queued.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private async publish(uri: string): Promise<void> {
    const document = this.documents.get(uri);
    if (!document) return;
    const result = await this.cache.analysisOf(document);
    // The document may have changed, closed, or its settings changed while we waited.
    const isCurrent = () => this.documents.get(uri)?.version === result.version && this.cache.isCurrent(result);
    const shellCheck = result.kind === 'analysed' && this.shellCheck ? await this.shellCheck.stateOf(result) : null;
    if (!isCurrent()) return;
    await this.connection.sendDiagnostics({ uri, version: result.version, diagnostics: diagnosticsOf(result, shellCheck?.known) });
    if (!shellCheck?.complete) return;
    // Only a version the user paused on starts ShellCheck; its answer is published for that version only.
    await new Promise((resolve) => setTimeout(resolve, SHELLCHECK_DEBOUNCE_MS));
    if (!isCurrent()) return;
    const all = await shellCheck.complete();
    if (!isCurrent() || (all.length === 0 && shellCheck.known.length === 0)) return;
    await this.connection.sendDiagnostics({ uri, version: result.version, diagnostics: diagnosticsOf(result, all) });
  }
}
