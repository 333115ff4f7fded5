// The gitignore matcher behind folder discovery and PATH globs (server/src/node/gitignore.ts),
// checked rule by rule and against the `ignore` package (node_modules, the matcher globby uses)
// as an oracle on the same patterns.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ignore from 'ignore';
import { expandBraces, globToRegExp, IgnoreStack, parseGitignore } from '../server/src/node/gitignore';

/** Whether a path is ignored by one .gitignore text at the root (folders end in `/` here). */
function ignored(gitignore: string, path: string): boolean {
  const isFolder = path.endsWith('/');
  return new IgnoreStack().with('', parseGitignore(gitignore)).ignores(isFolder ? path.slice(0, -1) : path, isFolder);
}

describe('gitignore patterns', () => {
  it('skips comments and blank lines, and honours escaped `#` and `!`', () => {
    assert.deepEqual(parseGitignore('# comment\n\n   \n'), []);
    assert.equal(ignored('\\#notes\n', '#notes'), true);
    assert.equal(ignored('\\!important\n', '!important'), true);
    assert.equal(ignored('# Dockerfile\n', 'Dockerfile'), false);
  });

  it('matches a name without a slash at any depth', () => {
    assert.equal(ignored('Dockerfile.dev\n', 'Dockerfile.dev'), true);
    assert.equal(ignored('Dockerfile.dev\n', 'a/b/Dockerfile.dev'), true);
    assert.equal(ignored('Dockerfile.dev\n', 'a/Dockerfile.devx'), false);
  });

  it('anchors a pattern with a leading or middle slash to its folder', () => {
    assert.equal(ignored('/build\n', 'build/'), true);
    assert.equal(ignored('/build\n', 'src/build/'), false);
    assert.equal(ignored('docs/Dockerfile\n', 'docs/Dockerfile'), true);
    assert.equal(ignored('docs/Dockerfile\n', 'x/docs/Dockerfile'), false);
  });

  it('matches folders only with a trailing slash', () => {
    assert.equal(ignored('vendor/\n', 'vendor/'), true);
    assert.equal(ignored('vendor/\n', 'a/vendor/'), true);
    assert.equal(ignored('vendor/\n', 'vendor'), false);
  });

  it('re-includes with `!`, the last matching pattern winning', () => {
    const text = '*.dockerfile\n!keep.dockerfile\n';
    assert.equal(ignored(text, 'a/drop.dockerfile'), true);
    assert.equal(ignored(text, 'a/keep.dockerfile'), false);
    assert.equal(ignored('!keep.dockerfile\n*.dockerfile\n', 'keep.dockerfile'), true);
  });

  it('handles `*`, `?`, `[...]` and `**`', () => {
    assert.equal(ignored('Dockerfile.*\n', 'Dockerfile.prod'), true);
    assert.equal(ignored('a/*/Dockerfile\n', 'a/b/c/Dockerfile'), false, '`*` does not cross `/`');
    assert.equal(ignored('Dockerfile.?\n', 'Dockerfile.1'), true);
    assert.equal(ignored('Dockerfile.?\n', 'Dockerfile.10'), false);
    assert.equal(ignored('Dockerfile.[ab]\n', 'Dockerfile.b'), true);
    assert.equal(ignored('Dockerfile.[!ab]\n', 'Dockerfile.b'), false);
    assert.equal(ignored('Dockerfile.[a-c]\n', 'Dockerfile.c'), true);
    assert.equal(ignored('**/legacy/Dockerfile\n', 'legacy/Dockerfile'), true);
    assert.equal(ignored('**/legacy/Dockerfile\n', 'x/y/legacy/Dockerfile'), true);
    assert.equal(ignored('a/**/Dockerfile\n', 'a/Dockerfile'), true);
    assert.equal(ignored('a/**/Dockerfile\n', 'a/x/y/Dockerfile'), true);
    assert.equal(ignored('a/**\n', 'a/x/Dockerfile'), true);
    assert.equal(ignored('a/**\n', 'b/a/x'), false);
  });

  it('strips unescaped trailing spaces', () => {
    assert.equal(ignored('Dockerfile   \n', 'Dockerfile'), true);
    assert.equal(ignored('Dockerfile\\ \n', 'Dockerfile '), true);
  });

  it('lets a deeper .gitignore override a shallower one', () => {
    const stack = new IgnoreStack().with('', parseGitignore('*.dockerfile\n')).with('keep', parseGitignore('!*.dockerfile\n'));
    assert.equal(stack.ignores('a.dockerfile', false), true);
    assert.equal(stack.ignores('keep/a.dockerfile', false), false);
    assert.equal(stack.ignores('keeper/a.dockerfile', false), true, 'a level applies inside its folder only');
  });

  it('agrees with the `ignore` package on a table of patterns and paths', () => {
    const patterns = [
      'Dockerfile', '/Dockerfile', 'build/', '/build/', 'a/b', '*.dockerfile', 'Dockerfile.*', '**/legacy', 'legacy/**',
      'a/**/z', 'x?z', '[Dd]ockerfile', 'docs/*.md', '!Dockerfile', 'foo/*', '**/*.tmp', 'node*', '\\#hash',
    ];
    const paths = [
      'Dockerfile', 'sub/Dockerfile', 'build/Dockerfile', 'sub/build/Dockerfile', 'a/b', 'a/b/c', 'x/a/b', 'api.dockerfile',
      'a/api.dockerfile', 'Dockerfile.prod', 'legacy/Dockerfile', 'p/legacy/Dockerfile', 'a/z', 'a/q/r/z', 'xyz', 'x/yz',
      'dockerfile', 'docs/a.md', 'docs/sub/a.md', 'foo/bar', 'foo/bar/baz', 'p/q.tmp', 'nodex', '#hash',
    ];
    for (const pattern of patterns) {
      // The oracle also says "ignored" when a parent folder is: that is what the walk does by
      // not descending, so the check here asks the same question of every prefix.
      const oracle = ignore({ ignorecase: false }).add(pattern); // git's default on Linux
      const ours = new IgnoreStack().with('', parseGitignore(pattern));
      for (const path of paths) {
        const parts = path.split('/');
        const prefixes = parts.map((_, index) => parts.slice(0, index + 1).join('/'));
        const oursIgnored = prefixes.some((prefix, index) => ours.ignores(prefix, index < parts.length - 1));
        assert.equal(oursIgnored, oracle.ignores(path), `pattern \`${pattern}\`, path \`${path}\``);
      }
    }
  });
});

