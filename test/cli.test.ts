// The CLI as a user runs it: the built dist/cli.js in a subprocess, on fixture Dockerfiles
// (test/fixtures/cli/) and temporary copies. Other rules are added over time, so findings are
// filtered to apk-no-cache, or a generated --config turns every other rule off.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { toStylish, useColor } from '../server/src/cli/format';
import { CLI_ENV, REPO_ROOT } from './helpers/shell';
import { parse as parseYaml } from 'yaml';
import type { ConfigLayer, Finding, Rule } from '../server/src/core/index';
import { Reporter } from '../server/src/cli/errors';
import { toCheckstyle } from '../server/src/cli/formats/checkstyle';
import { escapeData, escapeProperty, toGithub } from '../server/src/cli/formats/github';
import { toGitlab, type GitlabIssue } from '../server/src/cli/formats/gitlab';
import { effectiveConfig, type PrintedConfig } from '../server/src/cli/printConfig';
import { Progress } from '../server/src/cli/progress';
import { isDockerfileName } from '../server/src/node/files';
import { assertGithubCodeScanning, sarifSchemaErrors } from './helpers/sarif';

const CLI = join(REPO_ROOT, 'dist', 'cli.js');
const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'cli');
const APK_DOCKERFILE = 'FROM alpine:3.22\nRUN apk add curl\nUSER nobody\nCMD ["curl", "--version"]\n';
const APK_FIXED = 'FROM alpine:3.22\nRUN apk add --no-cache curl\nUSER nobody\nCMD ["curl", "--version"]\n';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], options: { input?: string | Buffer; cwd?: string } = {}): Run {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, ...CLI_ENV, NO_COLOR: '', FORCE_COLOR: '' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  rule: string;
  severity: string;
  message: string;
  fixable: boolean;
}

function lintJson(args: string[], options: { input?: string; cwd?: string } = {}): { status: number | null; findings: JsonFinding[]; stderr: string } {
  const result = run(['lint', '--format', 'json', ...args], options);
  return { status: result.status, findings: JSON.parse(result.stdout) as JsonFinding[], stderr: result.stderr };
}

/** An error is one line on stderr, with no stack trace. */
function assertOneLineError(result: Run, pattern: RegExp): void {
  assert.equal(result.status, 2, `exit 2 expected, stderr: ${result.stderr}`);
  const lines = result.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one stderr line expected, got:\n${result.stderr}`);
  assert.match(lines[0], /^layerwise: /);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
}

const fixture = (...parts: string[]): string => join(FIXTURES, ...parts);

let temp: string;
let ruleIds: string[];
/** A config that turns every rule off except the given ones (at the given severity). */
function onlyRulesConfig(name: string, enabled: Record<string, string>): string {
  const lines = ruleIds.map((id) => `  ${id}: ${enabled[id] ?? 'off'}`);
  const path = join(temp, `${name}.layerwise.yaml`);
  writeFileSync(path, `rules:\n${lines.join('\n')}\n`);
  return path;
}
let onlyApk: string;

before(() => {
  assert.ok(statSync(CLI).isFile(), 'build first: node scripts/build.mjs');
  temp = mkdtempSync(join(tmpdir(), 'layerwise-cli-'));
  const catalog = run(['rules', '--format', 'json']);
  ruleIds = (JSON.parse(catalog.stdout) as { id: string }[]).map((rule) => rule.id);
  onlyApk = onlyRulesConfig('only-apk', { 'apk-no-cache': 'warning' });
});

after(() => {
  rmSync(temp, { recursive: true, force: true });
});

function tempDir(name: string): string {
  const dir = join(temp, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

describe('layerwise lint', () => {
  it('reports JSON findings with 1-based positions and every field', () => {
    const { status, findings } = lintJson(['--config', onlyApk, 'test/fixtures/cli/apk/Dockerfile']);
    assert.equal(status, 1);
    assert.deepEqual(findings, [
      {
        file: 'test/fixtures/cli/apk/Dockerfile',
        line: 2,
        column: 5,
        endLine: 2,
        endColumn: 12,
        rule: 'apk-no-cache',
        severity: 'warning',
        message: '`apk add` without `--no-cache` leaves the package index in the layer',
        fixable: true,
      },
    ]);
  });

  it('prints ESLint-style text without colours when stdout is not a terminal', () => {
    const result = run(['lint', '--config', onlyApk, 'test/fixtures/cli/apk/Dockerfile']);
    assert.equal(result.status, 1);
    assert.equal(
      result.stdout,
      [
        'test/fixtures/cli/apk/Dockerfile',
        '  2:5  warning  `apk add` without `--no-cache` leaves the package index in the layer  apk-no-cache',
        '',
        '✖ 1 problem (0 errors, 1 warning)',
        '  1 fixable with `layerwise fix`',
        '',
      ].join('\n'),
    );
    assert.doesNotMatch(result.stdout, /\x1b\[/);
    assert.equal(result.stderr, '');
  });

  it('counts every severity in the text summary', () => {
    const config = onlyRulesConfig('mixed', { 'apk-no-cache': 'error', 'consecutive-run': 'info' });
    const result = run(['lint', '--config', config, 'test/fixtures/cli/suppressed/Dockerfile']);
    assert.equal(result.status, 1);
    assert.match(result.stdout, /^ {2}4:1 {2}info {3}2 consecutive RUN .* {2}consecutive-run$/m);
    assert.match(result.stdout, /^ {2}4:5 {2}error {2}`apk add` .* {2}apk-no-cache$/m);
    assert.match(result.stdout, /^✖ 2 problems \(1 error, 0 warnings, 1 info\)$/m);
  });

  it('exits 0 with empty output for a clean file', () => {
    const text = run(['lint', '--config', onlyApk, 'test/fixtures/cli/clean/Dockerfile']);
    assert.equal(text.status, 0);
    assert.equal(text.stdout, '');
    const json = lintJson(['--config', onlyApk, 'test/fixtures/cli/clean/Dockerfile']);
    assert.equal(json.status, 0);
    assert.deepEqual(json.findings, []);
  });

  it('fails only on findings at or above --severity-threshold', () => {
    const asInfo = onlyRulesConfig('apk-info', { 'apk-no-cache': 'info' });
    const asError = onlyRulesConfig('apk-error', { 'apk-no-cache': 'error' });
    const asHint = onlyRulesConfig('apk-hint', { 'apk-no-cache': 'hint' });
    const file = 'test/fixtures/cli/apk/Dockerfile';
    const status = (config: string, ...threshold: string[]): number | null => run(['lint', '--config', config, ...threshold, file]).status;
    // Default threshold `warning`: info is shown but does not fail.
    const info = run(['lint', '--config', asInfo, file]);
    assert.equal(info.status, 0);
    assert.match(info.stdout, /2:5 {2}info {2}/);
    assert.equal(status(asInfo, '--severity-threshold', 'info'), 1);
    assert.equal(status(asHint, '--severity-threshold', 'info'), 0);
    assert.equal(status(asHint, '--severity-threshold', 'hint'), 1);
    assert.equal(status(onlyApk), 1);
    assert.equal(status(onlyApk, '--severity-threshold', 'error'), 0);
    assert.equal(status(asError, '--severity-threshold', 'error'), 1);
    assert.equal(status(asError, '--severity-threshold', 'none'), 0);
  });

  it('reads stdin for `-` and reports it as <stdin>', () => {
    const { status, findings } = lintJson(['--config', onlyApk, '-'], { input: APK_DOCKERFILE });
    assert.equal(status, 1);
    assert.deepEqual(findings.map((f) => [f.file, f.line, f.column, f.rule]), [['<stdin>', 2, 5, 'apk-no-cache']]);
  });

  it('searches folders recursively by Dockerfile name, skipping node_modules and .git, sorted by path', () => {
    const root = tempDir('tree');
    const files = [
      'Dockerfile', 'Containerfile', 'Dockerfile.dev', 'Containerfile.ci', 'api.dockerfile', 'web.containerfile',
      'b/Dockerfile', 'a/nested/deep/Dockerfile', 'node_modules/pkg/Dockerfile', '.git/Dockerfile', 'a/node_modules/Dockerfile',
    ];
    for (const file of files) {
      mkdirSync(join(root, file, '..'), { recursive: true });
      writeFileSync(join(root, file), APK_DOCKERFILE);
    }
    writeFileSync(join(root, 'notes.txt'), APK_DOCKERFILE);
    writeFileSync(join(root, 'Dockerfile.dockerignore'), 'node_modules\n');
    const { status, findings } = lintJson(['--config', onlyApk, '.'], { cwd: root });
    assert.equal(status, 1);
    assert.deepEqual(findings.map((f) => f.file), [
      'Containerfile', 'Containerfile.ci', 'Dockerfile', 'Dockerfile.dev', 'a/nested/deep/Dockerfile', 'api.dockerfile', 'b/Dockerfile', 'web.containerfile',
    ]);
  });

  it('strips a UTF-8 BOM and keeps positions as an editor shows them (CRLF too)', () => {
    const dir = tempDir('bom');
    writeFileSync(join(dir, 'Dockerfile'), `\uFEFF${APK_DOCKERFILE.replace(/\n/g, '\r\n')}`);
    const { status, findings } = lintJson(['--config', onlyApk, join(dir, 'Dockerfile')]);
    assert.equal(status, 1);
    assert.deepEqual(findings.map((f) => [f.line, f.column, f.endLine, f.endColumn]), [[2, 5, 2, 12]]);
  });

  it('honours .hadolint.yaml `ignored:` found upward', () => {
    const ignored = lintJson(['test/fixtures/cli/hadolint-ignored/Dockerfile']);
    assert.deepEqual(ignored.findings.filter((f) => f.rule === 'apk-no-cache'), []);
    const plain = lintJson(['test/fixtures/cli/apk/Dockerfile']);
    assert.equal(plain.findings.filter((f) => f.rule === 'apk-no-cache').length, 1);
  });

  it('honours `# layerwise-ignore` on the next instruction only', () => {
    const { findings } = lintJson(['test/fixtures/cli/suppressed/Dockerfile']);
    assert.deepEqual(findings.filter((f) => f.rule === 'apk-no-cache').map((f) => f.line), [4]);
  });

  it('warns about unknown rule ids in a config file without failing the run', () => {
    const result = run(['lint', '--format', 'json', 'test/fixtures/cli/unknown-key/Dockerfile']);
    assert.notEqual(result.status, 2);
    assert.match(result.stderr, /^layerwise: warning: .*unknown-key[/\\]\.layerwise\.yaml: unknown rule `apk-no-cahce`$/m);
  });

  it('exits 2 with one line for a missing path', () => {
    assertOneLineError(run(['lint', 'no/such/Dockerfile']), /`no\/such\/Dockerfile`: no such file or directory/);
  });

  it('still lints the other files when one path is missing, then exits 2', () => {
    const result = run(['lint', '--format', 'json', '--config', onlyApk, 'missing.Dockerfile', 'test/fixtures/cli/apk/Dockerfile']);
    assert.equal(result.status, 2);
    assert.equal((JSON.parse(result.stdout) as JsonFinding[]).length, 1);
    assert.equal(result.stderr.trimEnd().split('\n').length, 1);
  });

  it('exits 2 for a folder without Dockerfiles', () => {
    assertOneLineError(run(['lint', tempDir('empty')]), /no Dockerfiles found/);
  });

  it('exits 2 with one line for a binary file', () => {
    const path = join(tempDir('binary'), 'Dockerfile');
    writeFileSync(path, Buffer.from([0x46, 0x52, 0x4f, 0x4d, 0x00, 0x01, 0x02]));
    assertOneLineError(run(['lint', path]), /binary file/);
  });

  it('exits 2 with one line for a file over 5 MB', () => {
    const path = join(tempDir('large'), 'Dockerfile');
    writeFileSync(path, `FROM alpine:3.22\n${'# padding line for the size limit\n'.repeat(160_000)}`);
    assert.ok(statSync(path).size > 5 * 1024 * 1024);
    assertOneLineError(run(['lint', path]), /larger than 5 MB/);
  });

  it('exits 2 with one line for stdin over 5 MB', () => {
    assertOneLineError(run(['lint', '-'], { input: 'x'.repeat(5 * 1024 * 1024 + 1) }), /<stdin>.*larger than 5 MB/);
  });

  it('exits 2 with one line for an unknown flag, a bad flag value and an unknown command', () => {
    assertOneLineError(run(['lint', '--bogus', 'Dockerfile']), /unknown option '--bogus'/);
    assertOneLineError(run(['lint', '--format', 'xml', 'Dockerfile']), /xml/);
    assertOneLineError(run(['lint', '--severity-threshold', 'fatal', 'Dockerfile']), /fatal/);
    assertOneLineError(run(['lint']), /missing required argument/);
    assertOneLineError(run(['frobnicate']), /unknown command 'frobnicate'/);
  });

  it('exits 2 with one line for a .layerwise.yaml that is not valid YAML', () => {
    assertOneLineError(run(['lint', 'test/fixtures/cli/bad-yaml/Dockerfile']), /bad-yaml[/\\]\.layerwise\.yaml: not valid YAML/);
    assertOneLineError(run(['lint', '--config', fixture('bad-yaml', '.layerwise.yaml'), 'test/fixtures/cli/apk/Dockerfile']), /not valid YAML/);
  });

  it('exits 2 with one line for a --config file that does not exist', () => {
    assertOneLineError(run(['lint', '--config', 'nowhere.yaml', 'test/fixtures/cli/apk/Dockerfile']), /`nowhere\.yaml`: no such file or directory/);
  });
});

