// The model the rules share: image references, ARG substitution, the stage graph, the shell view
// and the shell summary's document offsets, suppression comments and configuration layers.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { ModifiableInstruction, type Instruction as AstInstruction } from 'dockerfile-ast';
import fc from 'fast-check';
import { buildModel, substituteArgs } from '../server/src/core/model/build';
import { parseImageName } from '../server/src/core/model/image';
import { joinContinuations, shellView } from '../server/src/core/shell/view';
import { analyze, ConfigError, ShellScriptCache, parseHadolintConfig, parseLayerwiseConfig, resolveConfig, RULES, type ShellParser } from '../server/src/core/index';
import { dockerfileWithBase, seedFiles, tokenSoup } from './fuzz/generators';
import { REPO_ROOT, testShellParser } from './helpers/shell';

let shell: ShellParser;
before(async () => {
  shell = await testShellParser();
});

describe('image references', () => {
  it('splits registry, repository, tag and digest', () => {
    assert.deepEqual(parseImageName('python:3.12-slim'), { registry: null, repository: 'python', tag: '3.12-slim', digest: null });
    assert.deepEqual(parseImageName('gcr.io/distroless/static-debian13:nonroot'), { registry: 'gcr.io', repository: 'distroless/static-debian13', tag: 'nonroot', digest: null });
    assert.deepEqual(parseImageName('localhost:5000/app@sha256:abc'), { registry: 'localhost:5000', repository: 'app', tag: null, digest: 'sha256:abc' });
    assert.deepEqual(parseImageName('library/ubuntu'), { registry: null, repository: 'library/ubuntu', tag: null, digest: null });
  });

  it('substitutes global ARG defaults', () => {
    const args = new Map<string, string | null>([['V', '3.12'], ['EMPTY', null]]);
    assert.equal(substituteArgs('python:${V}-slim', args), 'python:3.12-slim');
    assert.equal(substituteArgs('python:$V', args), 'python:3.12');
    assert.equal(substituteArgs('python:${EMPTY:-3.11}', args), 'python:3.11');
    assert.equal(substituteArgs('python:${EMPTY}', args), null);
    assert.equal(substituteArgs('python:${MISSING}', args), null);
  });
});

describe('stages', () => {
  it('marks the final stage and the stages that feed it', () => {
    const model = buildModel([
      'ARG BASE=node:22',
      'FROM ${BASE} AS deps',
      'FROM golang:1.22 AS unused',
      'FROM deps AS build',
      'RUN --mount=type=bind,from=assets,target=/a true',
      'FROM alpine:3.22 AS assets',
      'FROM gcr.io/distroless/nodejs22-debian13',
      'COPY --from=build /app /app',
      '',
    ].join('\n'), shell);
    assert.deepEqual(model.stages.map((stage) => [stage.name, stage.reachesFinal, stage.isFinal]), [
      ['deps', true, false], ['unused', false, false], ['build', true, false], ['assets', false, false], [null, true, true],
    ]);
    assert.equal(model.stages[0].image?.resolved, 'node:22');
    assert.equal(model.stages[2].baseStage, 0);
  });
});

