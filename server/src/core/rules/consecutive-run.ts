// consecutive-run: RUN instructions that follow each other could be one RUN, one layer.
import type { Instruction } from '../model/types';
import { defineRule } from '../rule';

/** RUNs merge only when they run with the same mounts, network and security mode. */
function flagKey(instruction: Instruction): string {
  return instruction.flags.map((flag) => `${flag.name}=${flag.value ?? ''}`).sort().join('\n');
}

/** Groups of directly consecutive shell-form RUNs with equal flags; comments do not break a group. */
function mergeableGroups(instructions: readonly Instruction[]): Instruction[][] {
  const groups: Instruction[][] = [];
  let current: Instruction[] = [];
  for (const instruction of instructions) {
    const joinable = instruction.keyword === 'RUN' && !instruction.execForm;
    if (joinable && current.length > 0 && flagKey(current[0]) === flagKey(instruction)) {
      current.push(instruction);
      continue;
    }
    if (current.length > 1) groups.push(current);
    current = joinable ? [instruction] : [];
  }
  if (current.length > 1) groups.push(current);
  return groups;
}

export default defineRule({
  meta: {
    id: 'consecutive-run',
    title: 'Consecutive RUN instructions',
    category: 'size',
    defaultSeverity: 'info',
    fixAvailability: 'never',
    summary: 'Merge RUN instructions that follow each other into one, so they make one layer.',
    docs: {
      why: 'Every RUN adds a layer, and a layer keeps every file written in it, even when a later RUN deletes the file: the deletion only hides it. Installing build tools in one RUN and removing them in the next ships them anyway. Merging consecutive RUNs into one lets the clean-up at the end shrink everything before it, and leaves fewer layers to pull and store.\n\nA group is RUN instructions that follow each other directly in one stage (comment lines between them do not break it). Exec-form RUNs and RUNs with different `--mount`, `--network` or `--security` flags are left out, because they cannot be merged as they are. The finding sits on the second RUN of a group and links the others; a suppression comment goes above that second RUN.\n\nKeep RUNs apart on purpose when an early one is slow and rarely changes (for example installing system packages) and a later one changes often: each RUN is a cache step.',
      incorrect: 'FROM debian:trixie-slim\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends curl\nRUN rm -rf /var/lib/apt/lists/*',
      correct: 'FROM debian:trixie-slim\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends curl \\\n    && rm -rf /var/lib/apt/lists/*',
    },
    sources: [{ tool: 'hadolint', id: 'DL3059', relation: 'same' }],
    finalImageOnly: true,
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      for (const group of mergeableGroups(stage.instructions)) {
        const count = group.length;
        report({
          range: group[1].keywordRange,
          message: `${count} consecutive RUN instructions create ${count} layers; merge them so a clean-up step can shrink them all`,
          stageIndex: stage.index,
          related: group
            .map((instruction, index) => ({ instruction, index }))
            .filter(({ index }) => index !== 1)
            .map(({ instruction, index }) => ({ range: instruction.keywordRange, message: `RUN ${index + 1} of ${count} in this group` })),
        });
      }
    }
  },
});
