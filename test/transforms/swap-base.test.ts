// Swap the runtime base: before → after fixtures (test/fixtures/transforms/swap-base/, first line
// `# swap: <reference>|first|debug`), every seed example, and fast-check properties over generated
// multi-stage Dockerfiles. UPDATE_SNAPSHOTS=1 rewrites the .after/.refused/.choices snapshots.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { DockerfileParser } from 'dockerfile-ast';
import fc from 'fast-check';
import { analyze, applyEdits, syntaxProblems, type ShellParser } from '../../server/src/core/index';
import { buildModel } from '../../server/src/core/model/build';
import { addDebugStage, runtimeChoices, swapBase } from '../../server/src/core/transforms/swap-base';
import type { TransformResult } from '../../server/src/core/transforms/types';
import { REPO_ROOT, testShellParser } from '../helpers/shell';
import { snapshot, UPDATE } from '../helpers/snapshot';
import { exampleDockerfiles } from '../helpers/examples';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'transforms', 'swap-base');

let shell: ShellParser;
before(async () => {
  shell = await testShellParser();
});

const instructionCount = (text: string): number => DockerfileParser.parse(text).getInstructions().length;
const keywords = (text: string): string[] => buildModel(text, shell).instructions.map((instruction) => instruction.keyword);

/** Checks the output of a transformation and returns it. */
function checkedOutput(text: string, result: TransformResult & { kind: 'edit' }): string {
  const after = applyEdits(text, result.edits);
  assert.ok(syntaxProblems(buildModel(after, shell)) <= syntaxProblems(buildModel(text, shell)), 'no new syntax problems');
  assert.ok(result.notes.length > 0, 'the notes say what was done');
  return after;
}

function runCase(text: string, directive: string): { result: TransformResult; after: string | null } {
  const model = buildModel(text, shell);
  let result: TransformResult;
  if (directive === 'debug') result = addDebugStage(model);
  else if (directive === 'first') {
    const [choice] = runtimeChoices(model);
    assert.ok(choice, 'there is a choice');
    result = swapBase(model, choice.reference);
  } else result = swapBase(model, directive);
  if (result.kind === 'refused') return { result, after: null };
  const after = checkedOutput(text, result);
  if (directive === 'debug') {
    assert.equal(keywords(after).at(-1), keywords(text).at(-1), 'production stays last');
    const again = addDebugStage(buildModel(after, shell));
    assert.equal(again.kind, 'refused');
    assert.match((again as { reason: string }).reason, /^Nothing to do/);
  } else {
    // Swapping replaces, never drops or adds, instructions.
    assert.deepEqual(keywords(after), keywords(text));
    assert.equal(instructionCount(after), instructionCount(text));
    const reference = directive === 'first' ? runtimeChoices(buildModel(text, shell))[0].reference : directive;
    const again = swapBase(buildModel(after, shell), reference);
    assert.equal(again.kind, 'refused', 'applying the same swap again changes nothing');
    assert.match((again as { reason: string }).reason, /^Nothing to do/);
  }
  return { result, after };
}

function renderChoices(text: string): string {
  return runtimeChoices(buildModel(text, shell)).map((choice) => `${choice.label}\n  ${choice.description}\n  ${choice.detail}\n`).join('');
}

describe('swap-base fixtures', () => {
  const cases = readdirSync(FIXTURES).filter((name) => name.endsWith('.Dockerfile') && !name.endsWith('.after.Dockerfile')).sort();
  it('cover every ecosystem, refusals and the debug stage', () => {
    assert.ok(cases.length >= 20);
    assert.ok(cases.some((name) => name.endsWith('-refused.Dockerfile')));
  });
  for (const name of cases) {
    it(name, () => {
      const text = readFileSync(join(FIXTURES, name), 'utf8');
      const directive = /^# swap: (\S+)/.exec(text)?.[1];
      assert.ok(directive, 'first line: # swap: <reference>|first|debug');
      const base = join(FIXTURES, name.slice(0, -'.Dockerfile'.length));
      const { result, after } = runCase(text, directive);
      snapshot(`${base}.after.Dockerfile`, after);
      snapshot(`${base}.refused`, result.kind === 'refused' ? `${result.reason}\n` : null);
      snapshot(`${base}.notes`, result.kind === 'edit' ? `${result.notes.join('\n')}\n` : null);
      assert.equal(result.kind === 'refused', name.includes('refused') || name === 'nothing-to-do.Dockerfile', `${name}: ${JSON.stringify(result)}`);
      if (directive !== 'debug') snapshot(`${base}.choices`, renderChoices(text));
    });
  }
});

