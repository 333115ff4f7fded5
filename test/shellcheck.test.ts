// ShellCheck on RUN scripts: the core's pure mapping (inputs out, fake json1 answers in, document
// positions back), the Node runner and the CLI with the real `shellcheck` program. CI installs
// Debian's shellcheck (.ci/run): there a missing program fails the tests; elsewhere they skip.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { before, describe, it } from 'node:test';
import { analyze, applyEdits, type ShellParser } from '../server/src/core/index';
import type { DockerfileModel } from '../server/src/core/model/types';
import {
  parseShellCheckOutput, shellCheckCodeOf, shellCheckFindings, shellCheckInputs, type ShellCheckComment, type ShellCheckInput,
} from '../server/src/core/shellcheck';
import { locateShellCheck, runShellCheck, ShellCheckRunner } from '../server/src/node/shellcheck';
import { CLI_ENV, REPO_ROOT, testShellParser } from './helpers/shell';
import { requireShellCheck } from './helpers/shellcheck';

const CLI = join(REPO_ROOT, 'dist', 'cli.js');
const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'shellcheck', 'Dockerfile');

let shell: ShellParser;
before(async () => {
  shell = await testShellParser();
});

function modelOf(text: string): DockerfileModel {
  return analyze(text, shell, { only: [] }).model;
}

function comment(line: number, column: number, endLine: number, endColumn: number, code = 2086, extra: Partial<ShellCheckComment> = {}): ShellCheckComment {
  return { line, column, endLine, endColumn, level: 'info', code, message: 'Double quote to prevent globbing and word splitting.', fix: null, ...extra };
}

/** The document text a finding's range covers. */
function covered(model: DockerfileModel, range: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
  return model.text.slice(model.lines.offsetAt(range.start), model.lines.offsetAt(range.end));
}

/** ShellCheck's 1-based line and column of `needle` in the script it is sent. */
function scriptPosition(input: ShellCheckInput, needle: string): { line: number; column: number } {
  const before = input.text.slice(0, input.text.indexOf(needle)).split('\n');
  return { line: before.length, column: [...before[before.length - 1]].length + 1 };
}

function onlyInput(model: DockerfileModel): ShellCheckInput {
  const inputs = shellCheckInputs(model);
  assert.equal(inputs.length, 1);
  return inputs[0];
}

describe('ShellCheck inputs', () => {
  it('sends each shell-form RUN as its own script, with the document offset it starts at', () => {
    const model = modelOf('FROM alpine:3.22\nRUN echo $foo\nRUN ["echo", "exec form"]\nCMD echo $bar\n');
    const input = onlyInput(model);
    assert.equal(input.dialect, 'sh');
    assert.equal(input.origin, model.text.indexOf('echo $foo'));
    assert.equal(input.text.slice(0, input.scriptLength), 'echo $foo');
  });

  it('declares ARG and ENV names (and the proxy ARGs) after the script, so no line moves', () => {
    const model = modelOf('ARG version=1\nFROM alpine:3.22\nARG user\nENV app_home=/app other=1\nENV legacy value\nRUN echo $user\n');
    const input = onlyInput(model);
    assert.ok(input.text.startsWith('echo $user\n\nexport '));
    const declared = input.text.slice(input.scriptLength).trim().replace(/^export /, '').split(' ');
    for (const name of ['version', 'user', 'app_home', 'other', 'legacy', 'http_proxy', 'NO_PROXY']) assert.ok(declared.includes(name), name);
  });

  it('follows the stage SHELL, a shebang in a heredoc and the hadolint shell pragma', () => {
    const bash = modelOf('FROM debian:13\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN echo $foo\n');
    assert.equal(onlyInput(bash).dialect, 'bash');
    const inherited = modelOf('FROM debian:13 AS base\nSHELL ["/bin/bash", "-c"]\nFROM base\nRUN echo $foo\n');
    assert.equal(onlyInput(inherited).dialect, 'bash');
    const pwsh = modelOf('FROM mcr.microsoft.com/powershell\nSHELL ["pwsh", "-Command"]\nRUN Write-Host $foo\n');
    assert.equal(shellCheckInputs(pwsh).length, 0);
    const pragma = modelOf('FROM alpine:3.22\n# hadolint shell=powershell\nRUN Write-Host $foo\n');
    assert.equal(shellCheckInputs(pragma).length, 0);
    const shebangBash = modelOf('FROM debian:13\nRUN <<EOF\n#!/usr/bin/env bash\necho $foo\nEOF\n');
    assert.equal(onlyInput(shebangBash).dialect, 'bash');
    const python = modelOf('FROM python:3.13\nRUN <<EOF\n#!/usr/bin/env python3\nprint("hi")\nEOF\n');
    assert.equal(shellCheckInputs(python).length, 0);
  });
});