describe('shell view', () => {
  it('keeps the length and joins continuations like the builder', () => {
    const text = 'RUN apt-get update \\  \r\n  # comment\r\n\r\n  && apt-get install -y curl\r\n';
    const view = shellView(text, 4, text.length, '\\');
    assert.equal(view.length, text.length - 4);
    assert.equal(view.replace(/\s+/g, ' ').trim(), 'apt-get update \\ && apt-get install -y curl');
  });

  it('joins continuation lines into the text the builder reads', () => {
    const text = 'CMD ["a", \\\r\n  # note\r\n\r\n  "b"]\r\n';
    assert.equal(joinContinuations(text, 4, text.length - 2, '\\'), '["a",   "b"]');
    assert.equal(joinContinuations('RUN a `\n  b', 4, 11, '`'), 'a   b');
  });

  it('maps commands back to document offsets', () => {
    const text = 'FROM debian:13\nRUN set -e; \\\n    # note\n    apt-get install -y \\\n      curl\n';
    const model = buildModel(text, shell);
    const script = model.shellScript(model.instructions[1])!;
    const names = script.commands.map((command) => [command.name, text.slice(command.nameWord.start, command.nameWord.end), command.operatorBefore]);
    assert.deepEqual(names, [['set', 'set', null], ['apt-get', 'apt-get', ';']]);
    assert.deepEqual(script.commands[1].args.map((word) => text.slice(word.start, word.end)), ['install', '-y', 'curl']);
    assert.equal(script.hasSyntaxError, false);
  });

  it('reads a heredoc body as the script', () => {
    const text = 'FROM alpine:3.22\nRUN <<EOF\napk add curl\nEOF\n';
    const model = buildModel(text, shell);
    const script = model.shellScript(model.instructions[1])!;
    assert.equal(script.commands[0].name, 'apk');
    assert.equal(text.slice(script.commands[0].start, script.commands[0].end), 'apk add curl');
  });

  it('leaves exec form and non-POSIX shells alone', () => {
    const model = buildModel('FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nRUN Get-ChildItem\nRUN ["cmd", "/c", "dir"]\n', shell);
    assert.equal(model.shellScript(model.instructions[2]), null);
    assert.equal(model.shellScript(model.instructions[3]), null);
  });
});

describe('shell script cache', () => {
  it('reuses parses at new offsets with the same results as a fresh parse', () => {
    const cache = new ShellScriptCache();
    const before = 'FROM alpine:3.22\nRUN apk add curl && apk add git\n';
    const after = `# a comment that moves every offset\n${before}RUN apk add make\n`;
    const scripts = (text: string, withCache: boolean) => {
      const model = buildModel(text, shell, withCache ? cache : undefined);
      return model.instructions.map((instruction) => model.shellScript(instruction));
    };
    assert.deepEqual(scripts(before, true), scripts(before, false));
    assert.deepEqual(scripts(after, true), scripts(after, false));
    assert.deepEqual(analyze(after, shell, { shellCache: cache }).findings, analyze(after, shell).findings);
  });
});

describe('suppression comments', () => {
  const run = (text: string) => analyze(text, shell, { only: ['apk-no-cache'] }).findings.map((finding) => finding.range.start.line);
  it('honours ours, hadolint and BuildKit pragmas', () => {
    assert.deepEqual(run('FROM alpine:3.22\n# layerwise-ignore apk-no-cache\nRUN apk add a\nRUN apk add b\n'), [3]);
    assert.deepEqual(run('FROM alpine:3.22\n# hadolint ignore=DL3019\n# reason: pinned elsewhere\nRUN apk add a\nRUN apk add b\n'), [4]);
    assert.deepEqual(run('FROM alpine:3.22\n# layerwise-ignore-file apk-no-cache\nRUN apk add a\n'), []);
    assert.deepEqual(run('# hadolint global ignore=DL3019\nFROM alpine:3.22\nRUN apk add a\n'), []);
    assert.deepEqual(run('FROM alpine:3.22 AS a\n# hadolint stage ignore=DL3019\nRUN apk add a\nFROM a\nRUN apk add b\n'), [4]);
    assert.deepEqual(run('# layerwise-ignore other-rule\nFROM alpine:3.22\nRUN apk add a\n'), [2]);
    assert.deepEqual(run('FROM alpine:3.22\n# layerwise-ignore apk-no-cache\n\nRUN apk add a\nRUN apk add b\n'), [4], 'blank lines between pragma and instruction are fine');
  });
});

