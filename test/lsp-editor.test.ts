// The editor experience over LSP (`node dist/server.js --stdio`): image facts on hover, the size
// code lens, the settings that shape swap/convert/fixes, fix on save, related locations and tags.
// Figures come from the offline image table, so expectations read it instead of repeating numbers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CodeActionRequest, CodeLensRequest, DiagnosticSeverity, DiagnosticTag, ExecuteCommandRequest, HoverRequest,
  type CodeAction, type CodeLens, type Diagnostic, type Hover, type MarkupContent, type Position,
} from 'vscode-languageserver-protocol/node';
import { formatSize, imageFactsOf, type ImageFacts } from '../server/src/core/data/images';
import { fixText, type ShellParser } from '../server/src/core/index';
import { applyWorkspaceEdit, byCode, LspTestClient, waitUntil } from './helpers/lsp';
import { testShellParser } from './helpers/shell';

const PYTHON_APP = 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nCMD ["python", "app.py"]\n';
const GO_SINGLE_STAGE = 'FROM golang:1.24\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\nCMD ["/app"]\n';
const ESTIMATE = '(estimate from base image sizes, not a build)';

let shell: ShellParser;
let nextDocument = 0;

function facts(reference: string): ImageFacts {
  const found = imageFactsOf(reference);
  assert.ok(found, `the image table knows ${reference}`);
  return found;
}

/** A client with its own settings, so that changing them does not disturb other suites. */
async function startClient(settings: Record<string, unknown> = {}): Promise<LspTestClient> {
  const { client } = await LspTestClient.start({ initializationOptions: { trusted: true }, settings });
  return client;
}

async function openAndWait(client: LspTestClient, text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
  const uri = `untitled:Dockerfile-editor-${++nextDocument}`;
  await client.open(uri, text);
  const published = await client.waitForDiagnostics(uri, (params) => params.version === 1);
  return { uri, diagnostics: published.diagnostics };
}

async function hover(client: LspTestClient, uri: string, position: Position): Promise<{ markdown: string; hover: Hover } | null> {
  const answer = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
  if (!answer) return null;
  assert.equal((answer.contents as MarkupContent).kind, 'markdown');
  return { markdown: (answer.contents as MarkupContent).value, hover: answer };
}

async function lenses(client: LspTestClient, uri: string): Promise<CodeLens[]> {
  return (await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) ?? [];
}

async function choicesOf(client: LspTestClient, command: string, uri: string): Promise<string[]> {
  const answer = await client.connection.sendRequest(ExecuteCommandRequest.type, { command, arguments: [{ uri, version: 1 }] }) as { choices: { reference: string }[] };
  return answer.choices.map((choice) => choice.reference);
}

