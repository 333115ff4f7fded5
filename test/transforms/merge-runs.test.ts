// Merge RUN layers: before → after snapshots (test/fixtures/transforms/merge-runs/ and every seed
// example), and properties over generated RUN sequences, including real shell runs of the
// original and the merged scripts (`sh -c`, as the builder runs them).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { DockerfileParser } from 'dockerfile-ast';
import fc from 'fast-check';
import { analyze, applyEdits, syntaxProblems, type ShellParser } from '../../server/src/core/index';
import { buildModel } from '../../server/src/core/model/build';
import type { DockerfileModel } from '../../server/src/core/model/types';
import { mergeRuns } from '../../server/src/core/transforms/merge-runs';
import { REPO_ROOT, testShellParser } from '../helpers/shell';
import { snapshot, UPDATE } from '../helpers/snapshot';
import { EXAMPLES, exampleDockerfiles } from '../helpers/examples';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'transforms', 'merge-runs');

let shell: ShellParser;
before(async () => {
  shell = await testShellParser();
});

const model = (text: string): DockerfileModel => buildModel(text, shell);

/** The merged text, or `refused: reason`. */
function merged(text: string, range?: Parameters<typeof mergeRuns>[1]): { text: string; notes: string[] } | { refused: string } {
  const result = mergeRuns(model(text), range);
  return result.kind === 'refused' ? { refused: result.reason } : { text: applyEdits(text, result.edits), notes: result.notes };
}

/** Commands as the shell reads them, in order: name and arguments as written. */
function commandsOf(text: string): string[] {
  const parsed = model(text);
  return parsed.instructions
    .filter((instruction) => instruction.keyword === 'RUN')
    .flatMap((instruction) => parsed.shellScript(instruction)?.commands ?? [])
    .map((command) => [command.nameWord.raw, ...command.args.map((arg) => arg.raw)].join(' '));
}

/** Findings of `consecutive-run` that still offer a fix. */
function fixableGroups(text: string): number {
  return analyze(text, shell, { only: ['consecutive-run'] }).findings.filter((finding) => finding.fixes.length > 0).length;
}

/** The checks every merge must pass, fixtures and generated files alike. */
function assertSoundMerge(before: string, after: string): void {
  assert.ok(syntaxProblems(model(after)) <= syntaxProblems(model(before)), 'no new syntax problems');
  assert.deepEqual(commandsOf(after), commandsOf(before), 'the same commands, in the same order');
  const again = mergeRuns(model(after));
  if (again.kind === 'edit') assert.equal(applyEdits(after, again.edits), after, 'merging again changes nothing');
  assert.equal(fixableGroups(after), 0, 'consecutive-run no longer offers a merge');
}

function checkCase(name: string, text: string, folder: string): void {
  const base = join(folder, name.replace(/(\.Dockerfile|\/Dockerfile)$/, ''));
  const result = merged(text);
  const afterPath = `${base}.after.Dockerfile`;
  const refusedPath = `${base}.refused`;
  if ('refused' in result) {
    if (UPDATE) rmSync(afterPath, { force: true });
    assert.ok(!existsSync(afterPath), `${name} is refused, so ${afterPath} must not exist`);
    snapshot(refusedPath, `${result.refused}\n`);
    return;
  }
  if (UPDATE) rmSync(refusedPath, { force: true });
  assert.ok(!existsSync(refusedPath), `${name} is merged, so ${refusedPath} must not exist`);
  snapshot(afterPath, result.text);
  assertSoundMerge(text, result.text);
}

describe('merge RUN instructions: fixtures', () => {
  const cases = readdirSync(FIXTURES).filter((name) => name.endsWith('.Dockerfile') && !name.endsWith('.after.Dockerfile')).sort();
  it('has fixtures', () => assert.ok(cases.length >= 10));
  for (const name of cases) {
    it(name, () => checkCase(name, readFileSync(join(FIXTURES, name), 'utf8'), FIXTURES));
  }
});

describe('merge RUN instructions: seed examples', () => {
  const folder = join(FIXTURES, 'examples');
  if (UPDATE) mkdirSync(folder, { recursive: true });
  for (const { name, text } of exampleDockerfiles()) {
    it(name, () => checkCase(`${name}.Dockerfile`, text, folder));
  }

  it('merges the seed 003 big image into two RUNs, keeping every command', () => {
    const result = merged(readFileSync(join(EXAMPLES, 'python-big-image', 'Dockerfile'), 'utf8'));
    assert.ok('text' in result);
    assert.match(result.text, /^RUN apt-get update \\\n {4}&& apt-get install -y --no-install-recommends gcc\nCOPY/m);
    assert.match(result.text, /^RUN python setup\.py install \\\n {4}&& apt-get remove -y gcc \\\n {4}&& apt-get -y autoremove\nCMD/m);
    assert.ok(result.notes.some((note) => /cache step/.test(note)), 'the notes warn about caching');
  });
});