describe('ShellCheck answers mapped to the document', () => {
  it('maps a position on the RUN line, with the code in the message and the wiki-bound code', () => {
    const model = modelOf('FROM alpine:3.22\nRUN echo $foo\n');
    const [finding, ...rest] = shellCheckFindings(model, [{ input: onlyInput(model), comments: [comment(1, 6, 1, 10)] }]);
    assert.equal(rest.length, 0);
    assert.equal(finding.ruleId, 'shellcheck');
    assert.equal(finding.severity, 'info');
    assert.equal(finding.message, 'Double quote to prevent globbing and word splitting [SC2086]');
    assert.equal(shellCheckCodeOf(finding), 'SC2086');
    assert.deepEqual(finding.range, { start: { line: 1, character: 9 }, end: { line: 1, character: 13 } });
  });

  it('maps positions on continuation lines (the backslash moved by the shell view included)', () => {
    const text = 'FROM alpine:3.22\nRUN apk add curl \\   \n    # a comment the builder drops\n    && echo $foo\n';
    const model = modelOf(text);
    const input = onlyInput(model);
    // The view blanks the dropped comment line, line break included, as the builder removes it:
    // ShellCheck sees `$foo` on its line 2.
    const at = scriptPosition(input, '$foo');
    assert.equal(at.line, 2);
    const [finding] = shellCheckFindings(model, [{ input, comments: [comment(at.line, at.column, at.line, at.column + 4)] }]);
    assert.deepEqual(finding.range, { start: { line: 3, character: 12 }, end: { line: 3, character: 16 } });
    assert.equal(covered(model, finding.range), '$foo');
  });

  it('maps positions in a heredoc body and in a heredoc inside a shell-form script', () => {
    const body = modelOf('FROM alpine:3.22\nRUN <<EOF\nset -e\necho $foo\nEOF\n');
    const [inBody] = shellCheckFindings(body, [{ input: onlyInput(body), comments: [comment(2, 6, 2, 10)] }]);
    assert.deepEqual(inBody.range, { start: { line: 3, character: 5 }, end: { line: 3, character: 9 } });
    const inline = modelOf('FROM alpine:3.22\nRUN cat <<EOF > /etc/motd && echo $foo\nhello\nEOF\n');
    const [inScript] = shellCheckFindings(inline, [{ input: onlyInput(inline), comments: [comment(1, 31, 1, 35)] }]);
    assert.equal(covered(inline, inScript.range), '$foo');
  });

  it('counts columns in code points, tabs as one, and keeps CRLF offsets', () => {
    const astral = modelOf('FROM alpine:3.22\nRUN echo 😀 $x\n');
    const [emoji] = shellCheckFindings(astral, [{ input: onlyInput(astral), comments: [comment(1, 8, 1, 10)] }]);
    assert.equal(covered(astral, emoji.range), '$x');
    const tabbed = modelOf('FROM alpine:3.22\nRUN true \\\n\t&& echo $x\n');
    const [tab] = shellCheckFindings(tabbed, [{ input: onlyInput(tabbed), comments: [comment(2, 10, 2, 12)] }]);
    assert.equal(covered(tabbed, tab.range), '$x');
    const crlf = modelOf('FROM alpine:3.22\r\nRUN true \\\r\n  && echo $x\r\n');
    const crlfInput = onlyInput(crlf);
    assert.ok(!crlfInput.text.includes('\r'), 'carriage returns are not sent (they would be SC1017)');
    const [windows] = shellCheckFindings(crlf, [{ input: crlfInput, comments: [comment(2, 11, 2, 13)] }]);
    assert.equal(covered(crlf, windows.range), '$x');
  });

  it('drops comments about the declarations and puts a parse error past the script at its end', () => {
    const model = modelOf('FROM alpine:3.22\nRUN echo "$foo\n');
    const input = onlyInput(model);
    const declarationsLine = input.text.slice(0, input.scriptLength).split('\n').length + 2;
    const findings = shellCheckFindings(model, [{
      input,
      comments: [
        comment(declarationsLine, 1, declarationsLine, 7, 2317, { level: 'info', message: 'Command appears to be unreachable.' }),
        comment(declarationsLine + 1, 1, declarationsLine + 1, 1, 1072, { level: 'error', message: 'Expected end of double quoted string.' }),
      ],
    }]);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'error');
    assert.match(findings[0].message, /\[SC1072\]$/);
    assert.equal(findings[0].range.start.line, 1);
    assert.equal(model.lines.offsetAt(findings[0].range.end), model.text.indexOf('\n', 17));
  });

  it('turns ShellCheck\'s replacements into an unsafe fix that edits only the script', () => {
    const model = modelOf('FROM alpine:3.22\nRUN echo $foo\n');
    const fix = { replacements: [
      { line: 1, column: 6, endLine: 1, endColumn: 6, replacement: '"' },
      { line: 1, column: 10, endLine: 1, endColumn: 10, replacement: '"' },
    ] };
    const [finding] = shellCheckFindings(model, [{ input: onlyInput(model), comments: [comment(1, 6, 1, 10, 2086, { fix })] }]);
    assert.equal(finding.fixes.length, 1);
    assert.equal(finding.fixes[0].safety, 'unsafe');
    assert.match(finding.fixes[0].title, /SC2086.*unsafe/);
    assert.equal(applyEdits(model.text, finding.fixes[0].edits), 'FROM alpine:3.22\nRUN echo "$foo"\n');
  });

  it('honours suppression comments by `shellcheck` and by SC code', () => {
    const findingsFor = (text: string) => {
      const model = modelOf(text);
      const inputs = shellCheckInputs(model);
      return shellCheckFindings(model, inputs.map((input) => ({ input, comments: [comment(1, 6, 1, 10)] })));
    };
    assert.equal(findingsFor('FROM alpine:3.22\n# hadolint ignore=SC2086\nRUN echo $foo\n').length, 0);
    assert.equal(findingsFor('FROM alpine:3.22\n# layerwise-ignore SC2086\nRUN echo $foo\n').length, 0);
    assert.equal(findingsFor('FROM alpine:3.22\n# layerwise-ignore shellcheck\nRUN echo $foo \\\n  && true\n').length, 0);
    assert.equal(findingsFor('# layerwise-ignore-file sc2086\nFROM alpine:3.22\nRUN echo $foo\n').length, 0);
    assert.equal(findingsFor('FROM alpine:3.22\n# hadolint ignore=SC2046\nRUN echo $foo\n').length, 1, 'another code does not suppress');
    assert.equal(findingsFor('FROM alpine:3.22\n# layerwise-ignore SC2086\nRUN echo $foo\nRUN echo $foo\n').length, 1, 'only the next instruction');
  });

  it('takes a configured severity by code, then for `shellcheck`, over ShellCheck\'s level', () => {
    const model = modelOf('FROM alpine:3.22\nRUN echo $foo\n');
    const results = [{ input: onlyInput(model), comments: [comment(1, 6, 1, 10), comment(1, 6, 1, 10, 2154, { level: 'warning' })] }];
    const severities = (lookup: Record<string, 'off' | 'error'>) => shellCheckFindings(model, results, (key) => lookup[key]).map((finding) => `${shellCheckCodeOf(finding)}:${finding.severity}`);
    assert.deepEqual(severities({}), ['SC2086:info', 'SC2154:warning']);
    assert.deepEqual(severities({ SC2086: 'off' }), ['SC2154:warning']);
    assert.deepEqual(severities({ shellcheck: 'error', SC2154: 'off' }), ['SC2086:error']);
    assert.deepEqual(severities({ shellcheck: 'off' }), []);
  });

  it('rejects output that is not ShellCheck json1', () => {
    assert.throws(() => parseShellCheckOutput('[SC2086] not json'), /not JSON/);
    assert.throws(() => parseShellCheckOutput('[]'), /no `comments` list/);
    assert.deepEqual(parseShellCheckOutput('{"comments":[{"line":1}]}'), [], 'malformed entries are skipped');
  });
});

