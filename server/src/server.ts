// The Layerwise language server: LSP wiring only. Runs over IPC from the VS Code client and as
// `node dist/server.js --stdio` for other editors; each feature lives in its own module in lsp/.
import {
  CodeActionKind, CodeLensRefreshRequest, createConnection, DidChangeConfigurationNotification, ProposedFeatures, StreamMessageReader, StreamMessageWriter,
  TextDocuments, TextDocumentSyncKind,
  type InitializeParams, type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { setFlagsFromString } from 'node:v8';
import { loadNodeShellParser } from './node/shell';
import { ResynchronizingFrames } from './lsp/framing';
import { AnalysisCache } from './lsp/analysis';
import { codeActionsFor } from './lsp/codeActions';
import { codeLensesFor } from './lsp/codeLens';
import { executeCommand, SERVER_COMMANDS } from './lsp/commands';
import { ConfigFileStore } from './lsp/configFiles';
import { DiagnosticsScheduler } from './lsp/diagnostics';
import { createGuard, describeError } from './lsp/guard';
import { hoverAt } from './lsp/hover';
import { FIX_ALL_KIND, TrustChangedNotification, type InitializationOptions, type TrustChangedParams } from './lsp/protocol';
import { SettingsStore } from './lsp/settings';
import { ShellCheckService } from './lsp/shellcheck';

// On stdio, frames pass through a resynchronizing reader: one bad Content-Length from a client
// must not leave the server deaf to everything after it (lsp/framing.ts).
const connection = process.argv.includes('--stdio')
  ? createConnection(ProposedFeatures.all, new StreamMessageReader(process.stdin.pipe(new ResynchronizingFrames())), new StreamMessageWriter(process.stdout))
  : createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const guard = createGuard(connection.console);

// Loaded once, in parallel with the handshake; every analysis waits for it. Liftoff only: V8's
// background tier-up of the bash grammar's lexer holds ~18 MB more for the life of the server, and
// the server re-parses only the RUN being edited (the rest come from its cache), so the faster
// optimised parser buys little (measured: 54 vs 74 MB RSS once loaded; a script parses ~1.7× slower).
setFlagsFromString('--liftoff-only');
const shellParser = loadNodeShellParser();
shellParser.catch((error: unknown) => connection.console.error(`Cannot load the shell parser: ${describeError(error)}`));

const settings = new SettingsStore(connection);
const configFiles = new ConfigFileStore(connection);
const cache = new AnalysisCache({ shellParser, settings, configFiles, console: connection.console });
const shellCheck = new ShellCheckService({ settings, isTrusted: () => configFiles.trusted, console: connection.console });
const diagnostics = new DiagnosticsScheduler(connection, documents, cache, guard, shellCheck);

let canRegisterConfigurationChanges = false;
let supportsWorkspaceFolders = false;
let supportsDocumentChanges = false;
let canShowDocument = false;
let canRefreshCodeLenses = false;

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const capabilities = params.capabilities;
  settings.supportsConfiguration = capabilities.workspace?.configuration === true;
  canRegisterConfigurationChanges = capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
  supportsWorkspaceFolders = capabilities.workspace?.workspaceFolders === true;
  supportsDocumentChanges = capabilities.workspace?.workspaceEdit?.documentChanges === true;
  canShowDocument = capabilities.window?.showDocument?.support === true;
  canRefreshCodeLenses = capabilities.workspace?.codeLens?.refreshSupport === true;
  const options = (params.initializationOptions ?? {}) as InitializationOptions;
  // Editors without a trust model (anything but VS Code) are trusted.
  configFiles.trusted = options.trusted !== false;
  configFiles.setWorkspaceFolders(params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []));
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      hoverProvider: true,
      codeLensProvider: { resolveProvider: false },
      executeCommandProvider: { commands: SERVER_COMMANDS },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'layerwise' },
  };
});

