// Security: the CLI and the language server never touch the network; in an untrusted workspace
// the server starts no program; configuration files are parsed without custom YAML tags.
// The CLI and the server run with test/helpers/sandbox.ts preloaded, which records and blocks
// every network call (and, when asked, every attempt to start a program).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CodeActionRequest, ExecuteCommandRequest, HoverRequest, type CodeAction } from 'vscode-languageserver-protocol/node';
import { ConfigError, parseHadolintConfig, parseLayerwiseConfig } from '../server/src/core/index';
import { LspTestClient, waitUntil } from './helpers/lsp';
import { CLI_ENV, REPO_ROOT } from './helpers/shell';

const CLI = join(REPO_ROOT, 'dist', 'cli.js');
const SANDBOX = join(REPO_ROOT, 'out', 'test', 'helpers', 'sandbox.js');
const EXAMPLES = join(REPO_ROOT, 'examples');

let temp: string;
let next = 0;
before(() => {
  temp = mkdtempSync(join(tmpdir(), 'layerwise-security-'));
});
after(() => {
  rmSync(temp, { recursive: true, force: true });
});

/** A fresh, empty log file for one sandboxed process. */
function sandboxLog(): string {
  const path = join(temp, `sandbox-${++next}.log`);
  writeFileSync(path, '');
  return path;
}

const attempts = (log: string): string[] => readFileSync(log, 'utf8').split('\n').filter(Boolean);

function sandboxEnv(log: string, denyProcesses = false): Record<string, string> {
  return { LAYERWISE_SANDBOX_LOG: log, LAYERWISE_SANDBOX_PROCESSES: denyProcesses ? 'deny' : '' };
}

function runSandboxed(args: string[], log: string, options: { input?: string; cwd?: string } = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--require', SANDBOX, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, ...CLI_ENV, ...sandboxEnv(log), NO_COLOR: '1' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the network sandbox itself', () => {
  it('records and blocks http, https, net, tls, dns and fetch, and programs when asked', () => {
    const probes: [string, string][] = [
      ['http.get', "require('http').get('http://127.0.0.1:9/')"],
      ['https.request', "require('https').request('https://example.com/')"],
      ['net.connect', "require('net').connect(9, '127.0.0.1')"],
      ['net.Socket.connect', "new (require('net').Socket)().connect(9, '127.0.0.1')"],
      ['tls.connect', "require('tls').connect(443, 'example.com')"],
      ['dns.lookup', "require('dns').lookup('example.com', () => {})"],
      ['dns.promises.resolve4', "require('dns').promises.resolve4('example.com')"],
      ['fetch', "fetch('https://example.com/')"],
      ['child_process.spawn', "require('child_process').spawn('true')"],
    ];
    for (const [what, code] of probes) {
      const log = sandboxLog();
      const result = spawnSync(process.execPath, ['--require', SANDBOX, '-e', `try { ${code} } catch (error) { console.log(error.message) }`], {
        encoding: 'utf8',
        env: { ...process.env, ...sandboxEnv(log, what.startsWith('child_process')) },
      });
      assert.equal(result.status, 0, result.stderr);
      assert.deepEqual(attempts(log), [what], what);
      assert.match(result.stdout, /is not allowed/);
    }
  });
});

describe('no network access', () => {
  it('the CLI makes no network call to lint (every format), fix, fix --unsafe, convert and list rules', () => {
    const project = join(temp, 'cli-project');
    cpSync(EXAMPLES, project, { recursive: true });
    const files = readdirSync(project).filter((name) => existsSync(join(project, name, 'Dockerfile'))).map((name) => join(project, name, 'Dockerfile'));
    assert.ok(files.length >= 5);
    const log = sandboxLog();
    const runs: string[][] = [
      ['rules', '--format', 'json'],
      ...['text', 'json', 'sarif', 'checkstyle', 'gitlab', 'github'].map((format) => ['lint', '--format', format, project]),
      ['fix', project],
      ['fix', '--unsafe', project],
    ];
    // Each subprocess costs a cold start: the per-file commands on a few examples of different ecosystems.
    for (const file of files.filter((_, index) => index % 4 === 0)) {
      runs.push(['fix', '--stdout', '--unsafe', file], ['convert', 'multi-stage', file], ['convert', 'distroless', file]);
    }
    for (const args of runs) {
      const result = runSandboxed([CLI, ...args], log);
      assert.ok(result.status === 0 || result.status === 1 || (args[0] === 'convert' && result.status === 2), `${args.join(' ')}: exit ${result.status}\n${result.stderr}`);
      assert.doesNotMatch(result.stderr, /sandbox|internal error/, args.join(' '));
    }
    const stdin = runSandboxed([CLI, 'lint', '-'], log, { input: readFileSync(files[0], 'utf8') });
    assert.ok(stdin.status === 0 || stdin.status === 1, stdin.stderr);
    assert.deepEqual(attempts(log), [], 'network calls attempted');
  });

  it('the language server makes no network call during a session', async () => {
    const log = sandboxLog();
    const folder = join(temp, 'lsp-project');
    cpSync(EXAMPLES, folder, { recursive: true });
    const { client } = await LspTestClient.start({
      initializationOptions: { trusted: true },
      workspaceFolders: [{ uri: pathToFileURL(folder).toString(), name: 'ws' }],
      nodeArgs: ['--require', SANDBOX],
      env: sandboxEnv(log),
    });
    try {
      for (const name of readdirSync(folder).filter((entry) => existsSync(join(folder, entry, 'Dockerfile')))) {
        const uri = pathToFileURL(join(folder, name, 'Dockerfile')).toString();
        const text = readFileSync(join(folder, name, 'Dockerfile'), 'utf8');
        await client.open(uri, text);
        const { diagnostics } = await client.waitForDiagnostics(uri, (params) => params.version === 1);
        const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
        const actions = (await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics } })) as CodeAction[] | null;
        await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: range.start });
        for (const command of ['layerwise.server.fixAll', 'layerwise.server.mergeRunInstructions', 'layerwise.server.swapRuntimeBase', 'layerwise.server.convertToMultiStage']) {
          await client.connection.sendRequest(ExecuteCommandRequest.type, { command, arguments: [{ uri, version: 1 }] });
        }
        const docs = actions?.find((action) => action.command?.command === 'layerwise.server.showDocumentation');
        if (docs?.command) await client.connection.sendRequest(ExecuteCommandRequest.type, { command: docs.command.command, arguments: docs.command.arguments });
      }
      assert.equal(client.exited, false);
    } finally {
      await client.stop();
    }
    assert.deepEqual(attempts(log), [], 'network calls attempted');
  });
});

