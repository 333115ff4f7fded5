// A throwaway workspace for the extension-host suite: a copy of the repository's examples/, with
// fix-on-save turned on for Dockerfiles from the start.
//
// The fix-on-save test cannot turn it on itself: writing `.vscode/settings.json` opens it as a JSONC
// model, which activates the JSON and TypeScript extensions, and VS Code cancels a code-actions-on-save
// request (silently: the file is saved unfixed) when code action providers register while it runs.
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.mjs';

const WORKSPACE_SETTINGS = {
  '[dockerfile]': { 'editor.codeActionsOnSave': { 'source.fixAll.layerwise': 'explicit' } },
};

export function examplesWorkspace(parent = mkdtempSync(join(tmpdir(), 'layerwise-ws-'))) {
  const workspace = join(parent, 'workspace');
  cpSync(join(REPO_ROOT, 'examples'), join(workspace, 'examples'), { recursive: true });
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  writeFileSync(join(workspace, '.vscode', 'settings.json'), `${JSON.stringify(WORKSPACE_SETTINGS, null, 2)}\n`);
  return workspace;
}
