// Convert to multi-stage: before → after fixtures per ecosystem (test/fixtures/transforms/multi-stage/,
// an optional first line `# runtime: <reference>` picks the runtime, `*-refused` cases must refuse),
// the seed examples, and fast-check properties over generated single-stage Dockerfiles.
// UPDATE_SNAPSHOTS=1 rewrites the .after.Dockerfile/.refused/.notes/.choices snapshots.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { DockerfileParser } from 'dockerfile-ast';
import fc from 'fast-check';
import { analyze, applyEdits, syntaxProblems, type ShellParser } from '../../server/src/core/index';
import { buildModel } from '../../server/src/core/model/build';
import { ALREADY_MULTI_STAGE, convertToMultiStage, multiStageChoices } from '../../server/src/core/transforms/multi-stage';
import type { TransformResult } from '../../server/src/core/transforms/types';
import { REPO_ROOT, testShellParser } from '../helpers/shell';
import { snapshot, UPDATE } from '../helpers/snapshot';
import { exampleDockerfiles } from '../helpers/examples';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'transforms', 'multi-stage');

let shell: ShellParser;
before(async () => {
  shell = await testShellParser();
});

const KEYWORD_LINE = /^\s*(ADD|ARG|CMD|COPY|ENTRYPOINT|ENV|EXPOSE|FROM|HEALTHCHECK|LABEL|MAINTAINER|ONBUILD|RUN|SHELL|STOPSIGNAL|USER|VOLUME|WORKDIR)\b/i;

/** Lines that start an instruction: not comments, not continuation lines, not heredoc bodies. */
function instructionLines(text: string): number {
  let count = 0;
  let continued = false;
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (!continued && KEYWORD_LINE.test(line)) count++;
    if (trimmed.startsWith('#') && continued) continue;
    continued = trimmed.endsWith('\\') || (continued && trimmed === '');
  }
  return count;
}

/** The checks every successful conversion must pass; returns the converted text. */
function checkConversion(text: string, result: TransformResult & { kind: 'edit' }): string {
  assert.equal(result.edits.length, 1, 'one edit: one undo step');
  const after = applyEdits(text, result.edits);
  const before = buildModel(text, shell);
  const model = buildModel(after, shell);
  assert.ok(syntaxProblems(model) <= syntaxProblems(before), 'no new syntax problems');
  // dockerfile-ast reads exactly the instructions written: none swallowed by another line.
  assert.equal(DockerfileParser.parse(after).getInstructions().length, instructionLines(after), after);
  assert.equal(model.stages.length, 2, 'a build stage and a runtime stage');
  const [build, runtime] = model.stages;
  assert.ok(build.name !== null && runtime.instructions.some((instruction) => instruction.flags.some((flag) => flag.name === 'from' && flag.value === build.name)), 'the runtime copies from the build stage');
  assert.ok(runtime.instructions.every((instruction) => !['RUN', 'ADD'].includes(instruction.keyword)), 'the runtime stage runs nothing');
  // No instruction is silently dropped: its text is still there, or a note says what became of it.
  for (const instruction of before.instructions) {
    const written = text.slice(instruction.start, instruction.end);
    const mentioned = result.notes.some((note) => note.includes(`${instruction.keyword} ${instruction.argsText.trim()}`) || note.includes(`\`${instruction.args[0]?.value.split('=')[0]}\``));
    assert.ok(after.includes(written) || mentioned, `\`${written}\` is kept, moved or explained:\n${after}\n${result.notes.join('\n')}`);
  }
  // Idempotent: the result is multi-stage, so converting again refuses.
  assert.deepEqual(convertToMultiStage(model), { kind: 'refused', reason: ALREADY_MULTI_STAGE });
  // The motivating rule no longer fires.
  assert.deepEqual(analyze(after, shell, { only: ['multi-stage-candidate'] }).findings.map((finding) => finding.message), []);
  return after;
}

function runCase(text: string, runtime: string | undefined): { result: TransformResult; after: string | null } {
  const result = convertToMultiStage(buildModel(text, shell), runtime);
  if (result.kind === 'refused') return { result, after: null };
  return { result, after: checkConversion(text, result) };
}

function renderChoices(text: string): string {
  return multiStageChoices(buildModel(text, shell)).map((choice) => `${choice.label}\n  ${choice.description}\n  ${choice.detail}\n`).join('');
}

