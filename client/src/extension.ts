// The VS Code side of Layerwise: starts the bundled language server over IPC and wires the palette
// commands to it. Everything Dockerfile-specific happens in the server.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { registerCommands } from './commands';
import { SERVER_NODE_FLAGS } from './serverFlags';
import { TrustChangedNotification } from './protocol';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const outputChannel = vscode.window.createOutputChannel('Layerwise', { log: true });
  context.subscriptions.push(outputChannel);
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS] } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS, '--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'dockerfile' },
      { scheme: 'untitled', language: 'dockerfile' },
    ],
    outputChannel,
    initializationOptions: { trusted: vscode.workspace.isTrusted },
    synchronize: {
      // Config files change the findings of every Dockerfile below them.
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/.layerwise.y*ml'),
        vscode.workspace.createFileSystemWatcher('**/.hadolint.y*ml'),
        vscode.workspace.createFileSystemWatcher('**/*.dockerignore'),
        vscode.workspace.createFileSystemWatcher('**/.dockerignore'),
      ],
    },
  };
  client = new LanguageClient('layerwise', 'Layerwise', serverOptions, clientOptions);
  // Registered before start so the palette entries work (and report) even if the server fails.
  context.subscriptions.push(...registerCommands(client, outputChannel));
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      if (client?.isRunning()) void client.sendNotification(TrustChangedNotification, { trusted: true });
    }),
  );
  try {
    await client.start();
  } catch (error) {
    outputChannel.error(`The Layerwise language server did not start: ${error instanceof Error ? error.message : String(error)}`);
    void vscode.window.showErrorMessage('Layerwise: the language server did not start; see the Layerwise output');
  }
}

export async function deactivate(): Promise<void> {
  const running = client;
  client = undefined;
  if (running?.needsStop()) await running.stop();
}
