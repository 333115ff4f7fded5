// The language server under abuse, over a real stdio connection: broken framing and JSON-RPC,
// bad parameters, huge and binary documents, a thousand rapid edits, requests for documents it
// does not have, cancellations, and a rule that throws. test/lsp.test.ts covers the basics
// (an unknown request, a bad JSON frame, the 6 MB and NUL-byte documents); this file goes further.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CancellationTokenSource, CodeActionRequest, DiagnosticSeverity, ExecuteCommandRequest, HoverRequest, LSPErrorCodes, ResponseError,
  type Diagnostic, type Hover,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, RULES, type Fix, type Rule, type ShellParser } from '../server/src/core/index';
import { AnalysisCache } from '../server/src/lsp/analysis';
import { ResynchronizingFrames } from '../server/src/lsp/framing';
import { byCode, LspTestClient, textOf } from './helpers/lsp';
import { testShellParser } from './helpers/shell';

const APK = 'FROM alpine:3.22\nRUN apk add curl\n';
const APK_RULE = 'apk-no-cache';
let shell: ShellParser;
let client: LspTestClient;
let next = 0;
const uri = (): string => `untitled:Robust-${++next}`;

before(async () => {
  shell = await testShellParser();
  ({ client } = await LspTestClient.start({ initializationOptions: { trusted: true } }));
});

after(async () => {
  await client.stop();
});

async function openAndWait(server: LspTestClient, text: string, target = uri()): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
  await server.open(target, text);
  const published = await server.waitForDiagnostics(target, (params) => params.version === 1, 0);
  return { uri: target, diagnostics: published.diagnostics };
}

/** The server answers a request and lints a new document: it is alive and in step. */
async function assertResponsive(server: LspTestClient): Promise<void> {
  const { uri: target, diagnostics } = await openAndWait(server, APK);
  assert.equal(byCode(diagnostics, APK_RULE).length, 1);
  const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri: target }, position: { line: 1, character: 5 } });
  assert.ok(hover, 'hover answered');
  assert.equal(server.exited, false);
}

const frame = (body: string, length = Buffer.byteLength(body)): string => `Content-Length: ${length}\r\n\r\n${body}`;
const notification = (method: string, params: unknown): string => JSON.stringify({ jsonrpc: '2.0', method, params });

describe('malformed JSON-RPC over stdio', () => {
  let raw: LspTestClient;
  before(async () => {
    ({ client: raw } = await LspTestClient.start({ initializationOptions: { trusted: true } }));
  });
  after(async () => {
    await raw.stop();
  });

  const open = notification('textDocument/didOpen', { textDocument: { uri: 'untitled:framed', languageId: 'dockerfile', version: 1, text: APK } });
  const cases: [string, string][] = [
    ['bad JSON', frame('{"jsonrpc": "2.0", "method": ')],
    ['a Content-Length too short', frame(open, 12)],
    ['a Content-Length too long (the next frame starts inside the body)', frame(open, Buffer.byteLength(open) + 25)],
    ['a Content-Length that is not a number', `Content-Length: twelve\r\n\r\n${open}`],
    ['no Content-Length header', `Content-Type: application/vscode-jsonrpc\r\n\r\n${open}`],
    ['a header line without a colon', `Content-Length ${Buffer.byteLength(open)}\r\n\r\n${open}`],
    ['bytes outside any frame', 'garbage \u0000\u00ff\r\n\r\n}{'],
    ['a JSON value that is not a message', frame('42')],
    ['a message with a numeric method', frame('{"jsonrpc":"2.0","id":7,"method":7}')],
    ['an unknown notification', frame(notification('layerwise/noSuchNotification', { x: 1 }))],
    ['an unknown $/ notification', frame(notification('$/noSuchThing', null))],
    ['a request with an id that is an object', frame('{"jsonrpc":"2.0","id":{"a":1},"method":"textDocument/hover","params":{}}')],
    ['didOpen without a text document', frame(notification('textDocument/didOpen', {}))],
    ['didOpen with a text that is not a string', frame(notification('textDocument/didOpen', { textDocument: { uri: 'untitled:bad', languageId: 'dockerfile', version: 1, text: 42 } }))],
    ['didChange for a document that is not open', frame(notification('textDocument/didChange', { textDocument: { uri: 'untitled:never', version: 2 }, contentChanges: [{ text: 'FROM x' }] }))],
    ['didChange with a range past the end', frame(notification('textDocument/didChange', { textDocument: { uri: 'untitled:framed', version: 9 }, contentChanges: [{ range: { start: { line: 99, character: 0 }, end: { line: -1, character: 5 } }, text: 'x' }] }))],
    ['didChange with null changes', frame(notification('textDocument/didChange', { textDocument: { uri: 'untitled:framed', version: 10 }, contentChanges: null }))],
    ['didClose for a document that is not open', frame(notification('textDocument/didClose', { textDocument: { uri: 'untitled:never' } }))],
    ['didChangeConfiguration with odd settings', frame(notification('workspace/didChangeConfiguration', { settings: { layerwise: { rules: 'all', enable: 'yes' } } }))],
    ['layerwise/trustChanged without parameters', frame(notification('layerwise/trustChanged', null))],
    ['a cancellation of a request that does not exist', frame(notification('$/cancelRequest', { id: 123456 }))],
  ];

  for (const [name, bytes] of cases) {
    it(`stays alive and in step after ${name}`, async () => {
      raw.process.stdin.write(bytes);
      await assertResponsive(raw);
    });
  }

  it('answers requests with bad parameters instead of failing or hanging', async () => {
    const bad: [string, unknown][] = [
      ['textDocument/hover', { textDocument: { uri: 'untitled:nope' }, position: null }],
      ['textDocument/hover', {}],
      ['textDocument/codeAction', { textDocument: null, range: null, context: null }],
      ['workspace/executeCommand', { command: 'layerwise.server.fixAll', arguments: ['not an object'] }],
      ['workspace/executeCommand', { command: 'layerwise.server.swapRuntimeBase', arguments: [{ uri: 42 }] }],
      ['workspace/executeCommand', { command: 'layerwise.server.mergeRunInstructions', arguments: null }],
      ['workspace/executeCommand', { command: 'layerwise.noSuchCommand', arguments: [] }],
    ];
    for (const [method, params] of bad) {
      try {
        await raw.connection.sendRequest(method, params);
      } catch (error) {
        // An error response is an answer too, as long as it is a proper JSON-RPC error.
        assert.ok(error instanceof ResponseError, `${method}: ${String(error)}`);
      }
    }
    await assertResponsive(raw);
  });
});

