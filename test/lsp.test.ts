// The language server end to end: `node dist/server.js --stdio` driven over real JSON-RPC.
// Other rules may fire on the same text, so assertions filter diagnostics by rule id.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import {
  CodeActionRequest, DiagnosticSeverity, ErrorCodes, ExecuteCommandRequest, HoverRequest, MessageType, ResponseError,
  type CodeAction, type Diagnostic, type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { docsUrl, fixText, RULES, type ShellParser } from '../server/src/core/index';
import { minimalEdit } from '../server/src/lsp/fixAll';
import { applyWorkspaceEdit, byCode, LspTestClient, textOf, waitUntil } from './helpers/lsp';
import { testShellParser } from './helpers/shell';
import { requireShellCheck } from './helpers/shellcheck';

const RULE = 'apk-no-cache';
const APK_DOCKERFILE = 'FROM alpine:3.22\nRUN apk add curl\n';
/** `apk add` on line 1 of APK_DOCKERFILE: the span the rule underlines. */
const APK_RANGE = { start: { line: 1, character: 4 }, end: { line: 1, character: 11 } };

let shell: ShellParser;
let client: LspTestClient;
let capabilities: Awaited<ReturnType<typeof LspTestClient.start>>['initializeResult']['capabilities'];
let nextDocument = 0;

function untitledUri(): string {
  return `untitled:Dockerfile-${++nextDocument}`;
}

async function openAndWait(text: string, uri = untitledUri()): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
  await client.open(uri, text);
  const published = await client.waitForDiagnostics(uri, (params) => params.version === 1);
  return { uri, diagnostics: published.diagnostics };
}

async function codeActions(uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
  const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const actions = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics, only } });
  return (actions ?? []) as CodeAction[];
}

before(async () => {
  shell = await testShellParser();
  const started = await LspTestClient.start({ initializationOptions: { trusted: true } });
  client = started.client;
  capabilities = started.initializeResult.capabilities;
});

after(async () => {
  await client.stop();
});

