// Ecosystem detection and, per ecosystem, the build plan: which files are the artifact and how the
// build stage caches its dependencies. Every planner refuses, saying what is missing, rather than
// guess a path.
import type { Language } from '../../data/images';
import { hasOption, type RunScript } from '../../model/commands';
import { stageEnv } from '../../model/commands';
import type { Instruction } from '../../model/types';
import {
  installedPackages, invocations, outputPath, startArgv, startProgramPath, verbOf, type Located, type StageContext,
} from './context';
import { contextCopies, copiesWholeContext, copyFlagsText, isInside, resolvePath, type ContextCopy } from './layout';
import { addBefore, emptyPlan, optionValue, type BuildPlan, type Ecosystem, type PlanResult } from './plan';

const LANGUAGE_ECOSYSTEM: Partial<Record<Language, Ecosystem>> = {
  go: 'go', rust: 'rust', node: 'node', python: 'python', java: 'java', dotnet: 'dotnet', cpp: 'cpp',
};

const PIP = /^pip(\d+(\.\d+)?)?$/;
const PYTHON = /^python(\d+(\.\d+)?)?$/;
const COMPILERS = new Set(['gcc', 'g++', 'cc', 'c++', 'clang', 'clang++']);

/** Which ecosystem the stage builds: the builder image's language first, then the commands it runs. */
export function detectEcosystem(context: StageContext): Ecosystem | null {
  const language = context.builder?.runtime?.language;
  const fromImage = language ? LANGUAGE_ECOSYSTEM[language] : undefined;
  if (fromImage) return fromImage;
  const names = new Set(invocations(context, () => true).map(({ invocation }) => invocation.name));
  const pythonModule = invocations(context, (name) => PYTHON.test(name)).some(({ invocation }) => ['pip', 'venv', 'setup.py'].includes(invocation.args[invocation.args[0]?.value === '-m' ? 1 : 0]?.value ?? ''));
  if (names.has('go')) return 'go';
  if (names.has('cargo')) return 'rust';
  if (names.has('dotnet')) return 'dotnet';
  if (['mvn', 'mvnw', 'gradle', 'gradlew'].some((name) => names.has(name))) return 'java';
  if (['npm', 'yarn', 'pnpm'].some((name) => names.has(name))) return 'node';
  if ([...names].some((name) => PIP.test(name)) || pythonModule || ['poetry', 'uv', 'pipenv'].some((name) => names.has(name))) return 'python';
  if ([...names].some((name) => COMPILERS.has(name)) || ['make', 'cmake', 'ninja'].some((name) => names.has(name))) return 'cpp';
  return null;
}

export function planBuild(context: StageContext, ecosystem: Ecosystem): PlanResult {
  switch (ecosystem) {
    case 'go': return planGo(context);
    case 'rust': return planRust(context);
    case 'node': return planNode(context);
    case 'python': return planPython(context);
    case 'java': return planJava(context);
    case 'dotnet': return planDotnet(context);
    case 'cpp': return planNative(context);
  }
}

const refuse = (reason: string): PlanResult => ({ kind: 'refused', reason });

const UNKNOWN_DESTINATION = 'cannot tell where the app\'s files are copied: set a `WORKDIR` (e.g. `/app`) before copying them';

/** The builder's language version from its tag (`python:3.12` → `3.12`); undefined when it floats. */
function builderVersion(context: StageContext, language: Language): string | undefined {
  const runtime = context.builder?.runtime;
  return runtime && runtime.language === language && runtime.version !== 'latest' ? runtime.version : undefined;
}

function newPlan(context: StageContext, ecosystem: Ecosystem, language: Language): BuildPlan {
  return emptyPlan(ecosystem, context.builder?.libc ?? null, builderVersion(context, language));
}

/** Instructions between two others (exclusive) that cannot depend on the sources copied first. */
function onlyInertBetween(context: StageContext, first: Instruction, second: Instruction): boolean {
  const all = context.layout.stage.instructions;
  return all.slice(all.indexOf(first) + 1, all.indexOf(second)).every((instruction) => ['ENV', 'ARG', 'LABEL', 'EXPOSE'].includes(instruction.keyword));
}

