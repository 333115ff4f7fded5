// copy-before-dependencies: `COPY . .` before the dependency install means every source change
// invalidates the install's cache and re-downloads every dependency.
import { copyPaths, invocationOf, subcommand, type Invocation } from '../model/commands';
import type { Instruction } from '../model/types';
import { defineRule, type Range } from '../rule';

interface DependencyInstall {
  /** `npm ci`, `pip install -r requirements.txt`… as written in the message. */
  command: string;
  /** The files to copy before it. */
  manifests: string[];
}

const PIP = /^pip(\d+(\.\d+)*)?$/;
const PYTHON = /^python(\d+(\.\d+)*)?$/;

function pipRequirements(invocation: Invocation): string | null {
  let args = invocation.args;
  if (PYTHON.test(invocation.name)) {
    const module = args.findIndex((word, i) => word.value === '-m' && args[i + 1]?.value === 'pip');
    if (module < 0) return null;
    args = args.slice(module + 2);
  } else if (!PIP.test(invocation.name)) {
    return null;
  }
  if (args.find((word) => !(word.value ?? '').startsWith('-'))?.value !== 'install') return null;
  const flag = args.findIndex((word) => word.value === '-r' || word.value === '--requirement');
  if (flag >= 0) return args[flag + 1]?.value ?? null;
  const joined = args.find((word) => /^(-r|--requirement=)./.test(word.value ?? ''));
  return joined ? (joined.value ?? '').replace(/^(-r|--requirement=)/, '') : null;
}

/** A command that installs the dependencies a manifest lists, without needing the sources. */
function dependencyInstall(invocation: Invocation): DependencyInstall | null {
  const { name, args } = invocation;
  const verb = subcommand(invocation)?.value;
  const first = args[0]?.value;
  const bare = args.every((word) => (word.value ?? '').startsWith('-'));
  switch (name) {
    case 'npm':
      if (verb === 'ci' || verb === 'clean-install') return { command: `npm ${verb}`, manifests: ['package.json', 'package-lock.json'] };
      // `npm install lodash` adds a package; only the bare form installs the manifest.
      if ((verb === 'install' || verb === 'i') && args.slice(1).every((word) => (word.value ?? '').startsWith('-'))) return { command: `npm ${verb}`, manifests: ['package.json', 'package-lock.json'] };
      return null;
    case 'yarn':
      if (verb === 'install' || bare) return { command: verb ? 'yarn install' : 'yarn', manifests: ['package.json', 'yarn.lock'] };
      return null;
    case 'pnpm':
      if (verb === 'install' || verb === 'i') return { command: `pnpm ${verb}`, manifests: ['package.json', 'pnpm-lock.yaml'] };
      return null;
    case 'go':
      if (first === 'mod' && args[1]?.value === 'download') return { command: 'go mod download', manifests: ['go.mod', 'go.sum'] };
      return null;
    case 'mvn':
    case 'mvnw':
      if (args.some((word) => /^dependency:(go-offline|resolve)/.test(word.value ?? ''))) return { command: 'mvn dependency:go-offline', manifests: ['pom.xml'] };
      return null;
    case 'bundle':
      if (verb === 'install') return { command: 'bundle install', manifests: ['Gemfile', 'Gemfile.lock'] };
      return null;
    case 'composer':
      if (verb === 'install') return { command: 'composer install', manifests: ['composer.json', 'composer.lock'] };
      return null;
    case 'poetry':
      if (verb === 'install') return { command: 'poetry install', manifests: ['pyproject.toml', 'poetry.lock'] };
      return null;
    case 'pipenv':
      if (verb === 'install' || verb === 'sync') return { command: `pipenv ${verb}`, manifests: ['Pipfile', 'Pipfile.lock'] };
      return null;
    case 'uv':
      if (verb === 'sync') return { command: 'uv sync', manifests: ['pyproject.toml', 'uv.lock'] };
      return null;
    case 'cargo':
      if (verb === 'build' || verb === 'fetch') return { command: `cargo ${verb}`, manifests: ['Cargo.toml', 'Cargo.lock'] };
      return null;
    case 'dotnet':
      if (verb === 'restore') return { command: 'dotnet restore', manifests: ['*.csproj'] };
      return null;
    default: {
      const requirements = pipRequirements(invocation);
      return requirements ? { command: `${name} install -r ${requirements}`, manifests: [requirements] } : null;
    }
  }
}

/** `.`, `./`, `*`: the whole build context. */
const WHOLE_CONTEXT = /^\.\/?$|^\.?\/?\*$/;

function wholeContextSource(instruction: Instruction): Range | null {
  if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') return null;
  if (instruction.flags.some((flag) => flag.name === 'from')) return null;
  const paths = copyPaths(instruction);
  if (!paths?.sources.some((source) => WHOLE_CONTEXT.test(source))) return null;
  return paths.json ? instruction.range : instruction.args.find((word) => WHOLE_CONTEXT.test(word.value))?.range ?? null;
}

function formatList(items: readonly string[]): string {
  const quoted = items.map((item) => `\`${item}\``);
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

export default defineRule({
  meta: {
    id: 'copy-before-dependencies',
    title: 'Sources copied before the dependency install',
    category: 'cache',
    defaultSeverity: 'warning',
    fixAvailability: 'never',
    summary: 'Copy the dependency manifests and install dependencies before `COPY . .`, so a source change does not re-run the install.',
    docs: {
      why: 'The build cache reuses a step only while everything before it is unchanged. After `COPY . .`, any edit to any file in the context invalidates the COPY and every step after it: a dependency install placed there downloads and builds every dependency again on each source change, the slowest step of most builds. Copy only the manifests first (`package.json` and `package-lock.json`, `requirements.txt`, `go.mod` and `go.sum`, `pom.xml`, `Gemfile`…), install, then copy the rest: the install then re-runs only when the manifests change.\n\nReported on a `COPY`/`ADD` of the whole context (`.`, `./`, `*`) followed, later in the same stage, by a dependency install: `npm ci`, `npm install` (of the manifest), `yarn install`, `pnpm install`, `pip install -r …`, `poetry install`, `pipenv install`, `uv sync`, `go mod download`, `mvn dependency:go-offline`, `bundle install`, `composer install`, `cargo build`/`cargo fetch`, `dotnet restore`. Stages the final image does not use are skipped: BuildKit does not build them.',
      incorrect: 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["node", "index.js"]',
      correct: 'FROM node:22-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\nCOPY . .\nCMD ["node", "index.js"]',
    },
    sources: [],
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      if (!stage.reachesFinal) continue;
      let copy: { instruction: Instruction; source: Range } | null = null;
      for (const instruction of stage.instructions) {
        if (!copy) {
          const source = wholeContextSource(instruction);
          if (source) copy = { instruction, source };
          continue;
        }
        if (instruction.keyword !== 'RUN') continue;
        const script = model.shellScript(instruction);
        if (!script) continue;
        const install = script.commands.map((command) => invocationOf(command)).map((invocation) => (invocation ? dependencyInstall(invocation) : null)).find((found) => found !== null);
        if (!install) continue;
        const written = `${copy.instruction.keyword} ${copy.instruction.argsText.replace(/\s+/g, ' ').trim()}`;
        report({
          range: copy.source,
          message: `\`${written}\` before \`${install.command}\` re-runs it on every change; copy ${formatList(install.manifests)} first`,
          stageIndex: stage.index,
          related: [{ range: instruction.range, message: `\`${install.command}\` runs after every source change` }],
        });
        break;
      }
    }
  },
});
