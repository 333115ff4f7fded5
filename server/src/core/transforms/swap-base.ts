// Swap the runtime base: rewrite the final stage's FROM image to a smaller one of the same language
// version, adapting what the new image needs (exec-form CMD without a shell, CMD arguments for an
// interpreter entrypoint) or refusing with the reason. Also "Add a debug stage" for distroless.
import {
  debugVariant, describeChoice, imageFacts, imageFactsOf, isEndOfLife, runtimeCandidates, runtimeLabel, type ImageFacts, type Language,
  type RuntimeCandidate, type RuntimeQuery,
} from '../data/images';
import { DockerfileParser } from 'dockerfile-ast';
import { insertAt, replaceSpan } from '../edits';
import { runScripts } from '../model/commands';
import { parseImageName } from '../model/image';
import { stageChain } from '../model/stages';
import type { DockerfileModel, Instruction, Stage } from '../model/types';
import type { TextEdit } from '../rule';
import { execArgv, execFormText, plainCommandWords } from '../model/plain-command';
import { fitProgram, healthcheckExec, providedBy, shellNeeds as instructionsNeedingShell } from './runtime-fit';
import { refused, type RuntimeChoice, type TransformResult } from './types';

/** What the final stage runs on and what it was built with. */
export interface RuntimeTarget {
  final: Stage;
  /** The final stage and the stages it is built FROM, nearest first. */
  chain: Stage[];
  /** The stage whose FROM names the image (the end of the chain). */
  root: Stage;
  current: ImageFacts | null;
  /** A stage the final stage copies from whose base has a language, if any. */
  builder: { stage: Stage; facts: ImageFacts } | null;
  query: RuntimeQuery;
}

const lineOf = (_model: DockerfileModel, instruction: Instruction): number => instruction.range.start.line + 1;

/** The stages `stage` copies from (`COPY --from=<stage>`, `RUN --mount=from=<stage>`), in order. */
export function copySources(model: DockerfileModel, chain: Stage[]): Stage[] {
  const sources: Stage[] = [];
  for (const stage of chain) {
    for (const instruction of stage.instructions) {
      for (const flag of instruction.flags) {
        let reference: string | null = null;
        if (flag.name === 'from' && flag.value) reference = flag.value;
        if (flag.name === 'mount' && flag.value) reference = /(?:^|,)from=([^,]+)/.exec(flag.value)?.[1] ?? null;
        if (!reference) continue;
        const lower = reference.toLowerCase();
        const index = /^\d+$/.test(lower) ? Number(lower) : model.stages.findIndex((other) => other.name === lower);
        const source = model.stages[index];
        if (source && source.index < stage.index && !sources.includes(source)) sources.push(source);
      }
    }
  }
  return sources;
}

/** Facts about the image at the bottom of a stage's FROM chain. */
export function rootFacts(model: DockerfileModel, stage: Stage): ImageFacts | null {
  const chain = stageChain(model, stage);
  const root = chain[chain.length - 1];
  if (root.isScratch) return imageFactsOf('scratch');
  if (!root.image || root.image.resolved === null) return null;
  return imageFacts(parseImageName(root.image.resolved));
}

const knownVersion = (version: string | undefined): string | undefined =>
  version === undefined || version === 'latest' || version === 'unknown' ? undefined : version;

/** The first stage the final stage copies from whose base image names a language. */
export function builderOf(model: DockerfileModel, chain: Stage[]): { stage: Stage; facts: ImageFacts } | null {
  for (const source of copySources(model, chain)) {
    const facts = rootFacts(model, source);
    if (facts?.runtime && facts.runtime.language !== 'generic') return { stage: source, facts };
  }
  return null;
}

function stageText(model: DockerfileModel, stages: Stage[]): string {
  return stages.map((stage) => model.text.slice(stage.from.start, stage.instructions.at(-1)?.end ?? stage.from.end)).join('\n');
}