describe('language server over stdio', () => {
  it('advertises incremental sync, code actions with fix-all, hover and its commands', () => {
    assert.deepEqual(capabilities.textDocumentSync, { openClose: true, change: 2 });
    assert.deepEqual(capabilities.codeActionProvider, { codeActionKinds: ['quickfix', 'source.fixAll.layerwise'] });
    assert.equal(capabilities.hoverProvider, true);
    const commands = capabilities.executeCommandProvider?.commands ?? [];
    for (const id of ['layerwise.server.fixAll', 'layerwise.server.showDocumentation', 'layerwise.server.convertToMultiStage']) assert.ok(commands.includes(id), id);
    // vscode-languageclient registers server commands in VS Code: none may clash with the manifest's.
    for (const id of commands) assert.ok(id.startsWith('layerwise.server.'), id);
  });

  it('publishes diagnostics on open with code, docs link, severity, range and data', async () => {
    const { diagnostics } = await openAndWait(APK_DOCKERFILE);
    const [diagnostic, ...others] = byCode(diagnostics, RULE);
    assert.equal(others.length, 0);
    assert.deepEqual(diagnostic.range, APK_RANGE);
    assert.equal(diagnostic.severity, DiagnosticSeverity.Warning);
    assert.equal(diagnostic.source, 'layerwise');
    assert.equal(diagnostic.codeDescription?.href, docsUrl(RULE));
    assert.deepEqual(diagnostic.data, { ruleId: RULE });
    assert.match(textOf(diagnostic), /--no-cache/);
  });

  it('asks for the `layerwise` settings scoped to the document', async () => {
    const { uri } = await openAndWait(APK_DOCKERFILE);
    assert.ok(client.configurationRequests.some((item) => item.section === 'layerwise' && item.scopeUri === uri));
  });

  it('answers a code action request with the fix, disable and documentation actions', async () => {
    const { uri, diagnostics } = await openAndWait(APK_DOCKERFILE);
    // Other rules (unpinned packages) may underline the same span: keep this rule's actions.
    const actions = (await codeActions(uri, byCode(diagnostics, RULE))).filter((action) => action.diagnostics?.[0]?.code === RULE);
    // vscode-eslint's order: the fixes (safe first), then disable here, disable in the file, docs.
    const titles = actions.map((action) => action.title);
    assert.equal(titles[0], 'Add --no-cache');
    assert.deepEqual(titles.slice(-3), [`Disable ${RULE} for this instruction`, `Disable ${RULE} for this file`, `Show documentation for ${RULE}`]);
    for (const title of titles.slice(1, -3)) assert.match(title, /\(unsafe\b/, 'further fixes are unsafe and say so');
    const [fix] = actions;
    const [disable, disableFile, docs] = actions.slice(-3);
    assert.equal(fix.kind, 'quickfix');
    assert.equal(fix.isPreferred, true);
    assert.equal(fix.diagnostics?.[0].code, RULE);
    assert.equal(applyWorkspaceEdit(APK_DOCKERFILE, uri, fix.edit!), 'FROM alpine:3.22\nRUN apk add --no-cache curl\n');
    // The edit is versioned, so the editor refuses it once the text has moved on.
    assert.deepEqual((fix.edit!.documentChanges![0] as { textDocument: unknown }).textDocument, { uri, version: 1 });
    assert.equal(applyWorkspaceEdit(APK_DOCKERFILE, uri, disable.edit!), `FROM alpine:3.22\n# layerwise-ignore ${RULE}\nRUN apk add curl\n`);
    assert.equal(applyWorkspaceEdit(APK_DOCKERFILE, uri, disableFile.edit!), `# layerwise-ignore-file ${RULE}\n${APK_DOCKERFILE}`);
    assert.deepEqual(docs.command, { title: `Show documentation for ${RULE}`, command: 'layerwise.server.showDocumentation', arguments: [RULE] });
  });

  it('disables with the instruction indentation, or appends to an ignore comment right above', async () => {
    const indented = 'FROM alpine:3.22\n  RUN apk add curl\n';
    const first = await openAndWait(indented);
    const disableIndented = (await codeActions(first.uri, byCode(first.diagnostics, RULE))).find((action) => action.title.startsWith('Disable'));
    assert.equal(applyWorkspaceEdit(indented, first.uri, disableIndented!.edit!), `FROM alpine:3.22\n  # layerwise-ignore ${RULE}\n  RUN apk add curl\n`);

    const commented = 'FROM alpine:3.22\n# layerwise-ignore some-rule  # reason\nRUN apk add curl \\\n  && apk add git\n';
    const second = await openAndWait(commented);
    const onContinuation = byCode(second.diagnostics, RULE).find((diagnostic) => diagnostic.range.start.line === 3);
    assert.ok(onContinuation, 'the second `apk add` is reported on its continuation line');
    const disableAppend = (await codeActions(second.uri, [onContinuation])).find((action) => action.title.startsWith('Disable'));
    assert.equal(
      applyWorkspaceEdit(commented, second.uri, disableAppend!.edit!),
      `FROM alpine:3.22\n# layerwise-ignore some-rule,${RULE}  # reason\nRUN apk add curl \\\n  && apk add git\n`,
    );
  });

  it('offers "Fix all <rule> problems in this file" when the rule has two or more safe fixes', async () => {
    const text = 'FROM alpine:3.22\nRUN apk add curl\nRUN apk add git\n';
    const { uri, diagnostics } = await openAndWait(text);
    const actions = await codeActions(uri, byCode(diagnostics, RULE).slice(0, 1));
    const fixAllRule = actions.find((action) => action.title === `Fix all ${RULE} problems in this file`);
    assert.ok(fixAllRule);
    assert.equal(applyWorkspaceEdit(text, uri, fixAllRule.edit!), 'FROM alpine:3.22\nRUN apk add --no-cache curl\nRUN apk add --no-cache git\n');
  });

  it('returns one source.fixAll.layerwise action that applies every safe fix', async () => {
    const text = 'FROM alpine:3.22\nRUN apk add curl\nRUN echo hi\nRUN apk add git\n';
    const { uri, diagnostics } = await openAndWait(text);
    const expected = fixText(text, shell, { safety: 'safe' }).text;
    assert.match(expected, /apk add --no-cache curl[^]*apk add --no-cache git/);
    for (const only of [['source.fixAll.layerwise'], ['source.fixAll'], ['source']]) {
      const actions = await codeActions(uri, diagnostics, only);
      assert.equal(actions.length, 1, `only=${only}`);
      assert.equal(actions[0].kind, 'source.fixAll.layerwise');
      assert.equal(applyWorkspaceEdit(text, uri, actions[0].edit!), expected);
    }
    const quickFixesOnly = await codeActions(uri, diagnostics, ['quickfix']);
    assert.ok(quickFixesOnly.every((action) => action.kind === 'quickfix'));
  });

  it('updates diagnostics on incremental changes and publishes only the last version', async () => {
    const uri = untitledUri();
    const initial = 'FROM alpine:3.22\nRUN apk add git\n';
    await client.open(uri, initial);
    const changes = [
      { range: { start: { line: 1, character: 11 }, end: { line: 1, character: 11 } }, text: ' --no-cache' },
      { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: 'RUN apk add curl\n' },
      { range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: 'RUN apk add jq\n' },
      { range: { start: { line: 3, character: 0 }, end: { line: 4, character: 0 } }, text: '' },
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# tools\n' },
    ];
    // Sent back to back without waiting: the server must coalesce and never publish a stale version.
    let local = TextDocument.create(uri, 'dockerfile', 1, initial);
    await Promise.all(
      changes.map((change, index) => {
        local = TextDocument.update(local, [change], index + 2);
        return client.change(uri, index + 2, [change]);
      }),
    );
    const finalText = local.getText();
    assert.equal(finalText, '# tools\nFROM alpine:3.22\nRUN apk add --no-cache git\nRUN apk add curl\n');
    const last = await client.waitForDiagnostics(uri, (params) => params.version === 6);
    assert.deepEqual(byCode(last.diagnostics, RULE).map((diagnostic) => diagnostic.range), [
      { start: { line: 3, character: 4 }, end: { line: 3, character: 11 } },
    ]);
    // Give a late, stale publication the chance to arrive, then check none did.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const versions = client.publishedFor(uri).map((params) => params.version ?? -1);
    assert.deepEqual([...versions].sort((a, b) => a - b), versions, `published versions out of order: ${versions}`);
    assert.equal(versions.at(-1), 6);
  });

  it('shows the rule title, summary, rationale and docs link on hover', async () => {
    const { uri } = await openAndWait(APK_DOCKERFILE);
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 6 } });
    const meta = RULES.find((rule) => rule.meta.id === RULE)!.meta;
    const markdown = (hover?.contents as MarkupContent).value;
    assert.equal((hover?.contents as MarkupContent).kind, 'markdown');
    for (const part of [meta.title, meta.summary, meta.docs.why, docsUrl(RULE)]) assert.ok(markdown.includes(part), part);
    assert.deepEqual(hover?.range, APK_RANGE);
    const nothing = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 1 } });
    assert.ok(nothing === null || !(nothing.contents as MarkupContent).value.includes(meta.title));
  });

  it('applies fix-all through workspace/applyEdit, and not for a stale version', async () => {
    const { uri } = await openAndWait(APK_DOCKERFILE);
    const before = client.appliedEdits.length;
    await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'layerwise.server.fixAll', arguments: [{ uri, version: 0 }] });
    assert.equal(client.appliedEdits.length, before, 'an edit for a version the user no longer sees');
    await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'layerwise.server.fixAll', arguments: [{ uri, version: 1 }] });
    const applied = client.appliedEdits.at(-1)!;
    assert.equal(client.appliedEdits.length, before + 1);
    assert.equal(applyWorkspaceEdit(APK_DOCKERFILE, uri, applied.edit), fixText(APK_DOCKERFILE, shell, { safety: 'safe' }).text);
  });

  it('opens the rule documentation externally', async () => {
    await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'layerwise.server.showDocumentation', arguments: [RULE] });
    assert.deepEqual(client.shownDocuments.at(-1), { uri: docsUrl(RULE), external: true });
  });

  it('follows `layerwise.rules` and `layerwise.enable` from workspace/configuration', async () => {
    const { uri } = await openAndWait(APK_DOCKERFILE);
    try {
      let seen = client.publishedFor(uri).length;
      await client.changeSettings({ rules: { [RULE]: 'off' } });
      const off = await client.waitForDiagnostics(uri, (params) => byCode(params.diagnostics, RULE).length === 0, seen);
      assert.equal(off.version, 1);

      seen = client.publishedFor(uri).length;
      await client.changeSettings({ rules: { DL3019: 'error' } }); // an alias works too
      const error = await client.waitForDiagnostics(uri, (params) => byCode(params.diagnostics, RULE).length === 1, seen);
      assert.equal(byCode(error.diagnostics, RULE)[0].severity, DiagnosticSeverity.Error);

      seen = client.publishedFor(uri).length;
      await client.changeSettings({ enable: false });
      await client.waitForDiagnostics(uri, (params) => params.diagnostics.length === 0, seen);
    } finally {
      const seen = client.publishedFor(uri).length;
      await client.changeSettings({});
      await client.waitForDiagnostics(uri, (params) => byCode(params.diagnostics, RULE).length === 1, seen);
    }
  });

  it('does not analyse a 6 MB document or one with NUL bytes, and says why', async () => {
    const big = APK_DOCKERFILE + 'RUN echo padding-padding-padding-padding\n'.repeat(Math.ceil((6 * 1024 * 1024) / 40));
    assert.ok(big.length > 6 * 1024 * 1024);
    const { diagnostics } = await openAndWait(big);
    assert.equal(diagnostics.length, 1);
    assert.deepEqual(diagnostics[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    assert.equal(diagnostics[0].severity, DiagnosticSeverity.Information);
    assert.match(textOf(diagnostics[0]), /larger than 5 MB/);

    const binary = await openAndWait('FROM alpine:3.22\n\0\0RUN apk add curl\n');
    assert.equal(binary.diagnostics.length, 1);
    assert.match(textOf(binary.diagnostics[0]), /NUL bytes/);
  });

  it('clears diagnostics when a document closes', async () => {
    const { uri } = await openAndWait(APK_DOCKERFILE);
    const seen = client.publishedFor(uri).length;
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await client.waitForDiagnostics(uri, (params) => params.diagnostics.length === 0, seen);
  });

  it('stays alive after an unknown request and a malformed message', async () => {
    await assert.rejects(client.connection.sendRequest('layerwise/noSuchMethod', {}), (error: unknown) => {
      assert.ok(error instanceof ResponseError);
      assert.equal(error.code, ErrorCodes.MethodNotFound);
      return true;
    });
    // Bad parameters reach a handler, which must answer rather than crash.
    await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: 'untitled:nope' }, range: null, context: null } as never);
    await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'layerwise.server.fixAll', arguments: [42] });
    // Frames that are not JSON, not a message, or a message with a bogus method.
    for (const body of ['{bad json', '[]', '{"jsonrpc":"2.0","method":1}']) {
      client.process.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    }
    const { uri } = await openAndWait(APK_DOCKERFILE);
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: APK_RANGE.start });
    assert.ok(hover);
    assert.equal(client.exited, false);
  });
});

