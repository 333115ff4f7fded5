// npm-omit-dev: `--only=production` and `--production` are deprecated spellings of `--omit=dev`,
// and an `npm install`/`npm ci` in the shipped image without it installs every devDependency.
import { insertAfterWord, replaceSpan } from '../edits';
import { hasOption, runScripts, stageEnv, subcommand, type Invocation } from '../model/commands';
import { firstLaterMatch } from '../model/stages';
import type { DockerfileModel, Instruction, Stage } from '../model/types';
import { defineRule } from '../rule';
import type { ShellWord } from '../shell/script';

const NPM_OPTIONS_WITH_VALUE: ReadonlySet<string> = new Set(['--prefix', '-C', '--cache', '-w', '--workspace', '--loglevel', '--only', '--omit', '--include']);
const INSTALL_VERBS = new Set(['install', 'i', 'ci', 'clean-install', 'prune']);

/** Commands after the install that may need devDependencies (build tools, test runners, scripts). */
const USES_DEV_DEPENDENCIES = /\b(npm\s+(run|run-script|test|t|exec|rebuild|prune|pack)|npx|yarn|pnpm|tsc|webpack|vite|rollup|esbuild|babel|jest|ng|nest|next)\b/;

/** `--only=production`, `--only=prod`, `--production`, `--production=true`, or `--only production` (two words). */
function deprecatedFlag(invocation: Invocation): { start: ShellWord; end: ShellWord } | null {
  const { args } = invocation;
  for (let i = 0; i < args.length; i++) {
    const value = args[i].value ?? '';
    if (/^--only=prod(uction)?$/.test(value) || value === '--production' || value === '--production=true') return { start: args[i], end: args[i] };
    if (value === '--only' && /^prod(uction)?$/.test(args[i + 1]?.value ?? '')) return { start: args[i], end: args[i + 1] };
  }
  return null;
}

/** `npm ci` or `npm install` of the project itself (not `npm install -g pm2` or `npm install lodash`). */
function installsProject(invocation: Invocation, verb: ShellWord): boolean {
  if (verb.value === 'prune' || hasOption(invocation, '-g', '--global')) return false;
  const after = invocation.args.slice(invocation.args.indexOf(verb) + 1);
  for (let i = 0; i < after.length; i++) {
    const value = after[i].value ?? '';
    if (NPM_OPTIONS_WITH_VALUE.has(value)) i++;
    else if (!value.startsWith('-')) return false;
  }
  return true;
}

/** Dev dependencies are already left out: `--omit=dev`, NODE_ENV=production, npm_config_omit/production. */
function omitsDev(invocation: Invocation, env: Map<string, string>): boolean {
  if (invocation.args.some((word) => /^--omit=dev$/.test(word.value ?? '') || word.value === '--omit' || /^--only=prod/.test(word.value ?? '') || /^--production(=true)?$/.test(word.value ?? ''))) return true;
  const inline = [invocation.command.nameWord, ...invocation.command.args].filter((word) => word.start < invocation.nameWord.start).map((word) => word.value ?? '');
  const settings = new Map(env);
  for (const assignment of inline) {
    const eq = assignment.indexOf('=');
    if (eq > 0) settings.set(assignment.slice(0, eq), assignment.slice(eq + 1));
  }
  for (const name of invocation.command.assignments) if (!settings.has(name)) settings.set(name, '?');
  for (const [name, value] of settings) {
    const lower = name.toLowerCase();
    if (name === 'NODE_ENV' && value !== 'development') return true;
    if (lower === 'npm_config_omit' || lower === 'npm_config_production' || lower === 'npm_config_only') return true;
  }
  return false;
}

/** A RUN after `instruction`, in its stage or a final-image stage built FROM it, that needs devDependencies. */
function laterRunUsesDevDependencies(model: DockerfileModel, stage: Stage, instruction: Instruction): boolean {
  // Only the final image's stages are checked (the rule reports there), so the test can ask for them.
  const uses = (candidate: Instruction) =>
    candidate.keyword === 'RUN' && (model.stages[candidate.stageIndex]?.inFinalImage ?? false) && USES_DEV_DEPENDENCIES.test(candidate.argsText);
  return firstLaterMatch(model, stage, instruction, 'npm-omit-dev:uses-dev', uses) !== null;
}

/** Name parts that say a stage is for development or tests, where devDependencies belong. */
const DEVELOPMENT_PARTS = new Set(['dev', 'develop', 'development', 'test', 'tests', 'testing', 'ci', 'debug']);

