// The runtime stage for one chosen base: the artifact copies, the environment the artifact needs,
// and the instructions that describe the running container (EXPOSE, ENV, LABEL, VOLUME, HEALTHCHECK,
// USER, ENTRYPOINT/CMD), each with the comments above it. Refuses when the base cannot run the app.
import { dotnetHasAppUser, isEndOfLife, significantVersion, versionsMatch, type ImageFacts } from '../../data/images';
import type { Instruction } from '../../model/types';
import { readLooseArray } from '../../rules/invalid-json-args';
import type { StageContext } from './context';
import { execArgv, execFormText } from '../../model/plain-command';
import type { Segment } from './layout';
import { ECOSYSTEM_LANGUAGE, ECOSYSTEM_NAMES, type BuildPlan } from './plan';
import { fitProgram, healthcheckExec, shellNeeds } from '../runtime-fit';

export interface Runtime {
  reference: string;
  facts: ImageFacts | null;
  /** The non-root user to switch to when the runtime stage needs one (default: the base's own). */
  user?: string;
}

/** Instructions that only describe the running container: they leave the build stage. */
export const MOVED_KEYWORDS = new Set(['EXPOSE', 'LABEL', 'VOLUME', 'HEALTHCHECK', 'STOPSIGNAL', 'MAINTAINER', 'ONBUILD', 'CMD', 'ENTRYPOINT']);

/** Settings read only by build tools: they stay in the build stage. */
const BUILD_ONLY_ENV = /^(CGO_ENABLED|GOOS|GOARCH|GOARM|GOAMD64|GOFLAGS|GOPROXY|GOPRIVATE|GONOSUMDB|GONOSUMCHECK|GOSUMDB|GO111MODULE|GOCACHE|GOMODCACHE|CARGO_\w+|RUSTFLAGS|RUSTUP_\w+|PIP_\w+|POETRY_\w+|UV_\w+|npm_config_\w+|NPM_CONFIG_\w+|YARN_\w+|MAVEN_\w+|GRADLE_\w+|NUGET_\w+|DOTNET_CLI_TELEMETRY_OPTOUT|DOTNET_SKIP_FIRST_TIME_EXPERIENCE|DOTNET_NOLOGO|DEBIAN_FRONTEND|CC|CXX|CFLAGS|CXXFLAGS|CPPFLAGS|LDFLAGS|MAKEFLAGS|CMAKE_\w+|PKG_CONFIG_PATH|VIRTUAL_ENV)$/;

/** Python/Node interpreters by any of their names, for matching an image's entrypoint. */
const INTERPRETERS: Record<string, RegExp> = {
  python: /^(.*\/)?python(3(\.\d+)?)?$/,
  python3: /^(.*\/)?python(3(\.\d+)?)?$/,
  node: /^(.*\/)?(node|nodejs)$/,
  java: /^(.*\/)?java$/,
};

export interface RuntimeStage {
  lines: string[];
  notes: string[];
  /** Instructions that are both kept in the build stage and repeated in the runtime stage. */
  repeated: Set<Instruction>;
}

export type RuntimeResult = { kind: 'stage'; stage: RuntimeStage } | { kind: 'refused'; reason: string };

const refuse = (reason: string): RuntimeResult => ({ kind: 'refused', reason });

/** What in the runtime stage would need `/bin/sh`: the start command and health check (RUNs stay in the build). */
export function runtimeShellNeeds(context: StageContext): string[] {
  const moved = context.layout.stage.instructions.filter((instruction) => ['CMD', 'ENTRYPOINT', 'HEALTHCHECK'].includes(instruction.keyword));
  return shellNeeds(context.model, moved);
}

/** Would the app's start command or health check need `/bin/sh` (shell form that is not plain, a script)? */
export function needsShell(context: StageContext): boolean {
  return runtimeShellNeeds(context).length > 0;
}

