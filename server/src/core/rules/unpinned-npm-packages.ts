// unpinned-npm-packages: `npm install -g typescript` installs the newest release on the day of the build.
import { packageList, PINNING_SEVERITY_NOTE, reportUnpinned } from '../model/packages';
import { defineRule } from '../rule';

const NPM = {
  names: ['npm'],
  verbs: ['install', 'i', 'add'],
  optionsWithValue: new Set(['--loglevel', '--registry', '--prefix', '--cache', '--omit', '--include', '--workspace', '-w', '--tag']),
  prefilter: /\bnpm\b/,
};

function isPinned(value: string): boolean {
  if (/^(git(\+[a-z]+)?:\/\/|github:|gitlab:|bitbucket:)/.test(value)) return value.includes('#');
  if (/^(\/|\.\/|\.\.\/|~\/|file:)/.test(value) || /\.(tar|tar\.gz|tgz)$/.test(value)) return true;
  if (/^https?:\/\//.test(value)) return true;
  // `@scope/name@1.2.3`: the version is after the second `@`.
  const name = value.startsWith('@') ? value.slice(value.indexOf('/') + 1) : value;
  return name.includes('@');
}

export default defineRule({
  meta: {
    id: 'unpinned-npm-packages',
    title: 'npm install of a package without a version',
    category: 'maintenance',
    defaultSeverity: 'info',
    fixAvailability: 'never',
    summary: 'Pin the versions of packages named on `npm install` (`npm install -g typescript@5.9.2`).',
    docs: {
      why: [
        '`npm install -g typescript` installs the newest release on the day of the build. Name a version (`typescript@5.9.2`), or declare the dependency in `package.json` with its lock file and run `npm ci`.',
        '',
        'Only packages named on the command line are checked: `npm install` and `npm ci` without names install what `package.json` and the lock file say. A package counts as pinned when it has `@version` (after the scope), is a git URL with `#ref`, a tarball, a URL or a local folder. Packages written with a variable are skipped.',
        '',
        PINNING_SEVERITY_NOTE,
      ].join('\n'),
      incorrect: 'FROM node:22-slim\nRUN npm install -g typescript',
      correct: 'FROM node:22-slim\nRUN npm install -g typescript@5.9.2',
    },
    sources: [{ tool: 'hadolint', id: 'DL3016', relation: 'same' }],
  },
  check({ model, report }) {
    reportUnpinned(
      model,
      report,
      NPM,
      isPinned,
      (call, unpinned) => `\`npm ${call.verb.value}\` does not pin ${packageList(unpinned)}; use \`<package>@<version>\``,
    );
  },
});