function snapshotCase(base: string, text: string, runtime: string | undefined): TransformResult {
  const { result, after } = runCase(text, runtime);
  snapshot(`${base}.after.Dockerfile`, after);
  snapshot(`${base}.refused`, result.kind === 'refused' ? `${result.reason}\n` : null);
  snapshot(`${base}.notes`, result.kind === 'edit' ? `${result.notes.join('\n')}\n` : null);
  snapshot(`${base}.choices`, result.kind === 'edit' || multiStageChoices(buildModel(text, shell)).length > 0 ? renderChoices(text) : null);
  return result;
}

describe('multi-stage fixtures', () => {
  const cases = readdirSync(FIXTURES).filter((name) => name.endsWith('.Dockerfile') && !name.endsWith('.after.Dockerfile')).sort();
  it('cover every ecosystem and refusals', () => {
    for (const prefix of ['go', 'rust', 'node-npm', 'node-yarn', 'node-pnpm', 'python-pip', 'python-poetry', 'python-uv', 'java-maven', 'java-gradle', 'dotnet', 'cpp']) {
      assert.ok(cases.some((name) => name.startsWith(prefix)), prefix);
    }
    assert.ok(cases.filter((name) => name.endsWith('-refused.Dockerfile')).length >= 4);
  });
  for (const name of cases) {
    it(name, () => {
      const text = readFileSync(join(FIXTURES, name), 'utf8');
      const runtime = /^# runtime: (\S+)/.exec(text)?.[1];
      const result = snapshotCase(join(FIXTURES, name.slice(0, -'.Dockerfile'.length)), text, runtime);
      assert.equal(result.kind === 'refused', name.endsWith('-refused.Dockerfile'), `${name}: ${JSON.stringify(result)}`);
      if (result.kind === 'edit' && runtime === undefined) {
        // The default is the first choice offered, and every choice offered converts.
        const choices = multiStageChoices(buildModel(text, shell));
        assert.ok(choices.length > 0);
        for (const choice of choices) assert.equal(runCase(text, choice.reference).result.kind, 'edit', choice.reference);
        assert.match(result.notes[1], new RegExp(`^Runtime base \`${choices[0].reference.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\``));
      }
    });
  }
});

