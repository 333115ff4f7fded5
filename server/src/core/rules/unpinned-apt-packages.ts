// unpinned-apt-packages: `apt-get install curl` installs whatever version the archive has today.
import { packageList, PINNING_SEVERITY_NOTE, reportUnpinned } from '../model/packages';
import { defineRule } from '../rule';

const APT = {
  names: ['apt-get', 'apt'],
  verbs: ['install'],
  optionsWithValue: new Set(['-o', '--option', '-c', '--config-file', '-t', '--target-release']),
  prefilter: /\bapt(-get)?\b/,
};

export default defineRule({
  meta: {
    id: 'unpinned-apt-packages',
    title: 'apt-get install without versions',
    category: 'maintenance',
    defaultSeverity: 'info',
    fixAvailability: 'never',
    summary: 'Pin the versions of packages installed with `apt-get install` (`curl=8.5.0-2ubuntu10.6`).',
    docs: {
      why: [
        '`apt-get install curl` installs the version the archive offers on the day of the build, so two builds of the same Dockerfile can ship different software. `curl=<version>` makes the choice explicit.',
        '',
        'A package counts as pinned when it carries `=version`, names a release (`curl/bookworm-backports`) or is a local `.deb` file. Packages written with a variable (`$PACKAGES`) are skipped.',
        '',
        PINNING_SEVERITY_NOTE,
      ].join('\n'),
      incorrect: 'FROM debian:13\nRUN apt-get update && apt-get install -y --no-install-recommends curl',
      correct: 'FROM debian:13\nRUN apt-get update && apt-get install -y --no-install-recommends curl=8.14.1-2',
    },
    sources: [{ tool: 'hadolint', id: 'DL3008', relation: 'same' }],
  },
  check({ model, report }) {
    reportUnpinned(
      model,
      report,
      APT,
      (value) => value.includes('=') || value.includes('/') || value.endsWith('.deb'),
      (call, unpinned) => `\`${call.invocation.name} install\` does not pin ${packageList(unpinned)}; use \`<package>=<version>\``,
    );
  },
});