/** Changes the settings and waits until the document's diagnostics are published again. */
async function changeSettingsAndWait(client: LspTestClient, uri: string, settings: Record<string, unknown>, accept: (diagnostics: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
  const seen = client.publishedFor(uri).length;
  await client.changeSettings(settings);
  return (await client.waitForDiagnostics(uri, (params) => accept(params.diagnostics), seen)).diagnostics;
}

before(async () => {
  shell = await testShellParser();
});

describe('hover on a base image', () => {
  let client: LspTestClient;
  before(async () => (client = await startClient()));
  after(async () => client.stop());

  it('describes the FROM image: size with date and source, shell, package manager, libc, runtime, end of life, alternatives', async () => {
    const { uri } = await openAndWait(client, PYTHON_APP);
    const result = await hover(client, uri, { line: 0, character: 8 });
    assert.ok(result);
    const python = facts('python:3.12');
    const slim = facts('python:3.12-slim');
    for (const part of [
      '**`python:3.12`** — Python 3.12 runtime, official image',
      `Size: ${formatSize(python.compressedMB)} compressed, linux/amd64 (${python.sizeSource}, ${python.sizeDate})`,
      'Shell: yes · package manager: `apt`',
      'libc: glibc',
      'Runtime: Python 3.12',
      'Default user: root',
      `End of life: ends ${python.endOfLife!.date}`,
      'Slimmer alternatives:',
      `- \`python:3.12-slim\` ${formatSize(slim.compressedMB)} (saves ≈ ${python.compressedMB - slim.compressedMB} MB vs python:3.12)`,
      'Sizes are estimates from base image data, not from a build',
    ]) assert.ok(result.markdown.includes(part), `${part}\n---\n${result.markdown}`);
    assert.deepEqual(result.hover.range, { start: { line: 0, character: 5 }, end: { line: 0, character: 16 } });
  });

  it('shows the image facts and the findings on the same range together', async () => {
    const { uri, diagnostics } = await openAndWait(client, PYTHON_APP);
    assert.equal(byCode(diagnostics, 'heavy-base-image').length, 1, 'a finding on the image word');
    const result = await hover(client, uri, { line: 0, character: 8 });
    assert.ok(result);
    const sections = result.markdown.split('\n\n---\n\n');
    assert.ok(sections[0].startsWith('**`python:3.12`**'), 'the image first');
    assert.ok(sections.some((section) => section.includes('(`heavy-base-image`)')), 'the rule explanation too');
  });

  it('describes an image named by `COPY --from`, with its end of life, and not a stage name', async () => {
    const text = 'FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go build -o /app .\nFROM gcr.io/distroless/static-debian13:nonroot\nCOPY --from=build /app /app\nCOPY --from=golang:1.22 /usr/local/go/lib/time/zoneinfo.zip /zoneinfo.zip\nCMD ["/app"]\n';
    const { uri } = await openAndWait(client, text);
    const copied = await hover(client, uri, { line: 4, character: 16 });
    assert.ok(copied);
    const golang = facts('golang:1.22');
    assert.ok(copied.markdown.startsWith('**`golang:1.22`** — Go 1.22 toolchain, official image'), copied.markdown);
    assert.ok(copied.markdown.includes(`End of life: ended ${golang.endOfLife!.date}; successor \`${golang.endOfLife!.successor}\``), copied.markdown);
    assert.ok(!copied.markdown.includes('alternatives'), 'files copied out of an image: no alternatives');
    assert.deepEqual(copied.hover.range, { start: { line: 4, character: 12 }, end: { line: 4, character: 23 } });
    const stage = await hover(client, uri, { line: 3, character: 14 });
    assert.ok(stage === null || !stage.markdown.includes('compressed'), 'a stage name is not an image');
    const builder = await hover(client, uri, { line: 0, character: 8 });
    assert.ok(builder?.markdown.includes('Runtime bases to ship its output on (multi-stage):'), builder?.markdown);
    const distroless = await hover(client, uri, { line: 2, character: 10 });
    assert.ok(distroless?.markdown.includes('Shell: no · package manager: none'), distroless?.markdown);
    assert.ok(distroless?.markdown.includes('Default user: non-root'));
  });

  it('answers nothing away from images and findings', async () => {
    const { uri } = await openAndWait(client, 'FROM debian:13-slim AS build\nWORKDIR /src\n');
    assert.equal(await hover(client, uri, { line: 1, character: 3 }), null);
    const keyword = await hover(client, uri, { line: 0, character: 1 });
    assert.ok(keyword === null || !keyword.markdown.includes('compressed'), 'the FROM keyword is not the image');
  });
});

describe('size estimate code lens', () => {
  let client: LspTestClient;
  before(async () => (client = await startClient()));
  after(async () => client.stop());

  it('puts the estimate over the final FROM, opening the swap', async () => {
    const text = `FROM python:3.12 AS build\nRUN pip wheel -w /wheels flask\n${PYTHON_APP}`;
    const { uri } = await openAndWait(client, text);
    const [lens, ...others] = await lenses(client, uri);
    assert.equal(others.length, 0);
    const python = facts('python:3.12');
    const slim = facts('python:3.12-slim');
    assert.equal(lens.command?.title, `final image ${formatSize(python.compressedMB)} → ${formatSize(slim.compressedMB)} with slim ${ESTIMATE}`);
    assert.equal(lens.command?.command, 'layerwise.swapRuntimeBase');
    assert.equal(lens.range.start.line, 2, 'the final FROM, not the builder');
  });

  it('opens the conversion for a single-stage build on a toolchain', async () => {
    const { uri } = await openAndWait(client, GO_SINGLE_STAGE);
    const [lens] = await lenses(client, uri);
    const golang = facts('golang:1.24');
    const target = facts('gcr.io/distroless/static-debian13:nonroot');
    assert.equal(lens.command?.title, `final image ${formatSize(golang.compressedMB)} → ${formatSize(target.compressedMB)} with distroless in a multi-stage build ${ESTIMATE}`);
    assert.equal(lens.command?.command, 'layerwise.convertToMultiStage');
    assert.equal(lens.range.start.line, 0);
  });

  it('states the figure alone when nothing smaller fits, and follows the settings without a reload', async () => {
    const { uri } = await openAndWait(client, 'FROM gcr.io/distroless/static-debian13:nonroot\nCOPY app /app\nCMD ["/app"]\n');
    const [lens] = await lenses(client, uri);
    assert.equal(lens.command?.title, `final image ${formatSize(facts('gcr.io/distroless/static-debian13:nonroot').compressedMB)} ${ESTIMATE}`);
    assert.equal(lens.command?.command, '', 'not clickable');

    const python = (await openAndWait(client, PYTHON_APP)).uri;
    // Notifications and requests are handled in order: the next request sees the new settings.
    await client.changeSettings({ runtime: { preferredFamily: 'alpine' } });
    const [preferred] = await lenses(client, python);
    assert.match(preferred.command?.title ?? '', / with alpine \(estimate/);
    await client.changeSettings({ codeLens: { enable: false } });
    assert.deepEqual(await lenses(client, python), []);
    await client.changeSettings({});
    assert.equal((await lenses(client, python)).length, 1);
  });
});

describe('settings that shape swap, convert and fixes', () => {
  let client: LspTestClient;
  before(async () => (client = await startClient()));
  after(async () => client.stop());

  it('orders the swap and convert choices by `layerwise.runtime.preferredFamily`', async () => {
    const python = (await openAndWait(client, PYTHON_APP)).uri;
    const go = (await openAndWait(client, GO_SINGLE_STAGE)).uri;
    const swapDefault = await choicesOf(client, 'layerwise.server.swapRuntimeBase', python);
    const convertDefault = await choicesOf(client, 'layerwise.server.convertToMultiStage', go);
    assert.equal(swapDefault[0], 'python:3.12-slim');
    assert.equal(convertDefault[0], 'gcr.io/distroless/static-debian13:nonroot');

    await client.changeSettings({ runtime: { preferredFamily: 'alpine' } });
    const swapAlpine = await choicesOf(client, 'layerwise.server.swapRuntimeBase', python);
    assert.equal(swapAlpine[0], 'python:3.12-alpine');
    assert.deepEqual([...swapAlpine].sort(), [...swapDefault].sort(), 'the same choices, reordered');
    assert.equal((await choicesOf(client, 'layerwise.server.convertToMultiStage', go))[0], 'alpine:3.22');

    await client.changeSettings({ runtime: { preferredFamily: 'chainguard' } });
    assert.equal((await choicesOf(client, 'layerwise.server.convertToMultiStage', go))[0], 'cgr.dev/chainguard/static:latest');

    await client.changeSettings({ runtime: { preferredFamily: 'bogus' } });
    assert.deepEqual(await choicesOf(client, 'layerwise.server.swapRuntimeBase', python), swapDefault);
    await waitUntil(() => client.logs.find((log) => log.message.includes('`layerwise.runtime.preferredFamily` is `bogus`')), 'a warning for a bad value');
    await client.changeSettings({});
  });

  it('writes `layerwise.runtime.defaultUser` in the converted runtime stage', async () => {
    const { uri } = await openAndWait(client, GO_SINGLE_STAGE);
    const convert = async (runtime: string): Promise<string> => {
      const answer = await client.connection.sendRequest(ExecuteCommandRequest.type, {
        command: 'layerwise.server.convertToMultiStage', arguments: [{ uri, version: 1, runtime }],
      }) as { applied: boolean; notes: string[] };
      assert.equal(answer.applied, true);
      return applyWorkspaceEdit(GO_SINGLE_STAGE, uri, client.appliedEdits.at(-1)!.edit);
    };
    assert.match(await convert('gcr.io/distroless/static-debian13:nonroot'), /\nUSER nonroot:nonroot\n/);
    await client.changeSettings({ runtime: { defaultUser: '10001:10001' } });
    const converted = await convert('gcr.io/distroless/static-debian13:nonroot');
    assert.match(converted, /\nUSER 10001:10001\nCMD \["\/app"\]\n$/);
    assert.doesNotMatch(converted, /nonroot:nonroot/);
    await client.changeSettings({});
  });

  it('puts the `heavy-base-image` fix of `layerwise.runtime.preferredFamily` first', async () => {
    const { uri, diagnostics } = await openAndWait(client, PYTHON_APP);
    const firstFix = async (found: Diagnostic[]): Promise<string> => {
      const [heavy] = byCode(found, 'heavy-base-image');
      assert.ok(heavy, 'heavy-base-image is reported');
      const actions = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: heavy.range, context: { diagnostics: [heavy] } }) as CodeAction[];
      const fixes = actions.filter((action) => action.title.startsWith('Use `'));
      assert.ok(fixes.length >= 2, actions.map((action) => action.title).join('\n'));
      return fixes[0].title;
    };
    assert.match(await firstFix(diagnostics), /^Use `python:3\.12-slim`/);
    const alpine = await changeSettingsAndWait(client, uri, { runtime: { preferredFamily: 'alpine' } }, (found) => byCode(found, 'heavy-base-image').some((d) => String(d.message).includes('python:3.12-alpine')));
    assert.match(await firstFix(alpine), /^Use `python:3\.12-alpine`/);
    await client.changeSettings({});
  });

  it('offers the root-user fix with `layerwise.runtime.defaultUser` where that user works', async () => {
    const text = 'FROM debian:13-slim\nCOPY app /usr/local/bin/app\nCMD ["app"]\n';
    const { uri, diagnostics } = await openAndWait(client, text);
    const titles = async (found: Diagnostic[]): Promise<string[]> => {
      const [rootUser] = byCode(found, 'root-user');
      assert.ok(rootUser, 'root-user is reported');
      const actions = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: rootUser.range, context: { diagnostics: [rootUser] } }) as CodeAction[];
      return actions.map((action) => action.title);
    };
    assert.ok(!(await titles(diagnostics)).some((title) => title.startsWith('Add `USER')), 'debian has no known non-root user');
    const numeric = await changeSettingsAndWait(client, uri, { runtime: { defaultUser: '10001:10001' } }, (found) => byCode(found, 'root-user').length === 1);
    const offered = await titles(numeric);
    assert.ok(offered.includes('Add `USER 10001:10001` (unsafe: files the build created stay owned by root and may not be writable)'), offered.join('\n'));
    // A name the image does not have would break the container: not offered.
    const named = await changeSettingsAndWait(client, uri, { runtime: { defaultUser: 'app' } }, (found) => byCode(found, 'root-user').length === 1);
    assert.ok(!(await titles(named)).some((title) => title.startsWith('Add `USER')));
    await client.changeSettings({});
  });

  it('reports size rules in builder stages as hints with `layerwise.builderStages: report`, without a reload', async () => {
    const text = 'FROM debian:13 AS build\nRUN apt-get update && apt-get install -y --no-install-recommends gcc\nFROM gcr.io/distroless/base-debian13:nonroot\nCOPY --from=build /usr/bin/gcc /gcc\nCMD ["/gcc"]\n';
    const { uri, diagnostics } = await openAndWait(client, text);
    assert.deepEqual(byCode(diagnostics, 'apt-lists-not-cleaned'), [], 'quiet by default: the builder does not ship');
    const reported = await changeSettingsAndWait(client, uri, { builderStages: 'report' }, (found) => byCode(found, 'apt-lists-not-cleaned').length > 0);
    const [finding] = byCode(reported, 'apt-lists-not-cleaned');
    assert.equal(finding.severity, DiagnosticSeverity.Hint);
    assert.equal(finding.range.start.line, 1);
    const quiet = await changeSettingsAndWait(client, uri, { builderStages: 'quiet' }, (found) => byCode(found, 'apt-lists-not-cleaned').length === 0);
    assert.deepEqual(byCode(quiet, 'apt-lists-not-cleaned'), []);
    await client.changeSettings({});
  });
});

