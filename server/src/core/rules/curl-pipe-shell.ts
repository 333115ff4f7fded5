// curl-pipe-shell: `curl … | sh` runs whatever the server sends, unchecked.
import { invocationOf, runScripts, type Invocation } from '../model/commands';
import { defineRule } from '../rule';
import type { ShellCommand } from '../shell/script';

const FETCHERS = new Set(['curl', 'wget']);
const INTERPRETERS = /^(sh|bash|dash|ash|zsh|ksh|python\d*(\.\d+)*|perl|ruby|node)$/;

function isInterpreter(invocation: Invocation | null): invocation is Invocation {
  return invocation !== null && INTERPRETERS.test(invocation.name);
}

export default defineRule({
  meta: {
    id: 'curl-pipe-shell',
    title: 'Downloaded script piped into a shell',
    category: 'security',
    defaultSeverity: 'warning',
    fixAvailability: 'never',
    summary: 'Download scripts to a file and verify their checksum before running them, instead of `curl … | sh`.',
    docs: {
      why: '`curl https://… | sh` runs whatever the server returns at build time, with the build\'s privileges (usually root): a compromised or hijacked server, a changed script or a truncated download all run unchecked, and the next build may run something else. The script is not pinned, so the image is not reproducible either.\n\nReported for `curl` or `wget` piped into `sh`, `bash` (or another shell, `python`, `perl`, `ruby`, `node`), and for `sh -c "$(curl …)"` or `bash <(curl …)`.\n\nUse instead: download to a file, verify a published checksum, then run it, or prefer the package manager or an `ADD --checksum=sha256:… URL` (BuildKit). For example `curl -fsSLo install.sh https://example.com/install.sh && echo "<sha256>  install.sh" | sha256sum -c - && sh install.sh`.\n\nNo fix: the checksum has to come from the publisher.',
      incorrect: 'FROM debian:trixie-slim\nRUN curl -fsSL https://example.com/install.sh | sh',
      correct: 'FROM debian:trixie-slim\nRUN curl -fsSLo /tmp/install.sh https://example.com/install.sh \\\n    && echo "<sha256>  /tmp/install.sh" | sha256sum -c - \\\n    && sh /tmp/install.sh',
    },
    sources: [],
  },
  check({ model, report }) {
    for (const { stage, script } of runScripts(model, /\b(curl|wget)\b/)) {
      const commands = script.commands;
      const invocations = commands.map((command) => invocationOf(command));
      const reported = new Set<ShellCommand>();
      const flag = (fetch: ShellCommand, runner: ShellCommand, how: string): void => {
        if (reported.has(fetch)) return;
        reported.add(fetch);
        const start = Math.min(fetch.start, runner.start);
        const end = Math.max(fetch.end, runner.end);
        report({ range: model.lines.rangeOf(start, end), message: `\`${fetch.name}\` output ${how} without an integrity check`, stageIndex: stage.index });
      };
      for (let i = 0; i < commands.length; i++) {
        const fetch = invocations[i];
        if (!fetch || !FETCHERS.has(fetch.name)) continue;
        // Piped: the commands after it joined by `|` form its pipeline.
        if (!commands[i].nested) {
          for (let j = i + 1; j < commands.length && commands[j].operatorBefore === '|'; j++) {
            const runner = invocations[j];
            if (isInterpreter(runner)) {
              flag(commands[i], commands[j], `is piped into \`${runner.name}\``);
              break;
            }
          }
          continue;
        }
        // Nested: `sh -c "$(curl …)"`, `bash <(curl …)` — the command whose words contain it.
        const outer = commands.findIndex((command, k) => k !== i && !command.nested && command.start <= commands[i].start && commands[i].end <= command.end);
        if (outer >= 0 && isInterpreter(invocations[outer])) flag(commands[i], commands[outer], `is run by \`${invocations[outer]!.name}\``);
      }
    }
  },
});
