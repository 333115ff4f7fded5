// Diagnostics as VS Code shows them: rule ids as codes, the range on the offending words, and
// settings changes applied without a reload.
import * as assert from 'node:assert/strict';
import { afterEach, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { closeAllEditors, codeOf, codes, openExample, waitForCode, waitForDiagnostics, waitForNoCode } from './helpers';

describe('diagnostics', () => {
  afterEach(closeAllEditors);

  it('reports rule ids as codes with ranges on the offending words', async () => {
    const { document } = await openExample('alpine-python');
    const pip = await waitForCode(document.uri, 'pip-no-cache-dir');
    assert.deepEqual(rangeOf(pip), [8, 4, 8, 16]);
    assert.equal(document.getText(pip.range), 'pip3 install');
    assert.equal(pip.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(pip.message, /without `--no-cache-dir`/);
    assert.ok(typeof pip.code === 'object' && String(pip.code.target).includes('pip-no-cache-dir'), 'the code links the rule page');

    const root = await waitForCode(document.uri, 'root-user');
    assert.deepEqual(rangeOf(root), [1, 5, 1, 16]);
    assert.equal(document.getText(root.range), 'alpine:3.18');
    assert.ok(codes(document.uri).includes('copy-before-dependencies'), `codes: ${codes(document.uri).join(', ')}`);
  });

  it('reports apt findings on `apt-get install` in the Ubuntu example', async () => {
    const { document } = await openExample('ubuntu-layer-cache');
    const recommends = await waitForCode(document.uri, 'apt-no-install-recommends');
    assert.deepEqual(rangeOf(recommends), [5, 22, 5, 37]);
    assert.equal(document.getText(recommends.range), 'apt-get install');
    const lists = await waitForCode(document.uri, 'apt-lists-not-cleaned');
    assert.equal(document.getText(lists.range), 'apt-get update');
  });

  it('applies a `layerwise.rules` change without a reload', async () => {
    const { document } = await openExample('alpine-python');
    await waitForCode(document.uri, 'pip-no-cache-dir');
    const settings = () => vscode.workspace.getConfiguration('layerwise', document.uri);
    const pipAt = (severity: vscode.DiagnosticSeverity) => (diagnostics: vscode.Diagnostic[]) =>
      diagnostics.some((diagnostic) => codeOf(diagnostic) === 'pip-no-cache-dir' && diagnostic.severity === severity);
    await settings().update('rules', { 'pip-no-cache-dir': 'off' }, vscode.ConfigurationTarget.Workspace);
    try {
      await waitForNoCode(document.uri, 'pip-no-cache-dir');
      assert.ok(codes(document.uri).includes('root-user'), 'other rules still report');
      await settings().update('rules', { 'pip-no-cache-dir': 'error' }, vscode.ConfigurationTarget.Workspace);
      await waitForDiagnostics(document.uri, '`pip-no-cache-dir` as an error', pipAt(vscode.DiagnosticSeverity.Error));
    } finally {
      await settings().update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitForDiagnostics(document.uri, '`pip-no-cache-dir` back to a warning', pipAt(vscode.DiagnosticSeverity.Warning));
  });
});

function rangeOf(diagnostic: vscode.Diagnostic): number[] {
  const { start, end } = diagnostic.range;
  return [start.line, start.character, end.line, end.character];
}