/** Checks that the base can run what the build produced (language, version, C library). */
function compatibility(plan: BuildPlan, runtime: Runtime): string | null {
  const { facts, reference } = runtime;
  if (!facts) return null;
  const language = ECOSYSTEM_LANGUAGE[plan.ecosystem];
  const interpreted = ['python', 'node', 'java', 'dotnet'].includes(language);
  if (facts.toolchain) return `\`${reference}\` is a build image, not a runtime`;
  if (interpreted && facts.runtime?.language !== language) return `\`${reference}\` has no ${ECOSYSTEM_NAMES[plan.ecosystem]} runtime`;
  if (interpreted && plan.version && facts.runtime && facts.runtime.version !== 'latest' && !versionsMatch(language, plan.version, facts.runtime.version)) {
    return `\`${reference}\` has ${ECOSYSTEM_NAMES[plan.ecosystem]} ${facts.runtime.version}, the build uses ${plan.version}`;
  }
  if (interpreted && !plan.version && facts.family !== 'official') {
    return `\`${reference}\` has a fixed ${ECOSYSTEM_NAMES[plan.ecosystem]} version and the build's is not pinned in its image tag`;
  }
  const linksLibc = ['python', 'node'].includes(language) || (!interpreted && !plan.staticBinary);
  if (linksLibc && plan.builderLibc && facts.libc !== plan.builderLibc && !(facts.libc === null && interpreted)) {
    return facts.libc === null
      ? `\`${reference}\` has no C library, and the build output links ${plan.builderLibc} dynamically`
      : `\`${reference}\` uses ${facts.libc}, and the build output links ${plan.builderLibc}`;
  }
  return null;
}

/** A user name the base image defines, so `USER name` works there. */
function userExists(user: string, facts: ImageFacts | null): boolean {
  const name = user.split(':')[0];
  if (/^\d+$/.test(name)) return true;
  if (!facts) return false;
  if (facts.family === 'scratch') return false;
  if (name === 'root') return true;
  if (name === 'nobody') return facts.family === 'official' || facts.family === 'distroless';
  if (name === 'nonroot') return facts.family === 'distroless' || facts.family === 'chainguard';
  if (name === 'node') return facts.family === 'official' && facts.runtime?.language === 'node';
  if (name === 'app') return dotnetHasAppUser(facts);
  return false;
}

/**
 * The non-root user for the base, or null when the base already runs as one. A preferred user
 * wins when the base has it (a numeric UID always works); otherwise the base's own is used.
 */
function defaultUser(facts: ImageFacts | null, preferred?: string): string | null {
  if (preferred && userExists(preferred, facts)) return preferred;
  if (facts?.family === 'distroless') return 'nonroot:nonroot';
  if (facts?.nonRoot) return null;
  if (facts?.family === 'official' && facts.runtime?.language === 'node') return 'node';
  return '65532:65532';
}

const isRootUser = (user: string): boolean => ['root', '0'].includes(user.split(':')[0]);

/** A note when the container's user changes between root and non-root (`runtimeUser` null: the base's default). */
function userChangeNote(context: StageContext, runtime: Runtime, runtimeUser: string | null): string | null {
  const originalUser = context.layout.stage.instructions.filter((instruction) => instruction.keyword === 'USER').pop()?.args[0]?.value ?? null;
  const wasRoot = originalUser === null ? !(context.builder?.nonRoot ?? false) : isRootUser(originalUser);
  const isRoot = runtimeUser === null ? !(runtime.facts?.nonRoot ?? false) : isRootUser(runtimeUser);
  if (wasRoot === isRoot) return null;
  const who = runtimeUser === null ? `\`${runtime.reference}\`'s default user` : `\`${runtimeUser}\``;
  return isRoot
    ? `The runtime stage runs as root (${who}), the original stage as \`${originalUser ?? 'its base\'s non-root user'}\`: add a \`USER\` to keep it non-root`
    : `The runtime stage runs as ${who} (non-root) instead of root: the app can read its files but not write next to them`;
}

