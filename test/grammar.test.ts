// The injection grammar (syntaxes/layerwise-dockerfile-injection.tmLanguage.json), tokenized with
// vscode-textmate the way VS Code does. VS Code's own Dockerfile and shell grammars ship with the
// editor, not on npm, so test/grammar/ has stand-ins with the same scope names and rule shapes
// (statements start at a line start or after an operator, as in VS Code's shell grammar). The
// `*.test.dockerfile` cases are vscode-tmgrammar-test files (`npm run test:grammar` runs them too).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createRegistry, createRegistryFromGrammars, type IGrammarConfig } from 'vscode-tmgrammar-test/dist/common/index';
import { parseGrammarTestCase, runGrammarTestCase } from 'vscode-tmgrammar-test/dist/unit/index';
import { INITIAL, type IGrammar, type Registry } from 'vscode-textmate';
import { REPO_ROOT } from './helpers/shell';

const GRAMMAR_DIR = join(REPO_ROOT, 'test', 'grammar');
const INJECTION_PATH = join(REPO_ROOT, 'syntaxes', 'layerwise-dockerfile-injection.tmLanguage.json');
const STAND_INS: IGrammarConfig[] = [
  { path: join(GRAMMAR_DIR, 'dockerfile.tmLanguage.json'), scopeName: 'source.dockerfile' },
  { path: join(GRAMMAR_DIR, 'shell.tmLanguage.json'), scopeName: 'source.shell' },
];

interface GrammarContribution { scopeName: string; path: string; injectTo?: string[]; language?: string; embeddedLanguages?: Record<string, string> }
const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes: { grammars?: GrammarContribution[] } };
const contributions = manifest.contributes.grammars ?? [];

/** The stand-ins plus the manifest's grammars, as VS Code would register them. */
function registryWithInjection(): Registry {
  return createRegistry([...STAND_INS, ...contributions.map((grammar) => ({ ...grammar, path: join(REPO_ROOT, grammar.path) }))]);
}

function registryWithoutInjection(): Registry {
  return createRegistryFromGrammars(STAND_INS.map((grammar) => ({ grammar, content: readFileSync(grammar.path, 'utf8') })));
}

/** Each line's tokens as `text scope scope…`, for comparing two tokenizations. */
function tokenLines(grammar: IGrammar, text: string): string[][] {
  let state = INITIAL;
  return text.split('\n').map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((token) => `${line.slice(token.startIndex, token.endIndex)} ${token.scopes.join(' ')}`);
  });
}

describe('injection grammar contribution', () => {
  it('injects into source.dockerfile without replacing the Dockerfile grammar', () => {
    assert.equal(contributions.length, 1);
    const [contribution] = contributions;
    assert.deepEqual(contribution.injectTo, ['source.dockerfile']);
    assert.equal(contribution.language, undefined, 'a grammar with a language would replace VS Code\'s own');
    assert.notEqual(contribution.scopeName, 'source.dockerfile');
    assert.deepEqual(contribution.embeddedLanguages, { 'meta.embedded.block.shell': 'shellscript' });
    const grammar = JSON.parse(readFileSync(join(REPO_ROOT, contribution.path), 'utf8')) as { scopeName: string; injectionSelector: string };
    assert.equal(join(REPO_ROOT, contribution.path), INJECTION_PATH);
    assert.equal(grammar.scopeName, contribution.scopeName);
    assert.match(grammar.injectionSelector, /^L:source\.dockerfile\b/);
  });

  it('leaves every line outside RUN and pragmas exactly as the Dockerfile grammar tokenizes it', async () => {
    const text = [
      'ARG BASE=python:3.13-slim',
      'FROM $BASE AS build',
      'ENV PATH="/venv/bin:$PATH" LANG=C.UTF-8',
      'COPY --from=build /app /app',
      'RUN ["python", "-m", "app"]',
      '# just a comment',
      'LABEL org.opencontainers.image.title="app"',
      'CMD ["python", "-m", "app"]',
    ].join('\n');
    const plain = await registryWithoutInjection().loadGrammar('source.dockerfile');
    const injected = await registryWithInjection().loadGrammar('source.dockerfile');
    assert.ok(plain && injected);
    assert.deepEqual(tokenLines(injected, text), tokenLines(plain, text));
  });
});

describe('injection grammar test cases (vscode-tmgrammar-test)', () => {
  const cases = readdirSync(GRAMMAR_DIR).filter((name) => name.endsWith('.test.dockerfile')).sort();

  it('has the three case files', () => {
    assert.deepEqual(cases, ['pragmas.test.dockerfile', 'run-heredoc.test.dockerfile', 'run-shell.test.dockerfile']);
  });

  for (const name of cases) {
    it(name, async () => {
      const testCase = parseGrammarTestCase(readFileSync(join(GRAMMAR_DIR, name), 'utf8'));
      assert.ok(testCase.assertions.flatMap((line) => line.scopeAssertions).length >= 10, 'a case file with real assertions');
      const failures = await runGrammarTestCase(registryWithInjection(), testCase);
      const described = failures.map((failure) =>
        `line ${failure.line + 1}, columns ${failure.start}-${failure.end}: missing [${failure.missing.join(' ')}], unexpected [${failure.unexpected.join(' ')}], actual [${failure.actual.join(' ')}]`);
      assert.deepEqual(described, []);
    });
  }
});