/** The whole-context COPY right before `run` into the directory it runs in, if the reorder is sound. */
function sourcesCopyBefore(context: StageContext, run: Instruction, dir: string | null, manifests: RegExp): ContextCopy | null {
  if (dir === null) return null;
  const copies = contextCopies(context.layout).filter((copy) => copy.instruction.start < run.start);
  const last = copies[copies.length - 1];
  if (!last || !copiesWholeContext(last) || last.destination !== dir || context.layout.workdirAt.get(last.instruction) !== dir) return null;
  // The manifests are already copied first: nothing to reorder.
  if (copies.some((copy) => copy.sources.some((source) => manifests.test(source)))) return null;
  return onlyInertBetween(context, last.instruction, run) ? last : null;
}

/**
 * Copies of the sources under the app directory become one copy of that directory; null when a
 * destination is unknown (relative to the base image's working directory, or a variable).
 */
function appPaths(context: StageContext, appDir: string | null): string[] | null {
  const paths = new Set<string>();
  if (appDir) paths.add(appDir);
  for (const copy of contextCopies(context.layout)) {
    if (copy.destination === null) return null;
    const dir = context.layout.finalWorkdir;
    paths.add(dir !== null && dir !== '/' && isInside(copy.destination, dir) ? dir : copy.destination);
  }
  const sorted = [...paths].sort();
  return sorted.filter((path) => !sorted.some((other) => other !== path && isInside(path, other)));
}

function packageNote(context: StageContext, plan: BuildPlan, toolchain: RegExp): void {
  const kept = installedPackages(context).filter((name) => !name.startsWith('.') && !toolchain.test(name));
  if (kept.length === 0) return;
  const shown = kept.slice(0, 4).map((name) => `\`${name}\``).join(', ') + (kept.length > 4 ? ', …' : '');
  plan.notes.push(`The runtime stage does not get the packages installed in the build stage (${shown}): install the ones the app needs at run time`);
}

const NATIVE_TOOLCHAIN = /^(build-essential|build-base|alpine-sdk|gcc|g\+\+|gcc-c\+\+|make|cmake|clang|git|ca-certificates|pkg-config|pkgconf|musl-dev|libc6-dev|libc-dev)$/;

// ---------------------------------------------------------------------------------------------

