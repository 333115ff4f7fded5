// apt-no-install-recommends: `apt-get install` without `--no-install-recommends` also pulls in every
// package the requested ones merely recommend.
import { insertAfterWord } from '../edits';
import { aptVerb, hasOption, runScripts, type Invocation } from '../model/commands';
import type { DockerfileModel, Instruction, Stage } from '../model/types';
import { defineRule } from '../rule';
import { positionInStage, stageChain } from '../model/stages';

/** `-o APT::Install-Recommends=false` (or `=0`), in any of apt's spellings of `-o`. */
const RECOMMENDS_OFF = /^APT::Install-Recommends=(false|0|no|off)$/i;

function disablesRecommendsOnCommandLine(invocation: Invocation): boolean {
  const values = invocation.args.map((word) => word.value ?? '');
  return values.some((value, i) => {
    const previous = values[i - 1];
    if (previous === '-o' || previous === '--option') return RECOMMENDS_OFF.test(value);
    const attached = /^(?:-o|--option=)(.+)$/.exec(value);
    return attached !== null && RECOMMENDS_OFF.test(attached[1]);
  });
}

/** An apt.conf line written by the Dockerfile itself: `echo 'APT::Install-Recommends "0";' > …`. */
const RECOMMENDS_OFF_IN_CONFIG = /APT::Install-Recommends\s+\\?["']?(false|0|no|off)\b/i;

/** True when an earlier RUN of the stage chain (or this RUN, before `offset`) writes that apt.conf line. */
function disabledInConfigBefore(model: DockerfileModel, stage: Stage, instruction: Instruction, offset: number): boolean {
  if (RECOMMENDS_OFF_IN_CONFIG.test(model.text.slice(instruction.argsStart, offset))) return true;
  // The first RUN along the chain that turns recommends off; computed once per stage.
  let first = firstConfigRun.get(stage);
  if (first === undefined) {
    first = null;
    for (const current of stageChain(model, stage).reverse()) {
      first = current.instructions.find((earlier) => earlier.keyword === 'RUN' && RECOMMENDS_OFF_IN_CONFIG.test(earlier.argsText)) ?? null;
      if (first) break;
    }
    firstConfigRun.set(stage, first);
  }
  if (!first) return false;
  return first.stageIndex !== stage.index || positionInStage(stage, first) < positionInStage(stage, instruction);
}

const firstConfigRun = new WeakMap<Stage, Instruction | null>();

export default defineRule({
  meta: {
    id: 'apt-no-install-recommends',
    title: 'apt-get install without --no-install-recommends',
    category: 'size',
    defaultSeverity: 'info',
    fixAvailability: 'always',
    summary: 'Use `apt-get install --no-install-recommends` so only the packages you ask for and their dependencies are installed.',
    docs: {
      why: 'By default `apt-get install` (and `apt install`) also installs every package the requested ones *recommend*: documentation, optional helpers, sometimes whole toolchains. They are rarely needed in a container and often double the size of the layer. `--no-install-recommends` installs only the requested packages and their hard dependencies.\n\nNot reported when the command passes `-o APT::Install-Recommends=false` (or `=0`), or when an earlier RUN in the stage writes `APT::Install-Recommends "0"` into an apt configuration file.',
      incorrect: 'FROM debian:trixie-slim\nRUN apt-get update \\\n    && apt-get install -y curl \\\n    && rm -rf /var/lib/apt/lists/*',
      correct: 'FROM debian:trixie-slim\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends curl \\\n    && rm -rf /var/lib/apt/lists/*',
      fixSafety: 'Unsafe: the fix inserts `--no-install-recommends` after `install`, so recommended packages are no longer installed. Your application may rely on one of them without naming it (for example `ca-certificates`, recommended by `curl`, or a font or locale package); build and test the image, and add what is missing to the install line explicitly.',
    },
    sources: [{ tool: 'hadolint', id: 'DL3015', relation: 'same' }],
    finalImageOnly: true,
  },
  check({ model, report }) {
    for (const { stage, instruction, invocations } of runScripts(model, /\bapt(-get)?\b/)) {
      for (const invocation of invocations) {
        const verb = aptVerb(invocation);
        if (!verb || verb.value !== 'install') continue;
        if (hasOption(invocation, '--no-install-recommends') || disablesRecommendsOnCommandLine(invocation)) continue;
        if (disabledInConfigBefore(model, stage, instruction, invocation.command.start)) continue;
        report({
          range: model.lines.rangeOf(invocation.nameWord.start, verb.end),
          message: `\`${invocation.name} install\` without \`--no-install-recommends\` also installs recommended packages`,
          stageIndex: stage.index,
          fixes: [{
            title: 'Add --no-install-recommends (unsafe: recommended packages are no longer installed)',
            safety: 'unsafe',
            edits: [insertAfterWord(model, verb, '--no-install-recommends')],
          }],
        });
      }
    }
  },
});