describe('multi-stage specifics', () => {
  const convert = (text: string, runtime?: string): TransformResult => convertToMultiStage(buildModel(text, shell), runtime);
  const reason = (result: TransformResult): string => (result.kind === 'refused' ? result.reason : `converted:\n${JSON.stringify(result)}`);

  it('refuses an already multi-stage file, an empty one and a runtime-only base', () => {
    assert.equal(reason(convert('FROM golang:1.24 AS b\nRUN go build -o /a .\nFROM scratch\nCOPY --from=b /a /a\n')), ALREADY_MULTI_STAGE);
    assert.match(reason(convert('# nothing\n')), /no FROM/);
    assert.match(reason(convert('FROM gcr.io/distroless/static-debian13\nCOPY app /app\nCMD ["/app"]\n')), /already built on a minimal runtime base/);
  });

  it('says what is missing instead of guessing the artifact', () => {
    assert.match(reason(convert('FROM golang:1.24\nWORKDIR /src\nCOPY . .\nRUN go build .\nCMD ["app"]\n')), /cannot tell where `go build` puts the binary; add `-o/);
    assert.match(reason(convert('FROM rust:1.83\nWORKDIR /src\nCOPY . .\nRUN cargo build --release\nCMD ["app"]\n')), /cannot tell the name of the binary `cargo build` writes to `\/src\/target\/release`/);
    assert.match(reason(convert('FROM gcc:14\nWORKDIR /src\nCOPY . .\nRUN make\nCMD ["app"]\n')), /cannot tell where `make` puts the binary/);
    assert.match(reason(convert('FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -c Release\nCMD ["dotnet", "App.dll"]\n')), /add `-o \/app\/publish`/);
    assert.match(reason(convert('FROM maven:3.9-eclipse-temurin-21\nWORKDIR /app\nCOPY . .\nRUN mvn package\nCMD ["java", "-cp", "target/classes", "App"]\n')), /does not run `java -jar <file>`/);
    assert.match(reason(convert('FROM python:3.12\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n')), /cannot tell where the app's files are copied: set a `WORKDIR`/);
    assert.match(reason(convert('FROM python:3.12\nCOPY . /\nRUN pip install -r /requirements.txt\nCMD ["python", "/app.py"]\n')), /copied into `\/`; set a `WORKDIR`/);
    assert.match(reason(convert('FROM golang:1.24\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n')), /no CMD or ENTRYPOINT/);
  });

  it('moves the dependency install before the sources only with standard manifest names', () => {
    const go = convert('FROM golang:1.24\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\nCMD ["/app"]\n');
    assert.equal(go.kind, 'edit');
    assert.match(applyEdits('FROM golang:1.24\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\nCMD ["/app"]\n', (go as TransformResult & { kind: 'edit' }).edits), /COPY go\.mod go\.sum\* \.\/\nRUN go mod download\nCOPY \. \.\n/);
    // A RUN that builds as well as installs needs the sources: left in place.
    const node = 'FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD ["node", "dist/index.js"]\n';
    const converted = convert(node);
    assert.equal(converted.kind, 'edit');
    assert.doesNotMatch(applyEdits(node, (converted as TransformResult & { kind: 'edit' }).edits), /package\*\.json/);
  });

  it('picks a runtime with a shell when the start command needs one', () => {
    const text = 'FROM golang:1.24\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /usr/local/bin/app .\nCMD app --port "$PORT"\n';
    const choices = multiStageChoices(buildModel(text, shell));
    assert.deepEqual(choices.map((choice) => choice.reference), ['alpine:3.22']);
    assert.match(reason(convert(text, 'gcr.io/distroless/static-debian13:nonroot')), /^`gcr\.io\/distroless\/static-debian13:nonroot` has no shell, but `CMD` on line 5 uses shell features/);
  });

  it('keeps CRLF line endings', () => {
    const text = 'FROM golang:1.24\r\nWORKDIR /src\r\nCOPY . .\r\nRUN CGO_ENABLED=0 go build -o /app .\r\nEXPOSE 80\r\nCMD ["/app"]\r\n';
    const result = convert(text);
    assert.equal(result.kind, 'edit');
    const after = checkConversion(text, result as TransformResult & { kind: 'edit' });
    assert.doesNotMatch(after, /[^\r]\n/);
  });
});

describe('multi-stage on the seed examples', () => {
  const folder = join(FIXTURES, 'examples');
  if (UPDATE) mkdirSync(folder, { recursive: true });
  for (const { name, text } of exampleDockerfiles()) {
    it(name, () => {
      const result = snapshotCase(join(folder, name), text, undefined);
      if (buildModel(text, shell).stages.length > 1) assert.deepEqual(result, { kind: 'refused', reason: ALREADY_MULTI_STAGE });
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Properties over generated single-stage Dockerfiles

interface Template {
  image: string;
  /** Build lines; `{copy}` marks where the sources are copied. */
  build: string[];
  start: string[];
}

const TEMPLATES: Template[] = [
  { image: 'golang:1.24', build: ['{copy}', 'RUN CGO_ENABLED=0 go build -o /usr/local/bin/app ./cmd/app'], start: ['app', '--serve'] },
  { image: 'golang:1.23-alpine', build: ['{copy}', 'RUN go build -o /out/app .'], start: ['/out/app'] },
  { image: 'rust:1.83', build: ['{copy}', 'RUN cargo build --release --bin app'], start: ['./target/release/app'] },
  { image: 'node:22', build: ['{copy}', 'RUN npm ci', 'RUN npm run build'], start: ['node', 'dist/server.js'] },
  { image: 'node:20-alpine', build: ['COPY package.json yarn.lock ./', 'RUN yarn install --frozen-lockfile', '{copy}'], start: ['yarn', 'start'] },
  { image: 'python:3.13-slim', build: ['{copy}', 'RUN pip install --no-cache-dir -r requirements.txt'], start: ['python', 'app.py'] },
  { image: 'python:3.12', build: ['RUN pip install poetry', 'COPY pyproject.toml poetry.lock ./', 'RUN poetry install --no-root', '{copy}'], start: ['gunicorn', 'app:app'] },
  { image: 'maven:3.9-eclipse-temurin-21', build: ['COPY pom.xml .', 'RUN mvn -B dependency:go-offline', '{copy}', 'RUN mvn -B package'], start: ['java', '-jar', 'target/app.jar'] },
  { image: 'mcr.microsoft.com/dotnet/sdk:8.0', build: ['{copy}', 'RUN dotnet publish -c Release -o /app/out'], start: ['dotnet', '/app/out/Api.dll'] },
  { image: 'gcc:14', build: ['{copy}', 'RUN make'], start: ['./bin/tool'] },
  { image: 'ubuntu:24.04', build: ['RUN apt-get update && apt-get install -y curl', '{copy}'], start: ['bash', 'run.sh'] },
];

const single = fc.record({
  template: fc.constantFrom(...TEMPLATES),
  workdir: fc.constantFrom(null, '/app', '/srv/app'),
  copy: fc.constantFrom('COPY . .', 'COPY --chown=1000:1000 . .'),
  startForm: fc.constantFrom('exec', 'shell', 'shell-features', 'entrypoint', 'none'),
  extras: fc.subarray(['EXPOSE 8080', 'ENV APP_ENV=production PIP_NO_CACHE_DIR=1', 'LABEL org.opencontainers.image.title=demo', 'VOLUME /data', 'STOPSIGNAL SIGINT', 'ARG VERSION=1', 'ENV RELEASE=$VERSION']),
  health: fc.constantFrom(null, 'HEALTHCHECK CMD ["/bin/true"]', 'HEALTHCHECK --interval=30s CMD wget -qO- localhost:8080 || exit 1', 'HEALTHCHECK NONE'),
  user: fc.constantFrom(null, 'USER 1000', 'USER appuser', 'USER root'),
  comment: fc.boolean(),
  name: fc.constantFrom(null, 'app', 'build'),
}).map((spec) => {
  const lines: string[] = [`FROM ${spec.template.image}${spec.name ? ` AS ${spec.name}` : ''}`];
  if (spec.workdir) lines.push(`WORKDIR ${spec.workdir}`);
  for (const line of spec.template.build) {
    if (line !== '{copy}') lines.push(line);
    else {
      if (spec.comment) lines.push('# the sources');
      lines.push(spec.copy);
    }
  }
  lines.push(...spec.extras);
  if (spec.health) lines.push(spec.health);
  if (spec.user) lines.push(spec.user);
  if (spec.comment) lines.push('# start the app');
  const argv = spec.template.start;
  if (spec.startForm === 'exec') lines.push(`CMD ${JSON.stringify(argv)}`);
  if (spec.startForm === 'shell') lines.push(`CMD ${argv.join(' ')}`);
  if (spec.startForm === 'shell-features') lines.push(`CMD ${argv.join(' ')} --port "$PORT"`);
  if (spec.startForm === 'entrypoint') lines.push(`ENTRYPOINT ${JSON.stringify(argv)}`);
  return `${lines.join('\n')}\n`;
});

describe('multi-stage properties', () => {
  it('a conversion re-parses, keeps every instruction, is idempotent and silences multi-stage-candidate', () => {
    let converted = 0;
    let refusals = 0;
    fc.assert(fc.property(single, (text) => {
      const model = buildModel(text, shell);
      const result = convertToMultiStage(model);
      if (result.kind === 'edit') converted++;
      else refusals++;
      if (result.kind === 'refused') {
        assert.ok(result.reason.length > 0 && !result.reason.endsWith('.'), result.reason);
        assert.deepEqual(multiStageChoices(model), [], 'no choices when the default refuses');
        return;
      }
      checkConversion(text, result);
      // Every offered choice converts too, and a shell-less runtime never gets shell-form commands.
      for (const choice of multiStageChoices(model)) {
        const chosen = convertToMultiStage(model, choice.reference);
        assert.equal(chosen.kind, 'edit', `${choice.reference} is offered, so it converts:\n${text}`);
        if (chosen.kind !== 'edit') continue;
        const after = checkConversion(text, chosen);
        if (/no shell/.test(choice.detail)) {
          const runtime = buildModel(after, shell).finalStage!;
          for (const instruction of runtime.instructions) {
            if (instruction.keyword === 'CMD' || instruction.keyword === 'ENTRYPOINT') assert.ok(instruction.execForm, after);
          }
        }
      }
    }), { numRuns: 100 });
    // Both outcomes are exercised: the generator is not all refusals (nor all conversions).
    assert.ok(converted >= 30 && refusals >= 5, `${converted} converted, ${refusals} refused`);
  });

  it('the multi-stage-candidate fix is the default conversion', () => {
    fc.assert(fc.property(single, (text) => {
      const { findings } = analyze(text, shell, { only: ['multi-stage-candidate'] });
      const result = convertToMultiStage(buildModel(text, shell));
      for (const finding of findings) {
        if (result.kind === 'refused') {
          assert.deepEqual(finding.fixes, []);
          continue;
        }
        assert.equal(finding.fixes.length, 1);
        assert.equal(finding.fixes[0].safety, 'unsafe');
        assert.deepEqual(finding.fixes[0].edits, result.edits);
      }
    }), { numRuns: 60 });
  });
});
