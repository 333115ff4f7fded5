// shell-form-cmd: CMD or ENTRYPOINT in shell form runs the app as a child of `/bin/sh -c`.
import { replaceSpan } from '../edits';
import type { DockerfileModel, Instruction, Stage } from '../model/types';
import { defineRule, type Fix } from '../rule';
import { execFormText, plainCommandWords } from '../model/plain-command';
import { readLooseArray } from './invalid-json-args';
import { stageChain } from '../model/stages';

/** The SHELL in effect at `instruction`: the last one before it in its stage, else in the stages it is built FROM. */
function shellAt(chain: Stage[], instruction: Instruction): string[] | null {
  const own = chain.findIndex((stage) => stage.index === instruction.stageIndex);
  for (const stage of chain.slice(own)) {
    const shells = stage.instructions.filter((other) => other.keyword === 'SHELL' && other.execForm && other.start < instruction.start);
    if (shells.length > 0) return shells[shells.length - 1].execForm!.values;
  }
  return null;
}

/** The ENTRYPOINT the final image ends up with: the last one along the chain. */
function effectiveEntrypoint(chain: Stage[]): Instruction | null {
  for (const stage of chain) {
    const entrypoints = stage.instructions.filter((instruction) => instruction.keyword === 'ENTRYPOINT');
    if (entrypoints.length > 0) return entrypoints[entrypoints.length - 1];
  }
  return null;
}

function execFormFix(model: DockerfileModel, instruction: Instruction, chain: Stage[]): Fix | null {
  // A SHELL anywhere along the chain changes what shell form meant: leave those alone.
  if (chain.some((stage) => stage.shell !== null)) return null;
  const found = plainCommandWords(model, instruction);
  if (!found) return null;
  const json = execFormText(found.argv);
  const edits = [replaceSpan(model, instruction.argsStart, found.end, json)];
  if (instruction.keyword === 'ENTRYPOINT') {
    return { title: 'Use exec form (unsafe: the entrypoint then receives CMD and `docker run` arguments, which shell form ignored)', safety: 'unsafe', edits };
  }
  if (effectiveEntrypoint(chain)?.execForm) {
    return { title: 'Use exec form (unsafe: the ENTRYPOINT then receives these words instead of `/bin/sh -c …`)', safety: 'unsafe', edits };
  }
  return { title: 'Use exec form', safety: 'safe', edits };
}

export default defineRule({
  meta: {
    id: 'shell-form-cmd',
    title: 'Shell-form CMD or ENTRYPOINT',
    category: 'correctness',
    defaultSeverity: 'warning',
    fixAvailability: 'sometimes',
    summary: 'Write CMD and ENTRYPOINT in exec form (`CMD ["app", "arg"]`) so the app receives stop signals.',
    docs: {
      why: [
        'Shell form (`CMD python app.py`) runs `/bin/sh -c "python app.py"`. Unless that shell happens to replace itself with the command (some shells do it for a lone command, depending on the shell and its version), the shell is PID 1 and the app is its child. `docker stop` sends SIGTERM to PID 1, and the shell neither forwards it nor exits, so the app never hears it, cannot shut down cleanly, and is killed with SIGKILL after the 10-second timeout. Exec form (`CMD ["python", "app.py"]`) starts the app itself as PID 1. A shell-form `ENTRYPOINT` also ignores `CMD` and the arguments of `docker run`, and shell form needs `/bin/sh`, which distroless and scratch images do not have.',
        '',
        'Checked in the final stage and the stages it is built FROM. Shell form is still the right tool when the command needs the shell (variables, `&&`, redirects): then use `exec` for the last command (`CMD ./migrate && exec ./server`) or a small entrypoint script.',
      ].join('\n'),
      incorrect: 'FROM python:3.12-slim\nCOPY app.py .\nCMD python app.py --port 8080',
      correct: 'FROM python:3.12-slim\nCOPY app.py .\nCMD ["python", "app.py", "--port", "8080"]',
      fixSafety: [
        'Offered only when the command is one plain command of fixed words — no operators, redirects, variables, globs or assignments — and no `SHELL` instruction changed the shell. A leading `exec` is dropped, since exec form already replaces the shell.',
        '',
        '`CMD`: safe. The same program runs with the same arguments; the difference is that it becomes PID 1 and receives signals, which is the point of the rule. It is marked unsafe when an exec-form `ENTRYPOINT` is set in the Dockerfile, because that entrypoint then receives the words instead of `/bin/sh -c "…"`. (An `ENTRYPOINT` inherited from the base image cannot be seen; the official images\' entrypoint scripts run their arguments either way.)',
        '',
        '`ENTRYPOINT`: unsafe. An exec-form entrypoint receives the `CMD` and the arguments of `docker run` as extra arguments, which the shell form ignored: an image with both `ENTRYPOINT` and `CMD` set will run a different command line.',
      ].join('\n'),
    },
    sources: [
      { tool: 'hadolint', id: 'DL3025', relation: 'same' },
      { tool: 'buildkit', id: 'JSONArgsRecommended', relation: 'same' },
    ],
    finalImageOnly: true,
  },
  check({ model, report }) {
    if (!model.finalStage) return;
    const chain = stageChain(model, model.finalStage);
    for (const stage of chain) {
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'CMD' && instruction.keyword !== 'ENTRYPOINT') continue;
        if (instruction.execForm || instruction.args.length === 0) continue;
        if (readLooseArray(instruction.argsText)) continue; // invalid-json-args reports it
        const fix = execFormFix(model, instruction, chain);
        const shell = shellAt(chain, instruction)?.join(' ') ?? '/bin/sh -c';
        report({
          range: model.lines.rangeOf(instruction.argsStart, instruction.end),
          message: `\`${instruction.keyword}\` in shell form runs under \`${shell}\`, so the app may not get stop signals`,
          stageIndex: stage.index,
          fixes: fix ? [fix] : [],
        });
      }
    }
  },
});