describe('language server configuration files', () => {
  let folder: string;
  let configured: LspTestClient;

  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'layerwise-lsp-'));
    mkdirSync(join(folder, 'app'));
    writeFileSync(join(folder, '.layerwise.yaml'), `rules:\n  ${RULE}: error\n`);
    writeFileSync(join(folder, 'custom.yaml'), `rules:\n  ${RULE}: hint\n`);
    mkdirSync(join(folder, 'broken'));
    writeFileSync(join(folder, 'broken', '.layerwise.yaml'), 'rules: [not, a, mapping]\n');
  });

  after(async () => {
    await configured?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  async function severityIn(server: LspTestClient, path: string): Promise<DiagnosticSeverity | undefined> {
    const uri = pathToFileURL(path).toString();
    await server.open(uri, APK_DOCKERFILE);
    const published = await server.waitForDiagnostics(uri, (params) => params.version === 1);
    return byCode(published.diagnostics, RULE)[0]?.severity;
  }

  it('reads .layerwise.yaml upward from the file, honours configFile when trusted, warns once about a bad file', async () => {
    const workspace = [{ uri: pathToFileURL(folder).toString(), name: 'ws' }];
    ({ client: configured } = await LspTestClient.start({ initializationOptions: { trusted: false }, workspaceFolders: workspace, settings: { configFile: 'custom.yaml' } }));
    // Untrusted: the configFile setting is ignored, the file found upward still applies.
    assert.equal(await severityIn(configured, join(folder, 'app', 'Dockerfile')), DiagnosticSeverity.Error);

    const seen = configured.publishedFor(pathToFileURL(join(folder, 'app', 'Dockerfile')).toString()).length;
    await configured.connection.sendNotification('layerwise/trustChanged', { trusted: true });
    const trusted = await configured.waitForDiagnostics(pathToFileURL(join(folder, 'app', 'Dockerfile')).toString(), () => true, seen);
    assert.equal(byCode(trusted.diagnostics, RULE)[0]?.severity, DiagnosticSeverity.Hint);

    await configured.changeSettings({});
    assert.equal(await severityIn(configured, join(folder, 'broken', 'Dockerfile')), DiagnosticSeverity.Warning, 'the bad file is left out');
    assert.equal(await severityIn(configured, join(folder, 'broken', 'Other.dockerfile')), DiagnosticSeverity.Warning);
    const warnings = configured.messages.filter((message) => message.type === MessageType.Warning && message.message.includes(join('broken', '.layerwise.yaml')));
    assert.equal(warnings.length, 1, JSON.stringify(configured.messages));
  });
});

