// A scripted LSP client for the server tests: spawns `node dist/server.js --stdio`, speaks real
// JSON-RPC, answers the server's requests (configuration, applyEdit, showDocument) and records
// what the server sends so tests can wait for it.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import {
  ApplyWorkspaceEditRequest, ConfigurationRequest, createProtocolConnection, DidChangeConfigurationNotification, DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification, ExitNotification, InitializedNotification, InitializeRequest, LogMessageNotification, PublishDiagnosticsNotification,
  RegistrationRequest, ShowDocumentRequest, ShowMessageNotification, ShutdownRequest, StreamMessageReader, StreamMessageWriter,
  type ApplyWorkspaceEditParams, type ConfigurationItem, type Diagnostic, type InitializeResult, type LogMessageParams, type ProtocolConnection,
  type PublishDiagnosticsParams, type ShowDocumentParams, type ShowMessageParams, type TextDocumentContentChangeEvent, type TextEdit,
  type WorkspaceEdit, type WorkspaceFolder,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { REPO_ROOT } from './shell';

export const SERVER_PATH = join(REPO_ROOT, 'dist', 'server.js');

export interface StartOptions {
  initializationOptions?: unknown;
  workspaceFolders?: WorkspaceFolder[];
  /** The `layerwise` settings section the client answers configuration requests with. */
  settings?: Record<string, unknown>;
  /** Options for `node` before the server script (`--require` a preload). */
  nodeArgs?: string[];
  /** Extra environment variables for the server process. */
  env?: Record<string, string>;
}

export class LspTestClient {
  readonly diagnostics: PublishDiagnosticsParams[] = [];
  readonly messages: ShowMessageParams[] = [];
  readonly logs: LogMessageParams[] = [];
  readonly appliedEdits: ApplyWorkspaceEditParams[] = [];
  readonly shownDocuments: ShowDocumentParams[] = [];
  readonly configurationRequests: ConfigurationItem[] = [];
  settings: Record<string, unknown>;
  stderr = '';
  exited = false;

  private constructor(
    readonly process: ChildProcessWithoutNullStreams,
    readonly connection: ProtocolConnection,
    settings: Record<string, unknown>,
  ) {
    this.settings = settings;
    process.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    process.on('exit', () => (this.exited = true));
    connection.onNotification(PublishDiagnosticsNotification.type, (params: PublishDiagnosticsParams) => {
      this.diagnostics.push(params);
    });
    connection.onNotification(ShowMessageNotification.type, (params: ShowMessageParams) => {
      this.messages.push(params);
    });
    connection.onNotification(LogMessageNotification.type, (params: LogMessageParams) => {
      this.logs.push(params);
    });
    connection.onRequest(ConfigurationRequest.type, (params) => {
      this.configurationRequests.push(...params.items);
      return params.items.map((item) => (item.section === 'layerwise' ? this.settings : null));
    });
    connection.onRequest(ApplyWorkspaceEditRequest.type, (params) => {
      this.appliedEdits.push(params);
      return { applied: true };
    });
    connection.onRequest(ShowDocumentRequest.type, (params) => {
      this.shownDocuments.push(params);
      return { success: true };
    });
    connection.onRequest(RegistrationRequest.type, () => undefined);
    connection.listen();
  }

  static async start(options: StartOptions = {}): Promise<{ client: LspTestClient; initializeResult: InitializeResult }> {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), SERVER_PATH, '--stdio'], { stdio: 'pipe', env: { ...process.env, ...options.env } });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const client = new LspTestClient(child, connection, options.settings ?? {});
    const initializeResult = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: options.workspaceFolders ?? null,
      initializationOptions: options.initializationOptions,
      capabilities: {
        workspace: { configuration: true, workspaceEdit: { documentChanges: true }, didChangeConfiguration: { dynamicRegistration: false } },
        window: { showDocument: { support: true } },
        textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true } },
      },
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return { client, initializeResult };
  }

  async open(uri: string, text: string, version = 1): Promise<void> {
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'dockerfile', version, text } });
  }

  async change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
  }

  async changeSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }

  /** Publications for `uri`, oldest first. */
  publishedFor(uri: string): PublishDiagnosticsParams[] {
    return this.diagnostics.filter((params) => params.uri === uri);
  }

  /** Waits for a publication for `uri` (after `after` earlier ones) that satisfies `accept`. */
  async waitForDiagnostics(uri: string, accept: (params: PublishDiagnosticsParams) => boolean = () => true, after = 0): Promise<PublishDiagnosticsParams> {
    return waitUntil(() => this.publishedFor(uri).slice(after).find(accept), `diagnostics for ${uri}`);
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    try {
      await withTimeout(this.connection.sendRequest(ShutdownRequest.type), 2000);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // The process is killed below either way.
    }
    this.connection.dispose();
    this.process.kill();
  }
}

export function byCode(diagnostics: readonly Diagnostic[], code: string): Diagnostic[] {
  return diagnostics.filter((diagnostic) => diagnostic.code === code);
}

/** A diagnostic's message as text (LSP 3.18 also allows markup). */
export function textOf(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}

/** Applies a WorkspaceEdit for one document (documentChanges or changes) to its text. */
export function applyWorkspaceEdit(text: string, uri: string, edit: WorkspaceEdit): string {
  const edits: TextEdit[] = [];
  for (const change of edit.documentChanges ?? []) {
    if ('textDocument' in change && change.textDocument.uri === uri) edits.push(...(change.edits as TextEdit[]));
  }
  edits.push(...(edit.changes?.[uri] ?? []));
  return TextDocument.applyEdits(TextDocument.create(uri, 'dockerfile', 0, text), edits);
}

export async function waitUntil<T>(check: () => T | undefined, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);
}
