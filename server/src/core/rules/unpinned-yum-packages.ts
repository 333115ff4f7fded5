// unpinned-yum-packages: `yum install httpd` installs whatever version the repositories have today.
import { PINNING_SEVERITY_NOTE, reportUnpinnedRpmInstalls } from '../model/packages';
import { defineRule } from '../rule';

export default defineRule({
  meta: {
    id: 'unpinned-yum-packages',
    title: 'yum install without versions',
    category: 'maintenance',
    defaultSeverity: 'info',
    fixAvailability: 'never',
    summary: 'Pin the versions of packages installed with `yum install` (`httpd-2.4.62`), and module streams (`nodejs:22`).',
    docs: {
      why: [
        '`yum install httpd` installs the version the repositories offer on the day of the build, so two builds of the same Dockerfile can ship different software. RPM package managers take the version after a dash: `httpd-2.4.62` or a full `httpd-2.4.62-1.el9`. `yum module install nodejs` picks the default stream; name it with `nodejs:22`.',
        '',
        'A package counts as pinned when a dash is followed by version-like parts starting with a digit, or when it is a `.rpm` file, a URL, a path or a group (`@core`). Packages written with a variable are skipped.',
        '',
        PINNING_SEVERITY_NOTE,
      ].join('\n'),
      incorrect: 'FROM rockylinux:9\nRUN yum install -y httpd && yum clean all',
      correct: 'FROM rockylinux:9\nRUN yum install -y httpd-2.4.62 && yum clean all',
    },
    sources: [{ tool: 'hadolint', id: 'DL3033', relation: 'same' }],
  },
  check(context) {
    reportUnpinnedRpmInstalls(context, ['yum'], /\byum\b/);
  },
});