describe('fix-all minimal edit', () => {
  const apply = (before: string, after: string) => TextDocument.applyEdits(TextDocument.create('untitled:x', 'dockerfile', 1, before), [minimalEdit(before, after)]);

  it('replaces only the changed middle and reproduces the fixed text', () => {
    const before = 'FROM alpine\nRUN apk add curl\nCMD ["sh"]\n';
    const after = 'FROM alpine\nRUN apk add --no-cache curl\nCMD ["sh"]\n';
    const edit = minimalEdit(before, after);
    assert.deepEqual(edit, { range: { start: { line: 1, character: 12 }, end: { line: 1, character: 12 } }, newText: '--no-cache ' });
    assert.equal(apply(before, after), after);
  });

  it('never splits a CRLF or a surrogate pair', () => {
    for (const [before, after] of [
      ['RUN a\r\nRUN b\r\n', 'RUN a\nRUN b\r\n'],
      ['RUN a\r\n', 'RUN a\r\r\n'],
      ['RUN echo 😀\n', 'RUN echo 😃\n'],
      ['same', 'same'],
      ['', 'FROM x\n'],
    ]) {
      const edit = minimalEdit(before, after);
      assert.equal(apply(before, after), after, JSON.stringify([before, after]));
      const lines = before.split('\n');
      for (const position of [edit.range.start, edit.range.end]) {
        const line = lines[position.line] ?? '';
        assert.ok(position.character <= line.replace(/\r$/, '').length || position.character === 0, JSON.stringify(position));
      }
    }
  });
});