describe('merge RUN instructions: behaviour', () => {
  it('groups a script whose exit status a plain && would change', () => {
    const result = merged('FROM alpine\nRUN a; b\nRUN c\nRUN d || e\n');
    assert.ok('text' in result);
    assert.equal(result.text, 'FROM alpine\nRUN { a; b; } \\\n    && c \\\n    && { d || e; }\n');
  });

  it('keeps a cd inside a subshell and says so', () => {
    const result = merged('FROM alpine\nRUN cd /src && make\nRUN make install\n');
    assert.ok('text' in result);
    assert.equal(result.text, 'FROM alpine\nRUN ( cd /src \\\n        && make ) \\\n    && make install\n');
    assert.ok(result.notes.some((note) => /line 2 now runs in a subshell.*`cd`/.test(note)), result.notes.join('\n'));
  });

  it('merges only the groups touching the selection', () => {
    const text = 'FROM alpine\nRUN a\nRUN b\nCOPY . .\nRUN c\nRUN d\n';
    const result = merged(text, { start: { line: 4, character: 0 }, end: { line: 4, character: 3 } });
    assert.ok('text' in result);
    assert.equal(result.text, 'FROM alpine\nRUN a\nRUN b\nCOPY . .\nRUN c \\\n    && d\n');
    assert.deepEqual(merged(text, { start: { line: 3, character: 0 }, end: { line: 3, character: 1 } }), { refused: 'No consecutive RUN instructions in the selection to merge' });
  });

  it('leaves groups apart whose consecutive-run finding is suppressed', () => {
    const text = 'FROM alpine\nRUN a\n# layerwise-ignore consecutive-run\nRUN b\nCOPY . .\nRUN c\nRUN d\n';
    const result = merged(text);
    assert.ok('text' in result);
    assert.equal(result.text, 'FROM alpine\nRUN a\n# layerwise-ignore consecutive-run\nRUN b\nCOPY . .\nRUN c \\\n    && d\n');
  });

  it('refuses with the reason when nothing can be merged', () => {
    assert.deepEqual(merged('FROM alpine\nRUN a\nCOPY . .\nRUN b\n'), { refused: 'No consecutive RUN instructions to merge' });
    assert.deepEqual(merged('FROM alpine\nRUN set -e; a\nRUN b & \n'), { refused: 'Cannot merge the RUN on line 2: it turns on `set -e`, which a merged `&&` chain would ignore' });
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over generated RUN sequences.

interface GeneratedRun {
  /** The script's commands and the operators joining them. */
  commands: string[];
  operators: string[];
  /** Per join: false = same line, true = continuation line. */
  breaks: boolean[];
  commentBefore: boolean;
}

const SIMPLE = ['true', 'false', 'echo one', 'echo two', 'echo "three four"', 'cd /tmp', 'cd /', 'pwd', 'X=set', 'echo "x=$X"', 'exit 0', 'exit 3'];
const OPERATORS = ['&&', ';', '||', '|'];

const runArbitrary: fc.Arbitrary<GeneratedRun> = fc.integer({ min: 1, max: 4 }).chain((size) => fc.record({
  commands: fc.array(fc.constantFrom(...SIMPLE), { minLength: size, maxLength: size }),
  operators: fc.array(fc.constantFrom(...OPERATORS), { minLength: size - 1, maxLength: size - 1 }),
  breaks: fc.array(fc.boolean(), { minLength: size - 1, maxLength: size - 1 }),
  commentBefore: fc.boolean(),
}));

function renderRun(run: GeneratedRun, index: number): string {
  let script = run.commands[0];
  run.operators.forEach((operator, i) => {
    script += run.breaks[i] ? ` \\\n    ${i === 0 && index % 2 === 1 ? '# inside a continuation\n    ' : ''}${operator} ${run.commands[i + 1]}` : ` ${operator} ${run.commands[i + 1]}`;
  });
  return `${run.commentBefore ? `# before RUN ${index + 1}\n` : ''}RUN ${script}\n`;
}

function renderDockerfile(runs: GeneratedRun[]): string {
  return `FROM alpine\n${runs.map(renderRun).join('')}`;
}

/** Runs each RUN's script with `sh -c` in a fresh shell, stopping at the first failure, as the builder does. */
function build(text: string): { status: number; output: string } {
  let output = '';
  for (const instruction of model(text).instructions.filter((i) => i.keyword === 'RUN')) {
    const result = spawnSync('/bin/sh', ['-c', instruction.argsText], { cwd: '/', env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, encoding: 'utf8', timeout: 5000 });
    output += result.stdout;
    if (result.status !== 0) return { status: result.status ?? -1, output };
  }
  return { status: 0, output };
}

describe('merge RUN instructions: properties', () => {
  const runs = fc.array(runArbitrary, { minLength: 2, maxLength: 4 });

  it('re-parses as one RUN, is idempotent, silences the rule and keeps every command in order', () => {
    fc.assert(fc.property(runs, (generated) => {
      const text = renderDockerfile(generated);
      const result = merged(text);
      assert.ok('text' in result, 'refused' in result ? result.refused : '');
      assertSoundMerge(text, result.text);
      assert.equal(DockerfileParser.parse(result.text).getInstructions().length, 2, 'FROM and one RUN');
      // Every original command's text (continuation lines included) appears, in order.
      const parsed = model(text);
      let cursor = 0;
      for (const instruction of parsed.instructions) {
        for (const command of parsed.shellScript(instruction)?.commands ?? []) {
          const found = result.text.indexOf(text.slice(command.start, command.end), cursor);
          assert.ok(found >= cursor, `\`${text.slice(command.start, command.end)}\` kept in order`);
          cursor = found;
        }
      }
      for (const comment of text.split('\n').filter((line) => line.trim().startsWith('#'))) {
        assert.ok(result.text.includes(comment.trim()), `comment \`${comment.trim()}\` kept`);
      }
    }), { numRuns: 100 });
  });

  it('fails where the separate RUNs failed and prints the same (real sh runs)', () => {
    fc.assert(fc.property(runs, (generated) => {
      const text = renderDockerfile(generated);
      const result = merged(text);
      assert.ok('text' in result);
      assert.deepEqual(build(result.text), build(text), `${text}\n→\n${result.text}`);
    }), { numRuns: 80 });
  });
});
