// The palette commands: each forwards the active Dockerfile to a server command.
import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import { ServerCommand } from './protocol';

function activeDockerfile(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  if (editor?.document.languageId === 'dockerfile') return editor;
  void vscode.window.showInformationMessage('Layerwise: open a Dockerfile first');
  return undefined;
}

async function runOnServer(client: LanguageClient, command: string, args: object): Promise<void> {
  try {
    await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: [args] });
  } catch (error) {
    client.error(`Command ${command} failed`, error);
    void vscode.window.showErrorMessage(`Layerwise: ${command} failed; see the Layerwise output for details`);
  }
}

export function registerCommands(client: LanguageClient, outputChannel: vscode.OutputChannel): vscode.Disposable[] {
  const uriOf = (editor: vscode.TextEditor) => client.code2ProtocolConverter.asUri(editor.document.uri);
  const commandFor: Record<string, string> = {
    'layerwise.fixAll': ServerCommand.fixAll,
    'layerwise.convertToMultiStage': ServerCommand.convertToMultiStage,
    'layerwise.swapRuntimeBase': ServerCommand.swapRuntimeBase,
    'layerwise.mergeRunInstructions': ServerCommand.mergeRunInstructions,
  };
  const onDocument = (id: string, build: (editor: vscode.TextEditor) => object) =>
    vscode.commands.registerCommand(id, async () => {
      const editor = activeDockerfile();
      if (editor) await runOnServer(client, commandFor[id], build(editor));
    });
  return [
    // The version lets the server refuse to fix text the user has changed since.
    onDocument('layerwise.fixAll', (editor) => ({ uri: uriOf(editor), version: editor.document.version })),
    onDocument('layerwise.convertToMultiStage', (editor) => ({ uri: uriOf(editor) })),
    onDocument('layerwise.swapRuntimeBase', (editor) => ({ uri: uriOf(editor) })),
    // An empty selection means the whole file.
    onDocument('layerwise.mergeRunInstructions', (editor) =>
      editor.selection.isEmpty ? { uri: uriOf(editor) } : { uri: uriOf(editor), range: client.code2ProtocolConverter.asRange(editor.selection) },
    ),
    vscode.commands.registerCommand('layerwise.showOutput', () => outputChannel.show()),
  ];
}