const isDevelopmentName = (name: string | null): boolean => name !== null && name.split(/[-_.]/).some((part) => DEVELOPMENT_PARTS.has(part));

/** The stage, or the final stage built FROM it, is named for development (`development`, `dev-envs`, `test`). */
function buildsDevelopmentImage(model: DockerfileModel, stage: Stage): boolean {
  return isDevelopmentName(stage.name) || isDevelopmentName(model.finalStage?.name ?? null);
}

export default defineRule({
  meta: {
    id: 'npm-omit-dev',
    title: 'npm install without --omit=dev',
    category: 'size',
    defaultSeverity: 'info',
    fixAvailability: 'always',
    summary: 'Use `npm ci --omit=dev` in the shipped image, instead of the deprecated `--only=production`/`--production` or no flag at all.',
    docs: {
      why: '`npm ci --only=production` and `npm ci --production` are deprecated spellings (npm 7 and later print a warning): `--omit=dev` is the current one and means the same. Reported in every stage.\n\nIn the image that ships, an `npm ci` or `npm install` without `--omit=dev` also installs every devDependency (compilers, bundlers, test runners, type definitions), often more than the runtime dependencies themselves. Reported when the install runs in the final image (the final stage or a stage it is built FROM), installs the project (not `npm install -g tool` or `npm install lodash`), and no later step may need the dev dependencies: no `npm run`, `npx`, `tsc`, `yarn`… after it in the same RUN or a later one. Not reported in a stage named for development or tests, or when the final stage is (a name with a `-`/`_`/`.` part `dev`, `development`, `test`, `ci` or `debug`: `development`, `dev-envs`, `test`): there the dev dependencies are the point. Not reported when `NODE_ENV` is set to anything but `development` (npm then omits dev dependencies itself) or `npm_config_omit`/`npm_config_production` is set.\n\nWhen the app needs a build step, run it in a builder stage with all dependencies and copy the output into a final stage that runs `npm ci --omit=dev`.',
      incorrect: 'FROM node:22-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci --only=production\nCOPY . .\nCMD ["node", "index.js"]',
      correct: 'FROM node:22-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\nCOPY . .\nCMD ["node", "index.js"]',
      fixSafety: 'For the deprecated flags the fix replaces `--only=production` (`--only=prod`, `--production`) with `--omit=dev`: safe, npm treats them the same.\n\nFor an install without the flag, the fix inserts `--omit=dev` after the verb. It is unsafe: the app may need a package listed under devDependencies at run time (a common packaging mistake), and then fails only when it starts.',
    },
    sources: [],
  },
  check({ model, report }) {
    for (const { stage, instruction, script, invocations } of runScripts(model, /\bnpm\b/)) {
      let env: Map<string, string> | undefined;
      for (const invocation of invocations) {
        if (invocation.name !== 'npm') continue;
        const verb = subcommand(invocation, NPM_OPTIONS_WITH_VALUE);
        if (!verb?.value || !INSTALL_VERBS.has(verb.value)) continue;
        const deprecated = deprecatedFlag(invocation);
        if (deprecated) {
          const written = model.text.slice(deprecated.start.start, deprecated.end.end);
          report({
            range: model.lines.rangeOf(deprecated.start.start, deprecated.end.end),
            message: `\`${written}\` is deprecated; use \`--omit=dev\``,
            stageIndex: stage.index,
            tags: ['deprecated'],
            fixes: [{ title: `Replace \`${written}\` with \`--omit=dev\``, safety: 'safe', edits: [replaceSpan(model, deprecated.start.start, deprecated.end.end, '--omit=dev')] }],
          });
          continue;
        }
        if (!stage.inFinalImage || !installsProject(invocation, verb) || buildsDevelopmentImage(model, stage)) continue;
        env ??= stageEnv(model, stage, instruction);
        if (omitsDev(invocation, env)) continue;
        const restOfRun = model.text.slice(invocation.command.end, script.end);
        if (USES_DEV_DEPENDENCIES.test(restOfRun) || laterRunUsesDevDependencies(model, stage, instruction)) continue;
        report({
          range: model.lines.rangeOf(invocation.nameWord.start, verb.end),
          message: `\`npm ${verb.value}\` in the final image installs devDependencies too; add \`--omit=dev\``,
          stageIndex: stage.index,
          fixes: [{ title: 'Add --omit=dev (unsafe: the app fails at start if it needs a devDependency)', safety: 'unsafe', edits: [insertAfterWord(model, verb, '--omit=dev')] }],
        });
      }
    }
  },
});
