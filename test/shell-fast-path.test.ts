// The fast path for plain scripts (core/shell/simple.ts) must read every script it accepts exactly
// as tree-sitter-bash does: checked on generated scripts and on every RUN in the repository's fixtures.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { buildModel } from '../server/src/core/model/build';
import { parseWithTreeSitter } from '../server/src/core/shell/script';
import { readSimpleScript } from '../server/src/core/shell/simple';
import { shellView } from '../server/src/core/shell/view';
import type { ShellParser } from '../server/src/core/index';
import { REPO_ROOT, testShellParser } from './helpers/shell';

let shell: ShellParser;
before(async () => {
  shell = await testShellParser();
});

const WORDS = [
  'apt-get', 'install', '-y', '--no-install-recommends', 'curl', 'a=b', 'FOO=1', 'X_Y=/a:/b', '/var/lib/apt/lists/*',
  '1', '42', 'rm', '-rf', 'cd', '/tmp', 'set', '-eux', 'if', 'then', 'fi', 'export', 'x', '.', 'make', '--opt=v',
  'a,b', '@scope/pkg', 'v1.2.3', '%x', '+x', 'true', 'false', 'echo', 'done', 'in', '-', '--', '=', '==x', 'a=',
  '*', 'a*b', '5a',
  // Quoted plain text, alone or glued to a word.
  '"-s -w"', '-ldflags="-s -w"', "'a b'", '"x"', '""', "''", 'a"b"c', `"a"'b'`, '"if"', "'--opt=v'", '"FOO=1"', 'A="x y"',
  '"*"', '"cd"', "'set'", '"a\tb"', '"a  b"', "'/tmp/x y'",
  // Plain expansions, alone, glued, quoted; and `$` forms that must go to tree-sitter.
  '$V', '${V}', '"$V"', '"${V}"', 'x$V', '$V/x', '${V}.tar.gz', 'app-${V_1}', '"/opt/app-${V}"', '"a $V b"', 'A=$V', 'A="$V"',
  '$CMD', '"$CMD"', '$_x', "a'q'$V/x", '$URL/$VERSION/file.tgz', 'a-$V-$W-b', '"$TMP"/$NAME.tar.gz', 'export$V', 'A+=x', '==$V', '--prefix=$V', "'$V'", '"$"', '$', '$1', '$@', '${V:-x}', '$(id)', '"$(id)"', '$((1))', '"${V}x${W}"', '$V$W',
];
const PLAIN_SEPARATORS = [' ', '  ', '\t', ' && ', '&&', ' || ', '||', ' ; ', ';', ' | ', '|', '\n', ' \\\n    ', '\\\n', '\n\n', ';\n'];
/** Separators the fast path must hand over to tree-sitter. */
const OTHER_SEPARATORS = [' &', ' ;; ', ' # c', "'q'", ' > f', ' "a\\"b"', ` "it's"`, ' "a\nb"', ' "unclosed', " 'unclosed", ' "x`y`"', ' "#"'];
/** Pieces glued into one word: tree-sitter-bash splits some words after an expansion or a quote. */
const PIECES = ['$V', '${V}', '$HOME', '"x"', "'y'", '/x', '-', 'a', '.', '"$V"', '"a${V}b"', '=', '+=', 'export', 'if', 'A'];
const gluedWord = fc.array(fc.constantFrom(...PIECES), { minLength: 2, maxLength: 4 }).map((pieces) => pieces.join(''));
const word = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...WORDS) }, { weight: 1, arbitrary: gluedWord });
const separator = fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...PLAIN_SEPARATORS) }, { weight: 1, arbitrary: fc.constantFrom(...OTHER_SEPARATORS) });

describe('shell fast path', () => {
  it('reads generated scripts exactly as tree-sitter does', () => {
    let accepted = 0;
    let acceptedWithQuotes = 0;
    let acceptedWithExpansions = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(word, separator), { minLength: 1, maxLength: 8 }), fc.nat(50), (parts, origin) => {
        const view = parts.map(([word, separator]) => word + separator).join('');
        const fast = readSimpleScript(view, origin);
        if (fast === null) return;
        accepted++;
        if (/["']/.test(view)) acceptedWithQuotes++;
        if (view.includes('$')) acceptedWithExpansions++;
        assert.deepEqual(fast, parseWithTreeSitter(shell, view, origin), JSON.stringify(view));
      }),
      { numRuns: 3000 },
    );
    assert.ok(accepted > 150, `the generator must exercise the fast path (accepted ${accepted})`);
    assert.ok(acceptedWithQuotes > 100, `the generator must exercise quoted words (accepted ${acceptedWithQuotes})`);
    assert.ok(acceptedWithExpansions > 30, `the generator must exercise expansions (accepted ${acceptedWithExpansions})`);
  });

  it('reads every RUN in the fixtures and examples exactly as tree-sitter does', () => {
    const files: string[] = [];
    const walk = (folder: string): void => {
      for (const name of readdirSync(folder)) {
        const path = join(folder, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/Dockerfile/.test(name)) files.push(path);
      }
    };
    for (const folder of ['examples', 'test/fixtures']) if (existsSync(join(REPO_ROOT, folder))) walk(join(REPO_ROOT, folder));
    let compared = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const model = buildModel(text, shell);
      for (const instruction of model.instructions) {
        if (instruction.keyword !== 'RUN' || instruction.execForm || instruction.heredocs.length > 0) continue;
        const view = shellView(text, instruction.argsStart, instruction.end, model.escapeChar);
        const fast = readSimpleScript(view, instruction.argsStart);
        if (fast === null) continue;
        compared++;
        assert.deepEqual(fast, parseWithTreeSitter(shell, view, instruction.argsStart), `${file}: ${JSON.stringify(view)}`);
      }
    }
    assert.ok(compared > 100, `compared ${compared} RUN scripts`);
  });
});
