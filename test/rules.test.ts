// Fixture tests, one per file under test/fixtures/rules/<rule-id>/ (see CONTRIBUTING.md):
//   <case>.Dockerfile          must be reported; the findings must match <case>.expected
//   valid-<case>.Dockerfile    must not be reported
//   <case>.fixed.Dockerfile    the result of the safe fixes (all fixes with `# fixture: apply=unsafe`)
// `# fixture: dockerignore=none|empty|present` sets the build context's `.dockerignore` (unknown otherwise).
// `# fixture: options={"name": value}` sets the rule's options (rules that do nothing until configured).
// Every fix is also checked for the three properties: the output re-parses, a second run changes
// nothing, and the rule no longer reports a fixable problem.
// UPDATE_SNAPSHOTS=1 npm test rewrites .expected and .fixed.Dockerfile files.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { analyze, fixText, resolveConfig, RULES, syntaxProblems, type BuildContext, type ResolvedConfig, type ShellParser } from '../server/src/core/index';
import { renderFindings } from './helpers/render';
import { REPO_ROOT, testShellParser } from './helpers/shell';
import { snapshot } from './helpers/snapshot';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'rules');

let shell: ShellParser;
before(async () => {
  shell = await testShellParser();
});

/** The `.dockerignore` a fixture declares: `# fixture: dockerignore=none|empty|present`. */
function buildContextOf(text: string): BuildContext {
  const declared = /^# fixture: dockerignore=(none|empty|present)$/m.exec(text)?.[1];
  if (declared === undefined) return {};
  return { dockerignore: declared === 'none' ? null : declared === 'empty' ? '# nothing yet\n' : '.git\nnode_modules\n' };
}

/** The rule options a fixture declares: `# fixture: options={"registries": ["registry.example.com"]}`. */
function configOf(text: string, id: string): ResolvedConfig | undefined {
  const declared = /^# fixture: options=(\{.*\})$/m.exec(text)?.[1];
  return declared === undefined ? undefined : resolveConfig(RULES, [{ source: 'fixture', rules: {}, options: { [id]: JSON.parse(declared) as Record<string, unknown> } }]);
}

for (const rule of RULES) {
  const id = rule.meta.id;
  const folder = join(FIXTURES, id);
  const cases = existsSync(folder) ? readdirSync(folder).filter((name) => name.endsWith('.Dockerfile') && !name.endsWith('.fixed.Dockerfile')).sort() : [];
  describe(`rule ${id}`, () => {
    it('has a reported and a valid fixture', () => {
      assert.ok(cases.some((name) => name.startsWith('valid-')), `${id}: add a valid-*.Dockerfile fixture`);
      assert.ok(cases.some((name) => !name.startsWith('valid-')), `${id}: add a reported fixture`);
    });
    for (const name of cases) {
      it(name, () => {
        const path = join(folder, name);
        const text = readFileSync(path, 'utf8');
        const context = buildContextOf(text);
        const config = configOf(text, id);
        const { findings, failures } = analyze(text, shell, { only: [id], buildContext: context, config });
        assert.deepEqual(failures, []);
        const base = path.slice(0, -'.Dockerfile'.length);
        if (name.startsWith('valid-')) {
          assert.deepEqual(findings.map((f) => `${f.range.start.line + 1}: ${f.message}`), [], `${name} must not be reported`);
          return;
        }
        assert.ok(findings.length > 0, `${name} must be reported`);
        snapshot(`${base}.expected`, renderFindings(text, findings));
        for (const finding of findings) {
          for (const position of [finding.range.start, finding.range.end]) {
            assert.ok(position.line < text.split('\n').length, 'finding position inside the document');
          }
        }
        if (rule.meta.unsafeFixesOnly) {
          assert.deepEqual(findings.flatMap((f) => f.fixes).filter((fix) => fix.safety !== 'unsafe'), [], 'unsafeFixesOnly: every fix is unsafe');
        }
        const safety = /^# fixture: apply=unsafe$/m.test(text) ? 'unsafe' : 'safe';
        const fixable = findings.filter((f) => f.fixes.some((fix) => safety === 'unsafe' || fix.safety === 'safe'));
        const fixedPath = `${base}.fixed.Dockerfile`;
        if (fixable.length === 0) {
          snapshot(fixedPath, null); // no applicable fix, so no .fixed file
          return;
        }
        const fixed = fixText(text, shell, { only: [id], safety, buildContext: context, config });
        assert.equal(fixed.rejected, false, 'the fix output must re-parse');
        assert.ok(fixed.applied > 0);
        snapshot(fixedPath, fixed.text);
        const after = analyze(fixed.text, shell, { only: [id], buildContext: context, config });
        assert.ok(syntaxProblems(after.model) <= syntaxProblems(analyze(text, shell, { only: [id], buildContext: context, config }).model), 'no new syntax problems');
        assert.deepEqual(after.findings.filter((f) => f.fixes.some((fix) => safety === 'unsafe' || fix.safety === 'safe')).map((f) => f.message), [], 'the rule no longer fires with a fix');
        assert.equal(fixText(fixed.text, shell, { only: [id], safety, buildContext: context, config }).text, fixed.text, 'a second application changes nothing');
      });
    }
  });
}
