// npm-cache-not-cleaned: `npm install|ci`, `yarn install` and `pnpm install` keep every downloaded
// tarball in a cache under the home folder (/root/.npm for root), inside the layer.
import { appendToRun, canAppendToRun, insertRunFlag } from '../edits';
import { cacheMountTargets, hasOption, isRootUser, runScripts, stageEnv, subcommand, userBefore, type Invocation } from '../model/commands';
import { defineRule, type Fix } from '../rule';
import type { ShellWord } from '../shell/script';

interface Tool {
  installVerbs: ReadonlySet<string>;
  /** Whether `yarn` alone installs: it does. */
  bareInstalls: boolean;
  cleanUp: string;
  /** Where root's cache lives: the cache mount target, and the folder an `rm -rf` may remove. */
  rootCache: string;
  /** Environment variables and options that move the cache elsewhere (we then cannot tell where it goes). */
  cacheEnv: readonly string[];
  cacheOptions: readonly string[];
  optionsWithValue: ReadonlySet<string>;
  isClean(invocation: Invocation): boolean;
}

const TOOLS: Record<string, Tool> = {
  npm: {
    installVerbs: new Set(['install', 'i', 'ci', 'add', 'clean-install', 'install-clean', 'isntall']),
    bareInstalls: false,
    cleanUp: 'npm cache clean --force',
    rootCache: '/root/.npm',
    cacheEnv: ['npm_config_cache', 'NPM_CONFIG_CACHE'],
    cacheOptions: ['--cache'],
    optionsWithValue: new Set(['--prefix', '-C', '--cache', '-w', '--workspace', '--loglevel']),
    isClean: (invocation) => invocation.args[0]?.value === 'cache' && ['clean', 'clear', 'rm'].includes(invocation.args[1]?.value ?? ''),
  },
  yarn: {
    installVerbs: new Set(['install']),
    bareInstalls: true,
    cleanUp: 'yarn cache clean',
    rootCache: '/usr/local/share/.cache/yarn',
    cacheEnv: ['YARN_CACHE_FOLDER'],
    cacheOptions: ['--cache-folder'],
    optionsWithValue: new Set(['--cwd', '--cache-folder', '--modules-folder']),
    isClean: (invocation) => invocation.args[0]?.value === 'cache' && invocation.args[1]?.value === 'clean',
  },
  pnpm: {
    installVerbs: new Set(['install', 'i']),
    bareInstalls: false,
    cleanUp: 'pnpm store prune',
    rootCache: '/root/.local/share/pnpm/store',
    cacheEnv: ['PNPM_HOME', 'npm_config_store_dir'],
    cacheOptions: ['--store-dir'],
    optionsWithValue: new Set(['-C', '--dir', '--store-dir', '--filter', '-F']),
    isClean: (invocation) => invocation.args[0]?.value === 'store' && invocation.args[1]?.value === 'prune',
  },
};

const HOME = /^(~|\$HOME|\$\{HOME\}|\/root)(?=\/|$)/;