describe('swap-base on the seed examples', () => {
  const folder = join(FIXTURES, 'examples');
  if (UPDATE) mkdirSync(folder, { recursive: true });
  for (const { name, text } of exampleDockerfiles()) {
    it(name, () => {
      snapshot(join(folder, `${name}.choices`), renderChoices(text));
      const hasChoice = runtimeChoices(buildModel(text, shell)).length > 0;
      const swapped = hasChoice ? runCase(text, 'first') : null;
      snapshot(join(folder, `${name}.after.Dockerfile`), swapped?.after ?? null);
      const debug = runCase(text, 'debug');
      snapshot(join(folder, `${name}.debug.Dockerfile`), debug.after);
      snapshot(join(folder, `${name}.debug.refused`), debug.result.kind === 'refused' ? `${debug.result.reason}\n` : null);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Properties over generated multi-stage Dockerfiles

interface Ecosystem { builder: string; build: string; finals: string[]; artifact: string; cmd: string[] }

const ECOSYSTEMS: Ecosystem[] = [
  { builder: 'python:3.12', build: 'RUN python -m venv /venv && /venv/bin/pip install flask', finals: ['python:3.12', 'python:3.12-slim'], artifact: '/venv', cmd: ['python', '/venv/app.py'] },
  { builder: 'python:3.13-slim', build: 'RUN pip install --prefix=/install flask', finals: ['python:3.13', 'gcr.io/distroless/python3-debian13', 'gcr.io/distroless/python3-debian12'], artifact: '/install', cmd: ['python3', 'app.py'] },
  { builder: 'node:22', build: 'RUN npm ci --omit=dev', finals: ['node:22', 'node:22-slim', 'gcr.io/distroless/nodejs22-debian13:nonroot'], artifact: '/app', cmd: ['node', '/app/server.js'] },
  { builder: 'node:24-alpine', build: 'RUN npm ci', finals: ['node:24', 'node:24-alpine'], artifact: '/app', cmd: ['node', 'index.js'] },
  { builder: 'golang:1.26', build: 'RUN CGO_ENABLED=0 go build -o /out/app .', finals: ['golang:1.26', 'debian:trixie-slim', 'alpine:3.22', 'gcr.io/distroless/base-debian13'], artifact: '/out/app', cmd: ['/app', '--serve'] },
  { builder: 'golang:1.26', build: 'RUN go build -o /out/app .', finals: ['debian:trixie', 'gcr.io/distroless/static-debian12'], artifact: '/out/app', cmd: ['/app'] },
  { builder: 'maven:3.9-eclipse-temurin-21', build: 'RUN mvn -q package', finals: ['eclipse-temurin:21', 'eclipse-temurin:21-jre', 'gcr.io/distroless/java21-debian13'], artifact: '/target/app.jar', cmd: ['java', '-jar', '/app.jar'] },
  { builder: 'rust:1.91', build: 'RUN cargo build --release', finals: ['rust:1.91', 'debian:trixie-slim'], artifact: '/target/release/app', cmd: ['/app'] },
  { builder: 'mcr.microsoft.com/dotnet/sdk:10.0', build: 'RUN dotnet publish -o /out', finals: ['mcr.microsoft.com/dotnet/aspnet:10.0', 'mcr.microsoft.com/dotnet/sdk:10.0'], artifact: '/out', cmd: ['dotnet', 'Api.dll'] },
];

const dockerfileArbitrary = fc.record({
  ecosystem: fc.constantFrom(...ECOSYSTEMS),
  finalIndex: fc.nat(),
  multiStage: fc.boolean(),
  cmdForm: fc.constantFrom('exec', 'shell', 'shell-exec', 'features', 'none'),
  runInFinal: fc.boolean(),
  user: fc.constantFrom(null, 'nonroot', '1000:1000', 'appuser'),
  healthcheck: fc.constantFrom(null, 'shell', 'exec'),
  extras: fc.subarray(['EXPOSE 8080', 'ENV APP_ENV=production', 'WORKDIR /srv', 'LABEL org.opencontainers.image.source=x']),
  finalName: fc.constantFrom(null, 'runtime', 'Prod'),
}).map((spec) => {
  const { ecosystem } = spec;
  const final = ecosystem.finals[spec.finalIndex % ecosystem.finals.length];
  const lines: string[] = [];
  if (spec.multiStage) lines.push(`FROM ${ecosystem.builder} AS build`, 'WORKDIR /src', 'COPY . .', ecosystem.build, '');
  lines.push(`FROM ${final}${spec.finalName ? ` AS ${spec.finalName}` : ''}`);
  lines.push(...spec.extras);
  if (spec.multiStage) lines.push(`COPY --from=build ${ecosystem.artifact} /app`);
  else lines.push('COPY . /app');
  if (spec.runInFinal) lines.push('RUN echo ready > /ready');
  if (spec.user) lines.push(`USER ${spec.user}`);
  if (spec.healthcheck === 'shell') lines.push('HEALTHCHECK CMD wget -qO- localhost:8080 || exit 1');
  if (spec.healthcheck === 'exec') lines.push('HEALTHCHECK CMD ["/app", "health"]');
  const argv = ecosystem.cmd;
  if (spec.cmdForm === 'exec') lines.push(`CMD ${JSON.stringify(argv)}`);
  if (spec.cmdForm === 'shell') lines.push(`CMD ${argv.join(' ')}`);
  if (spec.cmdForm === 'shell-exec') lines.push(`CMD exec ${argv.join(' ')}`);
  if (spec.cmdForm === 'features') lines.push(`CMD ${argv.join(' ')} --port $PORT`);
  return `${lines.join('\n')}\n`;
});

describe('swap-base properties', () => {
  it('every offered choice applies, re-parses, keeps every instruction and is idempotent', () => {
    fc.assert(fc.property(dockerfileArbitrary, (text) => {
      const model = buildModel(text, shell);
      const choices = runtimeChoices(model);
      for (const choice of choices) {
        const result = swapBase(model, choice.reference);
        assert.equal(result.kind, 'edit', `${choice.reference} is offered, so it applies:\n${text}\n${JSON.stringify(result)}`);
        if (result.kind !== 'edit') continue;
        const after = checkedOutput(text, result);
        assert.equal(instructionCount(after), instructionCount(text));
        assert.deepEqual(keywords(after), keywords(text));
        const again = swapBase(buildModel(after, shell), choice.reference);
        assert.equal(again.kind, 'refused');
        // A shell-less result never keeps something that needs a shell.
        if (/no shell/.test(choice.detail)) {
          const swapped = buildModel(after, shell);
          const final = swapped.finalStage!;
          for (const instruction of final.instructions) {
            assert.notEqual(instruction.keyword, 'RUN', after);
            if (instruction.keyword === 'CMD' || instruction.keyword === 'ENTRYPOINT') assert.ok(instruction.execForm, after);
          }
        }
      }
    }), { numRuns: 100 });
  });

  it('heavy-base-image no longer fires after its first fix, and every fix re-parses', () => {
    fc.assert(fc.property(dockerfileArbitrary, (text) => {
      const { findings } = analyze(text, shell, { only: ['heavy-base-image'] });
      for (const finding of findings) {
        assert.ok(finding.fixes.length > 0);
        for (const fix of finding.fixes) {
          const after = applyEdits(text, fix.edits);
          assert.equal(instructionCount(after), instructionCount(text));
        }
        const fixed = applyEdits(text, finding.fixes[0].edits);
        assert.deepEqual(analyze(fixed, shell, { only: ['heavy-base-image'] }).findings.map((f) => f.message), [], fixed);
      }
    }), { numRuns: 100 });
  });

  it('the debug stage keeps production last and is added once', () => {
    fc.assert(fc.property(dockerfileArbitrary, (text) => {
      const result = addDebugStage(buildModel(text, shell));
      if (result.kind === 'refused') return;
      const after = checkedOutput(text, result);
      const model = buildModel(after, shell);
      assert.equal(model.stages.length, buildModel(text, shell).stages.length + 1);
      assert.equal(model.finalStage!.from.argsText, buildModel(text, shell).finalStage!.from.argsText);
      assert.equal(addDebugStage(model).kind, 'refused');
    }), { numRuns: 100 });
  });
});
