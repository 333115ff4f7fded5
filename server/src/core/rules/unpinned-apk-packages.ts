// unpinned-apk-packages: `apk add curl` installs whatever version the index has today.
import { packageList, PINNING_SEVERITY_NOTE, reportUnpinned } from '../model/packages';
import { defineRule } from '../rule';

const APK = {
  names: ['apk'],
  verbs: ['add'],
  optionsWithValue: new Set(['-t', '--virtual', '-X', '--repository', '--repositories-file', '-p', '--root', '--arch', '--cache-dir', '--keys-dir']),
  prefilter: /\bapk\b/,
};

export default defineRule({
  meta: {
    id: 'unpinned-apk-packages',
    title: 'apk add without versions',
    category: 'maintenance',
    defaultSeverity: 'info',
    fixAvailability: 'never',
    summary: 'Pin the versions of packages installed with `apk add` (`curl=8.14.1-r1` or `curl~8.14`).',
    docs: {
      why: [
        '`apk add curl` installs the version the index offers on the day of the build, so two builds of the same Dockerfile can ship different software. `curl=<version>` pins it exactly; `curl~8.14` allows patch releases only.',
        '',
        'A package counts as pinned when it has a version constraint (`=`, `~`, `<`, `>`) or is a local `.apk` file. Values of `--virtual`/`-t` are names, not packages. Packages written with a variable are skipped.',
        '',
        PINNING_SEVERITY_NOTE,
      ].join('\n'),
      incorrect: 'FROM alpine:3.22\nRUN apk add --no-cache curl',
      correct: 'FROM alpine:3.22\nRUN apk add --no-cache curl~8.14',
    },
    sources: [{ tool: 'hadolint', id: 'DL3018', relation: 'same' }],
  },
  check({ model, report }) {
    reportUnpinned(
      model,
      report,
      APK,
      (value) => /[=~<>]/.test(value) || value.endsWith('.apk'),
      (_call, unpinned) => `\`apk add\` does not pin ${packageList(unpinned)}; use \`<package>=<version>\` or \`<package>~<version>\``,
    );
  },
});