/** Referenced as `$KEY` or `${KEY}` in `text`. */
function referencesVariable(text: string, key: string): boolean {
  for (let at = text.indexOf('$'); at >= 0; at = text.indexOf('$', at + 1)) {
    const rest = text.slice(at + 1);
    const name = rest.startsWith('{') ? /^\{(\w+)/.exec(rest)?.[1] : /^\w+/.exec(rest)?.[0];
    if (name === key) return true;
  }
  return false;
}

/**
 * ENV keys that stay in the build stage: build-tool settings, unless a kept ENV or a runtime
 * instruction reads them (`ENV PATH="$VIRTUAL_ENV/bin:$PATH"` keeps `VIRTUAL_ENV`).
 */
function buildOnlyEnv(context: StageContext): Set<string> {
  const instructions = context.layout.stage.instructions;
  const assignments = instructions.filter((instruction) => instruction.keyword === 'ENV').flatMap((instruction) => envAssignments(context, instruction));
  const runtimeText = instructions.filter((instruction) => MOVED_KEYWORDS.has(instruction.keyword) || instruction.keyword === 'WORKDIR').map((instruction) => instruction.argsText).join('\n');
  const dropped = new Set(assignments.filter((assignment) => BUILD_ONLY_ENV.test(assignment.key)).map((assignment) => assignment.key));
  for (let changed = true; changed;) {
    changed = false;
    const keptText = `${assignments.filter((assignment) => !dropped.has(assignment.key)).map((assignment) => assignment.raw).join('\n')}\n${runtimeText}`;
    for (const key of dropped) {
      if (referencesVariable(keptText, key)) {
        dropped.delete(key);
        changed = true;
      }
    }
  }
  return dropped;
}

/** Splits `ENV A=1 B=2` into its assignments (raw text); the legacy `ENV A 1 2` is one. */
function envAssignments(context: StageContext, instruction: Instruction): { key: string; raw: string }[] {
  const { args } = instruction;
  if (args.length >= 2 && !args[0].value.includes('=')) return [{ key: args[0].value, raw: context.model.text.slice(args[0].start, instruction.end) }];
  return args.map((word) => ({ key: word.value.split('=')[0], raw: context.model.text.slice(word.start, word.end) }));
}

function pythonEnv(plan: BuildPlan, runtime: Runtime): string[] | string {
  const packages = plan.python;
  if (!packages || packages.kind === 'none') return [];
  // Official images keep Python at /usr/local/bin, like the builder: a virtualenv works as is.
  const sameInterpreter = runtime.facts === null || runtime.facts.family === 'official';
  if (packages.kind === 'user') return [`ENV PYTHONUSERBASE=/opt/python-user${sameInterpreter ? ' PATH="/opt/python-user/bin:$PATH"' : ''}`];
  if (packages.kind === 'target') return [`ENV PYTHONPATH=${packages.path}`];
  if (sameInterpreter) return packages.inserted ? [`ENV VIRTUAL_ENV=${packages.path} PATH="${packages.path}/bin:$PATH"`] : [];
  const version = plan.version ? significantVersion('python', plan.version) : null;
  if (!version) return `cannot tell the virtualenv's site-packages path for \`${runtime.reference}\` without the Python version`;
  return [`ENV PYTHONPATH=${packages.path}/lib/python${version}/site-packages`];
}

/** CMD words adapted to an image whose ENTRYPOINT is the interpreter (`python3`, `java -jar`). */
function stripEntrypoint(argv: string[], entrypoint: string[]): string[] | null {
  if (argv.length <= entrypoint.length) return null;
  const matches = entrypoint.every((word, index) => (index === 0 ? (INTERPRETERS[word] ?? new RegExp(`^(.*/)?${word}$`)).test(argv[0]) : argv[index] === word));
  return matches ? argv.slice(entrypoint.length) : null;
}

export function renderRuntime(context: StageContext, plan: BuildPlan, runtime: Runtime, segments: Segment[], buildName: string, stageName: string | null): RuntimeResult {
  const { model, layout } = context;
  const { facts, reference } = runtime;
  const incompatible = compatibility(plan, runtime);
  if (incompatible) return refuse(incompatible);
  const hasShell = facts?.shell ?? true;
  const shellNeed = hasShell ? undefined : runtimeShellNeeds(context)[0];
  if (shellNeed) return refuse(`\`${reference}\` has no shell, but ${shellNeed}`);
  const eol = layout.eol;
  const notes: string[] = [];
  const repeated = new Set<Instruction>();
  const python = pythonEnv(plan, runtime);
  if (typeof python === 'string') return refuse(python);

  const lines: string[] = [];
  lines.push('# Runtime stage: only the build output and what it needs to run');
  const platform = layout.stage.from.flags.find((flag) => flag.name === 'platform' && flag.value && !flag.value.includes('BUILDPLATFORM'));
  lines.push(`FROM ${platform ? `--platform=${platform.value} ` : ''}${reference}${stageName ? ` AS ${stageName}` : ''}`);
  const argsIndex = lines.length;
  const workdir = layout.finalWorkdir;
  if (workdir !== null) lines.push(`WORKDIR ${workdir}`);
  for (const artifact of plan.artifacts) lines.push(`COPY --from=${buildName} ${artifact.from} ${artifact.to}`);
  lines.push(...python);

  const stageInstructions = layout.stage.instructions;
  const lastBuildStep = Math.max(-1, ...stageInstructions.map((instruction, index) => (['RUN', 'COPY', 'ADD'].includes(instruction.keyword) ? index : -1)));
  const withComments = (segment: Segment, body: string): string => segment.attached + body;
  const dropped = buildOnlyEnv(context);
  const provided = (name: string): boolean => plan.artifacts.some((artifact) => artifact.to === `/${name}` || artifact.to.endsWith(`/${name}`));
  /** The last USER the runtime stage sets (null: the base image's default user). */
  let runtimeUser: string | null = null;
  let userWritten = false;
  const userLineBeforeStart = (): void => {
    if (userWritten) return;
    userWritten = true;
    const user = defaultUser(facts, runtime.user);
    if (runtime.user && user !== runtime.user) {
      notes.push(`The configured user \`${runtime.user}\` does not exist in \`${reference}\`; the runtime stage uses ${user ? `\`${user}\`` : 'the image\'s own non-root user'}`);
    }
    if (user === null) return;
    runtimeUser = user;
    lines.push(`USER ${user}`);
  };
  for (const segment of segments.slice(1)) {
    const { instruction } = segment;
    const index = stageInstructions.indexOf(instruction);
    switch (instruction.keyword) {
      case 'ENV': {
        const assignments = envAssignments(context, instruction);
        const kept = assignments.filter((assignment) => !dropped.has(assignment.key));
        const left = assignments.filter((assignment) => dropped.has(assignment.key)).map((assignment) => assignment.key);
        if (left.length > 0) notes.push(`\`${left.join('`, `')}\` (\`ENV\`) stays in the build stage only: a build setting`);
        if (kept.length === 0) break;
        repeated.add(instruction);
        lines.push(kept.length === assignments.length ? withComments(segment, segment.body.trimStart()) : `ENV ${kept.map((assignment) => assignment.raw).join(' ')}`);
        break;
      }
      case 'USER': {
        if (index < lastBuildStep) repeated.add(instruction);
        userWritten = true;
        const user = instruction.args[0]?.value ?? '';
        if (userExists(user, facts)) {
          runtimeUser = user;
          lines.push(withComments(segment, segment.body.trimStart()));
        } else {
          const replacement = defaultUser(facts, runtime.user) ?? (facts?.nonRoot ? null : '65532:65532');
          notes.push(`\`USER ${user}\` is replaced by ${replacement ? `\`USER ${replacement}\`` : 'the base image\'s own non-root user'} in the runtime stage: \`${reference}\` has no user \`${user.split(':')[0]}\``);
          runtimeUser = replacement;
          if (replacement) lines.push(`${segment.attached}USER ${replacement}`);
        }
        break;
      }
      case 'SHELL':
        break;
      case 'HEALTHCHECK': {
        const check = healthcheckExec(model, instruction);
        const fit = check && facts ? fitProgram(check.argv[0], facts, reference, provided) : null;
        const line = instruction.range.start.line + 1;
        if (fit?.kind === 'missing') return refuse(`${fit.reason}, so the \`HEALTHCHECK\` on line ${line} would always fail; check with a program the image has`);
        if (fit?.kind === 'rewrite' && check) {
          const argv = [fit.program, ...check.argv.slice(1)];
          lines.push(withComments(segment, model.text.slice(instruction.start, check.start) + execFormText(argv)));
          notes.push(`\`HEALTHCHECK ${instruction.argsText.trim()}\` becomes \`HEALTHCHECK CMD ${execFormText(argv)}\`: ${fit.why}`);
        } else lines.push(withComments(segment, segment.body.trimStart()));
        break;
      }
      case 'CMD':
      case 'ENTRYPOINT': {
        userLineBeforeStart();
        const start = startLine(context, segment, runtime, notes, provided);
        if (start.kind === 'refused') return start;
        lines.push(start.line);
        break;
      }
      default:
        if (MOVED_KEYWORDS.has(instruction.keyword)) lines.push(withComments(segment, segment.body.trimStart()));
    }
  }
  userLineBeforeStart();
  const userChange = userChangeNote(context, runtime, runtimeUser);
  if (userChange) notes.push(userChange);
  if (facts?.endOfLife && isEndOfLife(facts)) {
    notes.push(`\`${reference}\` is end-of-life since ${facts.endOfLife.date}${facts.endOfLife.successor ? `: prefer \`${facts.endOfLife.successor}\`` : ''}`);
  }

  // Stage ARGs the runtime instructions read are declared again: an ARG is scoped to its stage.
  const runtimeText = lines.slice(argsIndex).join(eol);
  const args = stageInstructions.filter((instruction) => instruction.keyword === 'ARG' && instruction.args.some((word) => {
    // A name is a word (`ARG A *.txt` declares `*.txt` too): escaped, it cannot break the pattern.
    const name = word.value.split('=')[0].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return name !== '' && new RegExp(`\\$(\\{${name}\\b|${name}\\b)`).test(runtimeText);
  }));
  lines.splice(argsIndex, 0, ...args.map((instruction) => model.text.slice(model.lines.lineStart(instruction.range.start.line), instruction.end).trimStart()));
  args.forEach((instruction) => repeated.add(instruction));
  return { kind: 'stage', stage: { lines, notes, repeated } };
}

function startLine(context: StageContext, segment: Segment, runtime: Runtime, notes: string[], provided: (name: string) => boolean): { kind: 'line'; line: string } | { kind: 'refused'; reason: string } {
  const { instruction } = segment;
  const keyword = instruction.keyword;
  const written = context.model.text.slice(instruction.start, instruction.start + keyword.length);
  const verbatim = segment.attached + segment.body.trimStart();
  const { facts, reference } = runtime;
  const entrypoint = facts?.entrypoint;
  let argv = instruction.execForm?.values ?? null;
  if (!argv && readLooseArray(instruction.argsText)) {
    notes.push(`\`${keyword} ${instruction.argsText.trim()}\` is not valid JSON, so it still runs as a shell command: fix its quotes (see invalid-json-args)`);
    return { kind: 'line', line: verbatim };
  }
  if (!argv) {
    argv = execArgv(context.model, instruction);
    if (argv) notes.push(`\`${keyword} ${instruction.argsText.trim()}\` is written in exec form, so the app runs as PID 1 and gets stop signals`);
  }
  // With an ENTRYPOINT in the Dockerfile, CMD holds its arguments; without one, the image's
  // entrypoint (an interpreter) gets the CMD, so CMD must start with that interpreter.
  const startsProgram = keyword === 'ENTRYPOINT' || (!context.entrypoint && !entrypoint);
  if (keyword === 'CMD' && !context.entrypoint && entrypoint) {
    const stripped = argv ? stripEntrypoint(argv, entrypoint) : null;
    if (!stripped) {
      return { kind: 'refused', reason: `\`${reference}\` runs \`${entrypoint.join(' ')}\` as its entrypoint, so CMD must start with it; CMD runs \`${argv?.[0] ?? instruction.argsText.trim()}\`` };
    }
    const line = `${written} ${execFormText(stripped)}`;
    notes.push(`\`${keyword} ${instruction.argsText.trim()}\` becomes \`${line}\`: \`${reference}\` runs \`${entrypoint.join(' ')}\` as its entrypoint`);
    return { kind: 'line', line: `${segment.attached}${line}` };
  }
  if (!argv) return { kind: 'line', line: verbatim };
  if (startsProgram && facts) {
    const fit = fitProgram(argv[0], facts, reference, provided);
    if (fit.kind === 'missing') return { kind: 'refused', reason: `${fit.reason}, which \`${keyword}\` on line ${instruction.range.start.line + 1} runs` };
    if (fit.kind === 'rewrite') {
      const line = `${written} ${execFormText([fit.program, ...argv.slice(1)])}`;
      notes.push(`\`${keyword} ${instruction.argsText.trim()}\` becomes \`${line}\`: ${fit.why}`);
      return { kind: 'line', line: `${segment.attached}${line}` };
    }
  }
  return { kind: 'line', line: instruction.execForm ? verbatim : `${segment.attached}${written} ${execFormText(argv)}` };
}
