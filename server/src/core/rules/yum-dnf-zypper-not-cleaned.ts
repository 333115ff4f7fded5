// yum-dnf-zypper-not-cleaned: yum, dnf, microdnf and zypper keep downloaded metadata and packages
// under /var/cache unless the same RUN cleans them.
import { appendToRun, canAppendToRun } from '../edits';
import { cacheMountTargets, runScripts, subcommand, type Invocation } from '../model/commands';
import { defineRule } from '../rule';
import type { ShellWord } from '../shell/script';

interface Family {
  /** Command names of the family. */
  names: ReadonlySet<string>;
  /** Verbs that download metadata or packages into the cache. */
  installVerbs: ReadonlySet<string>;
  /** Folders the cache lives in: an `rm` of one, or a cache mount on one, counts as cleaning. */
  cacheDirs: readonly string[];
  optionsWithValue: ReadonlySet<string>;
  /** The clean-up the fix appends for a command of this name. */
  cleanUp(name: string): string;
  isClean(invocation: Invocation, verb: string): boolean;
}

const RPM_OPTIONS_WITH_VALUE: ReadonlySet<string> = new Set([
  '-c', '--config', '--installroot', '--releasever', '--setopt', '--enablerepo', '--disablerepo', '-x', '--exclude', '-d', '-e', '--repo', '--repoid',
]);

const FAMILIES: readonly Family[] = [
  {
    // On current Fedora and RHEL `yum` is dnf; the three share the cache, so any `clean all` counts.
    names: new Set(['yum', 'dnf', 'dnf5', 'microdnf']),
    installVerbs: new Set(['install', 'groupinstall', 'localinstall', 'reinstall', 'update', 'upgrade', 'distro-sync', 'builddep']),
    cacheDirs: ['/var/cache/yum', '/var/cache/dnf', '/var/cache/libdnf5'],
    optionsWithValue: RPM_OPTIONS_WITH_VALUE,
    cleanUp: (name) => `${name} clean all`,
    isClean: (invocation, verb) => verb === 'clean' && invocation.args.some((word) => word.value === 'all'),
  },
  {
    names: new Set(['zypper']),
    installVerbs: new Set(['install', 'in', 'update', 'up', 'patch', 'dist-upgrade', 'dup', 'source-install', 'si']),
    cacheDirs: ['/var/cache/zypp'],
    optionsWithValue: new Set(['--root', '-R', '--reposd-dir', '-D', '--cache-dir', '-C', '--config', '-c']),
    cleanUp: () => 'zypper clean --all',
    isClean: (_invocation, verb) => verb === 'clean' || verb === 'cc',
  },
];

function removesCache(invocation: Invocation, family: Family): boolean {
  if (invocation.name !== 'rm') return false;
  return invocation.args.some((word) => {
    const path = (word.value ?? '').replace(/\/?\*?$/, '');
    return family.cacheDirs.includes(path) || path === '/var/cache';
  });
}

interface Uncleaned {
  invocation: Invocation;
  verb: ShellWord;
}

/** The first install of the family that no later clean-up in the same RUN follows. */
function uncleanedInstall(invocations: readonly Invocation[], family: Family): Uncleaned | null {
  let found: Uncleaned | null = null;
  for (const invocation of invocations) {
    if (removesCache(invocation, family)) {
      found = null;
      continue;
    }
    if (!family.names.has(invocation.name)) continue;
    const verb = subcommand(invocation, family.optionsWithValue);
    if (!verb?.value) continue;
    if (family.isClean(invocation, verb.value)) found = null;
    else if (family.installVerbs.has(verb.value)) found ??= { invocation, verb };
  }
  return found;
}

export default defineRule({
  meta: {
    id: 'yum-dnf-zypper-not-cleaned',
    title: 'yum, dnf or zypper cache not cleaned',
    category: 'size',
    defaultSeverity: 'warning',
    fixAvailability: 'sometimes',
    summary: 'Run `yum clean all`, `dnf clean all` or `zypper clean` in the same RUN as the install, so the package cache does not stay in the image.',
    docs: {
      why: '`yum`, `dnf`, `microdnf` and `zypper` download repository metadata and packages into `/var/cache/yum`, `/var/cache/dnf` or `/var/cache/zypp` and keep them after the install, often 100 MB or more. A clean-up in a later RUN saves nothing, because the earlier layer still holds the files: it has to run in the RUN that installed.\n\nNot reported when the same RUN cleans after the install (`yum clean all`, `dnf clean all`, `microdnf clean all`, `zypper clean`/`zypper cc`, or `rm -rf` of the cache folder), or mounts a BuildKit cache or tmpfs on the cache folder, which keeps it out of the layer and speeds up rebuilds.',
      incorrect: 'FROM rockylinux:9\nRUN dnf install -y httpd',
      correct: 'FROM rockylinux:9\nRUN dnf install -y httpd && dnf clean all',
      fixSafety: 'Safe: the fix appends `&& yum clean all` (`dnf clean all`, `microdnf clean all`, `zypper clean --all`) to the end of the RUN, on a new continuation line when the RUN spans several lines. The same packages are installed; joined with `&&`, the RUN fails exactly when it failed before. No fix is offered for a heredoc RUN or a script that ends with `&`, where appending would change what runs.',
    },
    sources: [
      { tool: 'hadolint', id: 'DL3032', relation: 'same' },
      { tool: 'hadolint', id: 'DL3036', relation: 'same' },
      { tool: 'hadolint', id: 'DL3040', relation: 'same' },
    ],
    finalImageOnly: true,
  },
  check({ model, report }) {
    for (const { stage, instruction, script, invocations } of runScripts(model, /\b(yum|dnf5?|microdnf|zypper)\b/)) {
      const mounts = cacheMountTargets(instruction);
      for (const family of FAMILIES) {
        if (mounts.some((target) => family.cacheDirs.includes(target))) continue;
        const found = uncleanedInstall(invocations, family);
        if (!found) continue;
        const cleanUp = family.cleanUp(found.invocation.name);
        report({
          range: model.lines.rangeOf(found.invocation.nameWord.start, found.verb.end),
          message: `\`${found.invocation.name} ${found.verb.value}\` leaves the package cache in the layer; run \`${cleanUp}\` in this RUN`,
          stageIndex: stage.index,
          fixes: canAppendToRun(model, instruction, script)
            ? [{ title: `Clean the cache at the end of the RUN (\`${cleanUp}\`)`, safety: 'safe', edits: [appendToRun(model, instruction, script, cleanUp)] }]
            : [],
        });
      }
    }
  },
});