/** Go/Rust/C: whether the builder produced a static binary, judged from its text. */
function isStaticBuild(language: Language, builderText: string, builderFacts: ImageFacts): boolean {
  if (language === 'go') return /\bCGO_ENABLED=0\b/.test(builderText) || /-extldflags[= ]+['"]?-static/.test(builderText);
  if (language === 'rust') return builderFacts.libc === 'musl' || /-unknown-linux-musl\b/.test(builderText);
  return /(^|\s)-static(\s|$)/.test(builderText);
}

/** The instructions of the final image's chain, the base stage's first. */
function chainInstructions(chain: Stage[]): Instruction[] {
  return [...chain].reverse().flatMap((stage) => stage.instructions);
}

/** Everything in the final image's chain that needs `/bin/sh`, as reasons a user can act on. */
export function shellNeeds(model: DockerfileModel, chain: Stage[]): string[] {
  return instructionsNeedingShell(model, chainInstructions(chain));
}

/** Describes the final stage for swapping, or why it cannot be swapped. */
export function runtimeTarget(model: DockerfileModel): RuntimeTarget | { refused: string } {
  const final = model.finalStage;
  if (!final) return { refused: 'The Dockerfile has no FROM instruction' };
  const chain = stageChain(model, final);
  const root = chain[chain.length - 1];
  if (!root.isScratch && (!root.image || root.image.resolved === null || /\$/.test(root.image.written))) {
    return { refused: `The final base \`${root.image?.written ?? root.from.argsText}\` depends on an ARG; set the image in the ARG instead` };
  }
  const current = rootFacts(model, final);
  const builder = builderOf(model, chain);
  const builderText = builder ? stageText(model, stageChain(model, builder.stage)) : '';
  const own = current?.runtime && current.runtime.language !== 'generic' ? current.runtime : undefined;
  let language: Language = 'generic';
  let version: string | undefined;
  if (own && builder?.facts.runtime?.language === own.language) {
    language = own.language;
    version = knownVersion(builder.facts.runtime.version);
  } else if (own && !(current?.toolchain && builder)) {
    language = own.language;
    version = knownVersion(own.version);
  } else if (builder?.facts.runtime) {
    language = builder.facts.runtime.language;
    version = knownVersion(builder.facts.runtime.version);
  }
  const query: RuntimeQuery = { language, version, needsShell: shellNeeds(model, chain).length > 0 };
  if (builder && ['go', 'rust', 'cpp'].includes(language)) query.staticBinary = isStaticBuild(language, builderText, builder.facts);
  // What the final stage copies from a builder was built against the builder's libc.
  if (builder?.facts.libc && builder.facts.runtime?.language === language) query.libc = builder.facts.libc;
  return { final, chain, root, current, builder, query };
}

function sameImage(facts: ImageFacts | null, reference: string): boolean {
  const other = imageFactsOf(reference);
  return facts !== null && other !== null && facts.repository === other.repository && facts.tag === other.tag;
}

/** The candidates worth offering for the final stage: version-matched, applicable, not the current image. */
export function runtimeCandidatesFor(model: DockerfileModel): RuntimeCandidate[] {
  const target = runtimeTarget(model);
  if ('refused' in target) return [];
  // A final stage that builds on its toolchain (`FROM golang` + `RUN go build`) needs a multi-stage
  // conversion, not another base.
  if (target.current?.toolchain && target.chain.some((stage) => stage.instructions.some((i) => i.keyword === 'RUN'))) return [];
  return runtimeCandidates(target.query)
    .filter((candidate) => !sameImage(target.current, candidate.reference))
    .filter((candidate) => swapBase(model, candidate.reference).kind === 'edit');
}

/** QuickPick items for the final stage, best first. */
export function runtimeChoices(model: DockerfileModel): RuntimeChoice[] {
  const target = runtimeTarget(model);
  const current = 'refused' in target ? null : target.current;
  return runtimeCandidatesFor(model).map((candidate) => describeChoice(candidate, current));
}

// ---------------------------------------------------------------------------------------------
// Entrypoints: distroless and Chainguard language images run the interpreter as ENTRYPOINT.

const INTERPRETERS: Record<string, RegExp> = {
  python: /^(?:\/usr(?:\/local)?\/bin\/)?python(?:3(?:\.\d+)?)?$/,
  python3: /^(?:\/usr(?:\/local)?\/bin\/)?python(?:3(?:\.\d+)?)?$/,
  node: /^(?:\/usr(?:\/local)?\/bin\/|\/nodejs\/bin\/)?node(?:js)?$/,
  java: /^(?:\/\S*\/)?java$/,
};

/** `["python", "app.py"]` with entrypoint `python3` → `["app.py"]`; null when argv does not start with it. */
function stripInterpreter(argv: string[], entrypoint: string[]): string[] | null {
  const [program, ...fixedArgs] = entrypoint;
  if (!argv[0] || !INTERPRETERS[program]?.test(argv[0])) return null;
  for (let i = 0; i < fixedArgs.length; i++) if (argv[i + 1] !== fixedArgs[i]) return null;
  return argv.slice(1 + fixedArgs.length);
}

const sameEntrypoint = (a: string[] | undefined, b: string[] | undefined): boolean =>
  (a ?? []).join(' ').replace(/^python3?/, 'python') === (b ?? []).join(' ').replace(/^python3?/, 'python');


function lastOf(chain: Stage[], keyword: string): Instruction | null {
  for (const stage of chain) {
    const found = stage.instructions.filter((instruction) => instruction.keyword === keyword);
    if (found.length > 0) return found[found.length - 1];
  }
  return null;
}

/** Users a shell-less image ships in /etc/passwd; null = any (official images, with a shell to add more). */
function knownUsers(facts: ImageFacts): string[] | null {
  if (facts.family === 'distroless') return ['root', 'nonroot', 'nobody'];
  if (facts.family === 'chainguard' && !facts.shell) return ['root', 'nonroot'];
  if (facts.family === 'scratch') return [];
  if (facts.variant === 'distroless') return ['root', 'app'];
  return null;
}

interface Adaptation { edits: TextEdit[]; notes: string[] }

const PACKAGE_MANAGERS: Record<string, ImageFacts['packageManager']> = {
  'apt-get': 'apt', apt: 'apt', 'apt-cache': 'apt', dpkg: 'apt', apk: 'apk', dnf: 'dnf', yum: 'dnf', microdnf: 'dnf',
};

/** The first RUN of the chain that calls a package manager the new image does not have. */
function packageManagerConflict(model: DockerfileModel, chain: Stage[], next: ImageFacts): string | null {
  for (const { stage, instruction, invocations } of runScripts(model, /\b(apt|apk|dpkg|dnf|yum|microdnf)/)) {
    if (!chain.includes(stage)) continue;
    const used = invocations.map((invocation) => invocation.name).find((name) => PACKAGE_MANAGERS[name] !== undefined);
    if (used && PACKAGE_MANAGERS[used] !== next.packageManager) return `\`RUN\` on line ${lineOf(model, instruction)} uses \`${used}\``;
  }
  return null;
}

/** Users distroless and Chainguard images define, by UID. */
const SHELL_LESS_USERS: Record<string, string> = { nonroot: '65532', nobody: '65534' };

/** Names a RUN script mentions (`useradd -u 1001 app` → `useradd`, `app`, …), compared as whole words. */
function wordsOfRuns(chain: Stage[]): Set<string> {
  const words = new Set<string>();
  for (const instruction of chainInstructions(chain)) {
    if (instruction.keyword === 'RUN') for (const word of instruction.argsText.split(/[^\w.-]+/)) if (word) words.add(word);
  }
  return words;
}

/**
 * `USER nonroot` names a user in /etc/passwd of distroless/Chainguard images only; on another
 * image write its UID, which works without a passwd entry. Not when a RUN creates the user.
 */
function portableUsers(model: DockerfileModel, chain: Stage[], current: ImageFacts | null, next: ImageFacts): Adaptation {
  const result: Adaptation = { edits: [], notes: [] };
  if (!current || knownUsers(current) === null || knownUsers(next) !== null) return result;
  const created = wordsOfRuns(chain);
  for (const stage of chain) {
    for (const instruction of stage.instructions) {
      const word = instruction.keyword === 'USER' ? instruction.args[0] : undefined;
      if (!word) continue;
      const parts = word.value.split(':');
      if (!parts.some((part) => SHELL_LESS_USERS[part]) || parts.some((part) => created.has(part))) continue;
      const numeric = parts.map((part) => SHELL_LESS_USERS[part] ?? part).join(':');
      result.edits.push(replaceSpan(model, word.start, word.end, numeric));
      result.notes.push(`Rewrote \`USER ${word.value}\` on line ${lineOf(model, instruction)} as \`USER ${numeric}\`: the new image has no \`${parts[0]}\` user`);
    }
  }
  return result;
}

/** Every user name the chain switches to or gives files to (`USER`, `COPY/ADD --chown`), with where. */
function namedUsers(chain: Stage[]): { names: string[]; written: string; instruction: Instruction }[] {
  const found: { names: string[]; written: string; instruction: Instruction }[] = [];
  for (const instruction of chainInstructions(chain)) {
    let written: string | null = null;
    if (instruction.keyword === 'USER') written = instruction.args[0]?.value ?? null;
    if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') written = instruction.flags.find((flag) => flag.name === 'chown')?.value ?? null;
    if (!written || written.includes('$')) continue;
    const names = written.split(':').filter((part) => part !== '' && !/^\d+$/.test(part));
    if (names.length > 0) found.push({ names, written, instruction });
  }
  return found;
}

/** The first user or group the new image does not define, as a refusal; null when all exist. */
function missingUser(model: DockerfileModel, chain: Stage[], next: ImageFacts, reference: string): string | null {
  const users = knownUsers(next);
  if (!users) return null;
  for (const { names, written, instruction } of namedUsers(chain)) {
    const missing = names.find((name) => !users.includes(name));
    if (!missing) continue;
    const what = instruction.keyword === 'USER' ? `\`USER ${written}\`` : `\`${instruction.keyword} --chown=${written}\``;
    return `${what} on line ${lineOf(model, instruction)} names a user \`${reference}\` does not have${written === missing ? '' : ` (\`${missing}\`)`}; use a numeric UID or ${users.map((name) => `\`${name}\``).join(', ') || 'a numeric UID'}`;
  }
  return null;
}

const DEBIAN_RELEASES: Record<string, string> = { '10': 'buster', '11': 'bullseye', '12': 'bookworm', '13': 'trixie' };
const UBUNTU_RELEASES: Record<string, string> = { '20.04': 'focal', '22.04': 'jammy', '24.04': 'noble' };

/** The distribution release of a bare OS image (`alpine:3.18` → `3.18`, `debian:12-slim` → `bookworm`); null for others. */
function osRelease(facts: ImageFacts): string | null {
  if (facts.runtime || facts.family !== 'official' || !facts.tag) return null;
  if (facts.repository === 'alpine') return /^\d+\.\d+/.exec(facts.tag)?.[0] ?? facts.tag;
  const release = facts.tag.replace(/-slim$/, '').replace(/-\d{8}$/, '');
  if (facts.repository === 'debian') return DEBIAN_RELEASES[release.split('.')[0]] ?? release;
  if (facts.repository === 'ubuntu') return UBUNTU_RELEASES[release] ?? release;
  return null;
}

/** CMD/ENTRYPOINT/HEALTHCHECK/USER changes the new image needs, or the reason it cannot work. */
function adaptRuntime(model: DockerfileModel, chain: Stage[], current: ImageFacts | null, next: ImageFacts, reference: string): Adaptation | string {
  const edits: TextEdit[] = [];
  const notes: string[] = [];
  if (!next.shell) {
    const needs = shellNeeds(model, chain);
    if (needs.length > 0) return `\`${reference}\` has no shell, but ${needs[0]}`;
  }
  const conflict = packageManagerConflict(model, chain, next);
  if (conflict) return `${conflict}, which \`${reference}\` does not have`;
  // A bare OS base with RUN steps: package names, versions and paths differ between distributions
  // and between releases of one (Alpine 3.19+ refuses `pip install` outside a venv, PEP 668).
  const runs = chainInstructions(chain).find((instruction) => instruction.keyword === 'RUN');
  if (runs && !current?.runtime && current) {
    const written = `${current.repository}${current.tag ? `:${current.tag}` : ''}`;
    if (current.repository !== next.repository) {
      return `\`RUN\` on line ${lineOf(model, runs)} was written for \`${current.repository}\`; moving it to \`${reference}\` is a port, not a swap`;
    }
    if (osRelease(current) !== osRelease(next)) {
      return `\`RUN\` on line ${lineOf(model, runs)} was written for \`${written}\`; moving it to another release (\`${reference}\`) is a port, not a swap: packages and their versions change`;
    }
  }
  const userEdits = portableUsers(model, chain, current, next);
  edits.push(...userEdits.edits);
  notes.push(...userEdits.notes);
  const noUser = missingUser(model, chain, next, reference);
  if (noUser) return noUser;

  const entrypoint = lastOf(chain, 'ENTRYPOINT');
  const cmd = lastOf(chain, 'CMD');
  const wordsOf = (instruction: Instruction): string[] | null => execArgv(model, instruction);
  // The argv each start instruction gets, with every reason: one edit per instruction.
  const planned = new Map<Instruction, { argv: string[]; why: string[] }>();
  const plan = (instruction: Instruction, argv: string[], why: string): void => {
    const entry = planned.get(instruction);
    if (entry) {
      entry.argv = argv;
      entry.why.push(why);
    } else planned.set(instruction, { argv, why: [why] });
  };
  const cmdArgv = cmd && cmd.args.length > 0 ? wordsOf(cmd) : null;
  if (!entrypoint && cmd && cmdArgv && !sameEntrypoint(current?.entrypoint, next.entrypoint)) {
    if (next.entrypoint) {
      const stripped = stripInterpreter(cmdArgv, next.entrypoint);
      if (!stripped) {
        return `\`${reference}\` runs \`${next.entrypoint.join(' ')}\` as its entrypoint, so \`CMD\` on line ${lineOf(model, cmd)} would become its arguments; write the CMD for it or pick another image`;
      }
      plan(cmd, stripped, `the image's entrypoint already runs \`${next.entrypoint.join(' ')}\``);
    } else if (current?.entrypoint) {
      plan(cmd, [...current.entrypoint, ...cmdArgv], `\`${reference}\` has no \`${current.entrypoint[0]}\` entrypoint`);
    } else plan(cmd, cmdArgv, 'exec form, since the new image has no shell');
  } else if (cmd && !cmd.execForm && cmd.args.length > 0 && !next.shell) {
    if (!cmdArgv) return `\`CMD\` on line ${lineOf(model, cmd)} uses shell features and \`${reference}\` has no shell`;
    plan(cmd, cmdArgv, 'exec form, since the new image has no shell');
  }
  const entrypointArgv = entrypoint && entrypoint.args.length > 0 ? wordsOf(entrypoint) : null;
  if (entrypoint && !entrypoint.execForm && entrypoint.args.length > 0 && !next.shell) {
    if (!entrypointArgv) return `\`ENTRYPOINT\` on line ${lineOf(model, entrypoint)} uses shell features and \`${reference}\` has no shell`;
    plan(entrypoint, entrypointArgv, 'exec form, since the new image has no shell (it now receives CMD as arguments)');
  }

  // The program the container starts — the ENTRYPOINT's, or the CMD's when neither the Dockerfile
  // nor the image has an entrypoint — and the health check's must exist in the new image.
  const provided = providedBy(chainInstructions(chain));
  const starter = entrypoint ?? (cmd && !next.entrypoint ? cmd : null);
  const starterArgv = starter ? planned.get(starter)?.argv ?? (starter === entrypoint ? entrypointArgv : cmdArgv) : null;
  if (starter && starterArgv) {
    const fit = fitProgram(starterArgv[0], next, reference, provided);
    if (fit.kind === 'missing') return `${fit.reason}, which \`${starter.keyword}\` on line ${lineOf(model, starter)} runs; pick another image or start the app without it`;
    if (fit.kind === 'rewrite') plan(starter, [fit.program, ...starterArgv.slice(1)], fit.why);
  }
  const healthcheck = lastOf(chain, 'HEALTHCHECK');
  const check = healthcheck ? healthcheckExec(model, healthcheck) : null;
  if (healthcheck && check) {
    const fit = fitProgram(check.argv[0], next, reference, provided);
    const line = lineOf(model, healthcheck);
    if (fit.kind === 'missing') return `${fit.reason}, so the \`HEALTHCHECK\` on line ${line} would always fail; check with a program the image has, or pick another image`;
    if (fit.kind === 'rewrite') {
      const argv = [fit.program, ...check.argv.slice(1)];
      edits.push(replaceSpan(model, check.start, check.end, execFormText(argv)));
      notes.push(`Rewrote the \`HEALTHCHECK\` on line ${line} as \`CMD ${execFormText(argv)}\`: ${fit.why}`);
    }
  }
  for (const [instruction, { argv, why }] of planned) {
    const end = instruction.execForm ? instruction.end : plainCommandWords(model, instruction)!.end;
    edits.push(replaceSpan(model, instruction.argsStart, end, execFormText(argv)));
    notes.push(`Rewrote \`${instruction.keyword}\` on line ${lineOf(model, instruction)} as \`${execFormText(argv)}\`: ${why.join('; ')}`);
  }
  if (!entrypoint && !cmd && next.entrypoint && !sameEntrypoint(current?.entrypoint, next.entrypoint)) {
    notes.push(`Without a CMD the container runs \`${next.entrypoint.join(' ')}\` alone; add \`CMD ["<script>"]\``);
  }
  notes.push(...userChangeNotes(chain, current, next, reference));
  return { edits, notes };
}

/** Whether the container's user changes between root and non-root (no USER in the chain: the image's default). */
function userChangeNotes(chain: Stage[], current: ImageFacts | null, next: ImageFacts, reference: string): string[] {
  if (lastOf(chain, 'USER') || !current || current.nonRoot === next.nonRoot) return [];
  return next.nonRoot
    ? [`The container now runs as a non-root user (\`${reference}\`'s default) instead of root: files the app writes must be writable by it`]
    : [`The container now runs as root (\`${reference}\`'s default) instead of a non-root user: add a \`USER\` to keep it non-root`];
}

function describeFacts(facts: ImageFacts): string {
  return runtimeLabel(facts) ?? `no language runtime`;
}

/** Rewrites the final stage's base image to `reference`, adapting CMD/ENTRYPOINT, or refuses. */
export function swapBase(model: DockerfileModel, reference: string): TransformResult {
  const target = runtimeTarget(model);
  if ('refused' in target) return refused(target.refused);
  const { chain, root, current } = target;
  const trimmed = reference.trim();
  if (!/^[a-z0-9][\w./:@-]*$/i.test(trimmed)) return refused(`\`${reference}\` is not an image reference`);
  const next = imageFactsOf(trimmed);
  if (!next) return refused(`\`${trimmed}\` is not in Layerwise's image table, so it cannot tell what it needs; edit the FROM line yourself`);
  const written = root.isScratch ? 'scratch' : root.image!.written;
  if (written === trimmed || sameImage(current, trimmed)) return refused(`Nothing to do: the final stage already uses \`${written}\``);
  if (target.query.language !== 'generic' && next.runtime && next.runtime.language !== target.query.language) {
    return refused(`\`${trimmed}\` runs ${describeFacts(next)}, but the final stage needs ${LANGUAGE_WORDS[target.query.language]}`);
  }
  const version = target.query.version;
  if (version && next.runtime?.version && !runtimeMatches(target.query.language, version, next.runtime.version)) {
    return refused(`\`${trimmed}\` runs ${describeFacts(next)}, but the build uses ${LANGUAGE_WORDS[target.query.language]} ${version}`);
  }
  const sharedWith = model.stages.find((stage) => !chain.includes(stage) && (stage.baseStage === root.index || copySources(model, [stage]).includes(root)));
  if (chain.length > 1 && sharedWith) {
    return refused(`The final stage is built on stage \`${root.name ?? root.index}\`, which stage \`${sharedWith.name ?? sharedWith.index}\` also uses; change that stage's base yourself`);
  }
  const adaptation = adaptRuntime(model, chain, current, next, trimmed);
  if (typeof adaptation === 'string') return refused(adaptation);
  const fromEdit = root.isScratch
    ? replaceSpan(model, root.from.argsStart, root.from.argsStart + root.from.argsText.search(/\s|$/), trimmed)
    : { range: root.image!.range, newText: trimmed };
  const notes = [`Replaced \`${written}\` with \`${trimmed}\` on line ${lineOf(model, root.from)}`, ...adaptation.notes];
  if (current && current.compressedMB > next.compressedMB) {
    notes.push(`Approximate saving: ${Math.round(current.compressedMB - next.compressedMB)} MB compressed (${next.sizeSource}, ${next.sizeDate})`);
  }
  if (/@/.test(written)) notes.push('The digest pin was dropped with the old image: pin the new image by digest');
  const debug = next.shell ? null : debugVariant(trimmed);
  if (debug) notes.push(`\`${trimmed}\` has no shell: \`${debug}\` has one for debugging`);
  const caveat = runtimeCandidates({ ...target.query, needsShell: false }).find((candidate) => candidate.reference === trimmed)?.caveat;
  if (caveat) notes.push(`Caveat: ${caveat}`);
  if (next.libc === 'musl' && current?.libc !== 'musl' && !caveat?.includes('musl')) notes.push('musl libc: check native extensions and prebuilt binaries');
  if (next.endOfLife && isEndOfLife(next)) {
    notes.push(`\`${trimmed}\` is end-of-life since ${next.endOfLife.date}${next.endOfLife.successor ? `: prefer \`${next.endOfLife.successor}\`` : ''}`);
  }
  notes.push(`Check that the app needs nothing that only \`${written}\` had (packages, libraries, tools)`);
  return { kind: 'edit', edits: [fromEdit, ...adaptation.edits], notes };
}

const LANGUAGE_WORDS: Record<Language, string> = {
  python: 'Python', node: 'Node', java: 'Java', go: 'Go', rust: 'Rust', dotnet: '.NET', cpp: 'C/C++', generic: 'no particular language',
};

function runtimeMatches(language: Language, wanted: string, offered: string): boolean {
  if (offered === 'latest' || offered === 'unknown') return false;
  const significant = (value: string) => value.split('.').slice(0, language === 'node' || language === 'java' ? 1 : 2).join('.');
  return significant(wanted) === significant(offered);
}

// ---------------------------------------------------------------------------------------------
// Add a debug stage

const DEBUG_STAGE = 'debug';
const SKIPPED_IN_DEBUG = new Set(['CMD', 'ENTRYPOINT', 'HEALTHCHECK']);

/**
 * Inserts, before the final stage, a copy of it on the image's `:debug` variant (busybox shell),
 * named `debug`, so `docker build --target debug` gives the same files with a shell.
 */
export function addDebugStage(model: DockerfileModel): TransformResult {
  const final = model.finalStage;
  if (!final) return refused('The Dockerfile has no FROM instruction');
  if (final.baseStage !== null) return refused('The final stage is built on another stage; add the debug stage by hand');
  const image = final.image;
  if (!image || image.resolved === null || /\$/.test(image.written)) return refused('The final base image is not a plain reference');
  // `FROM image AS name` or `FROM image`: other words (a line joined to the next) would end up in the copy.
  const fromWords = final.from.args.length;
  if (fromWords !== 1 && !(fromWords === 3 && /^as$/i.test(final.from.args[1].value))) {
    return refused('The final `FROM` line has words besides the image and `AS name`; fix it first');
  }
  const debugReference = debugVariant(image.resolved);
  if (!debugReference) {
    const facts = imageFactsOf(image.resolved);
    return refused(facts?.shell
      ? `Nothing to do: \`${image.written}\` already has a shell`
      : `\`${image.written}\` has no known debug variant (distroless and Chainguard images have one)`);
  }
  const existing = model.stages.find((stage) => stage.name === DEBUG_STAGE);
  if (existing) {
    return existing.image?.resolved === debugReference
      ? refused(`Nothing to do: stage \`${DEBUG_STAGE}\` already uses \`${debugReference}\``)
      : refused(`A stage named \`${DEBUG_STAGE}\` already exists`);
  }
  const eol = model.lines.eol;
  const from = final.from;
  const fromText = model.text.slice(from.start, from.end);
  const imageStart = model.lines.offsetAt(image.range.start) - from.start;
  const imageEnd = model.lines.offsetAt(image.range.end) - from.start;
  let fromLine = fromText.slice(0, imageStart) + debugReference + fromText.slice(imageEnd);
  // Only `FROM image` or `FROM image AS name`: with other words the debug stage would not get its
  // name, and a second run would add another one.
  if (from.args.length !== (final.name ? 3 : 1)) return refused('The final `FROM` is not `FROM image [AS name]`: cannot name the debug stage');
  fromLine = final.name ? fromLine.replace(/(\s+AS\s+)\S+\s*$/i, `$1${DEBUG_STAGE}`) : `${fromLine.trimEnd()} AS ${DEBUG_STAGE}`;
  const body = final.instructions
    .filter((instruction) => !SKIPPED_IN_DEBUG.has(instruction.keyword))
    .map((instruction) => model.text.slice(instruction.start, instruction.end));
  const shell = debugReference.includes('/distroless/') ? '/busybox/sh' : '/bin/sh';
  const stage = [
    '# Same files with a shell: docker build --target debug',
    fromLine,
    ...body,
    `ENTRYPOINT ["${shell}"]`,
  ].join(eol);
  // Each repeated instruction must end where it ended: an unterminated heredoc would swallow the
  // ENTRYPOINT and the final stage after it.
  if (DockerfileParser.parse(`# escape=${model.escapeChar}\n${stage}`).getInstructions().length !== body.length + 2) {
    return refused('The final stage has an instruction that does not end (an unterminated heredoc?): cannot repeat it in a debug stage');
  }
  const insertLine = leadingCommentLine(model, from.range.start.line);
  // After a byte order mark: moved to the middle of the file, it would glue itself to a keyword.
  const lineStart = model.lines.offsetAt({ line: insertLine, character: 0 });
  const offset = lineStart === 0 && model.text.startsWith('\uFEFF') ? 1 : lineStart;
  const skipped = final.instructions.filter((instruction) => SKIPPED_IN_DEBUG.has(instruction.keyword)).map((instruction) => `\`${instruction.keyword}\``);
  const notes = [`Added stage \`${DEBUG_STAGE}\` on \`${debugReference}\` before the final stage; build it with \`docker build --target ${DEBUG_STAGE}\``];
  if (skipped.length > 0) notes.push(`Left out ${[...new Set(skipped)].join(', ')} in the debug stage: it starts a shell instead`);
  return { kind: 'edit', edits: [insertAt(model, offset, `${stage}${eol}${eol}`)], notes };
}

/** The first line of the comment block right above `line` (comments document the stage below them). */
function leadingCommentLine(model: DockerfileModel, line: number): number {
  let first = line;
  while (first > 0 && /^\s*#/.test(model.lines.lineText(first - 1)) && !/^\s*#\s*(syntax|escape|check)\s*=/i.test(model.lines.lineText(first - 1))) first--;
  return first;
}
