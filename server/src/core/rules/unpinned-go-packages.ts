// unpinned-go-packages: `go install example.com/tool@latest` installs whatever is newest today.
import { packageList, PINNING_SEVERITY_NOTE, reportUnpinned } from '../model/packages';
import { defineRule } from '../rule';

const GO = {
  names: ['go'],
  verbs: ['install', 'get'],
  optionsWithValue: new Set(['-o', '-C', '-p', '-ldflags', '-gcflags', '-asmflags', '-gccgoflags', '-tags', '-mod', '-modfile', '-pkgdir', '-toolexec', '-overlay', '-pgo', '-buildmode', '-compiler', '-installsuffix']),
  prefilter: /\bgo\b/,
};

function isPinned(value: string): boolean {
  // Packages of the current module (`.`, `./cmd/app`, `/src/...`) are built from the source at hand.
  if (value === '.' || value.startsWith('./') || value.startsWith('../') || value.startsWith('/')) return true;
  const at = value.lastIndexOf('@');
  return at > 0 && !['latest', 'upgrade', 'patch'].includes(value.slice(at + 1));
}

export default defineRule({
  meta: {
    id: 'unpinned-go-packages',
    title: 'go install without a version',
    category: 'maintenance',
    defaultSeverity: 'info',
    fixAvailability: 'never',
    summary: 'Pin the version of tools installed with `go install` (`golang.org/x/tools/gopls@v0.20.0`, not `@latest`).',
    docs: {
      why: [
        '`go install example.com/tool@latest` (or `go get` without a version) resolves the newest release on the day of the build, so two builds can ship different tools. Name a version or a commit after `@`.',
        '',
        'Packages of the module being built (`.`, `./cmd/app`) are not reported: they come from the source at hand and `go.mod` pins their dependencies. `@latest`, `@upgrade` and `@patch` count as unpinned. Packages written with a variable are skipped.',
        '',
        PINNING_SEVERITY_NOTE,
      ].join('\n'),
      incorrect: 'FROM golang:1.25\nRUN go install golang.org/x/tools/gopls@latest',
      correct: 'FROM golang:1.25\nRUN go install golang.org/x/tools/gopls@v0.20.0',
    },
    sources: [{ tool: 'hadolint', id: 'DL3062', relation: 'same' }],
  },
  check({ model, report }) {
    reportUnpinned(
      model,
      report,
      GO,
      isPinned,
      (call, unpinned) => `\`go ${call.verb.value}\` does not pin ${packageList(unpinned)}; use \`<package>@<version>\``,
    );
  },
});