describe('unit: resynchronizing frames', () => {
  function frames(...chunks: string[]): string[] {
    const stream = new ResynchronizingFrames();
    const out: string[] = [];
    stream.on('data', (chunk: Buffer) => out.push(chunk.toString('utf8').replace(/^Content-Length: \d+\r\n\r\n/, '')));
    for (const chunk of chunks) stream.write(Buffer.from(chunk, 'utf8'));
    return out;
  }

  it('passes whole frames through, split across chunks at any byte, with multi-byte characters', () => {
    const body = '{"text":"é漢😀"}';
    const bytes = frame(body) + frame('{"b":2}');
    for (let cut = 0; cut <= Buffer.byteLength(bytes); cut += 3) {
      const buffer = Buffer.from(bytes, 'utf8');
      const stream = new ResynchronizingFrames();
      const out: string[] = [];
      stream.on('data', (chunk: Buffer) => out.push(chunk.toString('utf8')));
      stream.write(buffer.subarray(0, cut));
      stream.write(buffer.subarray(cut));
      assert.deepEqual(out.map((text) => text.replace(/^Content-Length: \d+\r\n\r\n/, '')), [body, '{"b":2}'], `cut at ${cut}`);
    }
  });

  it('drops a bad frame and finds the next header', () => {
    assert.deepEqual(frames(frame('{"a":1}', 3), frame('{"b":2}')), ['{"b":2}']);
    assert.deepEqual(frames(`Content-Length: 40\r\n\r\n{"a":1}${frame('{"b":2}')}`), ['{"b":2}']);
    assert.deepEqual(frames('junk', frame('{"b":2}')), ['{"b":2}']);
    assert.deepEqual(frames('Content-Length: x\r\n\r\n{}', frame('[1]')), ['[1]']);
  });

  it('keeps a JSON string that mentions Content-Length', () => {
    const body = JSON.stringify({ text: 'Content-Length: 5\r\n\r\nRUN x' });
    assert.deepEqual(frames(frame(body)), [body]);
  });
});