describe('fix on save and diagnostic polish', () => {
  let client: LspTestClient;
  before(async () => (client = await startClient({ runtime: { defaultUser: '10001:10001' } })));
  after(async () => client.stop());

  it('answers `source.fixAll` (editor.codeActionsOnSave) with the safe fixes only', async () => {
    const text = 'FROM debian:13-slim\nRUN apt-get update && apt-get install -y curl\nCMD ["curl"]\n';
    const { uri, diagnostics } = await openAndWait(client, text);
    assert.ok(byCode(diagnostics, 'root-user').length === 1, 'an unsafe-only fix is on offer');
    const actions = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll'] },
    }) as CodeAction[];
    assert.deepEqual(actions.map((action) => action.kind), ['source.fixAll.layerwise']);
    const fixed = applyWorkspaceEdit(text, uri, actions[0].edit!);
    assert.equal(fixed, fixText(text, shell, { safety: 'safe' }).text);
    assert.match(fixed, /rm -rf \/var\/lib\/apt\/lists/);
    assert.doesNotMatch(fixed, /USER/, 'the unsafe USER fix is not applied on save');
  });

  it('links a `--from` problem to the stage it names', async () => {
    const text = 'FROM alpine:3.22\nCOPY --from=assets /dist /srv\nFROM alpine:3.22 AS assets\nRUN touch /dist\n';
    const { diagnostics } = await openAndWait(client, text);
    const [forward] = byCode(diagnostics, 'copy-from-unknown-stage');
    assert.ok(forward);
    assert.deepEqual(forward.relatedInformation?.map((related) => [related.location.range.start, related.message]), [
      [{ line: 2, character: 20 }, 'Stage `assets` is defined here, after the copy'],
    ]);
  });

  it('marks code that does nothing as unnecessary', async () => {
    const text = 'FROM debian:13-slim\nRUN ps aux && \\\n\n    echo done\n';
    const { diagnostics } = await openAndWait(client, text);
    const [ps] = byCode(diagnostics, 'pointless-command');
    const [blank] = byCode(diagnostics, 'empty-continuation-line');
    assert.deepEqual(ps?.tags, [DiagnosticTag.Unnecessary]);
    assert.deepEqual(blank?.tags, [DiagnosticTag.Unnecessary]);
  });
});
