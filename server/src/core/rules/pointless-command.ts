// pointless-command: interactive tools and process/system commands have nothing to act on in a build step.
import { runScripts } from '../model/commands';
import { defineRule } from '../rule';

/** Why each command makes no sense in a RUN, for the message. */
const REASONS: Record<string, string> = {
  ssh: 'needs keys and a terminal; fetch sources with `COPY` or `RUN --mount=type=ssh git clone`',
  vim: 'is interactive and a build has no terminal',
  top: 'is interactive and a build has no terminal',
  shutdown: 'has no init system to talk to in a build container',
  service: 'starts a daemon that dies when the `RUN` ends; start it in `CMD` or `ENTRYPOINT`',
  ps: 'only shows the processes of a throwaway build container',
  free: 'only shows the memory of a throwaway build container',
  kill: 'only acts on the processes of a throwaway build container',
  mount: 'does not persist past the `RUN`; use `RUN --mount` or a volume',
  ifconfig: 'only acts on the network of a throwaway build container',
};

/** Commands that change nothing the image keeps: editors fade them as unnecessary code. */
const NO_EFFECT = new Set(['top', 'shutdown', 'service', 'ps', 'free', 'kill', 'mount', 'ifconfig']);

export default defineRule({
  meta: {
    id: 'pointless-command',
    title: 'Command with no effect in a build',
    category: 'correctness',
    defaultSeverity: 'info',
    fixAvailability: 'never',
    summary: 'Do not run interactive or system commands (`ssh`, `vim`, `service`, `ps`, `kill`, `mount`…) in `RUN`.',
    docs: {
      why: 'Each `RUN` executes in a temporary container with no terminal, no init system and no processes besides its own; only its filesystem changes are kept. Interactive tools (`vim`, `top`) cannot work, `ssh` needs keys that should not be in the image, `service x start` starts a daemon that is killed when the step ends, and `ps`, `free`, `kill`, `mount`, `ifconfig` and `shutdown` inspect or change a container that is thrown away. Such a line is usually left from debugging, or a sign that setup belongs in the `CMD`/`ENTRYPOINT` script.',
      incorrect: 'FROM debian:13\nRUN service nginx start && nginx -t',
      correct: 'FROM debian:13\nRUN nginx -t\nCMD ["nginx", "-g", "daemon off;"]',
    },
    sources: [{ tool: 'hadolint', id: 'DL3001', relation: 'same' }],
  },
  check({ model, report }) {
    for (const { stage, invocations } of runScripts(model, /\b(ssh|vim|top|shutdown|service|ps|free|kill|mount|ifconfig)\b/)) {
      for (const invocation of invocations) {
        const reason = Object.hasOwn(REASONS, invocation.name) ? REASONS[invocation.name] : undefined;
        if (!reason) continue;
        report({
          range: model.lines.rangeOf(invocation.nameWord.start, invocation.nameWord.end),
          message: `\`${invocation.name}\` ${reason}`,
          stageIndex: stage.index,
          tags: NO_EFFECT.has(invocation.name) ? ['unnecessary'] : [],
        });
      }
    }
  },
});