describe('PATH globs', () => {
  it('match whole relative paths with `*`, `**`, `?` and braces', () => {
    const glob = (pattern: string, path: string): boolean => globToRegExp(pattern).test(path);
    assert.equal(glob('**/Dockerfile', 'Dockerfile'), true);
    assert.equal(glob('**/Dockerfile', 'services/a/Dockerfile'), true);
    assert.equal(glob('*/Dockerfile', 'services/a/Dockerfile'), false);
    assert.equal(glob('*.dockerfile', 'api.dockerfile'), true);
    assert.equal(glob('*.dockerfile', 'sub/api.dockerfile'), false, 'a glob is anchored, unlike a gitignore name');
    assert.equal(glob('Dockerfile.{dev,prod}', 'Dockerfile.prod'), true);
    assert.equal(glob('Dockerfile.{dev,prod}', 'Dockerfile.test'), false);
    assert.equal(glob('a/**', 'a/b/c'), true);
  });

  it('expand nested braces and keep single-item or unbalanced ones literal', () => {
    assert.deepEqual(expandBraces('a{b,c{d,e}}f'), ['abf', 'acdf', 'acef']);
    assert.deepEqual(expandBraces('{x}'), ['{x}']);
    assert.deepEqual(expandBraces('a{b'), ['a{b']);
    assert.deepEqual(expandBraces('{a,b}/{c,d}'), ['a/c', 'a/d', 'b/c', 'b/d']);
  });
});
