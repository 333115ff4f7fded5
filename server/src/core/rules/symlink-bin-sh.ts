// symlink-bin-sh: replacing /bin/sh to get bash in RUN changes the shell of the whole image.
import { runScripts } from '../model/commands';
import { defineRule } from '../rule';

export default defineRule({
  meta: {
    id: 'symlink-bin-sh',
    title: 'Replacing /bin/sh with a link',
    category: 'correctness',
    defaultSeverity: 'warning',
    fixAvailability: 'never',
    summary: 'Use the `SHELL` instruction to run `RUN` with another shell instead of re-linking `/bin/sh`.',
    docs: {
      why: '`ln -sf /bin/bash /bin/sh` makes every `/bin/sh` in the image bash: the package manager\'s maintainer scripts, shell-form `CMD`, and every `#!/bin/sh` script the image runs, which were written and tested for the distribution\'s own `sh`. The `SHELL ["/bin/bash", "-c"]` instruction changes only the shell Docker uses for the following `RUN` instructions (and shell-form `CMD`/`ENTRYPOINT`), which is usually what was wanted.\n\nThere is no automatic fix: `SHELL` affects fewer things than the link, so code that relied on the link elsewhere would change.',
      incorrect: 'FROM debian:13-slim\nRUN ln -sf /bin/bash /bin/sh\nRUN source /opt/env.sh && make',
      correct: 'FROM debian:13-slim\nSHELL ["/bin/bash", "-c"]\nRUN source /opt/env.sh && make',
    },
    sources: [{ tool: 'hadolint', id: 'DL4005', relation: 'same' }],
  },
  check({ model, report }) {
    for (const { stage, invocations } of runScripts(model, /\bln\b/)) {
      for (const invocation of invocations) {
        if (invocation.name !== 'ln') continue;
        const target = invocation.args.find((word) => word.value === '/bin/sh');
        if (!target) continue;
        report({
          range: model.lines.rangeOf(invocation.nameWord.start, target.end),
          message: 'Re-linking `/bin/sh` changes the shell of the whole image; use `SHELL ["/bin/bash", "-c"]`',
          stageIndex: stage.index,
        });
      }
    }
  },
});
