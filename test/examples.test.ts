// The seed examples (examples/*/Dockerfile): what Layerwise reports for each is pinned, the key
// problems the seeds hide must be found, and the safe fixes must re-parse and converge.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { analyze, fixText, syntaxProblems, type ShellParser } from '../server/src/core/index';
import { renderFindings } from './helpers/render';
import { REPO_ROOT, testShellParser } from './helpers/shell';
import { snapshot } from './helpers/snapshot';
import { exampleDockerfiles } from './helpers/examples';

const SNAPSHOTS = join(REPO_ROOT, 'test', 'fixtures', 'examples');

/** Problems each seed example is known to have (see examples/README.md). */
const MUST_FIND: Record<string, string[]> = {
  'alpine-python': ['pip-no-cache-dir', 'root-user'],
  'go-distroless-base': ['root-user'],
  'python-big-image': ['invalid-json-args', 'consecutive-run', 'root-user', 'multi-stage-candidate'],
  'python-venv': ['invalid-json-args', 'root-user'],
  'ubuntu-layer-cache': ['apt-no-install-recommends', 'apt-lists-not-cleaned', 'root-user'],
};

let shell: ShellParser;
before(async () => {
  shell = await testShellParser();
});

describe('seed examples', () => {
  const examples = exampleDockerfiles();
  it('are all there', () => assert.ok(examples.length >= 12, `found ${examples.length} examples`));
  for (const { name, text } of examples) {
    it(name, () => {
      const { findings, failures } = analyze(text, shell);
      assert.deepEqual(failures, []);
      const found = new Set(findings.map((finding) => finding.ruleId));
      for (const ruleId of MUST_FIND[name] ?? []) assert.ok(found.has(ruleId), `${name}: expected ${ruleId}, found ${[...found].join(', ')}`);

      const rendered = renderFindings(text, findings);
      snapshot(join(SNAPSHOTS, `${name}.expected`), rendered);

      for (const safety of ['safe', 'unsafe'] as const) {
        const fixed = fixText(text, shell, { safety });
        assert.equal(fixed.rejected, false, `${safety} fixes re-parse`);
        assert.ok(syntaxProblems(analyze(fixed.text, shell).model) <= syntaxProblems(analyze(text, shell).model));
        assert.equal(fixText(fixed.text, shell, { safety }).text, fixed.text, `${safety} fixes converge`);
      }
    });
  }
});
