// code-server for the editor tests: pinned 4.100.3 (scripts/e2e/setup.sh), bound to 127.0.0.1 on a
// free port, without auth, with fresh user-data, extensions and XDG folders under `dir`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CODE_SERVER_BIN } from './paths.mjs';
import { freePort, isolatedEnv, run, startServer } from './process.mjs';

const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  // No state may survive into the next run.
  'files.hotExit': 'off',
  'git.enabled': false,
};

/** Folders for one code-server instance; the XDG variables keep it out of $HOME. */
function prepare(dir) {
  const folders = {
    userData: join(dir, 'user-data'),
    extensions: join(dir, 'extensions'),
  };
  for (const folder of Object.values(folders)) mkdirSync(folder, { recursive: true });
  mkdirSync(join(folders.userData, 'User'), { recursive: true });
  writeFileSync(join(folders.userData, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  return { folders, env: isolatedEnv(dir) };
}

/** `code-server --install-extension` into the instance's extensions folder. */
export async function installExtension(dir, vsix) {
  const { folders, env } = prepare(dir);
  const output = await run(CODE_SERVER_BIN, ['--user-data-dir', folders.userData, '--extensions-dir', folders.extensions, '--install-extension', vsix], { env });
  if (!/successfully installed/i.test(output)) throw new Error(`installing ${vsix} did not succeed:\n${output}`);
}

/** Starts code-server and waits for /healthz; `extraEnv` reaches the extension host. */
export async function startCodeServer(dir, extraEnv = {}) {
  const { folders, env } = prepare(dir);
  const port = await freePort();
  const server = startServer(CODE_SERVER_BIN, [
    '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--user-data-dir', folders.userData, '--extensions-dir', folders.extensions,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
  ], { logFile: join(dir, 'code-server.log'), env: { ...env, ...extraEnv } });
  const base = `http://127.0.0.1:${port}`;
  const log = join(dir, 'code-server.log');
  let exitedEarly = false;
  void server.exited.then(() => (exitedEarly = true));
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (exitedEarly) throw new Error(`code-server exited at start; see ${log}`);
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`code-server did not answer ${base}/healthz within 30 s; see ${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { base, host: `127.0.0.1:${port}`, pid: server.pid, stop: () => server.stop(), log };
}
