// unpinned-pip-packages: `pip install flask` installs the newest release on the day of the build.
import { runScripts } from '../model/commands';
import { operands, packageList, pipInvocation, PINNING_SEVERITY_NOTE, verbIndex } from '../model/packages';
import { defineRule } from '../rule';

// pip's options that take a value (pip install --help), so their values are not read as packages.
const PIP_OPTIONS_WITH_VALUE = new Set([
  '-c', '--constraint', '-r', '--requirement', '-e', '--editable', '-t', '--target', '--platform', '--python-version',
  '--implementation', '--abi', '--root', '--prefix', '--src', '--upgrade-strategy', '--progress-bar', '--root-user-action',
  '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '--no-binary', '--only-binary', '--trusted-host',
  '--proxy', '--python', '--cache-dir', '--log', '--timeout', '--retries', '--report', '--config-settings', '-C',
  '--global-option', '--exists-action', '--cert', '--client-cert', '--keyring-provider', '--group',
]);

const VCS = /^(git|hg|svn|bzr)(\+[a-z-]+)?:/;

function isPinned(value: string): boolean {
  if (/(===|==|>=|<=|!=|~=|<|>)/.test(value)) return true;
  if (VCS.test(value)) return value.includes('@', value.indexOf('://') + 3);
  // A local path, a wheel or an sdist is a fixed file; a URL to one pins what it downloads.
  return value.includes('/') || value.endsWith('.whl') || value.endsWith('.tar.gz') || value.endsWith('.zip') || value === '.';
}

export default defineRule({
  meta: {
    id: 'unpinned-pip-packages',
    title: 'pip install without versions',
    category: 'maintenance',
    defaultSeverity: 'info',
    fixAvailability: 'never',
    summary: 'Pin the versions of packages installed with `pip install` (`flask==3.1.1`), or install from a requirements file.',
    docs: {
      why: [
        '`pip install flask` installs the newest release on the day of the build, and with it the newest release of every dependency, so two builds of the same Dockerfile can ship different code. Pin with `flask==3.1.1`, or better, list pinned versions in a requirements or lock file and `pip install -r requirements.txt`.',
        '',
        'A package counts as pinned when it has a version specifier (`==`, `>=`, `~=`, `<`…), is a VCS URL with `@ref`, or is a local path, wheel or sdist. Calls that use `-r`/`--requirement` or `-c`/`--constraint` are not reported: the file decides. Packages written with a variable are skipped. `python -m pip` and `pip3` are read the same way.',
        '',
        PINNING_SEVERITY_NOTE,
      ].join('\n'),
      incorrect: 'FROM python:3.13-slim\nRUN pip install --no-cache-dir flask gunicorn',
      correct: 'FROM python:3.13-slim\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt',
    },
    sources: [{ tool: 'hadolint', id: 'DL3013', relation: 'same' }],
  },
  check({ model, report }) {
    for (const { stage, invocations } of runScripts(model, /\bpip/)) {
      for (const found of invocations) {
        const pip = pipInvocation(found);
        if (!pip) continue;
        const index = verbIndex(pip.args, PIP_OPTIONS_WITH_VALUE);
        if (index < 0 || pip.args[index].value !== 'install') continue;
        const usesFile = pip.args.some((word) => ['-r', '--requirement', '-c', '--constraint'].includes(word.value ?? '') || /^--(requirement|constraint)=/.test(word.value ?? ''));
        if (usesFile) continue;
        const unpinned = operands(pip.args, index + 1, PIP_OPTIONS_WITH_VALUE).filter((word) => word.value !== null && !isPinned(word.value));
        if (unpinned.length === 0) continue;
        report({
          range: model.lines.rangeOf(found.nameWord.start, pip.args[index].end),
          message: `\`pip install\` does not pin ${packageList(unpinned)}; use \`<package>==<version>\` or \`-r requirements.txt\``,
          stageIndex: stage.index,
        });
      }
    }
  },
});