connection.onInitialized(
  guard('initialized', undefined, async () => {
    if (canRegisterConfigurationChanges) await connection.client.register(DidChangeConfigurationNotification.type, { section: 'layerwise' });
    if (supportsWorkspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(
        guard('workspace/didChangeWorkspaceFolders', undefined, (event) => {
          configFiles.addWorkspaceFolders(event.added, event.removed);
          revalidateAll();
        }),
      );
    }
  }),
);

/** Settings, config files or trust changed: nothing cached is valid any more. */
function revalidateAll(): void {
  configFiles.clear();
  shellCheck.reset();
  cache.invalidateAll();
  diagnostics.scheduleAll();
  // Lenses read settings (on/off, preferred family) and config files: ask the editor to fetch them again.
  if (canRefreshCodeLenses) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
}

documents.onDidChangeContent(guard('textDocument/didChange', undefined, (event) => diagnostics.schedule(event.document.uri)));
documents.onDidClose(
  guard('textDocument/didClose', undefined, (event) => {
    cache.forget(event.document.uri);
    settings.forget(event.document.uri);
    diagnostics.clear(event.document.uri);
  }),
);

connection.onDidChangeConfiguration(
  guard('workspace/didChangeConfiguration', undefined, () => {
    settings.clear();
    revalidateAll();
  }),
);
connection.onDidChangeWatchedFiles(
  guard('workspace/didChangeWatchedFiles', undefined, () => {
    configFiles.clearReportedErrors();
    revalidateAll();
  }),
);
connection.onNotification(
  TrustChangedNotification,
  guard(TrustChangedNotification, undefined, (params: TrustChangedParams) => {
    configFiles.trusted = params?.trusted !== false;
    revalidateAll();
  }),
);

/** The analysis of a document's current version, or null when there is none to act on. */
async function currentAnalysis(uri: string) {
  const document = documents.get(uri);
  if (!document) return null;
  const result = await cache.analysisOf(document);
  return result.kind === 'analysed' && documents.get(uri)?.version === result.version ? result : null;
}

connection.onCodeAction(
  guard('textDocument/codeAction', [], async (params) => {
    const result = await currentAnalysis(params.textDocument.uri);
    if (!result) return [];
    // ShellCheck's findings as far as they are known for this version; code actions never wait for it.
    const { known } = await shellCheck.stateOf(result);
    return codeActionsFor(params, result, await shellParser, { documentChanges: supportsDocumentChanges }, known);
  }),
);
connection.onHover(
  guard('textDocument/hover', null, async (params) => {
    const result = await currentAnalysis(params.textDocument.uri);
    if (!result) return null;
    const { runtime } = await settings.settingsFor(result.uri);
    return hoverAt(result, params.position, { preferredFamily: runtime.preferredFamily });
  }),
);
connection.onCodeLens(
  guard('textDocument/codeLens', [], async (params) => {
    const result = await currentAnalysis(params.textDocument.uri);
    if (!result) return [];
    const { codeLens, runtime } = await settings.settingsFor(result.uri);
    return codeLens.enable ? codeLensesFor(result.analysis, runtime.preferredFamily) : [];
  }),
);
connection.onExecuteCommand(
  guard('workspace/executeCommand', null, (params) =>
    executeCommand(params, { connection, documents, cache, settings, shellParser, canShowDocument: () => canShowDocument }),
  ),
);

// Last line of defence: a bug in an async path is logged, never a crash of the editor's server.
// Logging itself must not throw again (the client may be gone), hence the inner try.
function logUnexpected(kind: string, error: unknown): void {
  try {
    connection.console.error(`${kind}: ${describeError(error)}`);
  } catch {
    // Nowhere left to report to.
  }
}
process.on('uncaughtException', (error) => logUnexpected('Uncaught exception', error));
process.on('unhandledRejection', (error) => logUnexpected('Unhandled rejection', error));

documents.listen(connection);
connection.listen();