/** `rm -rf ~/.npm`, `/root/.npm/_cacache`, `/usr/local/share/.cache/yarn/*`… (or a parent of the cache). */
function removesCache(invocation: Invocation, tool: Tool): boolean {
  if (invocation.name !== 'rm') return false;
  return invocation.args.some((word) => {
    const path = word.raw.replace(/["']/g, '').replace(HOME, '/root').replace(/\/?\*?$/, '');
    return path.length > 1 && (tool.rootCache.startsWith(`${path}/`) || tool.rootCache === path || path.startsWith(`${tool.rootCache}/`));
  });
}

interface Uncleaned {
  name: string;
  tool: Tool;
  invocation: Invocation;
  /** The verb word, or the command name for a bare `yarn`. */
  end: ShellWord;
}

function installOf(invocation: Invocation): Uncleaned | null {
  const tool = TOOLS[invocation.name];
  if (!tool) return null;
  if (hasOption(invocation, ...tool.cacheOptions)) return null;
  const verb = subcommand(invocation, tool.optionsWithValue);
  if (verb?.value && tool.installVerbs.has(verb.value)) return { name: invocation.name, tool, invocation, end: verb };
  if (!verb && tool.bareInstalls) return { name: invocation.name, tool, invocation, end: invocation.nameWord };
  return null;
}

/** Installs in the RUN that no later clean-up of the same tool follows, first one per tool. */
function uncleanedInstalls(invocations: readonly Invocation[]): Uncleaned[] {
  const found = new Map<string, Uncleaned>();
  for (const invocation of invocations) {
    for (const [name, tool] of Object.entries(TOOLS)) {
      if ((invocation.name === name && tool.isClean(invocation)) || removesCache(invocation, tool)) found.delete(name);
    }
    const install = installOf(invocation);
    if (install && !found.has(install.name)) found.set(install.name, install);
  }
  return [...found.values()];
}

export default defineRule({
  meta: {
    id: 'npm-cache-not-cleaned',
    title: 'npm, yarn or pnpm cache not cleaned',
    category: 'size',
    defaultSeverity: 'warning',
    fixAvailability: 'sometimes',
    summary: 'Clean the npm, yarn or pnpm cache in the same RUN as the install, or mount a BuildKit cache on it.',
    docs: {
      why: '`npm install` and `npm ci` keep a copy of every package tarball they download in `~/.npm` (for root, `/root/.npm`); `yarn install` keeps one in `/usr/local/share/.cache/yarn`, `pnpm install` in its store. In an image nothing reuses that cache: it sits in the layer next to `node_modules`, often as large. Cleaning it in a later RUN saves nothing, because the earlier layer still holds it.\n\nNot reported when the same RUN cleans the cache after the install (`npm cache clean --force`, `yarn cache clean`, `pnpm store prune`, or `rm -rf ~/.npm`), when the RUN mounts a BuildKit cache or tmpfs on the cache folder, or when an `ENV`/`ARG` (`npm_config_cache`, `YARN_CACHE_FOLDER`…) moves the cache somewhere we cannot follow. `npm install <package>` counts too: it downloads into the same cache.\n\nThe best option, when you build with BuildKit, is a cache mount: the cache never lands in a layer and still speeds up the next build.',
      incorrect: 'FROM node:22-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev',
      correct: 'FROM node:22-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN --mount=type=cache,target=/root/.npm npm ci --omit=dev',
      fixSafety: 'Two fixes are offered. The first, safe, appends `&& npm cache clean --force` (`yarn cache clean`, `pnpm store prune`) to the end of the RUN: the same packages are installed and, joined with `&&`, the RUN fails exactly when it failed before. No such fix for a heredoc RUN or a script that ends with `&`.\n\nThe second, unsafe because it needs BuildKit (the default builder since Docker 23, but not every CI builder), adds `--mount=type=cache,target=/root/.npm` (or the yarn or pnpm cache folder) to the RUN. It is offered only when the RUN runs as root, since another user\'s cache lives in its own home.',
    },
    sources: [{ tool: 'hadolint', id: 'DL3060', relation: 'same' }],
    finalImageOnly: true,
  },
  check({ model, report }) {
    for (const { stage, instruction, script, invocations } of runScripts(model, /\b(npm|yarn|pnpm)\b/)) {
      const mounts = cacheMountTargets(instruction);
      let env: Map<string, string> | undefined;
      for (const found of uncleanedInstalls(invocations)) {
        const { tool, invocation, name } = found;
        if (mounts.some((target) => tool.rootCache === target || tool.rootCache.startsWith(`${target}/`))) continue;
        if (tool.cacheEnv.some((variable) => invocation.command.assignments.includes(variable) || invocation.command.args.some((word) => word.start < invocation.nameWord.start && (word.value ?? '').startsWith(`${variable}=`)))) continue;
        env ??= stageEnv(model, stage, instruction);
        if (tool.cacheEnv.some((variable) => env!.has(variable))) continue;
        const fixes: Fix[] = [];
        if (canAppendToRun(model, instruction, script)) {
          fixes.push({ title: `Clean the cache at the end of the RUN (\`${tool.cleanUp}\`)`, safety: 'safe', edits: [appendToRun(model, instruction, script, tool.cleanUp)] });
        }
        const user = userBefore(model, stage, instruction);
        if (user === null || isRootUser(user)) {
          fixes.push({
            title: `Mount a BuildKit cache on \`${tool.rootCache}\` (unsafe: requires BuildKit)`,
            safety: 'unsafe',
            edits: [insertRunFlag(model, instruction, `--mount=type=cache,target=${tool.rootCache}`)],
          });
        }
        const verb = found.end === invocation.nameWord ? name : `${name} ${found.end.value}`;
        report({
          range: model.lines.rangeOf(invocation.nameWord.start, found.end.end),
          message: `\`${verb}\` keeps the ${name} cache in the layer; run \`${tool.cleanUp}\` in this RUN`,
          stageIndex: stage.index,
          fixes,
        });
      }
    }
  },
});