describe('documents the server will not analyse', () => {
  it('says so for a document that grows past 5 MB, and lints it again when it shrinks', async () => {
    const target = uri();
    await client.open(target, APK);
    await client.waitForDiagnostics(target, (params) => params.version === 1);
    const padding = '# padding padding padding padding padding padding\n'.repeat(Math.ceil((5 * 1024 * 1024) / 50) + 10);
    const started = Date.now();
    await client.change(target, 2, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: padding }]);
    const big = await client.waitForDiagnostics(target, (params) => params.version === 2, 0);
    assert.ok(Date.now() - started < 5000, 'answered quickly');
    assert.equal(big.diagnostics.length, 1);
    assert.equal(big.diagnostics[0].severity, DiagnosticSeverity.Information);
    assert.match(textOf(big.diagnostics[0]), /larger than 5 MB/);
    // Requests on the big version are answered, with nothing to offer.
    const actions = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: target }, range: { start: { line: 1, character: 4 }, end: { line: 1, character: 4 } }, context: { diagnostics: [] } });
    assert.deepEqual(actions ?? [], []);
    await client.change(target, 3, [{ text: APK }]);
    const small = await client.waitForDiagnostics(target, (params) => params.version === 3, 0);
    assert.equal(byCode(small.diagnostics, APK_RULE).length, 1);
  });

  it('says so when an edit inserts NUL bytes', async () => {
    const target = uri();
    await client.open(target, APK);
    await client.waitForDiagnostics(target, (params) => params.version === 1);
    await client.change(target, 2, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '\u0000\u0001\u00ff' }]);
    const binary = await client.waitForDiagnostics(target, (params) => params.version === 2, 0);
    assert.equal(binary.diagnostics.length, 1);
    assert.match(textOf(binary.diagnostics[0]), /NUL bytes/);
  });
});

describe('rapid edits', () => {
  it('ends 1,000 back-to-back didChanges with diagnostics for the last version only, and stays responsive', async () => {
    const target = uri();
    const initial = 'FROM alpine:3.22\n';
    await client.open(target, initial);
    await client.waitForDiagnostics(target, (params) => params.version === 1);
    const before = client.publishedFor(target).length;
    let local = TextDocument.create(target, 'dockerfile', 1, initial);
    const sends: Promise<void>[] = [];
    for (let version = 2; version <= 1001; version++) {
      // Append a RUN, and every third edit remove the last line again: the text keeps changing shape.
      const lines = local.lineCount - 1;
      const change = version % 3 === 0 && lines > 1
        ? { range: { start: { line: lines - 1, character: 0 }, end: { line: lines, character: 0 } }, text: '' }
        : { range: { start: { line: lines, character: 0 }, end: { line: lines, character: 0 } }, text: `RUN apk add pkg${version}\n` };
      local = TextDocument.update(local, [change], version);
      sends.push(client.change(target, version, [change]));
    }
    await Promise.all(sends);
    // Responsive while it works through them.
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: target }, position: { line: 0, character: 1 } });
    assert.ok(hover === null || typeof hover === 'object');
    const last = await client.waitForDiagnostics(target, (params) => params.version === 1001, before);
    const expected = analyze(local.getText(), shell).findings.filter((finding) => finding.ruleId === APK_RULE).length;
    assert.equal(byCode(last.diagnostics, APK_RULE).length, expected, 'the diagnostics are those of the final text');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const versions = client.publishedFor(target).slice(before).map((params) => params.version ?? -1);
    assert.equal(versions.at(-1), 1001, 'nothing after the last version');
    assert.deepEqual([...versions].sort((a, b) => a - b), versions, 'never an older version after a newer one');
    assert.ok(versions.length < 100, `debounced: ${versions.length} publications for 1,000 edits`);
  });
});

describe('requests for documents the server does not have, and cancellation', () => {
  it('answers hover, code actions and commands for a closed or unknown document', async () => {
    const { uri: closed } = await openAndWait(client, APK);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: closed } });
    for (const target of [closed, 'file:///no/such/Dockerfile', 'not a uri at all']) {
      const position = { line: 1, character: 5 };
      assert.equal(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: target }, position }), null);
      const actions = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: target }, range: { start: position, end: position }, context: { diagnostics: [] } });
      assert.deepEqual(actions ?? [], []);
      for (const command of ['layerwise.server.fixAll', 'layerwise.server.mergeRunInstructions', 'layerwise.server.swapRuntimeBase', 'layerwise.server.convertToMultiStage']) {
        const before = client.appliedEdits.length;
        await client.connection.sendRequest(ExecuteCommandRequest.type, { command, arguments: [{ uri: target, version: 1 }] });
        assert.equal(client.appliedEdits.length, before, `${command} edits nothing for ${target}`);
      }
    }
  });

  it('answers a cancelled request (result or RequestCancelled) and keeps serving', async () => {
    const { uri: target } = await openAndWait(client, APK);
    const outcomes = await Promise.all(Array.from({ length: 20 }, async () => {
      const source = new CancellationTokenSource();
      const pending = client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: target }, position: { line: 1, character: 5 } }, source.token);
      source.cancel();
      try {
        const hover: Hover | null = await pending;
        return hover ? 'answered' : 'null';
      } catch (error) {
        assert.ok(error instanceof ResponseError && error.code === LSPErrorCodes.RequestCancelled, String(error));
        return 'cancelled';
      }
    }));
    assert.equal(outcomes.length, 20);
    await assertResponsive(client);
  });
});

