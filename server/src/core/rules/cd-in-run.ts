// cd-in-run: `RUN cd /src && make` — use WORKDIR instead of cd.
import { insertAt, replaceSpan } from '../edits';
import { runScripts } from '../model/commands';
import type { DockerfileModel, Instruction } from '../model/types';
import { defineRule, type Fix } from '../rule';
import type { ShellCommand, ShellScript } from '../shell/script';

/**
 * True when `offset` sits inside `( … )`, where a cd only lasts until the closing parenthesis: the
 * idiom for a scoped directory change. Quotes and `$( … )` are skipped.
 */
function insideSubshell(text: string, from: number, offset: number): boolean {
  let depth = 0;
  let quote: string | null = null;
  for (let i = from; i < offset; i++) {
    const char = text[i];
    if (quote) {
      if (char === '\\' && quote === '"') i++;
      else if (char === quote) quote = null;
    } else if (char === '\\') {
      i++;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '(') {
      depth++;
    } else if (char === ')') {
      depth = Math.max(0, depth - 1);
    }
  }
  return depth > 0;
}

/** `RUN cd /abs && rest` at the start of a RUN: the only shape the WORKDIR rewrite keeps simple. */
function workdirFix(model: DockerfileModel, instruction: Instruction, script: ShellScript, cd: ShellCommand): Fix | null {
  const [first, next] = script.commands;
  if (first !== cd || !next || next.operatorBefore !== '&&' || next.nested) return null;
  if (instruction.heredocs.length > 0 || cd.start !== instruction.argsStart || cd.args.length !== 1) return null;
  const target = cd.args[0].value;
  if (target === null || !target.startsWith('/') || /[\s"'\\$*?[\]{}~]/.test(target)) return null;
  if (script.commands.slice(1).some((command) => command.name === 'cd')) return null;
  const indent = model.text.slice(model.lines.lineStart(instruction.range.start.line), instruction.start);
  if (indent.trim() !== '') return null;
  return {
    title: `Use \`WORKDIR ${target}\` (unsafe: WORKDIR also applies to later instructions and creates the directory)`,
    safety: 'unsafe',
    edits: [
      insertAt(model, instruction.start, `WORKDIR ${target}${model.lines.eol}${indent}`),
      replaceSpan(model, cd.start, next.start, ''),
    ],
  };
}

export default defineRule({
  meta: {
    id: 'cd-in-run',
    title: 'cd in RUN',
    category: 'correctness',
    defaultSeverity: 'warning',
    fixAvailability: 'sometimes',
    summary: 'Use `WORKDIR` to change directory instead of `cd` inside `RUN`.',
    docs: {
      why: [
        'A `cd` only lasts until the end of its `RUN`: the next `RUN`, `COPY` or `CMD` starts again in the `WORKDIR`. Dockerfiles that rely on `cd` are harder to follow (each RUN has to be read to know where it runs), break when a `RUN` is split in two, and tempt the next editor to write `RUN cd /app` on its own line, which does nothing. `WORKDIR /app` states the directory once, creates it if needed and applies to every following instruction.',
        '',
        'Reported for a top-level `cd` that is followed by more commands in the same `RUN`. A `cd` inside `( … )` is left alone: the subshell is the usual way to scope a directory change to a few commands. `cd` in a one-off place such as a loop over folders may be exactly right: disable the rule for that line.',
      ].join('\n'),
      incorrect: 'FROM gcc:14\nCOPY . /src\nRUN cd /src && make',
      correct: 'FROM gcc:14\nCOPY . /src\nWORKDIR /src\nRUN make',
      fixSafety: [
        'Unsafe, offered when the `RUN` starts with `cd /absolute/path &&` and has no other `cd`: the fix puts `WORKDIR /absolute/path` before the `RUN` and removes the `cd`.',
        '',
        'It is unsafe because `WORKDIR` persists: the later `RUN`, `COPY` with a relative destination, `CMD` and `ENTRYPOINT` of the stage now run in that directory, where they used to run in the previous `WORKDIR`. `WORKDIR` also creates a missing directory, where `cd` would have failed the build.',
      ].join('\n'),
    },
    sources: [{ tool: 'hadolint', id: 'DL3003', relation: 'same' }],
  },
  check({ model, report }) {
    for (const { stage, instruction, script } of runScripts(model, /\bcd\b/)) {
      for (const command of script.commands) {
        if (command.name !== 'cd' || command.nested) continue;
        if (!script.commands.some((other) => other.start > command.end)) continue;
        if (insideSubshell(model.text, instruction.argsStart, command.start)) continue;
        const fix = workdirFix(model, instruction, script, command);
        const where = command.args[0]?.raw ?? '~';
        report({
          range: model.lines.rangeOf(command.start, command.end),
          message: `\`cd ${where}\` lasts only for this \`RUN\`: use \`WORKDIR\` to change directory`,
          stageIndex: stage.index,
          fixes: fix ? [fix] : [],
        });
      }
    }
  },
});
