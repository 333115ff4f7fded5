// unpinned-gem-packages: `gem install bundler` installs the newest release on the day of the build.
import { hasOption } from '../model/commands';
import { packageList, PINNING_SEVERITY_NOTE, reportUnpinned } from '../model/packages';
import { defineRule } from '../rule';

const GEM = {
  names: ['gem'],
  verbs: ['install', 'i'],
  optionsWithValue: new Set(['-v', '--version', '-i', '--install-dir', '-n', '--bindir', '-s', '--source', '--platform', '-P', '--trust-policy', '--build-root', '--document', '-g', '--file']),
  prefilter: /\bgem\b/,
};

export default defineRule({
  meta: {
    id: 'unpinned-gem-packages',
    title: 'gem install without versions',
    category: 'maintenance',
    defaultSeverity: 'info',
    fixAvailability: 'never',
    summary: 'Pin the versions of gems installed with `gem install` (`gem install bundler:2.7.1` or `-v 2.7.1`).',
    docs: {
      why: [
        '`gem install bundler` installs the newest release on the day of the build. Name the version with `bundler:2.7.1` or `--version 2.7.1`, or install from a `Gemfile.lock` with `bundle install`.',
        '',
        'A gem counts as pinned when it is written `name:version`; a call with `-v`/`--version` is not reported. Gems written with a variable are skipped.',
        '',
        PINNING_SEVERITY_NOTE,
      ].join('\n'),
      incorrect: 'FROM ruby:3.4-slim\nRUN gem install bundler',
      correct: 'FROM ruby:3.4-slim\nRUN gem install bundler:2.7.1',
    },
    sources: [{ tool: 'hadolint', id: 'DL3028', relation: 'same' }],
  },
  check({ model, report }) {
    reportUnpinned(
      model,
      report,
      GEM,
      (value) => value.includes(':'),
      (_call, unpinned) => `\`gem install\` does not pin ${packageList(unpinned)}; use \`<gem>:<version>\``,
      (call) => hasOption(call.invocation, '-v', '--version'),
    );
  },
});