describe('code actions: disable for this file', () => {
  it('inserts after the parser directives, or appends to an existing ignore-file comment', async () => {
    const directives = '# syntax=docker/dockerfile:1\n# check=error=true\nFROM alpine:3.22\nRUN apk add curl\n';
    const first = await openAndWait(directives);
    const inserted = (await codeActions(first.uri, byCode(first.diagnostics, RULE))).find((action) => action.title === `Disable ${RULE} for this file`);
    assert.equal(
      applyWorkspaceEdit(directives, first.uri, inserted!.edit!),
      `# syntax=docker/dockerfile:1\n# check=error=true\n# layerwise-ignore-file ${RULE}\nFROM alpine:3.22\nRUN apk add curl\n`,
    );

    const existing = 'FROM alpine:3.22\n# layerwise-ignore-file root-user # builder image\nRUN apk add curl\n';
    const second = await openAndWait(existing);
    const appended = (await codeActions(second.uri, byCode(second.diagnostics, RULE))).find((action) => action.title === `Disable ${RULE} for this file`);
    assert.equal(
      applyWorkspaceEdit(existing, second.uri, appended!.edit!),
      `FROM alpine:3.22\n# layerwise-ignore-file root-user,${RULE} # builder image\nRUN apk add curl\n`,
    );
  });
});

describe('ShellCheck in the language server', () => {
  const SCRIPT = 'FROM alpine:3.22\nARG name\nRUN echo $foo "$name"\n';
  /** `$foo` on line 2 of SCRIPT. */
  const FOO_RANGE = { start: { line: 2, character: 9 }, end: { line: 2, character: 13 } };
  const isSc2086 = (diagnostic: Diagnostic) => diagnostic.code === 'shellcheck' && textOf(diagnostic).endsWith('[SC2086]');

  async function openAndWaitForShellCheck(server: LspTestClient, text: string, uri = untitledUri()): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    await server.open(uri, text);
    const published = await server.waitForDiagnostics(uri, (params) => params.version === 1 && params.diagnostics.some(isSc2086));
    return { uri, diagnostics: published.diagnostics };
  }

  it('publishes ShellCheck findings for the same version, with the code and a wiki link', async (t) => {
    if (!requireShellCheck(t)) return;
    // A trailing ARG changes the declared names, so no earlier test has ShellCheck's answer cached.
    const { uri, diagnostics } = await openAndWaitForShellCheck(client, `${SCRIPT}ARG only_in_this_test\n`);
    const [sc2086] = diagnostics.filter(isSc2086);
    assert.deepEqual(sc2086.range, FOO_RANGE);
    assert.equal(sc2086.severity, DiagnosticSeverity.Information);
    assert.equal(sc2086.source, 'layerwise');
    assert.equal(sc2086.codeDescription?.href, 'https://www.shellcheck.net/wiki/SC2086');
    assert.ok(!diagnostics.some((diagnostic) => /\bname\b/.test(textOf(diagnostic))), 'ARG names are known variables');
    // The core diagnostics were not held back: the first publication came before ShellCheck's.
    assert.ok(client.publishedFor(uri).length >= 2);
    assert.ok(!client.publishedFor(uri)[0].diagnostics.some(isSc2086));
  });

  it('offers ShellCheck\'s fix (unsafe) and disables by SC code, for the instruction or the file', async (t) => {
    if (!requireShellCheck(t)) return;
    const { uri, diagnostics } = await openAndWaitForShellCheck(client, SCRIPT);
    // SC2154 (`foo` is never assigned) sits on the same span and gets its own actions.
    const actions = (await codeActions(uri, diagnostics.filter(isSc2086))).filter((action) => action.diagnostics?.some(isSc2086));
    const titles = actions.map((action) => action.title);
    assert.deepEqual(titles.slice(1), ['Disable SC2086 for this instruction', 'Disable SC2086 for this file']);
    assert.match(titles[0], /^Apply ShellCheck's suggestion for SC2086 \(unsafe: [^)]+\)$/);
    const [fix, disable, disableFile] = actions;
    assert.notEqual(fix.isPreferred, true);
    assert.equal(applyWorkspaceEdit(SCRIPT, uri, fix.edit!), 'FROM alpine:3.22\nARG name\nRUN echo "$foo" "$name"\n');
    assert.equal(applyWorkspaceEdit(SCRIPT, uri, disable.edit!), 'FROM alpine:3.22\nARG name\n# layerwise-ignore SC2086\nRUN echo $foo "$name"\n');
    assert.equal(applyWorkspaceEdit(SCRIPT, uri, disableFile.edit!), `# layerwise-ignore-file SC2086\n${SCRIPT}`);

    // The disabled text is published without SC2086, still with ShellCheck's other finding (SC2154).
    const disabledText = applyWorkspaceEdit(SCRIPT, uri, disable.edit!);
    await client.change(uri, 2, [{ text: disabledText }]);
    const next = await client.waitForDiagnostics(uri, (params) => params.version === 2 && params.diagnostics.some((diagnostic) => textOf(diagnostic).endsWith('[SC2154]')));
    assert.ok(!next.diagnostics.some(isSc2086));
  });

  it('starts no program in an untrusted workspace, whatever layerwise.shellcheck.path says', async (t) => {
    if (!requireShellCheck(t)) return;
    const { client: untrusted } = await LspTestClient.start({ initializationOptions: { trusted: false }, settings: { shellcheck: { path: '/no/such/shellcheck' } } });
    try {
      const uri = untitledUri();
      await untrusted.open(uri, SCRIPT);
      await untrusted.waitForDiagnostics(uri, (params) => params.version === 1);
      await untrusted.open(untitledUri(), SCRIPT);
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.ok(!untrusted.diagnostics.some((params) => params.diagnostics.some((diagnostic) => diagnostic.code === 'shellcheck')));
      const off = untrusted.logs.filter((log) => /ShellCheck is off/.test(log.message));
      assert.deepEqual(off.map((log) => log.message), ['ShellCheck is off: the workspace is not trusted'], 'said once, path not read');
    } finally {
      await untrusted.stop();
    }
  });

  it('says once when the configured program is missing, and still lints', async () => {
    const { client: missing } = await LspTestClient.start({ initializationOptions: { trusted: true }, settings: { shellcheck: { path: '/no/such/shellcheck' } } });
    try {
      for (const uri of [untitledUri(), untitledUri()]) {
        await missing.open(uri, `${SCRIPT}RUN apk add curl\n`);
        const published = await missing.waitForDiagnostics(uri, (params) => params.version === 1);
        assert.equal(byCode(published.diagnostics, RULE).length, 1);
        assert.ok(!published.diagnostics.some((diagnostic) => diagnostic.code === 'shellcheck'));
      }
      const off = missing.logs.filter((log) => /ShellCheck is off/.test(log.message));
      assert.equal(off.length, 1, JSON.stringify(off));
      assert.match(off[0].message, /\/no\/such\/shellcheck/);
    } finally {
      await missing.stop();
    }
  });
});

