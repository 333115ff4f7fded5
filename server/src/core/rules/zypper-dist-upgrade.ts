// zypper-dist-upgrade: `zypper dist-upgrade` in a build moves the image to whatever the repositories hold.
import { runScripts, subcommand } from '../model/commands';
import { defineRule } from '../rule';

const GLOBAL_OPTIONS_WITH_VALUE = new Set(['-R', '--root', '-c', '--config', '-D', '--reposd-dir']);

export default defineRule({
  meta: {
    id: 'zypper-dist-upgrade',
    title: 'zypper dist-upgrade in a build',
    category: 'maintenance',
    defaultSeverity: 'warning',
    fixAvailability: 'never',
    summary: 'Do not run `zypper dist-upgrade` in a Dockerfile; pick a newer base image instead.',
    docs: {
      why: 'A distribution upgrade can replace most of the base image: it may switch package vendors, remove packages and pull in a new release, and the result depends on the day of the build. The image grows by a second copy of everything it upgrades, and the tested base image is no longer what ships. Use a base image tag of the release you want, and `zypper patch` or `zypper update` for security fixes if you must.',
      incorrect: 'FROM opensuse/leap:15.6\nRUN zypper --non-interactive dist-upgrade',
      correct: 'FROM opensuse/leap:15.6\nRUN zypper --non-interactive patch && zypper clean --all',
    },
    sources: [{ tool: 'hadolint', id: 'DL3035', relation: 'same' }],
  },
  check({ model, report }) {
    for (const { stage, invocations } of runScripts(model, /\bzypper\b/)) {
      for (const invocation of invocations) {
        if (invocation.name !== 'zypper') continue;
        const verb = subcommand(invocation, GLOBAL_OPTIONS_WITH_VALUE);
        if (verb?.value !== 'dist-upgrade' && verb?.value !== 'dup') continue;
        report({
          range: model.lines.rangeOf(invocation.nameWord.start, verb.end),
          message: `\`zypper ${verb.value}\` upgrades the whole distribution during the build; use a newer base image`,
          stageIndex: stage.index,
        });
      }
    }
  },
});
