// Keeps the registry honest: ids, files, generated docs and declared fix availability.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { renderRuleDoc, withRuleTable } from '../server/src/core/docs';
import { analyze, RULES, type ShellParser } from '../server/src/core/index';
import { REPO_ROOT, testShellParser } from './helpers/shell';

let shell: ShellParser;
before(async () => {
  shell = await testShellParser();
});

describe('rule registry', () => {
  it('has unique kebab-case ids, one file per rule, sorted', () => {
    const ids = RULES.map((rule) => rule.meta.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual(ids, [...ids].sort());
    for (const id of ids) assert.match(id, /^[a-z]+(-[a-z0-9]+)*$/);
    const files = readdirSync(join(REPO_ROOT, 'server', 'src', 'core', 'rules')).filter((name) => name.endsWith('.ts')).map((name) => name.slice(0, -3));
    assert.deepEqual(files.sort(), [...ids].sort(), 'every rules/<id>.ts is registered and every rule has its file');
  });

  it('has complete metadata', () => {
    for (const { meta } of RULES) {
      assert.ok(meta.title && meta.summary && meta.docs.why && meta.docs.incorrect && meta.docs.correct, `${meta.id}: metadata`);
      if (meta.fixAvailability !== 'never') assert.ok(meta.docs.fixSafety, `${meta.id}: a fixable rule documents its fix safety`);
      for (const source of meta.sources) {
        if (source.tool === 'hadolint') assert.match(source.id, /^DL\d{4}$/, `${meta.id}: hadolint ids look like DL3008`);
        else assert.match(source.id, /^[A-Z][A-Za-z]+$/, `${meta.id}: BuildKit check names are PascalCase`);
      }
    }
  });

  it('has up-to-date docs pages and README table (npm run docs)', () => {
    for (const { meta } of RULES) {
      const path = join(REPO_ROOT, 'docs', 'rules', `${meta.id}.md`);
      assert.ok(existsSync(path), `missing ${path}: run npm run docs`);
      assert.equal(readFileSync(path, 'utf8'), renderRuleDoc(meta), `${path} is stale: run npm run docs`);
    }
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    assert.equal(withRuleTable(readme, RULES), readme, 'README rule table is stale: run npm run docs');
  });

  it('declares fix availability that matches what the fixtures produce', () => {
    for (const { meta } of RULES) {
      const folder = join(REPO_ROOT, 'test', 'fixtures', 'rules', meta.id);
      if (!existsSync(folder)) continue; // the fixture test reports the missing folder
      let withFix = 0;
      let withoutFix = 0;
      for (const name of readdirSync(folder)) {
        if (!name.endsWith('.Dockerfile') || name.endsWith('.fixed.Dockerfile') || name.startsWith('valid-')) continue;
        for (const finding of analyze(readFileSync(join(folder, name), 'utf8'), shell, { only: [meta.id] }).findings) {
          if (finding.fixes.length > 0) withFix++;
          else withoutFix++;
        }
      }
      if (meta.fixAvailability === 'never') assert.equal(withFix, 0, `${meta.id}: declared never, but a fixture got a fix`);
      if (meta.fixAvailability === 'always') assert.equal(withoutFix, 0, `${meta.id}: declared always, but a finding had no fix`);
      if (meta.fixAvailability === 'sometimes') assert.ok(withFix > 0 && withoutFix > 0, `${meta.id}: declared sometimes; fixtures need findings with and without a fix`);
    }
  });
});
