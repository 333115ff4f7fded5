// pip-no-cache-dir: `pip install` without `--no-cache-dir` keeps every downloaded wheel and sdist
// in ~/.cache/pip, inside the layer.
import { insertAfterWord, insertRunFlag } from '../edits';
import { cacheMountTargets, hasOption, isRootUser, runScripts, stageEnv, userBefore, type Invocation } from '../model/commands';
import type { DockerfileModel, Instruction } from '../model/types';
import { defineRule, type Fix } from '../rule';
import type { ShellWord } from '../shell/script';

const CACHE_MOUNT = '--mount=type=cache,target=/root/.cache/pip';

const PIP = /^pip(\d+(\.\d+)*)?$/;
const PYTHON = /^python(\d+(\.\d+)*)?$/;

/** The `install` word of `pip install …` or `python -m pip install …`, if that is what runs. */
function pipInstallVerb(invocation: Invocation): ShellWord | undefined {
  let args = invocation.args;
  if (PYTHON.test(invocation.name)) {
    const module = args.findIndex((word, i) => word.value === '-mpip' || (word.value === '-m' && args[i + 1]?.value === 'pip'));
    if (module < 0) return undefined;
    args = args.slice(module + (args[module].value === '-m' ? 2 : 1));
  } else if (!PIP.test(invocation.name)) {
    return undefined;
  }
  const verb = args.find((word) => !(word.value ?? '').startsWith('-'));
  return verb?.value === 'install' ? verb : undefined;
}

/** `PIP_NO_CACHE_DIR` set on the command line: `PIP_NO_CACHE_DIR=1 pip …` or `env PIP_NO_CACHE_DIR=1 pip …`. */
function setsNoCacheDirInline(invocation: Invocation): boolean {
  const { command } = invocation;
  if (command.assignments.includes('PIP_NO_CACHE_DIR')) return true;
  const wrapperWords = [command.nameWord, ...command.args].filter((word) => word.start < invocation.nameWord.start);
  return wrapperWords.some((word) => (word.value ?? '').startsWith('PIP_NO_CACHE_DIR='));
}

/** `export PIP_NO_CACHE_DIR=…` earlier in the same RUN (the parsed commands do not list `export`). */
function exportsNoCacheDirBefore(model: DockerfileModel, instruction: Instruction, offset: number): boolean {
  return /\bexport\s+(?:[A-Za-z_]\w*(?:=\S*)?\s+)*PIP_NO_CACHE_DIR=/.test(model.text.slice(instruction.argsStart, offset));
}

/** The pip cache removed later in the same RUN: `rm -rf /root/.cache/pip` or `pip cache purge`. */
function purgesCacheAfter(invocations: readonly Invocation[], offset: number): boolean {
  return invocations.some((invocation) => {
    if (invocation.command.start < offset) return false;
    if (invocation.name === 'rm') return invocation.args.some((word) => /^(\/root|~|\$HOME|\$\{HOME\})\/\.cache(\/pip)?\/?\*?$/.test(word.raw.replace(/["']/g, '')));
    return PIP.test(invocation.name) && invocation.args[0]?.value === 'cache' && invocation.args[1]?.value === 'purge';
  });
}

function isRootOrUnset(user: string | null): boolean {
  return user === null || isRootUser(user);
}

export default defineRule({
  meta: {
    id: 'pip-no-cache-dir',
    title: 'pip install without --no-cache-dir',
    category: 'size',
    defaultSeverity: 'warning',
    fixAvailability: 'always',
    summary: 'Use `pip install --no-cache-dir` so downloaded packages are not kept in the image.',
    docs: {
      why: '`pip install` keeps every wheel it downloads or builds in `~/.cache/pip` (for root, `/root/.cache/pip`), so that a later install can reuse it. In an image there is no later install: the cache is dead weight in the layer, often as large as the installed packages themselves. `--no-cache-dir` installs the same packages and keeps nothing.\n\nAlso checks `pip3`, `pip3.12` and `python -m pip install`. Not reported when `PIP_NO_CACHE_DIR` is set (by `ENV` earlier in the stage or on the command), when the RUN mounts a BuildKit cache or tmpfs on `/root/.cache/pip` or `/root/.cache` (which keeps the cache out of the layer and still speeds up rebuilds), or when the same RUN removes the cache afterwards.',
      incorrect: 'FROM python:3.13-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt',
      correct: 'FROM python:3.13-slim\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n# or, with BuildKit, keep the cache out of the layer and reuse it between builds:\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt',
      fixSafety: `Two fixes are offered. The first, safe, inserts \`--no-cache-dir\` after \`install\`: the same packages are installed; only the download cache is not kept.\n\nThe second adds \`${CACHE_MOUNT}\` to the RUN instead: the cache then lives in BuildKit's cache, outside the layer, and speeds up the next build. It is unsafe because it requires BuildKit (the default builder since Docker 23, but not every CI builder), and it is offered only when the RUN runs as root, since another user's cache lives in its own home.`,
    },
    sources: [{ tool: 'hadolint', id: 'DL3042', relation: 'same' }],
    finalImageOnly: true,
  },
  check({ model, report }) {
    for (const { stage, instruction, invocations } of runScripts(model, /\bpip/)) {
      if (cacheMountTargets(instruction).some((target) => target === '/root/.cache/pip' || target === '/root/.cache')) continue;
      let setInEnv: boolean | undefined;
      let runsAsRoot: boolean | undefined;
      for (const invocation of invocations) {
        const verb = pipInstallVerb(invocation);
        if (!verb || hasOption(invocation, '--no-cache-dir')) continue;
        if (setsNoCacheDirInline(invocation) || exportsNoCacheDirBefore(model, instruction, invocation.command.start)) continue;
        if (purgesCacheAfter(invocations, invocation.command.end)) continue;
        setInEnv ??= stageEnv(model, stage, instruction).has('PIP_NO_CACHE_DIR');
        if (setInEnv) continue;
        const fixes: Fix[] = [{ title: 'Add --no-cache-dir', safety: 'safe', edits: [insertAfterWord(model, verb, '--no-cache-dir')] }];
        runsAsRoot ??= isRootOrUnset(userBefore(model, stage, instruction));
        if (runsAsRoot) {
          fixes.push({ title: 'Mount a BuildKit cache on `/root/.cache/pip` (unsafe: requires BuildKit)', safety: 'unsafe', edits: [insertRunFlag(model, instruction, CACHE_MOUNT)] });
        }
        report({
          range: model.lines.rangeOf(invocation.nameWord.start, verb.end),
          message: `\`${PYTHON.test(invocation.name) ? `${invocation.name} -m pip` : invocation.name} install\` without \`--no-cache-dir\` keeps the download cache in the layer`,
          stageIndex: stage.index,
          fixes,
        });
      }
    }
  },
});
