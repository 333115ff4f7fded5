// Quick fixes and `source.fixAll.layerwise` through the API the lightbulb and fix-on-save use.
import * as assert from 'node:assert/strict';
import { afterEach, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { applyAction, closeAllEditors, codeActionsAt, openExample, waitForCode, waitForNoCode } from './helpers';

const FIX_ALL_KIND = 'source.fixAll.layerwise';

describe('code actions', () => {
  afterEach(closeAllEditors);

  it('applies the preferred quick fix for `pip-no-cache-dir` and the diagnostic goes away', async () => {
    const { document } = await openExample('alpine-python');
    const pip = await waitForCode(document.uri, 'pip-no-cache-dir');
    const actions = await codeActionsAt(document.uri, pip.range, vscode.CodeActionKind.QuickFix.value);
    const titles = actions.map((action) => action.title);
    const fix = actions.find((action) => action.isPreferred);
    assert.ok(fix, `a preferred fix among: ${titles.join(' | ')}`);
    assert.equal(fix.title, 'Add --no-cache-dir');
    assert.ok(titles.includes('Disable pip-no-cache-dir for this instruction'), titles.join(' | '));
    await applyAction(fix);
    assert.equal(document.lineAt(8).text, 'RUN pip3 install --no-cache-dir -r requirements.txt');
    await waitForNoCode(document.uri, 'pip-no-cache-dir');
  });

  it('`source.fixAll.layerwise` applies safe fixes only', async () => {
    const { document } = await openExample('ubuntu-layer-cache');
    await waitForCode(document.uri, 'apt-lists-not-cleaned');
    await waitForCode(document.uri, 'apt-no-install-recommends');
    const whole = new vscode.Range(0, 0, document.lineCount, 0);
    const actions = await codeActionsAt(document.uri, whole, FIX_ALL_KIND);
    const fixAll = actions.find((action) => action.kind?.value === FIX_ALL_KIND);
    assert.ok(fixAll, `a ${FIX_ALL_KIND} action among: ${actions.map((action) => action.title).join(' | ')}`);
    await applyAction(fixAll);
    // The safe fix cleans the lists; the unsafe `--no-install-recommends` is left for the user to choose.
    assert.equal(document.lineAt(5).text, 'RUN apt-get update && apt-get install -y libssl-dev && rm -rf /var/lib/apt/lists/*');
    await waitForNoCode(document.uri, 'apt-lists-not-cleaned');
    await waitForCode(document.uri, 'apt-no-install-recommends');
  });

  it('`editor.codeActionsOnSave` runs the safe fixes on save', async () => {
    // The runners' workspace turns fix-on-save on for Dockerfiles (scripts/e2e/lib/workspace.mjs says
    // why a test cannot): check that it is in effect, so a missing setting fails here, not below.
    const onSave = vscode.workspace.getConfiguration('editor', { languageId: 'dockerfile' }).get<Record<string, string>>('codeActionsOnSave');
    assert.equal(onSave?.[FIX_ALL_KIND], 'explicit', `editor.codeActionsOnSave for Dockerfiles: ${JSON.stringify(onSave)}`);
    const { document } = await openExample('ubuntu-layer-cache');
    await waitForCode(document.uri, 'apt-lists-not-cleaned');
    // Saving an unchanged file skips participants: make a harmless edit first.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(document.lineCount, 0), '\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await document.save(), 'saved');
    assert.match(document.getText(), /rm -rf \/var\/lib\/apt\/lists\/\*/);
    assert.doesNotMatch(document.getText(), /--no-install-recommends/);
  });
});