describe('ShellCheck, the real program', () => {
  it('reports SC2086 for `RUN echo $foo`, and nothing for ARG names', async (t) => {
    if (!requireShellCheck(t)) return;
    const model = modelOf('FROM alpine:3.22\nARG name\nRUN echo $foo \\\n  && echo "$name" && echo $HOME\n');
    const runner = new ShellCheckRunner(locateShellCheck()!);
    const { results, errors } = await runner.checkAll(shellCheckInputs(model));
    assert.deepEqual(errors, []);
    const findings = shellCheckFindings(model, results);
    const codes = findings.map((finding) => `${shellCheckCodeOf(finding)}@${finding.range.start.line}:${finding.range.start.character}`);
    assert.deepEqual(codes.sort(), ['SC2086@2:9', 'SC2086@3:26', 'SC2154@2:9'].sort());
    assert.ok(runner.known(shellCheckInputs(model)[0]), 'the answer is cached by script');
  });

  it('fails with a clear error for a program that is not ShellCheck', async () => {
    const input = shellCheckInputs(modelOf('FROM alpine:3.22\nRUN true\n'))[0];
    await assert.rejects(runShellCheck(process.execPath, input), /failed \(exit|not JSON/);
    await assert.rejects(runShellCheck(join(REPO_ROOT, 'no-such-shellcheck'), input), /cannot run/);
  });

  it('is found on PATH, by a configured name or path, and not when it is missing', (t) => {
    if (!requireShellCheck(t)) return;
    const found = locateShellCheck()!;
    assert.equal(locateShellCheck('', { PATH: dirname(found) }), found);
    assert.equal(locateShellCheck(found, { PATH: '' }), found);
    assert.equal(locateShellCheck('', { PATH: join(REPO_ROOT, 'test') }), null);
    assert.equal(locateShellCheck(join(REPO_ROOT, 'package.json')), null, 'not executable');
  });
});

describe('ShellCheck in `layerwise lint`', () => {
  const lint = (args: string[], env: NodeJS.ProcessEnv = process.env) =>
    spawnSync(process.execPath, [CLI, 'lint', ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...env, ...CLI_ENV, NO_COLOR: '1' } });

  it('reports SC2086 at the right line and column of the fixture', (t) => {
    if (!requireShellCheck(t)) return;
    const result = lint(['--format', 'json', '--severity-threshold', 'none', FIXTURE]);
    assert.equal(result.status, 0, result.stderr);
    const findings = (JSON.parse(result.stdout) as { rule: string; line: number; column: number; endColumn: number; message: string; severity: string; fixable: boolean }[])
      .filter((finding) => finding.rule === 'shellcheck');
    const sc2086 = findings.filter((finding) => finding.message.endsWith('[SC2086]'));
    assert.deepEqual(sc2086.map(({ line, column, endColumn }) => ({ line, column, endColumn })), [
      { line: 4, column: 10, endColumn: 14 },
      { line: 7, column: 13, endColumn: 21 },
    ]);
    assert.ok(sc2086.every((finding) => finding.severity === 'info'));
    assert.ok(findings.every((finding) => !finding.fixable), '`layerwise fix` does not apply ShellCheck suggestions');
    assert.ok(!findings.some((finding) => /\bversion\b/.test(finding.message)), 'ARG names count as assigned');
    // `# hadolint ignore=SC2086` above the heredoc RUN silences it there.
    assert.ok(!findings.some((finding) => finding.line === 11));
  });

  it('stays off with --no-shellcheck, and quietly when it is not on PATH', (t) => {
    if (!requireShellCheck(t)) return;
    const off = lint(['--format', 'json', '--no-shellcheck', '--severity-threshold', 'none', FIXTURE]);
    assert.equal(off.status, 0, off.stderr);
    assert.ok(!(JSON.parse(off.stdout) as { rule: string }[]).some((finding) => finding.rule === 'shellcheck'));
    const missing = lint(['--format', 'json', '--severity-threshold', 'none', FIXTURE], { ...process.env, PATH: join(REPO_ROOT, 'test') });
    assert.equal(missing.status, 0, missing.stderr);
    assert.equal(missing.stderr, '');
    assert.ok(!(JSON.parse(missing.stdout) as { rule: string }[]).some((finding) => finding.rule === 'shellcheck'));
  });

  it('exits 2 with one line when --shellcheck is asked for and it is missing', () => {
    const result = lint(['--shellcheck', FIXTURE], { ...process.env, PATH: join(REPO_ROOT, 'test') });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^layerwise: `shellcheck` was not found on PATH.*\n$/);
    assert.equal(result.stdout, '');
  });
});