describe('swap runtime base command', () => {
  const SWAP = 'layerwise.server.swapRuntimeBase';
  const PYTHON = 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nCMD python main.py\n';

  it('answers the choices for the final stage without applying anything', async () => {
    const { uri } = await openAndWait(PYTHON);
    const editsBefore = client.appliedEdits.length;
    const result = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: SWAP, arguments: [{ uri, version: 1 }] }) as { choices: { reference: string; description: string; detail: string }[] };
    const references = result.choices.map((choice) => choice.reference);
    assert.deepEqual(references.slice(0, 2), ['python:3.12-slim', 'python:3.12-alpine']);
    // Version-aware: distroless python3 is Python 3.13, never offered for a 3.12 build.
    assert.ok(!references.some((reference) => reference.includes('distroless/python3')), references.join(', '));
    assert.match(result.choices[0].description, /^≈ 45 MB \(saves ≈ \d+ MB vs python:3\.12\)$/);
    assert.match(result.choices[0].detail, /shell · glibc · Python 3\.12/);
    assert.equal(client.appliedEdits.length, editsBefore);
  });

  it('applies the chosen runtime as one versioned edit, rewriting CMD for a shell-less image', async () => {
    const text = 'FROM golang:1.26 AS build\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM golang:1.26\nCOPY --from=build /app /app\nCMD /app --serve\n';
    const { uri } = await openAndWait(text);
    const result = await client.connection.sendRequest(ExecuteCommandRequest.type, {
      command: SWAP, arguments: [{ uri, version: 1, runtime: 'gcr.io/distroless/static-debian13:nonroot' }],
    }) as { applied: boolean; notes: string[] };
    assert.equal(result.applied, true);
    assert.ok(result.notes.some((note) => note.includes('CMD')), result.notes.join('\n'));
    const edit = client.appliedEdits.at(-1)!.edit;
    assert.equal(edit.documentChanges?.length, 1);
    const change = edit.documentChanges![0] as { textDocument: { uri: string; version: number } };
    assert.deepEqual(change.textDocument, { uri, version: 1 });
    assert.equal(applyWorkspaceEdit(text, uri, edit),
      'FROM golang:1.26 AS build\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM gcr.io/distroless/static-debian13:nonroot\nCOPY --from=build /app /app\nCMD ["/app", "--serve"]\n');
  });

  it('refuses with a message when the stage needs a shell, and tolerates bad arguments', async () => {
    const { uri } = await openAndWait(PYTHON.replace('3.12', '3.13').replace('CMD', 'RUN pip install flask\nCMD'));
    const editsBefore = client.appliedEdits.length;
    const result = await client.connection.sendRequest(ExecuteCommandRequest.type, {
      command: SWAP, arguments: [{ uri, runtime: 'gcr.io/distroless/python3-debian13:nonroot' }],
    }) as { refused: string };
    assert.match(result.refused, /has no shell, but `RUN` on line 4/);
    await waitUntil(() => client.messages.find((message) => message.type === MessageType.Warning && message.message === `Layerwise: ${result.refused}`), 'refusal message');
    assert.equal(client.appliedEdits.length, editsBefore);
    for (const bad of [[], [42], [{ uri: 'untitled:nope' }], [{ uri, runtime: 7 }]]) {
      assert.equal(await client.connection.sendRequest(ExecuteCommandRequest.type, { command: SWAP, arguments: bad }), null);
    }
    const stale = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: SWAP, arguments: [{ uri, version: 99, runtime: 'python:3.12-slim' }] });
    assert.deepEqual(stale, { refused: 'The document changed; run the command again' });
    assert.equal(client.appliedEdits.length, editsBefore);
  });
});

