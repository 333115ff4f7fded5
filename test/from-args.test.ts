// Global ARG defaults expanded in order as BuildKit does, the platform ARGs in FROM, and the shell
// summary's reading of `case` patterns (their `|` is not a pipe).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { buildModel } from '../server/src/core/model/build';
import { expandArgs, expandVariables } from '../server/src/core/model/from-args';
import type { ShellParser } from '../server/src/core/index';
import { testShellParser } from './helpers/shell';

let shell: ShellParser;
before(async () => {
  shell = await testShellParser();
});

describe('global ARG defaults', () => {
  it('expands each default with the ARGs declared before it', () => {
    const model = buildModel('ARG V=3.22\nARG IMG=alpine:${V}\nARG V=3.21\nFROM ${IMG}\n', shell);
    assert.equal(model.globalArgs.get('IMG'), 'alpine:3.22');
    assert.equal(model.stages[0].image?.resolved, 'alpine:3.22');
  });

  it('keeps a default unknown when it depends on an ARG without one, even through :+', () => {
    const model = buildModel('ARG V\nARG IMG=alpine:${V}\nARG P=${TARGETPLATFORM#linux/}\nARG P=${P:+x}\nFROM ${IMG}\n', shell);
    assert.equal(model.globalArgs.get('IMG'), null);
    assert.equal(model.globalArgs.get('P'), null);
    assert.equal(model.stages[0].image?.resolved, null);
  });

  it('links FROM ${FLAVOR} to the stage an amd64 build picks', () => {
    const model = buildModel('ARG FLAVOR=${TARGETARCH}\nFROM scratch AS amd64\nFROM scratch AS arm64\nFROM ${FLAVOR}\n', shell);
    assert.equal(model.stages[2].baseStage, 0);
    assert.equal(model.stages[2].image, null);
  });

  it('applies the shell-lexer modifiers and removes quotes in their words', () => {
    const vars = new Map<string, string | null>([['P', 'linux/arm64'], ['E', '']]);
    assert.equal(expandVariables('${P#linux/}', vars), 'arm64');
    assert.equal(expandVariables('${P##*/}-${P%/*}-${P%%/*}', vars), 'arm64-linux-linux');
    assert.equal(expandVariables('${E:-"bookworm"}-${E-x}-${P:+"set"}', vars), 'bookworm--set');
    assert.deepEqual(expandArgs('${U:-a}${U}', (name) => (name === 'U' ? null : undefined)), { text: 'a', unknown: true });
  });
});

describe('case patterns', () => {
  it('does not read the | between case patterns as a pipe', () => {
    const text = 'FROM debian:12\nRUN case "$(uname -m)" in x86_64 | aarch64) echo ok | cat ;; *) exit 1 ;; esac\n';
    const model = buildModel(text, shell);
    const script = model.shellScript(model.instructions[1])!;
    const operators = script.commands.filter((command) => !command.nested).map((command) => [command.name, command.operatorBefore]);
    assert.deepEqual(operators, [['echo', null], ['cat', '|'], ['exit', null]]);
  });
});
