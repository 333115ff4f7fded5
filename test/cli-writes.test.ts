// How `layerwise fix` writes files: through a temporary file and a rename, keeping the mode, the
// line endings and the BOM, and never touching a file whose fixed text would not re-parse.
// test/cli.test.ts covers the everyday path (BOM, CRLF, mode, --stdout); this file covers the
// write helper itself and the rejection path, in-process, with a rule whose fix breaks the syntax.
import assert from 'node:assert/strict';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fixText, RULES, type Rule, type ShellParser } from '../server/src/core/index';
import { fix } from '../server/src/cli/fix';
import { InputError } from '../server/src/node/files';
import { writeFileAtomically } from '../server/src/node/write';
import { testShellParser } from './helpers/shell';

let shell: ShellParser;
let temp: string;
before(async () => {
  shell = await testShellParser();
  temp = mkdtempSync(join(tmpdir(), 'layerwise-writes-'));
});
after(() => {
  rmSync(temp, { recursive: true, force: true });
});

function folder(name: string): string {
  const path = join(temp, name);
  mkdirSync(path, { recursive: true });
  return path;
}

describe('writeFileAtomically', () => {
  it('replaces the file by rename (a new inode), keeps its mode and leaves no temporary file', () => {
    const dir = folder('rename');
    const path = join(dir, 'Dockerfile');
    writeFileSync(path, 'FROM alpine\n');
    chmodSync(path, 0o751);
    const inode = statSync(path).ino;
    writeFileAtomically(path, 'FROM alpine:3.22\n');
    assert.equal(readFileSync(path, 'utf8'), 'FROM alpine:3.22\n');
    assert.notEqual(statSync(path).ino, inode, 'renamed over, not rewritten in place');
    assert.equal(statSync(path).mode & 0o7777, 0o751);
    assert.deepEqual(readdirSync(dir), ['Dockerfile']);
  });

  it('writes the file a symlink points to and keeps the link', () => {
    const dir = folder('symlink');
    writeFileSync(join(dir, 'Real.dockerfile'), 'FROM alpine\n');
    symlinkSync('Real.dockerfile', join(dir, 'Dockerfile'));
    writeFileAtomically(join(dir, 'Dockerfile'), 'FROM alpine:3.22\n');
    assert.ok(lstatSync(join(dir, 'Dockerfile')).isSymbolicLink());
    assert.equal(readFileSync(join(dir, 'Real.dockerfile'), 'utf8'), 'FROM alpine:3.22\n');
    assert.deepEqual(readdirSync(dir).sort(), ['Dockerfile', 'Real.dockerfile']);
  });

  it('fails with an input error and leaves the original and no temporary file when the rename fails', () => {
    const dir = folder('rename-fails');
    // A folder where the file should be: the rename onto it fails (as root too).
    const target = join(dir, 'Dockerfile');
    mkdirSync(target);
    writeFileSync(join(target, 'keep'), 'x');
    assert.throws(() => writeFileAtomically(target, 'FROM alpine\n'), (error: unknown) => error instanceof InputError && /cannot write/.test(error.message));
    assert.deepEqual(readdirSync(dir), ['Dockerfile']);
    assert.equal(readFileSync(join(target, 'keep'), 'utf8'), 'x');
  });

  it('fails with an input error for a file that does not exist', () => {
    assert.throws(() => writeFileAtomically(join(temp, 'missing', 'Dockerfile'), 'x'), InputError);
  });
});

describe('fix never writes a text that would not re-parse', () => {
  // A safe fix that turns `RUN apk add curl` into two lines, the second an unknown instruction.
  const apk = RULES.find((rule) => rule.meta.id === 'apk-no-cache')!;
  const breaking: Rule = {
    meta: { ...apk.meta, id: 'breaks-syntax', defaultSeverity: 'warning' },
    check({ model, report }) {
      for (const instruction of model.instructions) {
        if (instruction.keyword !== 'RUN') continue;
        report({
          range: instruction.range,
          message: 'test rule',
          fixes: [{ title: 'Break the file', safety: 'safe', edits: [{ range: { start: instruction.range.end, end: instruction.range.end }, newText: '\nNOT-AN-INSTRUCTION here' }] }],
        });
      }
    },
  };
  const TEXT = '\uFEFFFROM alpine:3.22\r\nRUN apk add curl\r\n';

  it('in the core: fixText rejects the pass and returns the text unchanged', () => {
    const result = fixText(TEXT, shell, { safety: 'safe', rules: [breaking] });
    assert.equal(result.rejected, true);
    assert.equal(result.text, TEXT);
    assert.equal(result.applied, 0);
  });

  async function withRule<T>(run: () => Promise<T>): Promise<T> {
    const rules = RULES as Rule[];
    rules.push(breaking);
    try {
      return await run();
    } finally {
      rules.splice(rules.indexOf(breaking), 1);
    }
  }

  async function capture(run: () => Promise<number>): Promise<{ code: number; stdout: string; stderr: string }> {
    const out = { stdout: '', stderr: '' };
    const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
    process.stdout.write = ((chunk: string | Uint8Array) => ((out.stdout += chunk.toString()), true)) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string | Uint8Array) => ((out.stderr += chunk.toString()), true)) as typeof process.stderr.write;
    try {
      return { code: await run(), ...out };
    } finally {
      process.stdout.write = writes.stdout;
      process.stderr.write = writes.stderr;
    }
  }

  it('in the CLI: the file keeps its bytes, inode and mode, the run says why and exits 2', async () => {
    const dir = folder('rejected');
    const path = join(dir, 'Dockerfile');
    writeFileSync(path, TEXT);
    chmodSync(path, 0o640);
    const before = statSync(path);
    const result = await withRule(() => capture(() => fix([path], { unsafe: false, rule: ['breaks-syntax'], stdout: false })));
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /Dockerfile`: not fixed: the fixed text would not parse cleanly/);
    assert.equal(readFileSync(path, 'utf8'), TEXT);
    const after = statSync(path);
    assert.equal(after.ino, before.ino);
    assert.equal(after.mtimeMs, before.mtimeMs);
    assert.equal(after.mode & 0o777, 0o640);
    assert.deepEqual(readdirSync(dir), ['Dockerfile'], 'no temporary file left');
  });

  it('with --stdout: the original text (BOM and CRLF included) goes through unchanged', async () => {
    const path = join(folder('rejected-stdout'), 'Dockerfile');
    writeFileSync(path, TEXT);
    const result = await withRule(() => capture(() => fix([path], { unsafe: true, rule: ['breaks-syntax'], stdout: true })));
    assert.equal(result.code, 2);
    assert.equal(result.stdout, TEXT);
  });
});