function planGo(context: StageContext): PlanResult {
  const plan = newPlan(context, 'go', 'go');
  const builds = invocations(context, (name) => name === 'go').filter(({ invocation }) => verbOf(invocation) === 'build');
  if (builds.length === 0) {
    const install = invocations(context, (name) => name === 'go').some(({ invocation }) => verbOf(invocation) === 'install');
    return refuse(install
      ? 'cannot tell where `go install` puts the binary; build it with `go build -o /path/to/app`'
      : 'no `go build` found: cannot tell which binary the image runs');
  }
  let staticBinary = true;
  for (const build of builds) {
    const written = optionValue(build.invocation, '-o');
    const path = written === undefined ? startProgramPath(context) : written === null ? null : outputPath(build, written);
    if (path === null) {
      return refuse(written === undefined
        ? 'cannot tell where `go build` puts the binary; add `-o /path/to/app` (or run it by path in `CMD`)'
        : `cannot tell where \`go build -o ${written}\` puts the binary; use a fixed file path`);
    }
    plan.artifacts.push({ from: path, to: path });
    const env = stageEnv(context.model, context.layout.stage, build.run.instruction);
    const cgoOff = /\bCGO_ENABLED=0\b/.test(build.run.instruction.argsText) || env.get('CGO_ENABLED') === '0';
    const linkedStatic = /-extldflags[= ]+["']?[^"']*-static\b/.test(build.run.instruction.argsText);
    if (!cgoOff && !linkedStatic) staticBinary = false;
  }
  plan.staticBinary = staticBinary;
  if (!staticBinary && plan.builderLibc === 'musl') {
    return refuse('the Go binary may link musl dynamically (cgo is on); set `CGO_ENABLED=0` to build a static binary');
  }
  if (!staticBinary) plan.notes.push('cgo is on, so the binary links glibc dynamically: set `CGO_ENABLED=0` for a static binary and a smaller runtime');

  const first = builds[0];
  const alreadyDownloads = invocations(context, (name) => name === 'go').some(({ invocation }) => verbOf(invocation) === 'mod');
  const env = stageEnv(context.model, context.layout.stage, first.run.instruction);
  const sources = alreadyDownloads || env.get('GO111MODULE') === 'off' ? null : sourcesCopyBefore(context, first.run.instruction, first.dir, /^(\.\/)?go\.(mod|sum|\*)$/);
  if (sources) {
    addBefore(plan, sources.instruction, [`COPY ${copyFlagsText(context.model, sources.instruction)}go.mod go.sum* ./`, 'RUN go mod download']);
    plan.notes.push('Modules are downloaded before the sources are copied (`COPY go.mod go.sum* ./`, `go mod download`), so code changes reuse that layer; this assumes `go.mod` is at the root of the build context');
  }
  plan.notes.push('Only the binary is copied into the runtime stage: add COPY lines for files it reads at run time (templates, static files, config)');
  packageNote(context, plan, NATIVE_TOOLCHAIN);
  return { kind: 'plan', plan };
}

function planRust(context: StageContext): PlanResult {
  const plan = newPlan(context, 'rust', 'rust');
  const cargo = invocations(context, (name) => name === 'cargo');
  const builds = cargo.filter(({ invocation }) => verbOf(invocation) === 'build');
  const installs = cargo.filter(({ invocation }) => verbOf(invocation) === 'install');
  let musl = plan.builderLibc === 'musl';
  for (const build of builds) {
    const { invocation } = build;
    const target = optionValue(invocation, '--target');
    if (target && /musl/.test(target)) musl = true;
    const env = stageEnv(context.model, context.layout.stage, build.run.instruction);
    const targetDirWritten = optionValue(invocation, '--target-dir') ?? env.get('CARGO_TARGET_DIR') ?? 'target';
    const targetDir = targetDirWritten === null ? null : outputPath(build, targetDirWritten);
    if (targetDir === null || target === null) return refuse('cannot tell where `cargo build` puts the binary; use a fixed `--target-dir`');
    const profileName = optionValue(invocation, '--profile') ?? (hasOption(invocation, '--release', '-r') ? 'release' : 'dev');
    const profile = profileName === 'dev' ? 'debug' : profileName;
    const outDir = resolvePath(targetDir, `${target ? `${target}/` : ''}${profile}`);
    const bin = optionValue(invocation, '--bin');
    let path: string | null = bin ? resolvePath(outDir, bin) : null;
    if (!path) {
      const program = startProgramPath(context);
      path = program && isInside(program, outDir) ? program : null;
    }
    if (!path) {
      return refuse(`cannot tell the name of the binary \`cargo build\` writes to \`${outDir}\`; add \`--bin NAME\` or run it by path in \`CMD\``);
    }
    plan.artifacts.push({ from: path, to: path });
  }
  for (const install of installs) {
    const program = startArgv(context)?.[0];
    const env = stageEnv(context.model, context.layout.stage, install.run.instruction);
    const cargoHome = env.get('CARGO_HOME') ?? (context.builder?.runtime?.language === 'rust' ? '/usr/local/cargo' : null);
    const root = optionValue(install.invocation, '--root') ?? cargoHome;
    const binDir = root === null ? null : outputPath(install, `${root}/bin`);
    if (!program || binDir === null) {
      return refuse('cannot tell which binary `cargo install` puts where; add `--root /usr/local` and run the binary by name in `CMD`');
    }
    const from = program.includes('/') ? startProgramPath(context) : resolvePath(binDir, program);
    if (!from || !isInside(from, binDir)) return refuse(`cannot tell which binary \`cargo install\` writes to \`${binDir}\`; run it from there in \`CMD\``);
    plan.artifacts.push({ from, to: program.includes('/') ? from : `/usr/local/bin/${program}` });
  }
  if (plan.artifacts.length === 0) return refuse('no `cargo build` or `cargo install` found: cannot tell which binary the image runs');
  plan.staticBinary = musl;
  plan.notes.push('Cargo dependencies are not cached in a layer of their own: `cargo build` needs the sources (a tool such as cargo-chef can split them)');
  plan.notes.push('Only the binary is copied into the runtime stage: add COPY lines for files it reads at run time');
  packageNote(context, plan, NATIVE_TOOLCHAIN);
  return { kind: 'plan', plan };
}

// ---------------------------------------------------------------------------------------------

const NODE_MANAGERS = new Set(['npm', 'yarn', 'pnpm']);

function isNodeInstall({ invocation }: Located): boolean {
  const verb = verbOf(invocation);
  if (hasOption(invocation, '-g', '--global')) return false;
  if (invocation.name === 'npm') return ['ci', 'install', 'i', 'clean-install'].includes(verb) && invocation.args.filter((word) => !(word.value ?? '').startsWith('-')).length === 1;
  if (invocation.name === 'yarn') return verb === '' || verb === 'install';
  if (invocation.name === 'pnpm') return verb === 'install' || verb === 'i';
  return false;
}

function installsDevDependencies({ invocation }: Located, env: Map<string, string>): boolean {
  if (env.get('NODE_ENV') === 'production') return false;
  if (invocation.name === 'npm') {
    const omit = optionValue(invocation, '--omit');
    const only = optionValue(invocation, '--only');
    return !(omit === 'dev' || (only ?? '').startsWith('prod') || hasOption(invocation, '--production'));
  }
  if (invocation.name === 'yarn') return !hasOption(invocation, '--production');
  return !hasOption(invocation, '--prod', '-P', '--production');
}

function requireOfficial(context: StageContext, language: Language, name: string, image: string): PlanResult | null {
  if (context.builder?.runtime?.language === language) return null;
  return refuse(`${name} is not from an official \`${image}\` image here (\`${context.builderLabel}\`), so no runtime image is known to match its version and paths; build FROM \`${image}:<version>\``);
}

function planNode(context: StageContext): PlanResult {
  const official = requireOfficial(context, 'node', 'Node', 'node');
  if (official) return official;
  const plan = newPlan(context, 'node', 'node');
  const installs = invocations(context, (name) => NODE_MANAGERS.has(name)).filter(isNodeInstall);
  const install = installs[0];
  const appDir = install ? install.dir : context.layout.finalWorkdir;
  if (appDir === null) return refuse('cannot tell which directory holds the app; set a `WORKDIR` (e.g. `/app`) before installing');
  if (appDir === '/') return refuse('the app is installed into `/`; set a `WORKDIR` (e.g. `/app`) so its files can be copied on their own');
  if (install) {
    const manager = install.invocation.name;
    const last = installs[installs.length - 1];
    const env = stageEnv(context.model, context.layout.stage, last.run.instruction);
    if (installsDevDependencies(last, env)) {
      const major = Number(plan.version?.split('.')[0] ?? '99');
      const prune = manager === 'npm' ? (major >= 16 ? 'npm prune --omit=dev' : 'npm prune --production')
        : manager === 'pnpm' ? 'pnpm prune --prod' : 'yarn install --production --ignore-scripts --prefer-offline';
      plan.append.push(`RUN ${prune}`);
      plan.notes.push(`Dev dependencies are removed at the end of the build stage (\`${prune}\`), so only production \`node_modules\` are copied${manager === 'yarn' ? '; this is Yarn 1 syntax (Yarn 2+: `yarn workspaces focus --production`)' : ''}`);
    }
    const onlyInstalls = install.run.invocations.every((invocation) => NODE_MANAGERS.has(invocation.name) && isNodeInstall({ ...install, invocation }));
    const manifests = manager === 'npm' ? 'package*.json' : manager === 'yarn' ? 'package.json yarn.lock*' : 'package.json pnpm-lock.yaml*';
    const sources = onlyInstalls ? sourcesCopyBefore(context, install.run.instruction, install.dir, /^(\.\/)?(package[^/]*\.json|yarn\.lock|pnpm-lock\.yaml)$/) : null;
    if (sources) moveSourcesAfterInstall(context, plan, sources, install.run, manifests);
  }
  const paths = appPaths(context, appDir);
  if (!paths) return refuse(UNKNOWN_DESTINATION);
  for (const path of paths) plan.artifacts.push({ from: path, to: path });
  packageNote(context, plan, /^(build-essential|build-base|python3?|make|g\+\+|gcc|git|ca-certificates)$/);
  return { kind: 'plan', plan };
}

function moveSourcesAfterInstall(context: StageContext, plan: BuildPlan, sources: ContextCopy, install: RunScript, manifests: string): void {
  addBefore(plan, install.instruction, [`COPY ${copyFlagsText(context.model, sources.instruction)}${manifests} ./`]);
  plan.moveAfter.set(sources.instruction, install.instruction);
  plan.notes.push(`The dependency manifests (\`${manifests}\`) are copied and installed before the sources, so code changes reuse the install layer; this assumes the install needs no other file`);
}

// ---------------------------------------------------------------------------------------------

interface PythonInstall {
  located: Located;
  tool: 'pip' | 'poetry' | 'uv' | 'setup.py';
  /** Installs the project itself (not only its dependencies), so its sources need not ship. */
  installsProject: boolean;
  editable: boolean;
  requirementFiles: string[];
}

function pythonInstalls(context: StageContext): PythonInstall[] | { refused: string } {
  const found: PythonInstall[] = [];
  for (const located of invocations(context, (name) => PIP.test(name) || PYTHON.test(name) || ['poetry', 'uv', 'pipenv'].includes(name))) {
    const { invocation } = located;
    const values = invocation.args.map((word) => word.value ?? '');
    if (invocation.name === 'pipenv') return { refused: '`pipenv` installs are not supported; export the requirements (`pipenv requirements`) and install them with pip' };
    let pipArgs: string[] | null = null;
    if (PIP.test(invocation.name)) pipArgs = values;
    else if (PYTHON.test(invocation.name) && values[0] === '-m' && values[1] === 'pip') pipArgs = values.slice(2);
    else if (invocation.name === 'uv' && values[0] === 'pip') {
      if (values.includes('--system')) return { refused: '`uv pip install --system` installs into the system Python, which cannot be copied on its own; drop `--system`' };
      pipArgs = values.slice(1);
    }
    if (pipArgs) {
      if (pipArgs.find((value) => !value.startsWith('-')) !== 'install') continue;
      const positional = pipArgs.slice(pipArgs.indexOf('install') + 1).filter((value, i, all) => !value.startsWith('-') && !['-r', '--requirement', '-c', '--constraint', '-t', '--target', '-e', '--editable', '-i', '--index-url', '--extra-index-url'].includes(all[i - 1] ?? ''));
      const requirementFiles = pipArgs.filter((_value, i) => ['-r', '--requirement'].includes(pipArgs![i - 1] ?? ''));
      const editable = pipArgs.includes('-e') || pipArgs.includes('--editable');
      const local = positional.some((value) => value === '.' || value.startsWith('./') || value.startsWith('/'));
      found.push({ located, tool: invocation.name === 'uv' ? 'uv' : 'pip', installsProject: local || editable, editable, requirementFiles });
    } else if (PYTHON.test(invocation.name) && /(^|\/)setup\.py$/.test(values[0] ?? '') && values.slice(1).some((value) => ['install', 'develop'].includes(value))) {
      found.push({ located, tool: 'setup.py', installsProject: true, editable: values.includes('develop'), requirementFiles: [] });
    } else if (invocation.name === 'poetry' && verbOf(invocation) === 'install') {
      found.push({ located, tool: 'poetry', installsProject: !values.includes('--no-root'), editable: !values.includes('--no-root'), requirementFiles: [] });
    } else if (invocation.name === 'uv' && verbOf(invocation) === 'sync') {
      found.push({ located, tool: 'uv', installsProject: !values.includes('--no-install-project'), editable: !values.includes('--no-editable') && !values.includes('--no-install-project'), requirementFiles: [] });
    }
  }
  return found;
}

/** `$NAME`, `${NAME}` or `"$NAME"` whole, with the value `env` has for it (when that value is literal). */
function expandVariable(raw: string, env: Map<string, string>): string | null {
  const name = /^"?\$(?:\{(\w+)\}|(\w+))"?$/.exec(raw);
  const value = name ? env.get(name[1] ?? name[2]) : undefined;
  return value !== undefined && !value.includes('$') ? value : null;
}

const VENV = '/opt/venv';
const BUILD_TOOLS = /^(poetry|uv|pipx|pip|setuptools|wheel|pipenv|poetry-plugin-\w+)([=<>~!].*)?$/;

function isToolInstall(install: PythonInstall): boolean {
  if (install.tool !== 'pip' || install.requirementFiles.length > 0 || install.installsProject) return false;
  const values = install.located.invocation.args.map((word) => word.value ?? '');
  const packages = values.slice(values.indexOf('install') + 1).filter((value) => !value.startsWith('-'));
  return packages.length > 0 && packages.every((name) => BUILD_TOOLS.test(name));
}

function planPython(context: StageContext): PlanResult {
  const official = requireOfficial(context, 'python', 'Python', 'python');
  if (official) return official;
  const plan = newPlan(context, 'python', 'python');
  const installs = pythonInstalls(context);
  if ('refused' in installs) return refuse(installs.refused);
  const venvs = invocations(context, (name) => PYTHON.test(name) || name === 'virtualenv' || name === 'uv').filter(({ invocation }) => {
    const values = invocation.args.map((word) => word.value ?? '');
    return invocation.name === 'virtualenv' || (invocation.name === 'uv' && values[0] === 'venv') || (values[0] === '-m' && ['venv', 'virtualenv'].includes(values[1]));
  });
  const pipOptions = (install: PythonInstall, ...names: string[]): string | null | undefined => (install.tool === 'pip' ? optionValue(install.located.invocation, ...names) : undefined);
  if (installs.some((install) => pipOptions(install, '--prefix', '--root') !== undefined)) {
    return refuse('`pip install --prefix/--root` is not supported; install into a virtualenv instead');
  }
  const user = installs.filter((install) => install.tool === 'pip' && hasOption(install.located.invocation, '--user'));
  const target = installs.map((install) => pipOptions(install, '--target', '-t')).find((value) => value !== undefined);
  if (venvs.length > 0) {
    const venv = venvs[0];
    // `python -m venv $VIRTUAL_ENV`: a variable set by an earlier ENV/ARG of the stage is resolved.
    const env = stageEnv(context.model, context.layout.stage, venv.run.instruction);
    const written = venv.invocation.args.map((word) => word.value ?? expandVariable(word.raw, env) ?? '')
      .filter((value) => !value.startsWith('-') && !['venv', 'virtualenv'].includes(value))[0];
    const path = written ? outputPath(venv, written) : null;
    if (!path) return refuse('cannot tell where the virtualenv is created; use a fixed path such as `/opt/venv`');
    plan.python = { kind: 'venv', path, inserted: false };
  } else if (user.length > 0) {
    const userSet = context.layout.stage.instructions.some((instruction) => instruction.keyword === 'USER' && instruction.start < user[0].located.run.instruction.start);
    if (userSet) return refuse('cannot tell where `pip install --user` puts the packages for this `USER`; install into a virtualenv instead');
    plan.python = { kind: 'user', path: '/root/.local' };
  } else if (target !== undefined) {
    const path = target === null ? null : outputPath(installs.find((install) => pipOptions(install, '--target', '-t') !== undefined)!.located, target);
    if (!path) return refuse('cannot tell where `pip install --target` puts the packages; use a fixed path');
    plan.python = { kind: 'target', path };
  } else if (installs.length > 0) {
    // Build tools installed with pip (`pip install poetry`) stay outside the app's environment.
    const first = (installs.find((install) => !isToolInstall(install)) ?? installs[0]).located.run.instruction;
    const uvSync = installs.some((install) => install.tool === 'uv');
    addBefore(plan, first, ['RUN python -m venv /opt/venv', `ENV VIRTUAL_ENV=${VENV}${uvSync ? ` UV_PROJECT_ENVIRONMENT=${VENV}` : ''} PATH="${VENV}/bin:$PATH"`]);
    plan.python = { kind: 'venv', path: VENV, inserted: true };
    plan.notes.push('Packages are installed into a virtualenv at `/opt/venv` (added to the build stage) so that they can be copied on their own');
  } else {
    plan.python = { kind: 'none' };
  }
  if (plan.python.kind !== 'none') plan.artifacts.push({ from: plan.python.path, to: plan.python.kind === 'user' ? '/opt/python-user' : plan.python.path });
  if (plan.python.kind === 'user') plan.notes.push('Packages installed with `pip install --user` are copied to `/opt/python-user` (`PYTHONUSERBASE`): a non-root user cannot read `/root`');

  // Sources: the app directory, unless the project is installed as a package (then the venv has it).
  const projectInstalled = installs.some((install) => install.installsProject && !install.editable);
  const sourcesNeeded = !projectInstalled || installs.some((install) => install.editable);
  if (sourcesNeeded) {
    const found = appPaths(context, null);
    if (!found) return refuse(UNKNOWN_DESTINATION);
    const paths = found.filter((path) => !(projectInstalled && path === '/'));
    if (paths.includes('/')) return refuse('the app\'s files are copied into `/`; set a `WORKDIR` (e.g. `/app`) so they can be copied on their own');
    for (const path of paths) plan.artifacts.push({ from: path, to: path });
  } else {
    plan.notes.push('The sources are not copied into the runtime stage: the project is installed into the environment');
  }

  const pipOnly = installs.filter((install) => install.tool === 'pip' && install.requirementFiles.length > 0);
  const install = pipOnly[0];
  if (install && plan.python.kind !== 'none') {
    const files = install.requirementFiles;
    const runOnlyInstalls = install.located.run.invocations.every((invocation) => PIP.test(invocation.name) || (PYTHON.test(invocation.name) && invocation.args[1]?.value === 'pip'));
    const simple = files.every((file) => /^[\w.-]+$/.test(file)) && !installs.some((other) => other.located.run === install.located.run && other.installsProject);
    const sources = runOnlyInstalls && simple ? sourcesCopyBefore(context, install.located.run.instruction, install.located.dir, /(^|\/)requirements[^/]*\.txt$/) : null;
    if (sources) moveSourcesAfterInstall(context, plan, sources, install.located.run, files.join(' '));
  }
  packageNote(context, plan, /^(build-essential|build-base|gcc|g\+\+|make|cmake|git|ca-certificates|pkg-config|python3-dev|libc6-dev|musl-dev)$/);
  return { kind: 'plan', plan };
}

// ---------------------------------------------------------------------------------------------

function planJava(context: StageContext): PlanResult {
  const plan = newPlan(context, 'java', 'java');
  const tools = invocations(context, (name) => ['mvn', 'mvnw', 'gradle', 'gradlew'].includes(name));
  const builds = tools.filter(({ invocation }) => invocation.args.some((word) => /^(package|install|verify|build|assemble|bootJar|shadowJar|jar)$/.test(word.value ?? '')));
  if (builds.length === 0) return refuse('no Maven or Gradle build found (`mvn package`, `gradle build`): cannot tell which jar the image runs');
  const argv = startArgv(context);
  const start = context.cmd?.instruction ?? context.entrypoint?.instruction;
  if (argv && ['mvn', 'mvnw', 'gradle', 'gradlew'].includes(argv[0].replace(/^.*\//, ''))) {
    return refuse(`the image starts the app with \`${argv[0].replace(/^.*\//, '')}\`, which needs the build tools; run the jar instead (\`CMD ["java", "-jar", "target/app.jar"]\`)`);
  }
  // The jar the start command runs; a shell-form `-jar target/*.jar` keeps its glob.
  const jarWords = argv ?? (start ? start.argsText.split(/\s+/) : []);
  const jarIndex = jarWords.indexOf('-jar');
  const jar = jarIndex >= 0 ? jarWords[jarIndex + 1] : undefined;
  const workdir = context.layout.finalWorkdir;
  if (!jar || jar.includes('$')) return refuse('cannot tell which jar to copy: the start command does not run `java -jar <file>`');
  if (workdir === null && !jar.startsWith('/')) return refuse(`cannot tell where \`${jar}\` is: set a \`WORKDIR\` or run the jar by its absolute path`);
  const from = resolvePath(workdir ?? '/', jar);
  plan.artifacts.push(/[*?]/.test(jar) ? { from, to: `${from.slice(0, from.lastIndexOf('/')) || '/'}/` } : { from, to: from });
  plan.notes.push('Maven/Gradle dependencies are not cached in a layer of their own: multi-module builds need more than the root build file');
  plan.notes.push('Only the jar is copied into the runtime stage: add COPY lines for files it reads at run time');
  packageNote(context, plan, /^(maven|gradle|git|ca-certificates|openjdk-\d+-jdk.*)$/);
  return { kind: 'plan', plan };
}

function planDotnet(context: StageContext): PlanResult {
  const plan = newPlan(context, 'dotnet', 'dotnet');
  const dotnet = invocations(context, (name) => name === 'dotnet');
  const publishes = dotnet.filter(({ invocation }) => verbOf(invocation) === 'publish');
  const argv = startArgv(context);
  if (argv && argv[0].replace(/^.*\//, '') === 'dotnet' && ['run', 'watch'].includes(argv[1])) {
    return refuse(`the image starts the app with \`dotnet ${argv[1]}\`, which needs the SDK; publish it and run the dll (\`dotnet App.dll\`)`);
  }
  if (publishes.length === 0) {
    return refuse(dotnet.some(({ invocation }) => verbOf(invocation) === 'build')
      ? 'cannot tell where `dotnet build` puts the app; publish it with `dotnet publish -o /app/publish`'
      : 'no `dotnet publish` found: cannot tell which files the image runs');
  }
  for (const publish of publishes) {
    const written = optionValue(publish.invocation, '-o', '--output');
    const path = written ? outputPath(publish, written) : null;
    if (!path) return refuse('cannot tell where `dotnet publish` puts its output; add `-o /app/publish`');
    plan.artifacts.push({ from: path, to: path });
  }
  plan.notes.push('NuGet packages are not restored in a layer of their own: the project file names are not known');
  packageNote(context, plan, /^(git|ca-certificates)$/);
  return { kind: 'plan', plan };
}

function planNative(context: StageContext): PlanResult {
  const plan = newPlan(context, 'cpp', 'cpp');
  const compiles = invocations(context, (name) => COMPILERS.has(name)).filter(({ invocation }) => !hasOption(invocation, '-c', '-E', '-S'));
  let staticBinary = compiles.length > 0;
  for (const compile of compiles) {
    const written = optionValue(compile.invocation, '-o');
    const path = written ? outputPath(compile, written) : null;
    if (path) plan.artifacts.push({ from: path, to: path });
    if (!hasOption(compile.invocation, '-static')) staticBinary = false;
  }
  if (plan.artifacts.length === 0) {
    const program = startProgramPath(context);
    const tool = invocations(context, (name) => ['make', 'cmake', 'ninja', ...COMPILERS].includes(name))[0]?.invocation.name ?? 'the build';
    if (!program) return refuse(`cannot tell where \`${tool}\` puts the binary; add \`-o /path/to/app\` or run it by its path in \`CMD\` (e.g. \`CMD ["./build/app"]\`)`);
    plan.artifacts.push({ from: program, to: program });
    staticBinary = false;
  }
  plan.staticBinary = staticBinary;
  if (!staticBinary && plan.builderLibc === 'musl') return refuse('the binary links musl dynamically; link it with `-static` to run it on another base');
  const devPackages = installedPackages(context).filter((name) => /-(dev|devel)$/.test(name) && !/^(libc6|libc|musl|libstdc\+\+.*)-dev/.test(name));
  if (devPackages.length > 0) {
    plan.notes.push(`The build installs ${devPackages.map((name) => `\`${name}\``).join(', ')}: the binary may need their run-time libraries, which the runtime base may not have`);
  }
  plan.notes.push('Only the binary is copied into the runtime stage: add COPY lines for shared libraries or files it reads at run time');
  packageNote(context, plan, new RegExp(`${NATIVE_TOOLCHAIN.source}|-(dev|devel)$`));
  return { kind: 'plan', plan };
}