describe('text colours', () => {
  const finding = {
    ruleId: 'apk-no-cache', severity: 'warning' as const, message: 'm', related: [], tags: [], fixes: [],
    range: { start: { line: 1, character: 4 }, end: { line: 1, character: 11 } },
  };

  it('are used only for a terminal and never with NO_COLOR', () => {
    const saved = process.env.NO_COLOR;
    try {
      delete process.env.NO_COLOR;
      assert.equal(useColor({ isTTY: true } as NodeJS.WriteStream), true);
      assert.equal(useColor({ isTTY: false } as NodeJS.WriteStream), false);
      process.env.NO_COLOR = '1';
      assert.equal(useColor({ isTTY: true } as NodeJS.WriteStream), false);
    } finally {
      if (saved === undefined) delete process.env.NO_COLOR;
      else process.env.NO_COLOR = saved;
    }
  });

  it('mark severities with ANSI codes when enabled', () => {
    const coloured = toStylish([{ display: 'Dockerfile', findings: [finding] }], true);
    assert.match(coloured, /\x1b\[33mwarning\x1b\[0m/);
    assert.equal(coloured.replace(/\x1b\[[\d;]*m/g, ''), toStylish([{ display: 'Dockerfile', findings: [finding] }], false));
  });
});

describe('layerwise fix', () => {
  it('prints the fixed text with --stdout and leaves the file alone', () => {
    const path = fixture('apk', 'Dockerfile');
    const result = run(['fix', '--stdout', '--config', onlyApk, path]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, APK_FIXED);
    assert.equal(readFileSync(path, 'utf8'), APK_DOCKERFILE);
    assert.match(result.stderr, /^layerwise: fixed 1 problem in .*apk[/\\]Dockerfile$/m);
  });

  it('fixes stdin to stdout', () => {
    const result = run(['fix', '--config', onlyApk, '-'], { input: APK_DOCKERFILE });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, APK_FIXED);
  });

  it('writes in place keeping the BOM, CRLF line endings and file mode', () => {
    const path = join(tempDir('in-place'), 'Dockerfile');
    writeFileSync(path, `\uFEFF${APK_DOCKERFILE.replace(/\n/g, '\r\n')}`);
    chmodSync(path, 0o640);
    const result = run(['fix', '--config', onlyApk, path]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, '');
    assert.equal(readFileSync(path, 'utf8'), `\uFEFF${APK_FIXED.replace(/\n/g, '\r\n')}`);
    assert.equal(statSync(path).mode & 0o777, 0o640);
    assert.match(result.stderr, /fixed 1 problem in /);
    // Fixed files converge: a second run has nothing to do and does not rewrite.
    const again = run(['fix', '--config', onlyApk, path]);
    assert.equal(again.status, 0);
    assert.match(again.stderr, /nothing to fix in /);
  });

  it('counts what remains at the default threshold', () => {
    const path = join(tempDir('remain'), 'Dockerfile');
    const config = onlyRulesConfig('apk-and-consecutive', { 'apk-no-cache': 'warning', 'consecutive-run': 'warning' });
    // `set -e` before another RUN: consecutive-run offers no merge, so its finding remains.
    writeFileSync(path, 'FROM alpine:3.22\nRUN set -e; apk add curl\nRUN apk add git\nUSER nobody\n');
    const result = run(['fix', '--config', config, path]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(readFileSync(path, 'utf8'), 'FROM alpine:3.22\nRUN set -e; apk add --no-cache curl\nRUN apk add --no-cache git\nUSER nobody\n');
    assert.match(result.stderr, /fixed 2 problems in .*; 1 remains$/m);
  });

  it('applies only the rules given with --rule, by id or alias', () => {
    const config = onlyRulesConfig('apk-and-apt', { 'apk-no-cache': 'warning', 'apt-no-install-recommends': 'warning' });
    const input = 'FROM alpine:3.22\nRUN apk add curl\nUSER nobody\n';
    const byAlias = run(['fix', '--config', config, '--rule', 'DL3019', '-'], { input });
    assert.equal(byAlias.status, 0, byAlias.stderr);
    assert.match(byAlias.stdout, /apk add --no-cache curl/);
    const other = run(['fix', '--config', config, '--rule', 'apt-no-install-recommends', '-'], { input });
    assert.equal(other.status, 0, other.stderr);
    assert.equal(other.stdout, input);
  });

  it('keeps unsafe fixes for --unsafe and says how many are available', () => {
    const config = onlyRulesConfig('only-apt', { 'apt-no-install-recommends': 'warning' });
    const path = fixture('apt', 'Dockerfile');
    const safe = run(['fix', '--stdout', '--config', config, path]);
    assert.equal(safe.status, 0, safe.stderr);
    assert.equal(safe.stdout, readFileSync(path, 'utf8'));
    assert.match(safe.stderr, /nothing to fix in .*; 1 remains$/m);
    assert.match(safe.stderr, /^layerwise: 1 more fix available with --unsafe$/m);
    const unsafe = run(['fix', '--stdout', '--unsafe', '--config', config, path]);
    assert.equal(unsafe.status, 0, unsafe.stderr);
    assert.match(unsafe.stdout, /apt-get install --no-install-recommends -y curl|apt-get install -y --no-install-recommends curl/);
    assert.doesNotMatch(unsafe.stderr, /--unsafe/);
  });

  it('exits 2 for an unknown --rule', () => {
    assertOneLineError(run(['fix', '--rule', 'DL9999', 'test/fixtures/cli/apk/Dockerfile']), /unknown rule `DL9999`/);
  });

  it('exits 2 for --stdout with more than one file', () => {
    assertOneLineError(run(['fix', '--stdout', 'test/fixtures/cli/apk/Dockerfile', 'test/fixtures/cli/clean/Dockerfile']), /--stdout/);
  });

  it('fixes the other files when one cannot be read, then exits 2', () => {
    const dir = tempDir('partial');
    const good = join(dir, 'Dockerfile');
    writeFileSync(good, APK_DOCKERFILE);
    const binary = join(dir, 'Dockerfile.bin');
    writeFileSync(binary, Buffer.from([0x46, 0x00, 0x52]));
    const result = run(['fix', '--config', onlyApk, binary, good]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /Dockerfile\.bin`: binary file/);
    assert.equal(readFileSync(good, 'utf8'), APK_FIXED);
  });

  it('refuses to rewrite a file that is not UTF-8', () => {
    const path = join(tempDir('latin1'), 'Dockerfile');
    const bytes = Buffer.concat([Buffer.from('FROM alpine:3.22\n# caf'), Buffer.from([0xe9]), Buffer.from('\nRUN apk add curl\n')]);
    writeFileSync(path, bytes);
    assertOneLineError(run(['fix', '--config', onlyApk, path]), /not UTF-8 text/);
    assert.deepEqual(readFileSync(path), bytes);
  });
});

describe('layerwise rules', () => {
  it('lists the catalog as JSON', () => {
    const result = run(['rules', '--format', 'json']);
    assert.equal(result.status, 0);
    const entries = JSON.parse(result.stdout) as Record<string, unknown>[];
    assert.ok(entries.length >= 1);
    for (const entry of entries) {
      assert.deepEqual(Object.keys(entry).sort(), ['buildkit', 'category', 'defaultSeverity', 'docs', 'fix', 'hadolint', 'id', 'related', 'title']);
      assert.match(String(entry.id), /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(['size', 'cache', 'security', 'maintenance', 'correctness'].includes(String(entry.category)));
      assert.ok(['off', 'hint', 'info', 'warning', 'error'].includes(String(entry.defaultSeverity)));
      assert.ok(['always', 'sometimes', 'never'].includes(String(entry.fix)));
      assert.ok(Array.isArray(entry.hadolint) && Array.isArray(entry.buildkit) && Array.isArray(entry.related));
      assert.ok(String(entry.docs).endsWith(`/docs/rules/${String(entry.id)}.md`));
    }
    const apk = entries.find((entry) => entry.id === 'apk-no-cache');
    assert.deepEqual(apk && { hadolint: apk.hadolint, buildkit: apk.buildkit, fix: apk.fix, category: apk.category }, {
      hadolint: ['DL3019'], buildkit: [], fix: 'always', category: 'size',
    });
  });

  it('prints an aligned table as text', () => {
    const result = run(['rules']);
    assert.equal(result.status, 0);
    const lines = result.stdout.split('\n');
    assert.match(lines[0], /^RULE +CATEGORY +SEVERITY +FIX +HADOLINT +BUILDKIT +TITLE$/);
    const apk = lines.find((line) => line.startsWith('apk-no-cache '));
    assert.ok(apk);
    assert.equal(apk.indexOf('size'), lines[0].indexOf('CATEGORY'));
    assert.equal(apk.indexOf('DL3019'), lines[0].indexOf('HADOLINT'));
  });
});

describe('layerwise --version and --help', () => {
  it('prints the package version', () => {
    const result = run(['--version']);
    assert.equal(result.status, 0);
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(result.stdout.trim(), version);
  });

  it('prints help for the program and each command', () => {
    const top = run(['--help']);
    assert.equal(top.status, 0);
    for (const command of ['lint', 'fix', 'rules']) assert.match(top.stdout, new RegExp(`^  ${command} `, 'm'));
    const lint = run(['lint', '--help']);
    assert.equal(lint.status, 0);
    assert.match(lint.stdout, /--severity-threshold <level>/);
  });

  it('prints help and exits 2 without a command', () => {
    const result = run([]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /Usage: layerwise/);
  });
});

// ---- CI integration: output formats, discovery, flags, the GitHub Action and pre-commit ----

/** A small project: three Dockerfiles (one with a name that needs escaping everywhere) and a config. */
const WEIRD_NAME = 'we,ird:name & co.dockerfile';
function ciProject(name: string): { root: string; config: string } {
  const root = tempDir(name);
  mkdirSync(join(root, 'services', 'api'), { recursive: true });
  writeFileSync(join(root, 'Dockerfile'), 'FROM alpine:3.22\nRUN apk add curl\nRUN pip install flask\nUSER nobody\n');
  writeFileSync(join(root, 'services', 'api', 'Dockerfile.prod'), 'FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nUSER nobody\n');
  writeFileSync(join(root, WEIRD_NAME), APK_DOCKERFILE);
  const config = onlyRulesConfig(`${name}-levels`, { 'apk-no-cache': 'error', 'pip-no-cache-dir': 'warning', 'consecutive-run': 'info', 'apt-no-install-recommends': 'hint' });
  return { root, config };
}

interface SarifLogShape {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; rules: { id: string; name: string; helpUri: string; shortDescription: { text: string }; fullDescription: { text: string }; defaultConfiguration: { level: string; enabled: boolean } }[] } };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }[];
      fixes?: { description: { text: string }; properties: { safety: string }; artifactChanges: { artifactLocation: { uri: string }; replacements: { deletedRegion: { startLine: number; startColumn: number; endLine: number; endColumn: number }; insertedContent: { text: string } }[] }[] }[];
    }[];
  }[];
}

/** Applies SARIF replacements to a text the way a SARIF viewer would (1-based, UTF-16 columns). */
function applySarifReplacements(text: string, replacements: { deletedRegion: { startLine: number; startColumn: number; endLine: number; endColumn: number }; insertedContent: { text: string } }[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (line: number, column: number): number => lineStarts[line - 1] + column - 1;
  const edits = replacements.map((r) => ({ start: offset(r.deletedRegion.startLine, r.deletedRegion.startColumn), end: offset(r.deletedRegion.endLine, r.deletedRegion.endColumn), text: r.insertedContent.text }));
  edits.sort((a, b) => b.start - a.start);
  return edits.reduce((result, edit) => result.slice(0, edit.start) + edit.text + result.slice(edit.end), text);
}

/** A workflow command line parsed as the Actions runner does: `::name k=v,k=v::message`, then unescaped. */
function parseWorkflowCommand(line: string): { command: string; properties: Record<string, string>; message: string } {
  const match = /^::([a-z]+)(?: ([^:]*))?::(.*)$/.exec(line);
  assert.ok(match, `not a workflow command: ${line}`);
  const unescape = (text: string): string => text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  const properties: Record<string, string> = {};
  for (const pair of (match[2] ?? '').split(',').filter(Boolean)) {
    const equals = pair.indexOf('=');
    properties[pair.slice(0, equals)] = unescape(pair.slice(equals + 1));
  }
  return { command: match[1], properties, message: unescape(match[3]) };
}

const parseXml = (text: string): Promise<unknown> =>
  new Promise((resolve, reject) => {
    // xml2js (in node_modules through @vscode/vsce) is a strict, sax-based XML parser.
    const { parseString } = require('xml2js') as { parseString: (xml: string, options: object, done: (error: Error | null, value: unknown) => void) => void };
    parseString(text, { strict: true }, (error, value) => (error ? reject(error) : resolve(value)));
  });

const syntheticFinding = (message: string, line = 1): Finding => ({
  ruleId: 'apk-no-cache', severity: 'warning', message, related: [], tags: [], fixes: [],
  range: { start: { line, character: 0 }, end: { line, character: 3 } },
});

describe('lint --format for CI', () => {
  it('writes SARIF 2.1.0 that passes the schema subset and what GitHub code scanning requires', () => {
    const { root, config } = ciProject('sarif');
    const result = run(['lint', '--format', 'sarif', '--config', config, '.'], { cwd: root });
    assert.equal(result.status, 1, result.stderr);
    const log = JSON.parse(result.stdout) as SarifLogShape;
    assert.deepEqual(sarifSchemaErrors(log), []);
    assertGithubCodeScanning(log);
    const [sarifRun] = log.runs;
    // Every registry rule is described with its metadata, help URI and default level.
    const catalog = JSON.parse(run(['rules', '--format', 'json']).stdout) as { id: string; title: string; docs: string; defaultSeverity: string }[];
    const levelOf: Record<string, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note', off: 'none' };
    for (const entry of catalog) {
      const rule = sarifRun.tool.driver.rules.find((candidate) => candidate.id === entry.id);
      assert.ok(rule, entry.id);
      assert.equal(rule.helpUri, entry.docs);
      assert.equal(rule.shortDescription.text, entry.title);
      assert.equal(rule.defaultConfiguration.level, levelOf[entry.defaultSeverity]);
      assert.equal(rule.defaultConfiguration.enabled, entry.defaultSeverity !== 'off');
      assert.match(rule.name, /^[A-Z][A-Za-z0-9]*$/);
    }
    const summary = sarifRun.results.map((r) => [r.locations[0].physicalLocation.artifactLocation.uri, r.ruleId, r.level, r.locations[0].physicalLocation.region.startLine]);
    assert.deepEqual(summary, [
      ['Dockerfile', 'apk-no-cache', 'error', 2],
      ['Dockerfile', 'consecutive-run', 'note', 3],
      ['Dockerfile', 'pip-no-cache-dir', 'warning', 3],
      ['services/api/Dockerfile.prod', 'apt-no-install-recommends', 'note', 2],
      ['we%2Cird%3Aname%20%26%20co.dockerfile', 'apk-no-cache', 'error', 2],
    ]);
    for (const r of sarifRun.results) {
      assert.equal(sarifRun.tool.driver.rules[r.ruleIndex].id, r.ruleId);
      assert.equal(r.locations[0].physicalLocation.artifactLocation.uriBaseId, '%SRCROOT%');
    }
    assert.equal(decodeURIComponent(sarifRun.results[4].locations[0].physicalLocation.artifactLocation.uri), WEIRD_NAME);
  });

  it('puts fixes in SARIF `fixes` that replay to what `layerwise fix` writes', () => {
    const { root } = ciProject('sarif-fixes');
    const file = join(root, 'services', 'api', 'Dockerfile.prod');
    writeFileSync(file, APK_DOCKERFILE);
    const result = run(['lint', '--format', 'sarif', '--config', onlyApk, 'services/api/Dockerfile.prod'], { cwd: root });
    const log = JSON.parse(result.stdout) as SarifLogShape;
    const [finding] = log.runs[0].results;
    assert.ok(finding.fixes && finding.fixes.length >= 1);
    const safe = finding.fixes.filter((fix) => fix.properties.safety === 'safe');
    assert.equal(safe.length, 1);
    assert.equal(safe[0].artifactChanges[0].artifactLocation.uri, 'services/api/Dockerfile.prod');
    const replayed = applySarifReplacements(APK_DOCKERFILE, safe[0].artifactChanges[0].replacements);
    assert.equal(replayed, APK_FIXED);
    assert.equal(run(['fix', '--stdout', '--config', onlyApk, file]).stdout, replayed);
    // An unsafe fix is offered too, and says so.
    for (const fix of finding.fixes.filter((candidate) => candidate.properties.safety === 'unsafe')) assert.match(fix.description.text, /unsafe/);
  });

  it('writes Checkstyle XML that an XML parser reads, listing clean files too', async () => {
    const { root, config } = ciProject('checkstyle');
    writeFileSync(join(root, 'services', 'Dockerfile'), 'FROM alpine:3.22\nUSER nobody\n');
    const result = run(['lint', '--format', 'checkstyle', '--config', config, '.'], { cwd: root });
    assert.equal(result.status, 1, result.stderr);
    const xml = (await parseXml(result.stdout)) as { checkstyle: { $: { version: string }; file: { $: { name: string }; error?: { $: Record<string, string> }[] }[] } };
    assert.equal(xml.checkstyle.$.version, '4.3');
    const files = xml.checkstyle.file.map((file) => [file.$.name, (file.error ?? []).map((error) => `${error.$.line}:${error.$.column} ${error.$.severity} ${error.$.source}`)]);
    assert.deepEqual(files, [
      ['Dockerfile', ['2:5 error layerwise.apk-no-cache', '3:1 info layerwise.consecutive-run', '3:5 warning layerwise.pip-no-cache-dir']],
      ['services/Dockerfile', []],
      ['services/api/Dockerfile.prod', ['2:23 info layerwise.apt-no-install-recommends']],
      [WEIRD_NAME, ['2:5 error layerwise.apk-no-cache']],
    ]);
    const apk = xml.checkstyle.file[0].error?.[0].$;
    assert.equal(apk?.message, '`apk add` without `--no-cache` leaves the package index in the layer');
  });

  it('escapes XML in Checkstyle attributes', async () => {
    const message = 'a < b && c > "d" \'e\'\nnext\u0001line';
    const xml = (await parseXml(toCheckstyle([{ display: '<stdin>', path: null, findings: [syntheticFinding(message)] }]))) as { checkstyle: { file: { $: { name: string }; error: { $: { message: string } }[] }[] } };
    assert.equal(xml.checkstyle.file[0].$.name, '<stdin>');
    assert.equal(xml.checkstyle.file[0].error[0].$.message, 'a < b && c > "d" \'e\'\nnextline');
  });

  it('writes GitLab Code Quality JSON with the fields GitLab requires and stable fingerprints', () => {
    const { root, config } = ciProject('gitlab');
    const first = run(['lint', '--format', 'gitlab', '--config', config, '.'], { cwd: root });
    assert.equal(first.status, 1, first.stderr);
    const issues = JSON.parse(first.stdout) as GitlabIssue[];
    // GitLab's documented requirements: description, check_name, fingerprint, severity (one of five),
    // location.path and location.lines.begin.
    for (const issue of issues) {
      assert.equal(typeof issue.description, 'string');
      assert.ok(issue.description.length > 0);
      assert.equal(typeof issue.check_name, 'string');
      assert.match(issue.fingerprint, /^[0-9a-f]{32}$/);
      assert.ok(['info', 'minor', 'major', 'critical', 'blocker'].includes(issue.severity));
      assert.ok(Number.isInteger(issue.location.lines.begin) && issue.location.lines.begin >= 1);
    }
    assert.deepEqual(issues.map((issue) => [issue.location.path, issue.check_name, issue.severity, issue.location.lines.begin]), [
      ['Dockerfile', 'apk-no-cache', 'major', 2],
      ['Dockerfile', 'consecutive-run', 'info', 3],
      ['Dockerfile', 'pip-no-cache-dir', 'minor', 3],
      ['services/api/Dockerfile.prod', 'apt-no-install-recommends', 'info', 2],
      [WEIRD_NAME, 'apk-no-cache', 'major', 2],
    ]);
    assert.equal(new Set(issues.map((issue) => issue.fingerprint)).size, issues.length, 'fingerprints are unique');
    const again = JSON.parse(run(['lint', '--format', 'gitlab', '--config', config, '.'], { cwd: root }).stdout) as GitlabIssue[];
    assert.deepEqual(again.map((issue) => issue.fingerprint), issues.map((issue) => issue.fingerprint), 'fingerprints are stable');
    // The same problem twice on one line still makes two issues.
    const twice = toGitlab([{ display: 'Dockerfile', path: null, findings: [syntheticFinding('same'), syntheticFinding('same')] }]);
    assert.notEqual(twice[0].fingerprint, twice[1].fingerprint);
  });

  it('writes GitHub workflow commands that the runner parses back to the file, position and message', () => {
    const { root, config } = ciProject('github');
    const result = run(['lint', '--format', 'github', '--config', config, '.'], { cwd: root });
    assert.equal(result.status, 1, result.stderr);
    const commands = result.stdout.trimEnd().split('\n').map(parseWorkflowCommand);
    assert.deepEqual(commands.map((c) => [c.command, c.properties.file, c.properties.line, c.properties.title]), [
      ['error', 'Dockerfile', '2', 'Layerwise apk-no-cache'],
      ['notice', 'Dockerfile', '3', 'Layerwise consecutive-run'],
      ['warning', 'Dockerfile', '3', 'Layerwise pip-no-cache-dir'],
      ['notice', 'services/api/Dockerfile.prod', '2', 'Layerwise apt-no-install-recommends'],
      ['error', WEIRD_NAME, '2', 'Layerwise apk-no-cache'],
    ]);
    assert.deepEqual(Object.keys(commands[0].properties), ['file', 'line', 'col', 'endLine', 'endColumn', 'title']);
    assert.deepEqual([commands[0].properties.col, commands[0].properties.endLine, commands[0].properties.endColumn], ['5', '2', '12']);
    assert.equal(commands[0].message, '`apk add` without `--no-cache` leaves the package index in the layer');
    // GitHub's escaping rules (@actions/core): data escapes %, CR, LF; properties also : and ,.
    assert.equal(escapeData('100% done\r\nnext: a,b'), '100%25 done%0D%0Anext: a,b');
    assert.equal(escapeProperty('a:b,c%'), 'a%3Ab%2Cc%25');
    const multiLine = parseWorkflowCommand(toGithub([{ display: 'x', path: null, findings: [syntheticFinding('line one\nline two: 5%')] }]).trimEnd());
    assert.equal(multiLine.message, 'line one\nline two: 5%');
  });

  it('prints nothing for a clean project in every CI format except the file list of Checkstyle and the SARIF log', () => {
    const root = tempDir('ci-clean');
    writeFileSync(join(root, 'Dockerfile'), 'FROM alpine:3.22\nUSER nobody\n');
    for (const format of ['github', 'text']) assert.equal(run(['lint', '--format', format, '--config', onlyApk, '.'], { cwd: root }).stdout, '');
    assert.deepEqual(JSON.parse(run(['lint', '--format', 'gitlab', '--config', onlyApk, '.'], { cwd: root }).stdout), []);
    const sarif = run(['lint', '--format', 'sarif', '--config', onlyApk, '.'], { cwd: root });
    assert.equal(sarif.status, 0);
    assert.deepEqual((JSON.parse(sarif.stdout) as SarifLogShape).runs[0].results, []);
  });
});

describe('lint discovery', () => {
  /** Creates files (content: a Dockerfile with one apk-no-cache finding) under a new temp folder. */
  function tree(name: string, files: string[], extra: Record<string, string> = {}): string {
    const root = tempDir(name);
    for (const file of files) {
      mkdirSync(join(root, file, '..'), { recursive: true });
      writeFileSync(join(root, file), APK_DOCKERFILE);
    }
    for (const [file, text] of Object.entries(extra)) {
      mkdirSync(join(root, file, '..'), { recursive: true });
      writeFileSync(join(root, file), text);
    }
    return root;
  }
  const linted = (args: string[], cwd: string): string[] => lintJson(['--config', onlyApk, ...args], { cwd }).findings.map((f) => f.file.split('\\').join('/'));

  it('honours root and nested .gitignore files: comments, negation, anchoring, folders, `*`, `**`, `?`', () => {
    const root = tree('gitignored', [
      'Dockerfile', 'Dockerfile.generated', 'build/Dockerfile', 'src/build/Dockerfile', 'vendor/x/Dockerfile', 'docs/vendor',
      'tmp/a/b/Dockerfile', 'Dockerfile.1', 'Dockerfile.10', 'keep/Dockerfile.generated', 'keep/deep/Dockerfile.generated', 'keep/other.dockerfile',
    ], {
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': '# generated files\n*.generated\n/build\nvendor/\ntmp/**/Dockerfile\nDockerfile.?\n',
      'keep/.gitignore': '!Dockerfile.generated\nother.*\n',
    });
    assert.deepEqual(linted(['.'], root), ['Dockerfile', 'Dockerfile.10', 'keep/Dockerfile.generated', 'keep/deep/Dockerfile.generated', 'src/build/Dockerfile']);
    // A file named directly is linted even if ignored.
    assert.deepEqual(linted(['build/Dockerfile'], root), ['build/Dockerfile']);
  });

  it('applies the .gitignore files between the repository root and the folder being linted', () => {
    const root = tree('gitignore-upward', ['services/api/Dockerfile', 'services/legacy/Dockerfile', 'services/api/old/Dockerfile'], {
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': 'services/legacy/\n',
      'services/.gitignore': 'api/old\n',
    });
    assert.deepEqual(linted(['.'], join(root, 'services')), ['api/Dockerfile']);
    assert.deepEqual(linted(['services'], root), ['services/api/Dockerfile']);
  });

  it('expands quoted globs itself, the same way on every platform, honouring .gitignore', () => {
    const root = tree('globs', [
      'services/a/Dockerfile', 'services/b/c/Dockerfile', 'services/b/c/Dockerfile.dev', 'services/ignored/Dockerfile', 'node_modules/x/Dockerfile',
      'api.dockerfile', 'web.dockerfile', 'sub/api.dockerfile', 'Dockerfile.dev', 'Dockerfile.prod', 'Dockerfile.test',
    ], { '.gitignore': 'services/ignored/\n' });
    assert.deepEqual(linted(['services/**/Dockerfile'], root), ['services/a/Dockerfile', 'services/b/c/Dockerfile']);
    assert.deepEqual(linted(['*.dockerfile'], root), ['api.dockerfile', 'web.dockerfile']);
    assert.deepEqual(linted(['**/*.dockerfile'], root), ['api.dockerfile', 'sub/api.dockerfile', 'web.dockerfile']);
    assert.deepEqual(linted(['Dockerfile.{dev,prod}', 'services/?/Dockerfile'], root), ['Dockerfile.dev', 'Dockerfile.prod', 'services/a/Dockerfile']);
    assertOneLineError(run(['lint', 'nothing/**/Dockerfile'], { cwd: root }), /`nothing\/\*\*\/Dockerfile`: no files match this pattern/);
  });

  it('sorts files by path whatever the order of the arguments', () => {
    const root = tree('sorted', ['b/Dockerfile', 'a/Dockerfile', 'c.dockerfile']);
    assert.deepEqual(linted(['c.dockerfile', 'b', 'a/Dockerfile', 'a'], root), ['a/Dockerfile', 'b/Dockerfile', 'c.dockerfile']);
  });

  it('shows no progress when stderr is not a terminal, even for many files', () => {
    const root = tree('many', Array.from({ length: 120 }, (_, i) => `s${String(i).padStart(3, '0')}/Dockerfile`));
    const result = run(['lint', '--format', 'json', '--config', onlyApk, '.'], { cwd: root });
    assert.equal(result.status, 1);
    assert.equal((JSON.parse(result.stdout) as JsonFinding[]).length, 120);
    assert.equal(result.stderr, '');
  });

  it('draws a throttled progress line on a terminal and erases it', () => {
    const writes: string[] = [];
    let clock = 0;
    const progress = new Progress({ isTTY: true, write: (text) => writes.push(text) > 0 }, 1000, () => clock);
    progress.tick();
    assert.deepEqual(writes, [], 'quiet for the first moment');
    for (let i = 0; i < 500; i++) {
      clock += 2;
      progress.tick();
    }
    assert.ok(writes.length >= 5 && writes.length <= 10, `redrawn about every 100 ms, got ${writes.length}`);
    assert.match(writes.at(-1) ?? '', /^\r\x1b\[Klayerwise: linting \d+\/1000 files \(\d+%\)$/);
    progress.clear();
    assert.equal(writes.at(-1), '\r\x1b[K');
    const piped: string[] = [];
    const quiet = new Progress({ isTTY: false, write: (text) => piped.push(text) > 0 }, 1000, () => (clock += 1000));
    for (let i = 0; i < 10; i++) quiet.tick();
    quiet.clear();
    assert.deepEqual(piped, []);
  });
});

describe('lint flags for CI', () => {
  it('--max-warnings fails a run with more warnings than allowed', () => {
    const config = onlyRulesConfig('warnings', { 'apk-no-cache': 'warning', 'pip-no-cache-dir': 'warning' });
    const file = join(tempDir('max-warnings'), 'Dockerfile');
    writeFileSync(file, 'FROM alpine:3.22\nRUN apk add curl\nRUN pip install flask\nUSER nobody\n');
    const lint = (...args: string[]): Run => run(['lint', '--config', config, '--severity-threshold', 'error', ...args, file]);
    assert.equal(lint().status, 0);
    assert.equal(lint('--max-warnings', '2').status, 0);
    const over = lint('--max-warnings', '1');
    assert.equal(over.status, 1);
    assert.match(over.stderr, /^layerwise: too many warnings: 2, `--max-warnings` allows 1 warning$/m);
    assertOneLineError(lint('--max-warnings', 'many'), /--max-warnings.*whole number/);
  });

  it('--builder-stages report shows size rules in stages that do not ship, as hints, over the config file', () => {
    const dir = tempDir('builder-stages');
    const file = join(dir, 'Dockerfile');
    writeFileSync(file, 'FROM debian:13 AS build\nRUN apt-get update && apt-get install -y --no-install-recommends gcc\nFROM gcr.io/distroless/base-debian13:nonroot\nCOPY --from=build /usr/bin/gcc /gcc\nCMD ["/gcc"]\n');
    writeFileSync(join(dir, '.layerwise.yaml'), 'builderStages: quiet\n');
    const cleaning = (...args: string[]): JsonFinding[] => lintJson([...args, file]).findings.filter((finding) => finding.rule === 'apt-lists-not-cleaned');
    assert.deepEqual(cleaning(), [], 'quiet: the builder stage does not ship');
    const reported = cleaning('--builder-stages', 'report');
    assert.deepEqual(reported.map((finding) => [finding.line, finding.severity]), [[2, 'hint']]);
    assert.deepEqual(cleaning('--builder-stages', 'quiet'), []);
    assertOneLineError(run(['lint', '--builder-stages', 'loud', file]), /--builder-stages.*loud/);
  });

  it('--rule runs only the given rules and --ignore all but those, by id or alias', () => {
    const file = join(tempDir('rule-ignore'), 'Dockerfile');
    writeFileSync(file, 'FROM alpine:3.22\nRUN apk add curl\nRUN pip install flask\nUSER nobody\n');
    const rules = (...args: string[]): string[] => [...new Set(lintJson(['--no-config', ...args, file]).findings.map((f) => f.rule))].sort();
    const all = rules();
    assert.ok(all.includes('apk-no-cache') && all.includes('pip-no-cache-dir'));
    assert.deepEqual(rules('--rule', 'DL3019'), ['apk-no-cache']);
    assert.deepEqual(rules('--rule', 'apk-no-cache', '--rule', 'pip-no-cache-dir'), ['apk-no-cache', 'pip-no-cache-dir']);
    assert.deepEqual(rules('--ignore', 'apk-no-cache', '--ignore', 'DL3042'), all.filter((id) => id !== 'apk-no-cache' && id !== 'pip-no-cache-dir'));
    assertOneLineError(run(['lint', '--ignore', 'no-such-rule', file]), /unknown rule `no-such-rule` in `--ignore`/);
  });

  it('--no-config ignores .hadolint.yaml and .layerwise.yaml', () => {
    const file = 'test/fixtures/cli/hadolint-ignored/Dockerfile';
    assert.deepEqual(lintJson([file]).findings.filter((f) => f.rule === 'apk-no-cache'), []);
    assert.equal(lintJson(['--no-config', file]).findings.filter((f) => f.rule === 'apk-no-cache').length, 1);
    // A broken config file does not matter when config files are not read.
    assert.notEqual(run(['lint', '--no-config', 'test/fixtures/cli/bad-yaml/Dockerfile']).status, 2);
  });

  it('--print-config shows each rule’s severity and where it comes from, as text and JSON', () => {
    const file = 'test/fixtures/cli/hadolint-ignored/Dockerfile';
    const text = run(['lint', '--print-config', file, '--ignore', 'consecutive-run']);
    assert.equal(text.status, 0, text.stderr);
    const hadolintFile = join('test', 'fixtures', 'cli', 'hadolint-ignored', '.hadolint.yaml');
    assert.ok(text.stdout.startsWith(`Configuration for ${file}\n\nConfig files (later ones win):\n  ${hadolintFile}\n\n`));
    assert.match(text.stdout, /^RULE +SEVERITY +SET BY$/m);
    assert.match(text.stdout, new RegExp(`^apk-no-cache +off +${hadolintFile.replace(/[.\\]/g, '\\$&')}$`, 'm'));
    assert.match(text.stdout, /^consecutive-run +off +--ignore$/m);
    assert.match(text.stdout, /^root-user +warning +default$/m);
    const json = run(['lint', '--print-config', file, '--format', 'json']);
    assert.equal(json.status, 0, json.stderr);
    const printed = JSON.parse(json.stdout) as PrintedConfig;
    assert.deepEqual(printed.configFiles, [hadolintFile]);
    assert.deepEqual(printed.rules['apk-no-cache'], { severity: 'off', origin: hadolintFile, options: {} });
    assert.deepEqual(Object.keys(printed.rules).sort(), [...ruleIds].sort());
    const none = JSON.parse(run(['lint', '--no-config', '--print-config', file, '--format', 'json']).stdout) as PrintedConfig;
    assert.deepEqual(none.configFiles, []);
    assert.equal(none.rules['apk-no-cache'].origin, 'default');
    assertOneLineError(run(['lint', '--print-config', 'test/fixtures/cli/bad-yaml/Dockerfile']), /not valid YAML/);
  });

  it('--print-config says which layer set each rule option', () => {
    const rule = { meta: { id: 'demo', options: { registries: { type: 'string[]', default: [], description: 'd' }, strict: { type: 'boolean', default: false, description: 'd' } }, sources: [{ tool: 'hadolint', id: 'DL3026', relation: 'same' }], defaultSeverity: 'warning' }, check: () => undefined } as unknown as Rule;
    const layers: ConfigLayer[] = [
      { source: 'defaults.yaml', rules: {}, options: { DL3026: { registries: ['docker.io'] } } },
      { source: 'team.yaml', rules: { demo: 'error' }, options: { demo: { strict: true } } },
    ];
    const printed = effectiveConfig('Dockerfile', layers, new Reporter(), [rule]);
    assert.deepEqual(printed.rules.demo, {
      severity: 'error',
      origin: 'team.yaml',
      options: { registries: { value: ['docker.io'], origin: 'defaults.yaml' }, strict: { value: true, origin: 'team.yaml' } },
    });
  });

  it('keeps exit codes: 0 clean, 1 findings, 2 usage errors', () => {
    assert.equal(run(['lint', '--config', onlyApk, 'test/fixtures/cli/clean/Dockerfile']).status, 0);
    assert.equal(run(['lint', '--format', 'sarif', '--config', onlyApk, 'test/fixtures/cli/apk/Dockerfile']).status, 1);
    assertOneLineError(run(['lint', '--format', 'junit', 'test/fixtures/cli/apk/Dockerfile']), /junit/);
  });
});

describe('GitHub Action', () => {
  const ACTION = join(REPO_ROOT, 'dist', 'action.js');
  const action = (inputs: Record<string, string>, cwd: string): Run => {
    // GitHub passes inputs as INPUT_<NAME> with the name upper-cased (hyphens kept).
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '' };
    for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
    const result = spawnSync(process.execPath, [ACTION], { cwd, env, encoding: 'utf8' });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  it('declares the inputs the entry point reads and runs dist/action.js on node20', () => {
    const manifest = parseYaml(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as { runs: { using: string; main: string }; inputs: Record<string, { default?: string }> };
    assert.deepEqual(manifest.runs, { using: 'node20', main: 'dist/action.js' });
    assert.deepEqual(Object.keys(manifest.inputs), ['path', 'format', 'severity-threshold', 'config', 'sarif-file']);
    assert.equal(manifest.inputs.path.default, '.');
    assert.equal(manifest.inputs.format.default, 'github');
    assert.ok(statSync(ACTION).isFile());
  });

  it('annotates findings, writes the SARIF file and fails the step', () => {
    const { root, config } = ciProject('action');
    const result = action({ path: '.', format: 'github', 'severity-threshold': 'warning', config, 'sarif-file': 'reports/layerwise.sarif' }, root);
    assert.equal(result.status, 1, result.stderr);
    const commands = result.stdout.trimEnd().split('\n').map(parseWorkflowCommand);
    assert.deepEqual(commands.map((c) => `${c.command} ${c.properties.file}:${c.properties.line}`), [
      'error Dockerfile:2', 'notice Dockerfile:3', 'warning Dockerfile:3', 'notice services/api/Dockerfile.prod:2', `error ${WEIRD_NAME}:2`,
    ]);
    const log = JSON.parse(readFileSync(join(root, 'reports', 'layerwise.sarif'), 'utf8')) as SarifLogShape;
    assert.deepEqual(sarifSchemaErrors(log), []);
    assertGithubCodeScanning(log);
    assert.equal(log.runs[0].results.length, 5);
  });

  it('uses its defaults, takes several paths, and passes with the threshold `none`', () => {
    const { root, config } = ciProject('action-defaults');
    const defaults = action({ config }, root);
    assert.equal(defaults.status, 1);
    assert.equal(defaults.stdout.trimEnd().split('\n').length, 5);
    const some = action({ path: 'Dockerfile\nservices', config, 'severity-threshold': 'none', format: 'json' }, root);
    assert.equal(some.status, 0, some.stderr);
    assert.deepEqual([...new Set((JSON.parse(some.stdout) as JsonFinding[]).map((f) => f.file))], ['Dockerfile', join('services', 'api', 'Dockerfile.prod')]);
  });

  it('exits 2 with an error annotation for a bad input', () => {
    const result = action({ format: 'xml' }, tempDir('action-bad'));
    assert.equal(result.status, 2);
    assert.equal(result.stdout, '::error title=Layerwise::input `format` is `xml`; use one of text, json, sarif, checkstyle, gitlab, github\n');
    assert.match(result.stderr, /^layerwise: input `format` is `xml`/);
  });
});

describe('pre-commit hooks', () => {
  interface Hook { id: string; entry: string; language: string; files: string }
  const hooks = (): Hook[] => parseYaml(readFileSync(join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
  const git = (cwd: string, ...args: string[]): string => {
    const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    return result.stdout;
  };
  /** Runs a hook as pre-commit does: its entry, then the staged files its `files` regex selects. */
  const runHook = (hook: Hook, cwd: string): Run & { files: string[] } => {
    const staged = git(cwd, 'diff', '--cached', '--name-only').split('\n').filter(Boolean);
    const files = staged.filter((name) => new RegExp(hook.files).test(name));
    const [program, ...args] = hook.entry.split(' ');
    assert.equal(program, 'layerwise');
    const result = spawnSync(process.execPath, [CLI, ...args, ...files], { cwd, encoding: 'utf8', env: { ...process.env, ...CLI_ENV, NO_COLOR: '' } });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, files };
  };

  it('declares `layerwise` and `layerwise-fix` whose `files` pattern selects the names the CLI searches for', () => {
    const [lint, fix] = hooks();
    assert.deepEqual([lint.id, lint.entry, lint.language, fix.id, fix.entry, fix.language], ['layerwise', 'layerwise lint', 'node', 'layerwise-fix', 'layerwise fix', 'node']);
    assert.equal(lint.files, fix.files);
    const names = ['Dockerfile', 'Containerfile', 'Dockerfile.dev', 'Containerfile.ci', 'api.dockerfile', 'web.containerfile', 'API.Dockerfile',
      'Dockerfile.dockerignore', 'Dockerfile.prod.dockerignore', 'README.md', 'MyDockerfile', 'dockerfile', 'Dockerfile.d/x', 'docs/Dockerfile.md'];
    for (const name of names) {
      const base = name.split('/').at(-1) ?? name;
      const isFile = !name.startsWith('Dockerfile.d/');
      assert.equal(new RegExp(lint.files).test(`sub/${name}`), isFile && isDockerfileName(base), name);
    }
  });

  it('runs on the staged Dockerfiles of a repository: lint fails, fix rewrites, then lint passes', () => {
    const repo = tempDir('pre-commit-repo');
    git(repo, 'init', '--quiet');
    mkdirSync(join(repo, 'services', 'api'), { recursive: true });
    writeFileSync(join(repo, 'Dockerfile'), APK_DOCKERFILE);
    writeFileSync(join(repo, 'services', 'api', 'Dockerfile.prod'), 'FROM alpine:3.22\nUSER nobody\n');
    writeFileSync(join(repo, 'Dockerfile.dockerignore'), 'node_modules\n');
    writeFileSync(join(repo, 'README.md'), '# demo\n');
    writeFileSync(join(repo, 'notes.Dockerfile.txt'), 'not staged as a Dockerfile\n');
    writeFileSync(join(repo, '.layerwise.yaml'), readFileSync(onlyApk, 'utf8'));
    git(repo, 'add', '.');
    const [lintHook, fixHook] = hooks();
    const lint = runHook(lintHook, repo);
    assert.deepEqual(lint.files, ['Dockerfile', 'services/api/Dockerfile.prod']);
    assert.equal(lint.status, 1, lint.stderr);
    assert.match(lint.stdout, /^Dockerfile\n {2}2:5 {2}warning {2}`apk add` without `--no-cache`/);
    const fix = runHook(fixHook, repo);
    assert.equal(fix.status, 0, fix.stderr);
    assert.equal(readFileSync(join(repo, 'Dockerfile'), 'utf8'), APK_FIXED);
    // pre-commit sees the modified file and fails the commit; once staged, the lint hook passes.
    assert.match(git(repo, 'status', '--porcelain'), /^AM Dockerfile$/m);
    git(repo, 'add', 'Dockerfile');
    const again = runHook(lintHook, repo);
    assert.equal(again.status, 0, again.stdout);
    assert.equal(again.stdout, '');
  });
});

describe('copy-all-without-dockerignore through the CLI', () => {
  it('fires without a .dockerignore next to the Dockerfile and not with one', () => {
    const dir = tempDir('dockerignore-context');
    const dockerfile = join(dir, 'Dockerfile');
    writeFileSync(dockerfile, 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\n');
    const config = onlyRulesConfig('only-copy-all', { 'copy-all-without-dockerignore': 'warning' });
    const without = lintJson(['--config', config, dockerfile]);
    assert.equal(without.status, 1, without.stderr);
    assert.deepEqual(without.findings.map((finding) => [finding.rule, finding.line, finding.column]), [['copy-all-without-dockerignore', 3, 6]]);
    assert.match(without.findings[0].message, /no `\.dockerignore`/);

    writeFileSync(join(dir, '.dockerignore'), '.git\nnode_modules\n');
    const withIgnore = lintJson(['--config', config, dockerfile]);
    assert.equal(withIgnore.status, 0, withIgnore.stderr);
    assert.deepEqual(withIgnore.findings, []);
  });

  it('stays quiet on standard input, where the build context is unknown', () => {
    const config = onlyRulesConfig('only-copy-all-stdin', { 'copy-all-without-dockerignore': 'warning' });
    const result = lintJson(['--config', config, '-'], { input: 'FROM node:22-slim\nCOPY . .\n', cwd: tempDir('stdin-context') });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(result.findings, []);
  });
});

describe('layerwise fix --rule consecutive-run', () => {
  const SOURCE = fixture('..', 'rules', 'consecutive-run', 'exit-status.Dockerfile');

  it('merges consecutive RUNs through the rule\'s fix, keeping exit statuses', () => {
    const result = run(['fix', '--stdout', '--rule', 'consecutive-run', SOURCE]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, readFileSync(SOURCE, 'utf8').replace(
      'RUN apt-get update\nRUN ./prepare.sh; ./check.sh\nRUN test -f /etc/os-release || echo "no os-release"\nRUN make\n',
      'RUN apt-get update \\\n    && { ./prepare.sh; ./check.sh; } \\\n    && { test -f /etc/os-release || echo "no os-release"; } \\\n    && make\n',
    ));
    assert.match(result.stderr, /fixed 1 problem in /);
  });

  it('applies a merge that needs a subshell only with --unsafe', () => {
    const input = 'FROM alpine:3.22\nRUN cd /src && make\nRUN make install\n';
    const safe = run(['fix', '--stdout', '--rule', 'DL3059', '-'], { input });
    assert.equal(safe.status, 0, safe.stderr);
    assert.equal(safe.stdout, input);
    assert.match(safe.stderr, /1 more fix available with --unsafe/);
    const unsafe = run(['fix', '--stdout', '--unsafe', '--rule', 'consecutive-run', '-'], { input });
    assert.equal(unsafe.status, 0, unsafe.stderr);
    assert.equal(unsafe.stdout, 'FROM alpine:3.22\nRUN ( cd /src \\\n        && make ) \\\n    && make install\n');
  });
});

describe('layerwise convert', () => {
  const MULTI_STAGE = join(REPO_ROOT, 'test', 'fixtures', 'transforms', 'multi-stage');

  it('prints the multi-stage conversion and its notes, leaving the file alone', () => {
    const source = join(MULTI_STAGE, 'go.Dockerfile');
    const before = readFileSync(source, 'utf8');
    const result = run(['convert', 'multi-stage', source]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, readFileSync(join(MULTI_STAGE, 'go.after.Dockerfile'), 'utf8'));
    assert.match(result.stderr, /^layerwise: Go build moved into the `build` stage/);
    assert.match(result.stderr, /layerwise: Runtime base `gcr\.io\/distroless\/static-debian13:nonroot`/);
    assert.equal(readFileSync(source, 'utf8'), before);
  });

  it('takes --runtime and reads stdin', () => {
    const input = readFileSync(join(MULTI_STAGE, 'node-npm.Dockerfile'), 'utf8');
    const result = run(['convert', 'multi-stage', '--runtime', 'node:22-slim', '-'], { input });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /\nFROM node:22-slim\nWORKDIR \/app\nCOPY --from=build \/app \/app\nEXPOSE 3000\nUSER node\nCMD \["node", "dist\/server\.js"\]\n$/);
  });

  it('prints a refusal on stderr and exits 2', () => {
    assertOneLineError(run(['convert', 'multi-stage', join(REPO_ROOT, 'examples', 'gcc-multi-stage', 'Dockerfile')]), /already multi-stage: use Swap Runtime Base Image/);
    assertOneLineError(run(['convert', 'multi-stage', '-'], { input: 'FROM gcc:14\nWORKDIR /src\nCOPY . .\nRUN make\nCMD ["app"]\n' }), /cannot tell where `make` puts the binary/);
    assertOneLineError(run(['convert', 'multi-stage', '--runtime', 'gcr.io/distroless/python3-debian13', '-'], {
      input: 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nCMD ["python", "app.py"]\n',
    }), /has Python 3\.13, the build uses 3\.12/);
  });

  it('swaps the final base for the best distroless choice, or the one given', () => {
    const source = join(REPO_ROOT, 'examples', 'go-distroless-base', 'Dockerfile');
    const best = run(['convert', 'distroless', source]);
    assert.equal(best.status, 0, best.stderr);
    assert.equal(best.stdout, readFileSync(source, 'utf8').replace('FROM gcr.io/distroless/base\n', 'FROM gcr.io/distroless/static-debian13:nonroot\n'));
    const chosen = run(['convert', 'distroless', '--runtime', 'gcr.io/distroless/base-debian13:nonroot', source]);
    assert.equal(chosen.status, 0, chosen.stderr);
    assert.match(chosen.stdout, /\nFROM gcr\.io\/distroless\/base-debian13:nonroot\n/);
    assertOneLineError(run(['convert', 'distroless', join(REPO_ROOT, 'examples', 'python-venv', 'Dockerfile')]), /no distroless image runs Python 3\.9 \(same language version\)/);
  });

  it('rejects an unknown transformation, a missing file and an empty --runtime', () => {
    assertOneLineError(run(['convert', 'slim', 'Dockerfile']), /unknown transformation `slim` \(expected `multi-stage` or `distroless`\)/);
    assertOneLineError(run(['convert', 'multi-stage', join(temp, 'missing.Dockerfile')]), /missing\.Dockerfile`: no such file or directory/);
    assertOneLineError(run(['convert', 'multi-stage', '--runtime', ' ', '-'], { input: 'FROM golang:1.24\n' }), /`--runtime` needs an image reference/);
  });
});

describe('layerwise convert distroless: choice and refusals', () => {
  const nodeFinal = (final: string) => `FROM node:22 AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci\nFROM node:22-slim\nWORKDIR /app\nCOPY --from=build /app /app\n${final}\n`;

  it('uses the first distroless or chiseled choice of the swap (.NET chiseled included)', () => {
    const input = 'FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -c Release -o /app\n'
      + 'FROM mcr.microsoft.com/dotnet/aspnet:8.0\nWORKDIR /app\nCOPY --from=build /app .\nENTRYPOINT ["dotnet", "Api.dll"]\n';
    const result = run(['convert', 'distroless', '-'], { input });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /\nFROM mcr\.microsoft\.com\/dotnet\/aspnet:8\.0-noble-chiseled\n/);
  });

  it('rewrites an ENTRYPOINT whose interpreter is not on PATH in the distroless image', () => {
    const result = run(['convert', 'distroless', '-'], { input: nodeFinal('ENTRYPOINT ["node", "server.js"]') });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /\nENTRYPOINT \["\/nodejs\/bin\/node", "server\.js"\]\n$/);
  });

  it('prints the swap\'s own reason when no distroless image fits', () => {
    assertOneLineError(run(['convert', 'distroless', '-'], { input: nodeFinal('CMD ["npm", "start"]') }),
      /no distroless runtime fits this final stage: `gcr\.io\/distroless\/nodejs22-debian13:nonroot` runs `node` as its entrypoint/);
    assertOneLineError(run(['convert', 'distroless', '-'], { input: nodeFinal('HEALTHCHECK CMD ["curl", "-f", "http://localhost/"]\nCMD ["node", "server.js"]') }),
      /has no `curl`, so the `HEALTHCHECK` on line 8 would always fail/);
    assertOneLineError(run(['convert', 'distroless', '-'], { input: nodeFinal('CMD ["node", "server.js"]').replace(/node:22/g, 'node:20') }),
      /no distroless image runs Node 20/);
  });

  it('says there is nothing to do when the base is already distroless', () => {
    assertOneLineError(run(['convert', 'distroless', '-'], { input: 'FROM gcr.io/distroless/static-debian13:nonroot\nCOPY app /app\nENTRYPOINT ["/app"]\n' }),
      /Nothing to do: the final stage already uses `gcr\.io\/distroless\/static-debian13:nonroot`, a distroless image/);
  });
});