describe('a rule that throws', () => {
  const throwing: Rule = {
    ...RULES.find((rule) => rule.meta.id === APK_RULE)!,
    meta: { ...RULES.find((rule) => rule.meta.id === APK_RULE)!.meta, id: 'always-throws' },
    check: () => {
      throw new Error('boom');
    },
  };

  it('is isolated by the engine: the other rules still report and the failure names it once', () => {
    const apk = RULES.find((rule) => rule.meta.id === APK_RULE)!;
    const analysis = analyze(APK, shell, { rules: [throwing, apk] });
    assert.equal(byRule(analysis.findings, APK_RULE), 1);
    assert.deepEqual(analysis.failures.map((failure) => failure.ruleId), ['always-throws']);
    assert.match(analysis.failures[0].error, /boom/);
  });

  it('computes lazy fixes only when read, once; a lazy fix that throws leaves no fix and a reported failure', () => {
    const apk = RULES.find((rule) => rule.meta.id === APK_RULE)!;
    let computed = 0;
    const lazy = (compute: () => Fix[], id: string): Rule => ({
      meta: { ...apk.meta, id },
      check: ({ model, report }) => report({ range: model.instructions[0].keywordRange, message: id, fixes: () => (computed++, compute()) }),
    });
    const fix: Fix = { title: 'Lowercase FROM', safety: 'unsafe', edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } }, newText: 'from' }] };
    const late: string[] = [];
    const analysis = analyze(APK, shell, {
      rules: [lazy(() => [fix], 'lazy-fix'), lazy(() => { throw new Error('late boom'); }, 'lazy-throws')],
      onLateFailure: (failure) => late.push(failure.ruleId),
    });
    assert.equal(computed, 0, 'nothing computed by the analysis itself');
    const [good, bad] = ['lazy-fix', 'lazy-throws'].map((id) => analysis.findings.find((finding) => finding.ruleId === id)!);
    assert.deepEqual(good.fixes, [fix]);
    assert.deepEqual(good.fixes, [fix]);
    assert.equal(computed, 1, 'computed once, on the first read');
    assert.deepEqual(bad.fixes, []);
    assert.deepEqual(bad.fixes, []);
    assert.deepEqual(late, ['lazy-throws'], 'reported once, when it happened');
    assert.deepEqual(analysis.failures.map((failure) => failure.ruleId), ['lazy-throws']);
    assert.match(analysis.failures[0].error, /late boom/);
  });

  it('is logged once by the server however many documents and versions hit it', async () => {
    const errors: string[] = [];
    const console = { error: (message: string) => errors.push(message), warn: () => undefined, info: () => undefined, log: () => undefined };
    const mutableRules = RULES as Rule[];
    mutableRules.push(throwing);
    try {
      const cache = new AnalysisCache({
        shellParser: Promise.resolve(shell),
        settings: { settingsFor: async () => ({ enable: true, rules: {} }) },
        configFiles: { layersFor: () => [], buildContextFor: () => ({}), report: () => undefined },
        console,
      } as unknown as ConstructorParameters<typeof AnalysisCache>[0]);
      for (const [name, version] of [['a', 1], ['a', 2], ['b', 1]] as const) {
        const result = await cache.analysisOf(TextDocument.create(`untitled:${name}`, 'dockerfile', version, `${APK}# v${version}\n`));
        assert.equal(result.kind, 'analysed');
        if (result.kind === 'analysed') assert.equal(byRule(result.analysis.findings, APK_RULE), 1, 'the other rules still report');
      }
      assert.equal(errors.length, 1, errors.join('\n'));
      assert.match(errors[0], /^Rule always-throws failed \(reported once\): .*boom/s);
    } finally {
      mutableRules.splice(mutableRules.indexOf(throwing), 1);
    }
  });
});

function byRule(findings: readonly { ruleId: string }[], id: string): number {
  return findings.filter((finding) => finding.ruleId === id).length;
}