describe('configuration', () => {
  it('merges defaults, hadolint and layerwise layers with aliases', () => {
    const layers = [
      parseHadolintConfig('ignored: [DL3019, SC2086]\noverride:\n  error: [DL3042]\n', '.hadolint.yaml'),
      parseLayerwiseConfig('rules:\n  pip-no-cache-dir: info\n  no-such-rule: off\n', '.layerwise.yaml'),
    ];
    const config = resolveConfig(RULES, layers);
    assert.equal(config.severities.get('apk-no-cache'), 'off');
    assert.equal(config.origins.get('apk-no-cache'), '.hadolint.yaml');
    assert.deepEqual(config.unknownKeys, [{ source: '.layerwise.yaml', key: 'no-such-rule' }]);
  });

  it('merges rule options and checks them against the rule', () => {
    const rule = { ...RULES[0], meta: { ...RULES[0].meta, options: { registries: { type: 'string[]' as const, default: [], description: 'allowed' } } } };
    const layer = parseLayerwiseConfig(`rules:\n  ${rule.meta.id}:\n    severity: error\n    registries: [gcr.io]\n`, 'a.yaml');
    const config = resolveConfig([rule], [layer]);
    assert.equal(config.severities.get(rule.meta.id), 'error');
    assert.deepEqual(config.options.get(rule.meta.id), { registries: ['gcr.io'] });
    assert.throws(() => resolveConfig([rule], [parseLayerwiseConfig(`rules:\n  ${rule.meta.id}: { registries: gcr.io }\n`, 'b.yaml')]), /b\.yaml: option `registries` .* must be a list of strings/);
    assert.throws(() => resolveConfig([rule], [parseLayerwiseConfig(`rules:\n  ${rule.meta.id}: { colour: red }\n`, 'c.yaml')]), /has no option `colour`/);
  });

  it('rejects bad files with a clear message', () => {
    assert.throws(() => parseLayerwiseConfig('rules: [a', 'x.yaml'), (error: unknown) => error instanceof ConfigError && /x\.yaml: not valid YAML/.test(error.message));
    assert.throws(() => parseLayerwiseConfig('rules:\n  apk-no-cache: loud\n', 'x.yaml'), /severity `loud`/);
    assert.throws(() => parseLayerwiseConfig('rulez: {}\n', 'x.yaml'), /unknown key `rulez`/);
    assert.equal(parseLayerwiseConfig('builderStages: report\n', 'x.yaml').builderStages, 'report');
    assert.equal(parseLayerwiseConfig('rules: {}\n', 'x.yaml').builderStages, undefined);
    assert.throws(() => parseLayerwiseConfig('builderStages: loud\n', 'x.yaml'), /`builderStages` is `loud`; use `quiet` or `report`/);
    assert.throws(() => parseLayerwiseConfig('!!js/function "x"\n', 'x.yaml'), ConfigError);
  });
});

describe('instruction words and flags', () => {
  type AstWord = { getValue(): string; getRange(): unknown };
  const wordsOf = (words: readonly AstWord[]) => words.map((word) => [word.getValue(), word.getRange()]);
  const flagsOf = (node: AstInstruction) =>
    node instanceof ModifiableInstruction
      ? node.getFlags().map((flag) => [flag.getName().toLowerCase(), flag.getValue(), flag.getRange()])
      : [];

  /** The model reads each instruction's words and flags in one scan; it must read what dockerfile-ast's getters read. */
  function assertSameAsGetters(text: string, name: string): void {
    for (const instruction of buildModel(text, shell).instructions) {
      const node = instruction.node as AstInstruction;
      const where = `${name}: ${JSON.stringify(node.getTextContent().slice(0, 80))}`;
      assert.deepEqual(instruction.args.map((word) => [word.value, word.range]), wordsOf(node.getArguments()), where);
      assert.deepEqual(instruction.flags.map((flag) => [flag.name, flag.value, flag.range]), flagsOf(node), where);
    }
  }

  it('match dockerfile-ast on every example and fixture', () => {
    const files = seedFiles(REPO_ROOT);
    assert.ok(files.length > 100, `${files.length} seed files`);
    for (const { name, text } of files) assertSameAsGetters(text, name);
  });

  it('match dockerfile-ast on generated Dockerfiles and token soup', () => {
    fc.assert(fc.property(fc.oneof(dockerfileWithBase, tokenSoup), (text) => assertSameAsGetters(text, 'generated')), { numRuns: 400, seed: 6 });
  });
});