describe('merge RUN instructions command', () => {
  const MERGE = 'layerwise.server.mergeRunInstructions';
  const TEXT = 'FROM alpine:3.22\nRUN apk add --no-cache curl\nRUN cd /src; make\nCOPY . .\nRUN echo one\n# two\nRUN echo two\n';

  it('merges every group of the document as one versioned edit', async () => {
    const { uri } = await openAndWait(TEXT);
    const result = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: MERGE, arguments: [{ uri, version: 1 }] }) as { applied: boolean; notes: string[] };
    assert.equal(result.applied, true);
    assert.ok(result.notes.some((note) => /lines 2 and 3 into one/.test(note)), result.notes.join('\n'));
    assert.ok(result.notes.some((note) => /cache step/.test(note)), result.notes.join('\n'));
    const edit = client.appliedEdits.at(-1)!.edit;
    assert.equal(edit.documentChanges?.length, 1);
    const change = edit.documentChanges![0] as { textDocument: { uri: string; version: number } };
    assert.deepEqual(change.textDocument, { uri, version: 1 });
    assert.equal(applyWorkspaceEdit(TEXT, uri, edit),
      'FROM alpine:3.22\nRUN apk add --no-cache curl \\\n    && { cd /src; make; }\nCOPY . .\nRUN echo one \\\n    # two\n    && echo two\n');
  });

  it('merges only the groups touching the selection', async () => {
    const { uri } = await openAndWait(TEXT);
    const range = { start: { line: 6, character: 0 }, end: { line: 6, character: 3 } };
    const result = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: MERGE, arguments: [{ uri, version: 1, range }] }) as { applied: boolean };
    assert.equal(result.applied, true);
    assert.equal(applyWorkspaceEdit(TEXT, uri, client.appliedEdits.at(-1)!.edit),
      'FROM alpine:3.22\nRUN apk add --no-cache curl\nRUN cd /src; make\nCOPY . .\nRUN echo one \\\n    # two\n    && echo two\n');
  });

  it('offers the merge as a quick fix on the consecutive-run diagnostic', async () => {
    const { uri, diagnostics } = await openAndWait('FROM alpine:3.22\nRUN cd /src && make\nRUN make install\n');
    const merge = byCode(diagnostics, 'consecutive-run');
    assert.equal(merge.length, 1);
    const titles = (await codeActions(uri, merge, ['quickfix'])).map((action) => action.title);
    assert.ok(titles.includes('Merge the 2 RUN instructions into one (unsafe: line 2 runs in a subshell to contain `cd`)'), titles.join('\n'));
  });

  it('refuses with a message when there is nothing to merge, and tolerates bad arguments', async () => {
    const { uri } = await openAndWait('FROM alpine:3.22\nRUN echo one\nCOPY . .\nRUN echo two\n');
    const editsBefore = client.appliedEdits.length;
    const result = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: MERGE, arguments: [{ uri }] }) as { refused: string };
    assert.deepEqual(result, { refused: 'No consecutive RUN instructions to merge' });
    await waitUntil(() => client.messages.find((message) => message.type === MessageType.Info && message.message === `Layerwise: ${result.refused}`), 'refusal message');
    const heredoc = await openAndWait('FROM alpine:3.22\nRUN <<EOF\necho one\nEOF\nRUN echo two\n');
    const refusedHeredoc = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: MERGE, arguments: [{ uri: heredoc.uri }] }) as { refused: string };
    assert.deepEqual(refusedHeredoc, { refused: 'Cannot merge the RUN on line 2: it uses a heredoc' });
    await waitUntil(() => client.messages.find((message) => message.type === MessageType.Warning && message.message === `Layerwise: ${refusedHeredoc.refused}`), 'heredoc refusal message');
    for (const bad of [[], [42], [{ uri: 'untitled:nope' }], [{ uri, range: { start: 1 } }], [{ uri, version: 'one' }]]) {
      assert.equal(await client.connection.sendRequest(ExecuteCommandRequest.type, { command: MERGE, arguments: bad }), null);
    }
    const stale = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: MERGE, arguments: [{ uri, version: 99 }] });
    assert.deepEqual(stale, { refused: 'The document changed; run the command again' });
    assert.equal(client.appliedEdits.length, editsBefore);
  });
});

