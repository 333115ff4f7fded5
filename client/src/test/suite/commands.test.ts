// The palette commands: registered, and each changes the document as its title says. Convert and
// swap take `{ runtime }` so the QuickPick is skipped (the browser smoke test drives the QuickPick).
import * as assert from 'node:assert/strict';
import { afterEach, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { closeAllEditors, openDockerfile, openExample, waitForCode, waitForNoCode, waitForText } from './helpers';

const GO_SINGLE_STAGE = [
  'FROM golang:1.24',
  'WORKDIR /src',
  'ENV CGO_ENABLED=0',
  'COPY . .',
  'RUN go build -trimpath -o /usr/local/bin/api ./cmd/api',
  'CMD ["api"]',
  '',
].join('\n');

const fromLines = (text: string) => text.split('\n').filter((line) => /^FROM\s/i.test(line));
const runCount = (text: string) => text.split('\n').filter((line) => /^RUN\s/i.test(line)).length;

describe('palette commands', () => {
  afterEach(closeAllEditors);

  it('registers every contributed command', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    for (const id of ['layerwise.convertToMultiStage', 'layerwise.swapRuntimeBase', 'layerwise.mergeRunInstructions', 'layerwise.fixAll', 'layerwise.showOutput']) {
      assert.ok(all.has(id), `${id} is registered`);
    }
  });

  it('Convert to Multi-Stage Build splits the example into a build and a runtime stage', async () => {
    const { document } = await openExample('python-big-image');
    await waitForCode(document.uri, 'multi-stage-candidate');
    await vscode.commands.executeCommand('layerwise.convertToMultiStage', { runtime: 'python:3.9-slim' });
    const text = await waitForText(document, 'two stages', (current) => fromLines(current).length === 2);
    const [build, runtime] = fromLines(text);
    assert.match(build, /^FROM python:3\.9-slim AS build$/);
    assert.equal(runtime, 'FROM python:3.9-slim');
    assert.match(text, /^COPY --from=build /m);
    await waitForNoCode(document.uri, 'multi-stage-candidate');
  });

  it('Convert to Multi-Stage Build uses the runtime it is given', async () => {
    const { document } = await openDockerfile('go-convert', GO_SINGLE_STAGE);
    await vscode.commands.executeCommand('layerwise.convertToMultiStage', { runtime: 'gcr.io/distroless/static-debian13:nonroot' });
    const text = await waitForText(document, 'two stages', (current) => fromLines(current).length === 2);
    assert.deepEqual(fromLines(text), ['FROM golang:1.24 AS build', 'FROM gcr.io/distroless/static-debian13:nonroot']);
    assert.match(text, /^COPY --from=build \/usr\/local\/bin\/api \/usr\/local\/bin\/api$/m);
    assert.match(text, /^CMD \["api"\]$/m);
  });

  it('Swap Runtime Base Image rewrites the final FROM', async () => {
    const { document } = await openExample('go-static-runtime');
    const before = fromLines(document.getText());
    await vscode.commands.executeCommand('layerwise.swapRuntimeBase', { runtime: 'gcr.io/distroless/static-debian13:nonroot' });
    const text = await waitForText(document, 'a new final FROM', (current) => fromLines(current).at(-1) !== before.at(-1));
    assert.match(fromLines(text).at(-1) ?? '', /^FROM gcr\.io\/distroless\/static-debian13:nonroot$/);
    assert.deepEqual(fromLines(text).slice(0, -1), before.slice(0, -1), 'the build stages are unchanged');
  });

  it('Merge RUN Instructions turns consecutive RUNs into one', async () => {
    const { document } = await openDockerfile('merge', [
      'FROM alpine:3.20',
      'RUN apk add --no-cache curl',
      'RUN mkdir -p /app',
      'RUN echo ready > /app/status',
      'CMD ["cat", "/app/status"]',
      '',
    ].join('\n'));
    await waitForCode(document.uri, 'consecutive-run');
    await vscode.commands.executeCommand('layerwise.mergeRunInstructions');
    const text = await waitForText(document, 'one RUN', (current) => runCount(current) === 1);
    for (const command of ['apk add --no-cache curl', 'mkdir -p /app', 'echo ready > /app/status']) assert.ok(text.includes(command), `keeps \`${command}\`:\n${text}`);
    assert.ok(text.indexOf('apk add') < text.indexOf('mkdir') && text.indexOf('mkdir') < text.indexOf('echo ready'), `keeps the order:\n${text}`);
    await waitForNoCode(document.uri, 'consecutive-run');
  });

  it('Fix All Safe Problems applies the safe fixes', async () => {
    const { document } = await openExample('alpine-python');
    await waitForCode(document.uri, 'pip-no-cache-dir');
    await vscode.commands.executeCommand('layerwise.fixAll');
    await waitForText(document, '`--no-cache-dir` added', (text) => text.includes('pip3 install --no-cache-dir -r requirements.txt'));
    await waitForNoCode(document.uri, 'pip-no-cache-dir');
  });
});
