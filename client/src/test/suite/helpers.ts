// Helpers for the extension-host suite: a fresh copy of an example per test, and waits on editor
// events (never fixed sleeps) that fail with what was seen when they time out.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

export const SOURCE = 'layerwise';
/** Generous: the first analysis waits for the server to start and load its WASM parser. */
export const WAIT_MS = 20_000;

let caseCounter = 0;

/** The workspace the runner opened: it holds a copy of the repository's `examples/`. */
export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite needs a workspace folder (the runners open a temp copy of examples/)');
  return folder.uri.fsPath;
}

/** A new folder per test, so edits in one test never leak into another. */
function caseFolder(slug: string): string {
  const folder = join(workspaceRoot(), 'cases', `${++caseCounter}-${slug}`);
  mkdirSync(folder, { recursive: true });
  return folder;
}

/** Copies `examples/<name>/Dockerfile` into a fresh case folder and opens it in an editor. */
export async function openExample(name: string): Promise<vscode.TextEditor> {
  const file = join(caseFolder(name), 'Dockerfile');
  copyFileSync(join(workspaceRoot(), 'examples', name, 'Dockerfile'), file);
  return openFile(file);
}

/** Writes `text` as a Dockerfile in a fresh case folder and opens it in an editor. */
export async function openDockerfile(slug: string, text: string): Promise<vscode.TextEditor> {
  const file = join(caseFolder(slug), 'Dockerfile');
  writeFileSync(file, text);
  return openFile(file);
}

async function openFile(file: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  assert.equal(document.languageId, 'dockerfile', `${file} opens as a Dockerfile`);
  return vscode.window.showTextDocument(document);
}

export function layerwiseDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === SOURCE);
}

export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : String(code);
}

export function codes(uri: vscode.Uri): string[] {
  return layerwiseDiagnostics(uri).map(codeOf).sort();
}

/** Resolves once the file's Layerwise diagnostics satisfy `check`; rejects after `WAIT_MS`. */
export function waitForDiagnostics(uri: vscode.Uri, what: string, check: (diagnostics: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  return waitFor(
    what,
    (fire) => vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) fire();
    }),
    () => {
      const diagnostics = layerwiseDiagnostics(uri);
      return check(diagnostics) ? diagnostics : undefined;
    },
    () => `diagnostics: ${JSON.stringify(layerwiseDiagnostics(uri).map((d) => `${codeOf(d)}@${d.range.start.line}:${d.range.start.character}`))}`,
  );
}

export function waitForCode(uri: vscode.Uri, code: string): Promise<vscode.Diagnostic> {
  return waitForDiagnostics(uri, `a \`${code}\` diagnostic`, (diagnostics) => diagnostics.some((d) => codeOf(d) === code))
    .then((diagnostics) => diagnostics.find((d) => codeOf(d) === code) as vscode.Diagnostic);
}

export async function waitForNoCode(uri: vscode.Uri, code: string): Promise<void> {
  await waitForDiagnostics(uri, `no \`${code}\` diagnostic`, (diagnostics) => !diagnostics.some((d) => codeOf(d) === code));
}

/** Resolves once the document's text satisfies `check` (edits may arrive after a command returns). */
export function waitForText(document: vscode.TextDocument, what: string, check: (text: string) => boolean): Promise<string> {
  return waitFor(
    what,
    (fire) => vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document === document) fire();
    }),
    () => (check(document.getText()) ? document.getText() : undefined),
    () => `text:\n${document.getText()}`,
  );
}

/** Checks now and on every event until `probe` answers, or fails after `WAIT_MS` with `describe()`. */
function waitFor<T>(what: string, subscribe: (fire: () => void) => vscode.Disposable, probe: () => T | undefined, describe: () => string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      subscription.dispose();
      settle();
    };
    const check = () => {
      const value = probe();
      if (value !== undefined) finish(() => resolve(value));
    };
    const timer = setTimeout(() => finish(() => reject(new Error(`timed out after ${WAIT_MS} ms waiting for ${what}; ${describe()}`))), WAIT_MS);
    const subscription = subscribe(check);
    check();
  });
}

/** The code actions VS Code would offer, through the same API the lightbulb uses. */
export async function codeActionsAt(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range, kind);
  // The provider may also answer plain Commands (`command` is then a string id): not code actions.
  return (actions ?? []).filter((action): action is vscode.CodeAction => typeof action.command !== 'string');
}

export async function applyAction(action: vscode.CodeAction): Promise<void> {
  assert.ok(action.edit, `\`${action.title}\` carries an edit`);
  assert.ok(await vscode.workspace.applyEdit(action.edit), `\`${action.title}\` applied`);
}

/** Saves (the case files are throwaway) and closes everything: a dirty editor would ask on close. */
export async function closeAllEditors(): Promise<void> {
  await vscode.workspace.saveAll(false);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
