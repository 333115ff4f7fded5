// unpinned-dnf-packages: `dnf install httpd` installs whatever version the repositories have today.
import { PINNING_SEVERITY_NOTE, reportUnpinnedRpmInstalls } from '../model/packages';
import { defineRule } from '../rule';

export default defineRule({
  meta: {
    id: 'unpinned-dnf-packages',
    title: 'dnf install without versions',
    category: 'maintenance',
    defaultSeverity: 'info',
    fixAvailability: 'never',
    summary: 'Pin the versions of packages installed with `dnf install` (`httpd-2.4.62`), and module streams (`nodejs:22`).',
    docs: {
      why: [
        '`dnf install httpd` installs the version the repositories offer on the day of the build, so two builds of the same Dockerfile can ship different software. RPM package managers take the version after a dash: `httpd-2.4.62` or a full `httpd-2.4.62-1.el9`. `dnf module install nodejs` picks the default stream; name it with `nodejs:22`.',
        '',
        'A package counts as pinned when a dash is followed by version-like parts starting with a digit, or when it is a `.rpm` file, a URL, a path or a group (`@core`). Packages written with a variable are skipped.',
        '',
        PINNING_SEVERITY_NOTE,
      ].join('\n'),
      incorrect: 'FROM fedora:42\nRUN dnf install -y httpd && dnf clean all',
      correct: 'FROM fedora:42\nRUN dnf install -y httpd-2.4.62 && dnf clean all',
    },
    sources: [{ tool: 'hadolint', id: 'DL3041', relation: 'same' }],
  },
  check(context) {
    reportUnpinnedRpmInstalls(context, ['dnf', 'microdnf'], /\b(micro)?dnf\b/);
  },
});