describe('convert to multi-stage command', () => {
  const CONVERT = 'layerwise.server.convertToMultiStage';
  const GO = 'FROM golang:1.24\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /usr/local/bin/app .\nEXPOSE 8080\nCMD app --serve\n';

  it('answers the runtime choices without applying anything', async () => {
    const { uri } = await openAndWait(GO);
    const editsBefore = client.appliedEdits.length;
    const result = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: CONVERT, arguments: [{ uri, version: 1 }] }) as { choices: { reference: string; description: string; detail: string }[] };
    assert.equal(result.choices[0].reference, 'gcr.io/distroless/static-debian13:nonroot');
    assert.match(result.choices[0].description, /saves ≈ \d+ MB vs golang:1\.24/);
    assert.match(result.choices[0].detail, /no shell/);
    assert.ok(result.choices.some((choice) => choice.reference === 'scratch'));
    assert.equal(client.appliedEdits.length, editsBefore);
  });

  it('applies the chosen runtime as one versioned edit', async () => {
    const { uri } = await openAndWait(GO);
    const result = await client.connection.sendRequest(ExecuteCommandRequest.type, {
      command: CONVERT, arguments: [{ uri, version: 1, runtime: 'gcr.io/distroless/static-debian13:nonroot' }],
    }) as { applied: boolean; notes: string[] };
    assert.equal(result.applied, true);
    assert.ok(result.notes.some((note) => note.includes('exec form')), result.notes.join('\n'));
    const edit = client.appliedEdits.at(-1)!.edit;
    assert.equal(edit.documentChanges?.length, 1);
    const change = edit.documentChanges![0] as { textDocument: { uri: string; version: number }; edits: unknown[] };
    assert.deepEqual(change.textDocument, { uri, version: 1 });
    assert.equal(change.edits.length, 1, 'one edit: one undo step');
    assert.equal(applyWorkspaceEdit(GO, uri, edit), [
      'FROM golang:1.24 AS build', 'WORKDIR /src', 'COPY go.mod go.sum* ./', 'RUN go mod download', 'COPY . .', 'RUN CGO_ENABLED=0 go build -o /usr/local/bin/app .', '',
      '# Runtime stage: only the build output and what it needs to run', 'FROM gcr.io/distroless/static-debian13:nonroot', 'WORKDIR /src',
      'COPY --from=build /usr/local/bin/app /usr/local/bin/app', 'EXPOSE 8080', 'USER nonroot:nonroot', 'CMD ["app", "--serve"]', '',
    ].join('\n'));
  });

  it('refuses with a message saying what is missing, and tolerates bad arguments', async () => {
    const { uri } = await openAndWait('FROM gcc:14\nWORKDIR /src\nCOPY . .\nRUN make\nCMD ["app"]\n');
    const editsBefore = client.appliedEdits.length;
    const result = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: CONVERT, arguments: [{ uri }] }) as { refused: string };
    assert.match(result.refused, /^cannot tell where `make` puts the binary/);
    await waitUntil(() => client.messages.find((message) => message.type === MessageType.Warning && message.message === `Layerwise: ${result.refused}`), 'refusal message');
    const multi = await openAndWait('FROM golang:1.24 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n');
    const already = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: CONVERT, arguments: [{ uri: multi.uri, runtime: 'scratch' }] });
    assert.deepEqual(already, { refused: 'already multi-stage: use Swap Runtime Base Image' });
    for (const bad of [[], [42], [{ uri: 'untitled:nope' }], [{ uri, runtime: 7 }]]) {
      assert.equal(await client.connection.sendRequest(ExecuteCommandRequest.type, { command: CONVERT, arguments: bad }), null);
    }
    const stale = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: CONVERT, arguments: [{ uri, version: 99, runtime: 'scratch' }] });
    assert.deepEqual(stale, { refused: 'The document changed; run the command again' });
    assert.equal(client.appliedEdits.length, editsBefore);
  });
});