describe('untrusted workspaces', () => {
  it('start no program, whatever layerwise.shellcheck.path says; trusting the workspace does (the sandbox sees it)', async () => {
    const log = sandboxLog();
    const settings = { shellcheck: { enable: true, path: process.execPath }, configFile: '/etc/hostname' };
    const { client } = await LspTestClient.start({ initializationOptions: { trusted: false }, settings, nodeArgs: ['--require', SANDBOX], env: sandboxEnv(log, true) });
    const script = 'FROM alpine:3.22\nARG name\nRUN echo $foo "$name"\n';
    try {
      for (let document = 0; document < 3; document++) {
        const uri = `untitled:Untrusted-${document}`;
        await client.open(uri, script);
        await client.waitForDiagnostics(uri, (params) => params.version === 1);
      }
      // ShellCheck would start after its debounce: give it the time to (not) happen.
      await new Promise((resolve) => setTimeout(resolve, 800));
      assert.deepEqual(attempts(log), [], 'programs started in an untrusted workspace');

      // The same session once trusted does try to start the configured program: the sandbox
      // blocks it, and the server survives that too.
      await client.connection.sendNotification('layerwise/trustChanged', { trusted: true });
      await client.open('untitled:Trusted', `${script}RUN true\n`);
      await waitUntil(() => (attempts(log).length > 0 ? true : undefined), 'a start attempt once trusted', 5000);
      assert.ok(attempts(log).every((line) => line.startsWith('child_process.')), attempts(log).join('\n'));
      const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: 'untitled:Trusted' }, position: { line: 0, character: 1 } });
      assert.ok(hover === null || typeof hover === 'object');
      assert.equal(client.exited, false);
    } finally {
      await client.stop();
    }
  });
});

describe('configuration files are parsed safely', () => {
  it('rejects custom YAML tags anywhere, with the file, the line and the tag', () => {
    const cases: [string, RegExp][] = [
      ['!!js/function "function () {}"\n', /x\.yaml: line 1: YAML tag `!!js\/function` is not allowed/],
      ['rules:\n  apk-no-cache: !!js/function "warning"\n', /x\.yaml: line 2: YAML tag `!!js\/function` is not allowed/],
      ['rules: !custom\n  apk-no-cache: warning\n', /x\.yaml: line 1: YAML tag `!custom` is not allowed/],
      ['rules:\n  apk-no-cache: !!js/undefined ""\n', /line 2: YAML tag `!!js\/undefined`/],
    ];
    for (const [text, message] of cases) {
      assert.throws(() => parseLayerwiseConfig(text, 'x.yaml'), (error: unknown) => error instanceof ConfigError && message.test(error.message), text);
    }
    assert.throws(() => parseHadolintConfig('ignored: !!js/regexp /DL3008/\n', '.hadolint.yaml'), (error: unknown) => error instanceof ConfigError && /YAML tag `!!js\/regexp`/.test(error.message));
    // The standard tags of the core schema are fine.
    assert.deepEqual(parseLayerwiseConfig('rules:\n  apk-no-cache: !!str warning\n', 'x.yaml').rules, { 'apk-no-cache': 'warning' });
  });

  it('the CLI exits 2 with one line for a config with a custom tag, and no Node warning', () => {
    const config = join(temp, 'tagged.layerwise.yaml');
    writeFileSync(config, 'rules:\n  apk-no-cache: !!js/function "error"\n');
    const log = sandboxLog();
    const result = runSandboxed([CLI, 'lint', '--config', config, '-'], log, { input: 'FROM alpine:3.22\nRUN apk add curl\n' });
    assert.equal(result.status, 2, result.stderr);
    assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
    assert.match(result.stderr, /^layerwise: .*tagged\.layerwise\.yaml: line 2: YAML tag `!!js\/function` is not allowed/);
    assert.doesNotMatch(result.stderr, /YAMLWarning|TAG_RESOLVE_FAILED/);
  });
});
