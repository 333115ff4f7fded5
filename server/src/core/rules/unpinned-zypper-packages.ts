// unpinned-zypper-packages: `zypper install curl` installs whatever version the repositories have today.
import { packageList, PINNING_SEVERITY_NOTE, reportUnpinned } from '../model/packages';
import { defineRule } from '../rule';

const ZYPPER = {
  names: ['zypper'],
  verbs: ['install', 'in'],
  optionsWithValue: new Set(['-R', '--root', '-c', '--config', '-r', '--repo', '--from', '-t', '--type', '-D', '--reposd-dir', '--installroot']),
  prefilter: /\bzypper\b/,
};

export default defineRule({
  meta: {
    id: 'unpinned-zypper-packages',
    title: 'zypper install without versions',
    category: 'maintenance',
    defaultSeverity: 'info',
    fixAvailability: 'never',
    summary: 'Pin the versions of packages installed with `zypper install` (`curl=8.14.1` or `\'curl>=8.14\'`).',
    docs: {
      why: [
        '`zypper install curl` installs the version the repositories offer on the day of the build, so two builds of the same Dockerfile can ship different software. zypper takes a version constraint after the name: `curl=8.14.1`, or a quoted range such as `\'curl>=8.14\'`.',
        '',
        'A package counts as pinned when it has a constraint (`=`, `<`, `>`) or is a `.rpm` file. Packages written with a variable are skipped.',
        '',
        PINNING_SEVERITY_NOTE,
      ].join('\n'),
      incorrect: 'FROM opensuse/leap:15.6\nRUN zypper --non-interactive install curl && zypper clean --all',
      correct: 'FROM opensuse/leap:15.6\nRUN zypper --non-interactive install curl=8.14.1 && zypper clean --all',
    },
    sources: [{ tool: 'hadolint', id: 'DL3037', relation: 'same' }],
  },
  check({ model, report }) {
    reportUnpinned(
      model,
      report,
      ZYPPER,
      (value) => /[=<>]/.test(value) || value.endsWith('.rpm') || value.includes('/'),
      (call, unpinned) => `\`zypper ${call.verb.value}\` does not pin ${packageList(unpinned)}; use \`<package>=<version>\``,
    );
  },
});
