// What userland a stage runs on, as far as the Dockerfile shows: BusyBox (Alpine, busybox), GNU
// (Debian/Ubuntu, RHEL family) or Windows. Rules use it to pick options the image's tools accept:
// BusyBox wget has no `--progress`, Alpine has no bash. Unknown (null) is a frequent answer, and
// rules must then choose what works on both or make their fix unsafe.
import { imageFactsOf } from '../data/images';
import { aptVerb, invocationsOf, subcommand, type Invocation } from './commands';
import { stageChain } from './stages';
import type { DockerfileModel, ImageRef, Stage } from './types';

export type BaseOs = 'busybox' | 'debian' | 'rhel' | 'windows';

/** Official images built on Alpine whose name and usual tags do not say so (`docker:27-cli`). */
const ALPINE_BASED = new Set(['docker', 'traefik', 'caddy']);
const DEBIAN_BASED = new Set(['debian', 'ubuntu', 'buildpack-deps']);
const RHEL_BASED = new Set(['fedora', 'centos', 'rockylinux', 'almalinux', 'oraclelinux', 'amazonlinux', 'ubi8', 'ubi9', 'ubi10', 'ubi8-minimal', 'ubi9-minimal', 'ubi10-minimal', 'ubi', 'ubi-minimal']);
const DEBIAN_CODENAMES = /(^|-)(jessie|stretch|buster|bullseye|bookworm|trixie|forky|xenial|bionic|focal|jammy|noble|plucky|questing)(-|$)/;
const WINDOWS_TAG = /windowsservercore|nanoserver|ltsc20\d\d/;

/** The image at the root of the stage's FROM chain (null for scratch or an unresolved reference). */
export function rootImage(model: DockerfileModel, stage: Stage): ImageRef | null {
  const chain = stageChain(model, stage);
  return chain[chain.length - 1].image;
}

/** What the base image's name says, or null. */
export function osOfImage(image: ImageRef | null): BaseOs | null {
  if (!image || image.resolved === null) return null;
  const name = image.repository.slice(image.repository.lastIndexOf('/') + 1);
  const tag = image.tag ?? 'latest';
  if (WINDOWS_TAG.test(tag) || /(^|\/)(windows|windowsservercore|nanoserver)(\/|$)/.test(image.repository)) return 'windows';
  if (name === 'alpine' || name === 'busybox' || /(^|-)alpine/.test(tag)) return 'busybox';
  const facts = imageFactsOf(image.resolved);
  if (facts?.packageManager === 'apk' || facts?.libc === 'musl') return 'busybox';
  if (facts?.packageManager === 'apt') return 'debian';
  if (facts?.packageManager === 'dnf') return 'rhel';
  const official = image.registry === null || image.registry === 'docker.io' || image.registry === 'index.docker.io';
  if (official && ALPINE_BASED.has(image.repository.replace(/^library\//, ''))) return 'busybox';
  if (DEBIAN_BASED.has(name) || DEBIAN_CODENAMES.test(tag)) return 'debian';
  if (RHEL_BASED.has(name)) return 'rhel';
  return null;
}

const PACKAGE_MANAGER_OS: Record<string, BaseOs> = {
  apk: 'busybox', 'apt-get': 'debian', apt: 'debian', dnf: 'rhel', yum: 'rhel', microdnf: 'rhel',
};

/**
 * The stage's userland: from the base image's name, else from the package manager its RUNs (or
 * those of the stages it is built FROM) call. Null when neither tells.
 */
export function stageOs(model: DockerfileModel, stage: Stage): BaseOs | null {
  // Rules ask per RUN: answer once per stage (stages belong to one model).
  let os = osCache.get(stage);
  if (os === undefined) osCache.set(stage, (os = readStageOs(model, stage)));
  return os;
}

const osCache = new WeakMap<Stage, BaseOs | null>();

function readStageOs(model: DockerfileModel, stage: Stage): BaseOs | null {
  const named = osOfImage(rootImage(model, stage));
  if (named) return named;
  for (const current of stageChain(model, stage)) {
    for (const invocation of chainInvocations(model, current)) {
      if (Object.hasOwn(PACKAGE_MANAGER_OS, invocation.name)) return PACKAGE_MANAGER_OS[invocation.name];
    }
  }
  return null;
}

function* chainInvocations(model: DockerfileModel, stage: Stage): Generator<Invocation> {
  for (const instruction of stage.instructions) {
    if (instruction.keyword !== 'RUN' || !/\b(apk|apt|apt-get|dnf|yum|microdnf)\b/.test(instruction.argsText)) continue;
    const script = model.shellScript(instruction);
    if (script) yield* invocationsOf(script);
  }
}

const INSTALL_VERBS = new Set(['add', 'install']);

/**
 * Whether a package manager installs `pkg` in the stage (or a stage it is built FROM) before
 * document offset `before`: `apt-get install -y wget`, `apk add bash`, `dnf install wget`.
 */
export function installsPackageBefore(model: DockerfileModel, stage: Stage, pkg: string, before: number): boolean {
  return chainInstalls(model, stage).some((install) => install.name === pkg && install.start < before);
}

// Per stage, every package its chain installs, with where: asked per `wget`, read once.
const installsCache = new WeakMap<Stage, readonly { name: string; start: number }[]>();

function chainInstalls(model: DockerfileModel, stage: Stage): readonly { name: string; start: number }[] {
  let installs = installsCache.get(stage);
  if (installs) return installs;
  const found: { name: string; start: number }[] = [];
  for (const current of stageChain(model, stage)) {
    for (const invocation of chainInvocations(model, current)) {
      if (!Object.hasOwn(PACKAGE_MANAGER_OS, invocation.name)) continue;
      const verb = (aptVerb(invocation) ?? subcommand(invocation))?.value;
      if (!verb || !INSTALL_VERBS.has(verb)) continue;
      // `wget=1.21.3-1`: the name without its version pin.
      for (const word of invocation.args) if (word.value && !word.value.startsWith('-')) found.push({ name: word.value.replace(/[=<>~].*$/, ''), start: invocation.command.start });
    }
  }
  installsCache.set(stage, (installs = found));
  return installs;
}
