// A throwaway workspace for the extension-host suite: a copy of the repository's examples/.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.mjs';

export function examplesWorkspace(parent = mkdtempSync(join(tmpdir(), 'layerwise-ws-'))) {
  const workspace = join(parent, 'workspace');
  cpSync(join(REPO_ROOT, 'examples'), join(workspace, 'examples'), { recursive: true });
  return workspace;
}
