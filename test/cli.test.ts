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
import { REPO_ROOT } from './helpers/shell';

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
    env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '' },
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
    writeFileSync(path, 'FROM alpine:3.22\nRUN apk add curl\nRUN apk add git\nUSER nobody\n');
    const result = run(['fix', '--config', config, path]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(readFileSync(path, 'utf8'), 'FROM alpine:3.22\nRUN apk add --no-cache curl\nRUN apk add --no-cache git\nUSER nobody\n');
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
