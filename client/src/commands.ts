// The palette commands: each forwards the active Dockerfile to a server command. Swap and convert
// first ask the server for the runtime bases that fit, let the user pick one in a QuickPick (with
// each base's estimated size), then ask again with the choice; the server applies one edit.
import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import { ServerCommand, type CommandAnswer, type RuntimeChoice } from './protocol';

/** Optional argument of the palette commands, for tests and keybindings: skips the QuickPick. */
interface CommandOptions {
  runtime?: string;
}

function activeDockerfile(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  if (editor?.document.languageId === 'dockerfile') return editor;
  void vscode.window.showInformationMessage('Layerwise: open a Dockerfile first');
  return undefined;
}

async function runOnServer(client: LanguageClient, command: string, args: object): Promise<CommandAnswer> {
  try {
    return (await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: [args] })) as CommandAnswer;
  } catch (error) {
    client.error(`Command ${command} failed`, error);
    void vscode.window.showErrorMessage(`Layerwise: ${command} failed; see the Layerwise output for details`);
    return null;
  }
}

async function pickRuntime(choices: readonly RuntimeChoice[], title: string): Promise<string | undefined> {
  if (choices.length === 0) {
    void vscode.window.showInformationMessage('Layerwise: no runtime base image fits this Dockerfile');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    choices.map((choice) => ({ label: choice.label, description: choice.description, detail: choice.detail, reference: choice.reference })),
    { title, placeHolder: 'Sizes are estimates from base image data (compressed, linux/amd64), not from a build', matchOnDescription: true, matchOnDetail: true },
  );
  return picked?.reference;
}

/** Runs a transformation; asks for the runtime base when the server offers choices. */
async function transform(client: LanguageClient, outputChannel: vscode.LogOutputChannel, command: string, args: object, title: string, options?: CommandOptions): Promise<void> {
  let answer = await runOnServer(client, command, { ...args, runtime: options?.runtime });
  if (answer && 'choices' in answer) {
    const runtime = await pickRuntime(answer.choices, title);
    if (!runtime) return;
    answer = await runOnServer(client, command, { ...args, runtime });
  }
  if (answer && 'applied' in answer && answer.applied && answer.notes && answer.notes.length > 0) {
    for (const note of answer.notes) outputChannel.info(`${title}: ${note}`);
    void vscode.window.showInformationMessage(`Layerwise: ${answer.notes[0]}`);
  }
}

export function registerCommands(client: LanguageClient, outputChannel: vscode.LogOutputChannel): vscode.Disposable[] {
  const uriOf = (editor: vscode.TextEditor) => client.code2ProtocolConverter.asUri(editor.document.uri);
  // The version lets the server refuse to edit text the user has changed since.
  const documentArgs = (editor: vscode.TextEditor) => ({ uri: uriOf(editor), version: editor.document.version });
  const onDocument = (id: string, run: (editor: vscode.TextEditor, options?: CommandOptions) => Promise<unknown>) =>
    vscode.commands.registerCommand(id, async (options?: CommandOptions) => {
      const editor = activeDockerfile();
      if (editor) await run(editor, options);
    });
  return [
    onDocument('layerwise.fixAll', (editor) => runOnServer(client, ServerCommand.fixAll, documentArgs(editor))),
    onDocument('layerwise.convertToMultiStage', (editor, options) =>
      transform(client, outputChannel, ServerCommand.convertToMultiStage, documentArgs(editor), 'Convert to Multi-Stage Build: choose the runtime base', options)),
    onDocument('layerwise.swapRuntimeBase', (editor, options) =>
      transform(client, outputChannel, ServerCommand.swapRuntimeBase, documentArgs(editor), 'Swap Runtime Base Image', options)),
    // An empty selection means the whole file.
    onDocument('layerwise.mergeRunInstructions', (editor) =>
      transform(client, outputChannel, ServerCommand.mergeRunInstructions, editor.selection.isEmpty
        ? documentArgs(editor)
        : { ...documentArgs(editor), range: client.code2ProtocolConverter.asRange(editor.selection) }, 'Merge RUN Instructions')),
    vscode.commands.registerCommand('layerwise.showOutput', () => outputChannel.show()),
  ];
}
