// Base image facts: official language images and their slim/alpine variants, distroless (debian12
// and debian13), Chainguard's free images. One table of approximate sizes (SIZES) and one of
// lifecycle dates (LIFECYCLE) so that both are easy to update; the functions below derive facts
// for a concrete reference from them. Pure data, no I/O.
//
// Sizes are approximate compressed linux/amd64 figures as shown by the registries' tag pages; they
// drift with every rebuild, so they are only good for "≈ 45 MB vs ≈ 420 MB" comparisons.
import type { RuntimeChoice } from '../transforms/types';
import { parseImageName, type ImageName } from '../model/image';

export type Language = 'python' | 'node' | 'java' | 'go' | 'rust' | 'dotnet' | 'cpp' | 'generic';

export interface ImageFacts {
  /** Repository as users write it, e.g. `python`, `gcr.io/distroless/python3-debian13`. */
  repository: string;
  /** The tag or tag family this entry describes, e.g. `3.13-slim`; null for scratch. */
  tag: string | null;
  family: 'official' | 'distroless' | 'chainguard' | 'scratch';
  variant: 'full' | 'slim' | 'alpine' | 'distroless' | 'static' | 'scratch';
  /** Approximate compressed size for linux/amd64, in MB. */
  compressedMB: number;
  /** When the size was read (`YYYY-MM`). */
  sizeDate: string;
  sizeSource: string;
  shell: boolean;
  packageManager: 'apt' | 'apk' | 'dnf' | null;
  libc: 'glibc' | 'musl' | null;
  runtime?: { language: Language; version: string };
  /** True when the image's default user is not root. */
  nonRoot: boolean;
  /** End of support (or of publication), with the image to move to when there is one. */
  endOfLife?: { date: string; successor?: string; unpublished?: boolean };
  /** The tag is no longer updated; `successor` is the nearest supported tag. */
  deprecatedTag?: { successor: string };
  /**
   * The image's ENTRYPOINT runs this interpreter (distroless and Chainguard language images), so
   * CMD holds only its arguments: `CMD ["app.py"]`, not `CMD ["python", "app.py"]`.
   */
  entrypoint?: string[];
  /** Build toolchain image (SDK, compiler, JDK + build tool): a builder, not a runtime. */
  toolchain?: boolean;
}

export interface RuntimeCandidate {
  /** Full reference to write in FROM. */
  reference: string;
  facts: ImageFacts;
  caveat?: string;
}

export interface RuntimeQuery {
  language: Language;
  /** The build's language version (`3.12`, `22`, `21`, `8.0`); candidates never differ from it. */
  version?: string;
  /** Go/Rust/C binaries linked statically: static, scratch and musl bases all work. */
  staticBinary?: boolean;
  /** Something in the runtime stage needs `/bin/sh` (RUN, shell-form CMD, CMD-SHELL health check). */
  needsShell?: boolean;
  /** The libc the artifact was built against (an Alpine builder: musl): candidates keep it. */
  libc?: 'glibc' | 'musl';
}

/** The date the lifecycle data below was last reviewed; `isEndOfLife` compares against a given day. */
export const DATA_REVIEWED = '2026-11-22';

// ---------------------------------------------------------------------------------------------
// Sizes: one row per image family/variant. Keys: `<repository>:<variant key>`.

interface SizeRow { mb: number; date: string; source: string }

const HUB = 'Docker Hub tag page (approx.)';
const MCR = 'mcr.microsoft.com tag listing (approx.)';
const DISTROLESS = 'distroless README + registry manifest (approx.)';
const CHAINGUARD = 'images.chainguard.dev (approx.)';

export const SIZES: Readonly<Record<string, SizeRow>> = {
  'python:full': { mb: 390, date: '2025-06', source: HUB },
  'python:slim': { mb: 45, date: '2025-06', source: HUB },
  'python:alpine': { mb: 18, date: '2025-06', source: HUB },
  'node:full': { mb: 400, date: '2025-06', source: HUB },
  'node:slim': { mb: 75, date: '2025-06', source: HUB },
  'node:alpine': { mb: 52, date: '2025-06', source: HUB },
  'golang:full': { mb: 290, date: '2025-06', source: HUB },
  'golang:alpine': { mb: 80, date: '2025-06', source: HUB },
  'rust:full': { mb: 560, date: '2025-06', source: HUB },
  'rust:slim': { mb: 270, date: '2025-06', source: HUB },
  'rust:alpine': { mb: 300, date: '2025-06', source: HUB },
  'gcc:full': { mb: 520, date: '2025-06', source: HUB },
  'eclipse-temurin:jdk': { mb: 195, date: '2025-06', source: HUB },
  'eclipse-temurin:jre': { mb: 90, date: '2025-06', source: HUB },
  'eclipse-temurin:jdk-alpine': { mb: 165, date: '2025-06', source: HUB },
  'eclipse-temurin:jre-alpine': { mb: 65, date: '2025-06', source: HUB },
  'openjdk:full': { mb: 330, date: '2025-06', source: HUB },
  'openjdk:slim': { mb: 210, date: '2025-06', source: HUB },
  'amazoncorretto:full': { mb: 200, date: '2025-06', source: HUB },
  'maven:full': { mb: 290, date: '2025-06', source: HUB },
  'gradle:full': { mb: 400, date: '2025-06', source: HUB },
  'debian:full': { mb: 49, date: '2025-06', source: HUB },
  'debian:slim': { mb: 29, date: '2025-06', source: HUB },
  'ubuntu:full': { mb: 30, date: '2025-06', source: HUB },
  'alpine:alpine': { mb: 3.6, date: '2025-06', source: HUB },
  'dotnet/sdk:full': { mb: 290, date: '2025-06', source: MCR },
  'dotnet/sdk:alpine': { mb: 220, date: '2025-06', source: MCR },
  'dotnet/aspnet:full': { mb: 92, date: '2025-06', source: MCR },
  'dotnet/aspnet:alpine': { mb: 45, date: '2025-06', source: MCR },
  'dotnet/aspnet:distroless': { mb: 48, date: '2025-06', source: MCR },
  'dotnet/runtime:full': { mb: 80, date: '2025-06', source: MCR },
  'dotnet/runtime:alpine': { mb: 36, date: '2025-06', source: MCR },
  'dotnet/runtime:distroless': { mb: 38, date: '2025-06', source: MCR },
  'dotnet/runtime-deps:full': { mb: 45, date: '2025-06', source: MCR },
  'dotnet/runtime-deps:alpine': { mb: 5, date: '2025-06', source: MCR },
  'dotnet/runtime-deps:distroless': { mb: 6, date: '2025-06', source: MCR },
  'distroless/static': { mb: 1, date: '2025-06', source: DISTROLESS },
  'distroless/base-nossl': { mb: 8, date: '2025-06', source: DISTROLESS },
  'distroless/base': { mb: 9, date: '2025-06', source: DISTROLESS },
  'distroless/cc': { mb: 11, date: '2025-06', source: DISTROLESS },
  'distroless/java-base': { mb: 30, date: '2025-06', source: DISTROLESS },
  'distroless/java': { mb: 85, date: '2025-06', source: DISTROLESS },
  'distroless/nodejs': { mb: 45, date: '2025-06', source: DISTROLESS },
  'distroless/python3': { mb: 22, date: '2025-06', source: DISTROLESS },
  'chainguard/static': { mb: 1, date: '2025-06', source: CHAINGUARD },
  'chainguard/glibc-dynamic': { mb: 6, date: '2025-06', source: CHAINGUARD },
  'chainguard/cc-dynamic': { mb: 9, date: '2025-06', source: CHAINGUARD },
  'chainguard/wolfi-base': { mb: 6, date: '2025-06', source: CHAINGUARD },
  'chainguard/python': { mb: 25, date: '2025-06', source: CHAINGUARD },
  'chainguard/node': { mb: 45, date: '2025-06', source: CHAINGUARD },
  'chainguard/jre': { mb: 90, date: '2025-06', source: CHAINGUARD },
  'chainguard/jdk': { mb: 180, date: '2025-06', source: CHAINGUARD },
  'chainguard/go': { mb: 250, date: '2025-06', source: CHAINGUARD },
  'chainguard/rust': { mb: 300, date: '2025-06', source: CHAINGUARD },
  'chainguard/dotnet-runtime': { mb: 35, date: '2025-06', source: CHAINGUARD },
  'chainguard/aspnet-runtime': { mb: 45, date: '2025-06', source: CHAINGUARD },
  'chainguard/dotnet-sdk': { mb: 230, date: '2025-06', source: CHAINGUARD },
  'chainguard/dev': { mb: 30, date: '2025-06', source: 'estimate: -dev adds busybox, apk and the build tooling' },
  scratch: { mb: 0, date: '2025-06', source: 'empty image' },
};

// ---------------------------------------------------------------------------------------------
// Lifecycle: end of upstream support per language/OS version (date = first day unsupported or the
// published EOL day). Sources: python.org/downloads (devguide), nodejs.org release schedule,
// go.dev/doc/devel/release (two newest majors), adoptium.net support, dotnet support policy,
// wiki.debian.org/LTS, ubuntu.com/about/release-cycle, alpinelinux.org/releases.

interface LifecycleRow { date: string; successor?: string }

export const LIFECYCLE: Readonly<Record<string, Readonly<Record<string, LifecycleRow>>>> = {
  python: {
    '2.7': { date: '2020-01-01', successor: '3.13' }, '3.5': { date: '2020-09-30', successor: '3.13' },
    '3.6': { date: '2021-12-23', successor: '3.13' }, '3.7': { date: '2023-06-27', successor: '3.13' },
    '3.8': { date: '2024-10-07', successor: '3.13' }, '3.9': { date: '2025-10-31', successor: '3.13' },
    '3.10': { date: '2026-10-31', successor: '3.13' }, '3.11': { date: '2027-10-31' },
    '3.12': { date: '2028-10-31' }, '3.13': { date: '2029-10-31' }, '3.14': { date: '2030-10-31' },
  },
  node: {
    '10': { date: '2021-04-30', successor: '24' }, '12': { date: '2022-04-30', successor: '24' },
    '14': { date: '2023-04-30', successor: '24' }, '16': { date: '2023-09-11', successor: '24' },
    '17': { date: '2022-06-01', successor: '24' }, '18': { date: '2025-04-30', successor: '24' },
    '19': { date: '2023-06-01', successor: '24' }, '20': { date: '2026-04-30', successor: '24' },
    '21': { date: '2024-06-01', successor: '24' }, '23': { date: '2025-06-01', successor: '24' },
    '25': { date: '2026-06-01', successor: '24' }, '22': { date: '2027-04-30' }, '24': { date: '2028-04-30' },
  },
  go: {
    '1.19': { date: '2023-08-08', successor: '1.26' }, '1.20': { date: '2024-02-06', successor: '1.26' },
    '1.21': { date: '2024-08-13', successor: '1.26' }, '1.22': { date: '2025-02-11', successor: '1.26' },
    '1.23': { date: '2025-08-12', successor: '1.26' }, '1.24': { date: '2026-02-11', successor: '1.26' },
    '1.25': { date: '2026-08-15', successor: '1.26' },
  },
  java: {
    // Non-LTS releases are supported for six months only.
    '18': { date: '2022-09-20', successor: '21' }, '19': { date: '2023-03-21', successor: '21' },
    '20': { date: '2023-09-19', successor: '21' }, '22': { date: '2024-09-17', successor: '25' },
    '23': { date: '2025-03-18', successor: '25' }, '24': { date: '2025-09-16', successor: '25' },
  },
  dotnet: {
    '3.1': { date: '2022-12-13', successor: '10.0' }, '5.0': { date: '2022-05-10', successor: '10.0' },
    '6.0': { date: '2024-11-12', successor: '10.0' }, '7.0': { date: '2024-05-14', successor: '10.0' },
    '8.0': { date: '2026-11-10', successor: '10.0' }, '9.0': { date: '2026-11-10', successor: '10.0' },
    '10.0': { date: '2028-11-14' },
  },
  debian: {
    jessie: { date: '2020-06-30', successor: 'trixie' }, stretch: { date: '2022-06-30', successor: 'trixie' },
    buster: { date: '2024-06-30', successor: 'trixie' }, bullseye: { date: '2026-08-31', successor: 'trixie' },
    '8': { date: '2020-06-30', successor: '13' }, '9': { date: '2022-06-30', successor: '13' },
    '10': { date: '2024-06-30', successor: '13' }, '11': { date: '2026-08-31', successor: '13' },
  },
  ubuntu: {
    '14.04': { date: '2019-04-30', successor: '24.04' }, '16.04': { date: '2021-04-30', successor: '24.04' },
    '18.04': { date: '2023-05-31', successor: '24.04' }, '20.04': { date: '2025-05-31', successor: '24.04' },
    '23.04': { date: '2024-01-25', successor: '24.04' }, '23.10': { date: '2024-07-11', successor: '24.04' },
    '24.10': { date: '2025-07-10', successor: '24.04' }, '25.04': { date: '2026-01-15', successor: '24.04' },
    '25.10': { date: '2026-07-09', successor: '24.04' },
    xenial: { date: '2021-04-30', successor: 'noble' }, bionic: { date: '2023-05-31', successor: 'noble' },
    focal: { date: '2025-05-31', successor: 'noble' }, '22.04': { date: '2027-04-30' }, jammy: { date: '2027-04-30' },
    '24.04': { date: '2029-04-30' }, noble: { date: '2029-04-30' },
  },
  alpine: {
    '3.15': { date: '2023-11-01', successor: '3.22' }, '3.16': { date: '2024-05-23', successor: '3.22' },
    '3.17': { date: '2024-11-22', successor: '3.22' }, '3.18': { date: '2025-05-09', successor: '3.22' },
    '3.19': { date: '2025-11-01', successor: '3.22' }, '3.20': { date: '2026-04-01', successor: '3.22' },
    '3.21': { date: '2026-11-01', successor: '3.22' }, '3.22': { date: '2027-05-01' },
  },
};

/** True when `facts.endOfLife` is on or before `today` (`YYYY-MM-DD`). */
export function isEndOfLife(facts: ImageFacts, today: string = DATA_REVIEWED): boolean {
  return facts.endOfLife !== undefined && facts.endOfLife.date <= today;
}

// ---------------------------------------------------------------------------------------------
// Versions

/** Digits that decide runtime compatibility: Python/Go/.NET major.minor, Node/Java major. */
const SIGNIFICANT_PARTS: Record<Language, number> = {
  python: 2, go: 2, dotnet: 2, node: 1, java: 1, rust: 2, cpp: 1, generic: 1,
};

/** `3.12.4` → `3.12` for Python; null when the version is less precise than what matters (`3`). */
export function significantVersion(language: Language, version: string): string | null {
  const parts = version.split('.');
  const needed = SIGNIFICANT_PARTS[language];
  if (parts.length < needed || !parts.every((part) => /^\d+$/.test(part))) return null;
  return parts.slice(0, needed).join('.');
}

/**
 * Strict: true only when both versions are known to the precision that matters and agree.
 * `3.12` vs `3.12.4` match; `3` vs `3.13` do not (`python:3` floats to the newest 3.x).
 */
export function versionsMatch(language: Language, a: string, b: string): boolean {
  const left = significantVersion(language, a);
  return left !== null && left === significantVersion(language, b);
}

function lifecycleOf(table: string, version: string | null): LifecycleRow | undefined {
  if (version === null) return undefined;
  return LIFECYCLE[table]?.[version];
}

// ---------------------------------------------------------------------------------------------
// Official images (Docker Hub library + mcr.microsoft.com/dotnet)

type Variant = ImageFacts['variant'];

interface TagShape {
  /** Leading version (`3.12`, `22`, `1.22.3`, `8.0`), null for `latest`, `slim`, `bookworm`... */
  version: string | null;
  /** The rest after the version, e.g. `slim-bookworm`, `alpine3.22`, `jre-alpine`. */
  suffix: string;
}

function tagShape(tag: string): TagShape {
  const match = /^v?(\d+(?:\.\d+)*)(?:-(.*))?$/.exec(tag);
  if (match) return { version: match[1], suffix: match[2] ?? '' };
  return { version: null, suffix: tag === 'latest' ? '' : tag };
}

function variantOfSuffix(suffix: string): Variant {
  if (/alpine/.test(suffix)) return 'alpine';
  if (/chiseled|distroless/.test(suffix)) return 'distroless';
  if (/slim/.test(suffix)) return 'slim';
  return 'full';
}

function osFacts(variant: Variant): Pick<ImageFacts, 'shell' | 'packageManager' | 'libc'> {
  if (variant === 'alpine') return { shell: true, packageManager: 'apk', libc: 'musl' };
  if (variant === 'distroless') return { shell: false, packageManager: null, libc: 'glibc' };
  return { shell: true, packageManager: 'apt', libc: 'glibc' };
}

/** The Debian/Ubuntu/Alpine release named in a tag suffix (`slim-bullseye`, `alpine3.19`). */
function distroEndOfLife(suffix: string): LifecycleRow | undefined {
  const alpine = /alpine(\d+\.\d+)/.exec(suffix);
  if (alpine) return lifecycleOf('alpine', alpine[1]);
  const parts = suffix.split('-');
  for (const codename of ['jessie', 'stretch', 'buster', 'bullseye']) if (parts.includes(codename)) return LIFECYCLE.debian[codename];
  for (const codename of ['xenial', 'bionic', 'focal']) if (parts.includes(codename)) return LIFECYCLE.ubuntu[codename];
  return undefined;
}

/**
 * The suffix with an end-of-life release replaced by its successor (`slim-bullseye` → `slim-trixie`,
 * `alpine3.20` → `alpine3.22`): a successor is a whole tag, never a bare release name.
 */
function distroSuccessorSuffix(suffix: string): string {
  const row = distroEndOfLife(suffix);
  if (!row?.successor) return suffix;
  const alpine = /alpine(\d+\.\d+)/.exec(suffix);
  if (alpine) return suffix.replace(alpine[0], `alpine${row.successor}`);
  return suffix.split('-').map((part) => (LIFECYCLE.debian[part] ?? LIFECYCLE.ubuntu[part]) === row ? row.successor : part).join('-');
}

/**
 * End of life of a `<version>-<suffix>` tag: the earlier of the language version's and the
 * distribution release's, with a successor tag that moves both off end-of-life (`node:20-bullseye`
 * → `node:24-trixie`).
 */
function tagEndOfLife(repository: string, version: string | null, versionEol: LifecycleRow | undefined, suffix: string): ImageFacts['endOfLife'] {
  const distroEol = distroEndOfLife(suffix);
  const dates = [versionEol?.date, distroEol?.date].filter((date): date is string => date !== undefined).sort();
  if (dates.length === 0) return undefined;
  if (versionEol?.successor === undefined && distroEol?.successor === undefined) return { date: dates[0] };
  const nextVersion = versionEol?.successor ?? version;
  let nextSuffix = distroSuccessorSuffix(suffix);
  // .NET publishes chiseled images on one Ubuntu release per version (6.0/7.0 jammy, 8.0+ noble).
  const chiseled = nextVersion !== null && repository.startsWith('mcr.microsoft.com/dotnet/') ? chiseledSuffix(nextVersion) : null;
  if (chiseled) nextSuffix = nextSuffix.replace(/^[a-z]+-chiseled/, chiseled);
  const nextTag = [nextVersion, nextSuffix].filter((part) => part).join('-');
  return { date: dates[0], successor: `${repository}:${nextTag}` };
}

function sized(key: string): Pick<ImageFacts, 'compressedMB' | 'sizeDate' | 'sizeSource'> {
  const row = SIZES[key];
  return { compressedMB: row.mb, sizeDate: row.date, sizeSource: row.source };
}

/** Language images whose tag starts with the language version: `python:3.12-slim`, `golang:1.22`. */
const LANGUAGE_REPOSITORIES: Record<string, { language: Language; lifecycle?: string; toolchain: boolean }> = {
  python: { language: 'python', lifecycle: 'python', toolchain: false },
  node: { language: 'node', lifecycle: 'node', toolchain: false },
  golang: { language: 'go', lifecycle: 'go', toolchain: true },
  rust: { language: 'rust', toolchain: true },
  gcc: { language: 'cpp', toolchain: true },
  'eclipse-temurin': { language: 'java', lifecycle: 'java', toolchain: false },
  openjdk: { language: 'java', lifecycle: 'java', toolchain: true },
  amazoncorretto: { language: 'java', lifecycle: 'java', toolchain: true },
};

function languageImageFacts(repository: string, tag: string): ImageFacts | null {
  const spec = LANGUAGE_REPOSITORIES[repository];
  if (!spec) return null;
  const { version, suffix } = tagShape(tag);
  if (/windowsservercore|nanoserver/.test(suffix)) return null;
  let variant = variantOfSuffix(suffix);
  if (variant === 'distroless') variant = 'full';
  let sizeKey = `${repository}:${variant}`;
  let toolchain = spec.toolchain;
  if (repository === 'eclipse-temurin') {
    const kind = /\bjre\b/.test(suffix) ? 'jre' : 'jdk';
    toolchain = kind === 'jdk';
    sizeKey = `eclipse-temurin:${kind}${variant === 'alpine' ? '-alpine' : ''}`;
  }
  if (!SIZES[sizeKey]) sizeKey = `${repository}:full`;
  const language = spec.language;
  const languageVersion = version === null ? 'latest' : version;
  const significant = version === null ? null : significantVersion(language, version);
  const versionEol = spec.lifecycle ? lifecycleOf(spec.lifecycle, significant) : undefined;
  return {
    repository,
    tag: version === null ? (suffix || 'latest') : `${significant ?? version}${suffix ? `-${suffix}` : ''}`,
    family: 'official',
    variant,
    ...sized(sizeKey),
    ...osFacts(variant),
    runtime: { language, version: languageVersion },
    nonRoot: false,
    endOfLife: tagEndOfLife(repository, version === null ? null : significant ?? version, versionEol, suffix),
    toolchain,
  };
}

/** Build-tool images whose tag names the JDK: `maven:3.9-eclipse-temurin-21`, `gradle:8.10-jdk21`. */
function javaBuildToolFacts(repository: string, tag: string): ImageFacts | null {
  if (repository !== 'maven' && repository !== 'gradle') return null;
  const jdk = /(?:temurin|corretto|jdk|openjdk|sapmachine|graalvm-community|ibm-semeru)-?(\d+)/.exec(tag);
  const variant = /alpine/.test(tag) ? 'alpine' : 'full';
  return {
    repository,
    tag,
    family: 'official',
    variant,
    ...sized(`${repository}:full`),
    ...osFacts(variant),
    runtime: { language: 'java', version: jdk ? jdk[1] : 'latest' },
    nonRoot: false,
    toolchain: true,
  };
}

function dotnetFacts(image: ImageName): ImageFacts | null {
  if (image.registry !== 'mcr.microsoft.com') return null;
  const kind = /^dotnet\/(?:core\/)?(sdk|aspnet|runtime|runtime-deps)$/.exec(image.repository)?.[1];
  if (!kind) return null;
  const tag = image.tag ?? 'latest';
  const { version, suffix } = tagShape(tag);
  if (/windowsservercore|nanoserver/.test(suffix)) return null;
  let variant = variantOfSuffix(suffix);
  if (variant === 'slim') variant = 'full';
  const sizeKey = SIZES[`dotnet/${kind}:${variant}`] ? `dotnet/${kind}:${variant}` : `dotnet/${kind}:full`;
  const significant = version === null ? null : significantVersion('dotnet', version);
  const versionEol = lifecycleOf('dotnet', significant);
  return {
    repository: `mcr.microsoft.com/dotnet/${kind}`,
    tag: version === null ? tag : `${significant ?? version}${suffix ? `-${suffix}` : ''}`,
    family: 'official',
    variant,
    ...sized(sizeKey),
    ...osFacts(variant),
    runtime: { language: 'dotnet', version: version ?? 'latest' },
    // Chiseled images run as the `app` user (UID 1654); the others as root.
    nonRoot: variant === 'distroless',
    endOfLife: tagEndOfLife(`mcr.microsoft.com/dotnet/${kind}`, version === null ? null : significant ?? version, versionEol, suffix),
    toolchain: kind === 'sdk',
  };
}

function osImageFacts(repository: string, tag: string): ImageFacts | null {
  if (repository === 'alpine') {
    const version = /^(\d+\.\d+)/.exec(tag)?.[1] ?? null;
    const row = lifecycleOf('alpine', version);
    return {
      repository, tag, family: 'official', variant: 'alpine', ...sized('alpine:alpine'), ...osFacts('alpine'),
      nonRoot: false, endOfLife: row && { date: row.date, successor: row.successor && `alpine:${row.successor}` },
    };
  }
  if (repository === 'debian') {
    const variant: Variant = /slim/.test(tag) ? 'slim' : 'full';
    const release = tag.replace(/-slim$/, '').replace(/^(\d+)(?:\.\d+)*$/, '$1');
    const row = lifecycleOf('debian', release);
    return {
      repository, tag, family: 'official', variant, ...sized(`debian:${variant}`), ...osFacts(variant),
      nonRoot: false, endOfLife: row && { date: row.date, successor: row.successor && `debian:${row.successor}${variant === 'slim' ? '-slim' : ''}` },
    };
  }
  if (repository === 'ubuntu') {
    const release = /^(\d+\.\d+|[a-z]+)/.exec(tag)?.[1] ?? null;
    const row = lifecycleOf('ubuntu', release);
    return {
      repository, tag, family: 'official', variant: 'full', ...sized('ubuntu:full'), ...osFacts('full'),
      nonRoot: false, endOfLife: row && { date: row.date, successor: row.successor && `ubuntu:${row.successor}` },
    };
  }
  return null;
}

function officialFacts(image: ImageName): ImageFacts | null {
  const dotnet = dotnetFacts(image);
  if (dotnet) return dotnet;
  // Docker Hub library images: `python`, `library/python`, `docker.io/library/python`.
  const hub = image.registry === null || image.registry === 'docker.io' || image.registry === 'index.docker.io';
  if (!hub) return null;
  const repository = image.repository.replace(/^library\//, '');
  if (repository.includes('/')) return null;
  const tag = image.tag ?? 'latest';
  return languageImageFacts(repository, tag) ?? javaBuildToolFacts(repository, tag) ?? osImageFacts(repository, tag);
}

// ---------------------------------------------------------------------------------------------
// Distroless (gcr.io/distroless/<name>-<debian>:<tag>)

interface DistrolessName { kind: string; language?: Language; version?: string; sizeKey: string }

function distrolessName(name: string): DistrolessName | null {
  if (['static', 'base-nossl', 'base', 'cc', 'java-base'].includes(name)) {
    return { kind: name, sizeKey: `distroless/${name}` };
  }
  const java = /^java(\d+)$/.exec(name);
  if (java) return { kind: name, language: 'java', version: java[1], sizeKey: 'distroless/java' };
  const node = /^nodejs(\d+)$/.exec(name);
  if (node) return { kind: name, language: 'node', version: node[1], sizeKey: 'distroless/nodejs' };
  if (name === 'python3') return { kind: name, language: 'python', sizeKey: 'distroless/python3' };
  // Pre-2021 unversioned names (`java` = 11, `nodejs` = 10...), long unpublished.
  if (name === 'java') return { kind: name, language: 'java', version: '11', sizeKey: 'distroless/java' };
  if (name === 'nodejs') return { kind: name, language: 'node', version: 'latest', sizeKey: 'distroless/nodejs' };
  return null;
}

/** What distroless publishes today per Debian release (anchors.md §8.1). */
const DISTROLESS_PUBLISHED: Record<string, string[]> = {
  debian13: ['static', 'base-nossl', 'base', 'cc', 'java-base', 'java17', 'java21', 'java25', 'nodejs22', 'nodejs24', 'nodejs26', 'python3'],
  debian12: ['static', 'base-nossl', 'base', 'cc'],
};

const DISTROLESS_PYTHON: Record<string, string> = { debian11: '3.9', debian12: '3.11', debian13: '3.13' };
const DISTROLESS_ARCHES = ['amd64', 'arm64', 'arm', 's390x', 'ppc64le', 'riscv64'];
export const DISTROLESS_TAGS = ['latest', 'nonroot', 'debug', 'debug-nonroot'];

/** `nonroot-amd64` → `nonroot`; null when the tag is not one distroless still updates. */
function supportedDistrolessTag(tag: string): string | null {
  const base = tag.replace(new RegExp(`-(?:${DISTROLESS_ARCHES.join('|')})$`), '');
  return DISTROLESS_TAGS.includes(base) ? base : null;
}

/** The supported tag closest in meaning to a deprecated one (`debug-nonroot-2023` → `debug-nonroot`). */
function nearestDistrolessTag(tag: string): string {
  const debug = /debug/.test(tag);
  const nonroot = /nonroot/.test(tag);
  return debug ? (nonroot ? 'debug-nonroot' : 'debug') : (nonroot ? 'nonroot' : 'latest');
}

function distrolessFacts(image: ImageName): ImageFacts | null {
  if (image.registry !== 'gcr.io' || !image.repository.startsWith('distroless/')) return null;
  const full = image.repository.slice('distroless/'.length);
  const match = /^(.*?)(?:-(debian\d+))?$/.exec(full)!;
  const parsed = distrolessName(match[1]);
  if (!parsed) return null;
  const explicitDebian = match[2] ?? null;
  const debian = explicitDebian ?? (parsed.kind === 'java' || parsed.kind === 'nodejs' ? 'debian10' : 'debian13');
  const tag = image.tag ?? 'latest';
  // The old unversioned names carried the version in the tag: `gcr.io/distroless/java:11`.
  const taggedVersion = parsed.kind === 'java' || parsed.kind === 'nodejs' ? /^(\d+)/.exec(tag)?.[1] : undefined;
  const supported = taggedVersion ? null : supportedDistrolessTag(tag);
  const base = supported ?? nearestDistrolessTag(tag);
  const debug = base.startsWith('debug');
  const version = parsed.language === 'python' ? DISTROLESS_PYTHON[debian] ?? 'unknown' : taggedVersion ?? parsed.version;
  const published = DISTROLESS_PUBLISHED[debian]?.includes(parsed.kind) ?? false;
  let endOfLife: ImageFacts['endOfLife'];
  if (!published) {
    const sameVersion = parsed.language === 'node' ? `nodejs${version}` : parsed.language === 'java' ? `java${version}` : parsed.kind;
    const successorName = DISTROLESS_PUBLISHED.debian13.includes(sameVersion) ? `${sameVersion}-debian13` : distrolessSuccessorName(parsed);
    endOfLife = {
      // The debian12 language runtimes were removed from the published list in 2026 (§8.1).
      // Older releases: approximate (debian11 images were dropped in 2024, debian10/unversioned names earlier).
      date: debian === 'debian12' ? (parsed.language === 'python' ? '2026-05-12' : '2026-02-27') : debian === 'debian11' ? '2024-06-30' : '2022-01-01',
      successor: successorName && `gcr.io/distroless/${successorName}:${base}`,
      unpublished: true,
    };
  } else if (debian === 'debian12') {
    endOfLife = { date: '2026-09-30', successor: `gcr.io/distroless/${parsed.kind}-debian13:${base}` };
  }
  return {
    repository: `gcr.io/distroless/${full}`,
    tag,
    family: 'distroless',
    variant: parsed.kind === 'static' ? 'static' : 'distroless',
    ...sized(parsed.sizeKey),
    shell: debug,
    packageManager: null,
    libc: parsed.kind === 'static' ? null : 'glibc',
    ...(parsed.language && version ? { runtime: { language: parsed.language, version } } : {}),
    nonRoot: /nonroot/.test(base),
    ...(endOfLife ? { endOfLife } : {}),
    ...(supported === null ? { deprecatedTag: { successor: base } } : {}),
    ...(parsed.language ? { entrypoint: DISTROLESS_ENTRYPOINTS[parsed.language] } : {}),
  };
}

/** For an unpublished runtime with no same-version debian13 image: the nearest one that exists. */
function distrolessSuccessorName(parsed: DistrolessName): string | undefined {
  if (parsed.language === 'node') return 'nodejs24-debian13';
  if (parsed.language === 'java') return 'java21-debian13';
  if (parsed.language === 'python') return 'python3-debian13';
  return undefined;
}

const DISTROLESS_ENTRYPOINTS: Partial<Record<Language, string[]>> = {
  python: ['python3'],
  node: ['node'],
  java: ['java', '-jar'],
};

// ---------------------------------------------------------------------------------------------
// Chainguard free images (cgr.dev/chainguard/<name>:latest|latest-dev)

const CHAINGUARD_IMAGES: Record<string, { language?: Language; toolchain?: boolean; entrypoint?: string[]; root?: boolean; libc: 'glibc' | null }> = {
  static: { libc: null },
  'glibc-dynamic': { libc: 'glibc' },
  'cc-dynamic': { libc: 'glibc' },
  'wolfi-base': { libc: 'glibc', root: true },
  python: { language: 'python', entrypoint: ['python'], libc: 'glibc' },
  node: { language: 'node', entrypoint: ['node'], libc: 'glibc' },
  jre: { language: 'java', entrypoint: ['java'], libc: 'glibc' },
  jdk: { language: 'java', toolchain: true, libc: 'glibc' },
  go: { language: 'go', toolchain: true, libc: 'glibc' },
  rust: { language: 'rust', toolchain: true, libc: 'glibc' },
  'dotnet-runtime': { language: 'dotnet', libc: 'glibc' },
  'aspnet-runtime': { language: 'dotnet', libc: 'glibc' },
  'dotnet-sdk': { language: 'dotnet', toolchain: true, libc: 'glibc' },
};

function chainguardFacts(image: ImageName): ImageFacts | null {
  if (image.registry !== 'cgr.dev') return null;
  const match = /^chainguard\/(.+)$/.exec(image.repository);
  const spec = match && CHAINGUARD_IMAGES[match[1]];
  if (!match || !spec) return null;
  const tag = image.tag ?? 'latest';
  const dev = /^latest-dev$/.test(tag);
  const free = tag === 'latest' || tag === 'latest-dev';
  const hasShell = dev || match[1] === 'wolfi-base' || spec.toolchain === true;
  return {
    repository: `cgr.dev/chainguard/${match[1]}`,
    tag,
    family: 'chainguard',
    variant: match[1] === 'static' && !dev ? 'static' : 'distroless',
    ...sized(dev && !spec.toolchain ? 'chainguard/dev' : `chainguard/${match[1]}`),
    shell: hasShell,
    packageManager: hasShell ? 'apk' : null,
    libc: spec.libc,
    // The free tier only carries the newest release: the version moves with every update.
    ...(spec.language ? { runtime: { language: spec.language, version: 'latest' } } : {}),
    nonRoot: !spec.root,
    ...(free ? {} : { deprecatedTag: { successor: dev || /dev/.test(tag) ? 'latest-dev' : 'latest' } }),
    ...(spec.entrypoint && !dev ? { entrypoint: spec.entrypoint } : {}),
    ...(spec.toolchain ? { toolchain: true } : {}),
  };
}

const SCRATCH: ImageFacts = {
  repository: 'scratch', tag: null, family: 'scratch', variant: 'scratch', ...sized('scratch'),
  shell: false, packageManager: null, libc: null, nonRoot: false,
};

/**
 * Facts about a base image reference, or null when the image is not in the table. Memoized: several
 * rules ask about every stage's base, and a file names few distinct images. The facts are shared
 * between callers: read them, never modify them.
 */
export function imageFacts(image: ImageName): ImageFacts | null {
  // The digest is not part of the key: no fact depends on it. (U+0000 stands for null.)
  const key = `${image.registry ?? '\u0000'}\u0001${image.repository}\u0001${image.tag ?? '\u0000'}`;
  const cached = factsCache.get(key);
  if (cached !== undefined) return cached;
  const facts = computeImageFacts(image);
  // Bounded: a long-running server sees many references over time.
  if (factsCache.size >= FACTS_CACHE_LIMIT) factsCache.clear();
  factsCache.set(key, facts);
  return facts;
}

const FACTS_CACHE_LIMIT = 512;
const factsCache = new Map<string, ImageFacts | null>();

function computeImageFacts(image: ImageName): ImageFacts | null {
  if (image.registry === null && image.repository === 'scratch') return SCRATCH;
  return officialFacts(image) ?? distrolessFacts(image) ?? chainguardFacts(image);
}

/** `imageFacts` for a reference string. */
export function imageFactsOf(reference: string): ImageFacts | null {
  // Memoized by the reference itself: rules ask about every stage's `image.resolved`.
  let facts = factsByReference.get(reference);
  if (facts === undefined) {
    facts = imageFacts(parseImageName(reference));
    if (factsByReference.size >= FACTS_CACHE_LIMIT) factsByReference.clear();
    factsByReference.set(reference, facts);
  }
  return facts;
}

const factsByReference = new Map<string, ImageFacts | null>();

/** The language of an image's runtime or toolchain, if it has one. */
export function languageOf(facts: ImageFacts | null): Language | null {
  return facts?.runtime?.language ?? null;
}

// ---------------------------------------------------------------------------------------------
// Runtime candidates

/** A candidate with its facts; null (left out, never thrown) when the table does not know the reference. */
function candidate(reference: string, caveat?: string): RuntimeCandidate | null {
  const facts = imageFactsOf(reference);
  if (!facts) return null;
  return caveat ? { reference, facts, caveat } : { reference, facts };
}

type Candidates = (RuntimeCandidate | null)[];

const MUSL = 'musl libc: native extensions built for glibc do not load';
const SCRATCH_CAVEAT = 'empty image: no CA certificates, time zones or /etc/passwd; add what the binary needs';

/** Distroless versions published on debian13. */
const DISTROLESS_NODE = ['22', '24', '26'];
const DISTROLESS_JAVA = ['17', '21', '25'];

function pythonCandidates(version: string | undefined): Candidates {
  const tagVersion = version ?? '';
  const prefix = tagVersion ? `${tagVersion}-` : '';
  const list = [
    candidate(`python:${prefix}slim`),
    candidate(`python:${prefix}alpine`, `${MUSL}; pip builds wheels from source`),
  ];
  const distroless = 'gcr.io/distroless/python3-debian13:nonroot';
  const interpreterPath = 'packages must be copied in for Debian\'s /usr/bin/python3, not /usr/local';
  if (version === undefined) {
    list.splice(1, 0, candidate(distroless, `Python 3.13 only; ${interpreterPath}`));
    list.push(candidate('cgr.dev/chainguard/python:latest', 'newest Python release only (free tier); version moves with each update'));
  } else if (versionsMatch('python', version, '3.13')) {
    list.splice(1, 0, candidate(distroless, interpreterPath));
  }
  return list;
}

function nodeCandidates(version: string | undefined): Candidates {
  const major = version === undefined ? undefined : significantVersion('node', version);
  const list: Candidates = [];
  const distrolessMajor = major ?? (version === undefined ? '24' : null);
  if (distrolessMajor && DISTROLESS_NODE.includes(distrolessMajor)) {
    list.push(candidate(`gcr.io/distroless/nodejs${distrolessMajor}-debian13:nonroot`,
      version === undefined ? `Node ${distrolessMajor}; the entrypoint is node` : 'the entrypoint is node: CMD holds the script'));
  }
  const prefix = version ? `${version}-` : '';
  list.push(candidate(`node:${prefix}slim`), candidate(`node:${prefix}alpine`, `${MUSL} (native addons)`));
  if (version === undefined) list.push(candidate('cgr.dev/chainguard/node:latest', 'newest Node release only (free tier)'));
  return list;
}

function javaCandidates(version: string | undefined): Candidates {
  const major = version === undefined ? undefined : significantVersion('java', version);
  const list: Candidates = [];
  const distrolessMajor = major ?? (version === undefined ? '21' : null);
  if (distrolessMajor && DISTROLESS_JAVA.includes(distrolessMajor)) {
    list.push(candidate(`gcr.io/distroless/java${distrolessMajor}-debian13:nonroot`,
      version === undefined ? `Java ${distrolessMajor}; the entrypoint is java -jar` : 'the entrypoint is java -jar: CMD holds the jar'));
  }
  if (major !== null) {
    // Without a version, the current LTS, labelled so that the user checks it against the build.
    const jre = major ?? '25';
    const unknown = major === undefined ? `Java ${jre}: match your build's JDK` : undefined;
    list.push(candidate(`eclipse-temurin:${jre}-jre`, unknown), candidate(`eclipse-temurin:${jre}-jre-alpine`, unknown ? `${unknown}; ${MUSL}` : MUSL));
  }
  if (version === undefined) list.push(candidate('cgr.dev/chainguard/jre:latest', 'newest Java release only (free tier)'));
  return list;
}

function dotnetCandidates(version: string | undefined): Candidates {
  const minor = version === undefined ? '10.0' : significantVersion('dotnet', version);
  if (minor === null) return [];
  const chiseled = chiseledSuffix(minor);
  const list: Candidates = [
    chiseled ? candidate(`mcr.microsoft.com/dotnet/aspnet:${minor}-${chiseled}`, 'chiseled Ubuntu: no shell; runs as the app user') : null,
    candidate(`mcr.microsoft.com/dotnet/aspnet:${minor}-alpine`, 'musl libc: native dependencies need musl builds'),
    candidate(`mcr.microsoft.com/dotnet/aspnet:${minor}`),
    chiseled ? candidate(`mcr.microsoft.com/dotnet/runtime:${minor}-${chiseled}`, 'console apps only (no ASP.NET Core)') : null,
  ];
  return list;
}

/**
 * The chiseled tag suffix a .NET version is published with: Ubuntu 22.04 (`jammy-chiseled`) for
 * 6.0 and 7.0, 24.04 (`noble-chiseled`) from 8.0; none before 6.0.
 */
function chiseledSuffix(minor: string): string | null {
  const major = Number(minor.split('.')[0]);
  if (!Number.isFinite(major) || major < 6) return null;
  return major < 8 ? 'jammy-chiseled' : 'noble-chiseled';
}

/**
 * Whether a .NET image defines the `app` user: every image from 8.0 on (UID 1654), and the chiseled
 * images before it (UID 101); the 6.0/7.0 Debian and Alpine images have none.
 */
export function dotnetHasAppUser(facts: ImageFacts): boolean {
  if (!facts.repository.startsWith('mcr.microsoft.com/dotnet/')) return false;
  if (facts.variant === 'distroless') return true;
  const version = facts.runtime?.version ?? 'latest';
  const major = Number(version.split('.')[0]);
  return version === 'latest' || !Number.isFinite(major) || major >= 8;
}

function nativeCandidates(staticBinary: boolean, needsCxx: boolean): Candidates {
  if (staticBinary) {
    return [
      candidate('gcr.io/distroless/static-debian13:nonroot'),
      candidate('cgr.dev/chainguard/static:latest'),
      candidate('scratch', SCRATCH_CAVEAT),
      candidate('alpine:3.22'),
    ];
  }
  return [
    candidate(needsCxx ? 'gcr.io/distroless/cc-debian13:nonroot' : 'gcr.io/distroless/base-debian13:nonroot'),
    candidate(needsCxx ? 'cgr.dev/chainguard/cc-dynamic:latest' : 'cgr.dev/chainguard/glibc-dynamic:latest'),
    candidate('debian:trixie-slim'),
    candidate('alpine:3.22', 'musl libc: only for binaries built on Alpine'),
  ];
}

/**
 * Runtime bases for a build, best first. Strict about versions: a candidate whose language version
 * is not the build's (`python:3.12` build → no distroless python3, which is 3.13) is never offered;
 * images whose version moves (Chainguard's free `latest`) only when no version is given.
 */
export function runtimeCandidates(query: RuntimeQuery): RuntimeCandidate[] {
  // Go binaries are usually static (CGO_ENABLED=0 is the norm for containers); others are not.
  const staticBinary = query.staticBinary ?? query.language === 'go';
  let found: Candidates;
  switch (query.language) {
    case 'python': found = pythonCandidates(query.version); break;
    case 'node': found = nodeCandidates(query.version); break;
    case 'java': found = javaCandidates(query.version); break;
    case 'dotnet': found = dotnetCandidates(query.version); break;
    case 'go': found = nativeCandidates(staticBinary, false); break;
    case 'rust':
    case 'cpp': found = nativeCandidates(staticBinary, true); break;
    default: found = [candidate('debian:trixie-slim'), candidate('ubuntu:24.04'), candidate('alpine:3.22', MUSL)];
  }
  let list = found.filter((item): item is RuntimeCandidate => item !== null);
  // A dynamically linked binary needs the libc it was built against.
  if (!staticBinary) {
    // Native code built against one libc (a Go/Rust binary, a venv's extensions, node addons)
    // does not load on the other; binaries default to glibc.
    const libc = query.libc ?? (['go', 'rust', 'cpp'].includes(query.language) ? 'glibc' : undefined);
    if (libc) list = list.filter((item) => item.facts.libc === libc);
  }
  return query.needsShell ? list.filter((item) => item.facts.shell) : list;
}

// ---------------------------------------------------------------------------------------------
// Programs an image ships: what exec-form ENTRYPOINT/CMD/HEALTHCHECK can start without a shell

/** Where an image's language runtime is: `path` always runs it, `commands` are what PATH finds. */
export interface Interpreter {
  language: Language;
  /** Absolute path of the interpreter; null when the image has none (`runtime-deps`). */
  path: string | null;
  /** Names PATH resolves (distroless Node has none: `/nodejs/bin` is not on PATH). */
  commands: string[];
  /** Every absolute path that runs it. */
  paths: string[];
}

function interpreter(language: Language, path: string | null, commands: string[], dirs: string[]): Interpreter {
  return { language, path, commands, paths: [...new Set([...(path ? [path] : []), ...dirs.flatMap((dir) => commands.map((name) => `${dir}/${name}`))])] };
}

/** The interpreter of a language image, or null when the table does not know where it is. */
export function interpreterOf(facts: ImageFacts): Interpreter | null {
  const language = facts.runtime?.language;
  if (!language) return null;
  const minor = facts.runtime && significantVersion('python', facts.runtime.version);
  const pythonNames = (...names: string[]): string[] => [...names, ...(minor ? [`python${minor}`] : [])];
  if (facts.family === 'official') {
    if (language === 'python') return interpreter(language, '/usr/local/bin/python3', pythonNames('python', 'python3'), ['/usr/local/bin']);
    if (language === 'node') return interpreter(language, '/usr/local/bin/node', ['node'], ['/usr/local/bin']);
    if (language === 'java' && facts.repository === 'eclipse-temurin') return interpreter(language, '/opt/java/openjdk/bin/java', ['java'], ['/opt/java/openjdk/bin']);
    if (language === 'dotnet') {
      return facts.repository.endsWith('/runtime-deps') ? interpreter(language, null, [], []) : interpreter(language, '/usr/bin/dotnet', ['dotnet'], ['/usr/bin', '/usr/share/dotnet']);
    }
    return null;
  }
  if (facts.family === 'distroless') {
    if (language === 'python') return interpreter(language, '/usr/bin/python3', pythonNames('python3'), ['/usr/bin']);
    if (language === 'node') return interpreter(language, '/nodejs/bin/node', [], []);
    if (language === 'java') return interpreter(language, '/usr/bin/java', ['java'], ['/usr/bin']);
    return null;
  }
  if (facts.family === 'chainguard' && !facts.toolchain) {
    if (language === 'python') return interpreter(language, '/usr/bin/python', ['python', 'python3'], ['/usr/bin']);
    if (language === 'node') return interpreter(language, '/usr/bin/node', ['node'], ['/usr/bin']);
    if (language === 'java') return interpreter(language, '/usr/bin/java', ['java'], ['/usr/bin']);
    if (language === 'dotnet') return interpreter(language, '/usr/bin/dotnet', ['dotnet'], ['/usr/bin']);
  }
  return null;
}

/** Command-line tools health checks and start commands call, by the package that brings them. */
export const KNOWN_TOOLS = ['curl', 'wget', 'npm', 'npx', 'yarn', 'pip', 'pip3'] as const;

/** Official language images built on buildpack-deps (curl and wget included) in their full variant. */
const BUILDPACK_REPOSITORIES = new Set(['python', 'node', 'golang', 'rust', 'gcc', 'openjdk']);

/** Whether the image ships a tool: true, false, or null when the table does not know. */
export function shipsTool(facts: ImageFacts, tool: string): boolean | null {
  if (!facts.shell) return false; // shell-less images ship their runtime and nothing else
  const language = facts.runtime?.language;
  if (tool === 'npm' || tool === 'npx') return facts.family === 'official' && language === 'node' ? true : null;
  if (tool === 'pip' || tool === 'pip3') return facts.family === 'official' && language === 'python' ? true : null;
  if (tool !== 'curl' && tool !== 'wget') return null;
  if (facts.family !== 'official') return null;
  if (facts.variant === 'alpine') return tool === 'wget'; // busybox wget, no curl
  if (facts.variant === 'slim' || ['debian', 'ubuntu'].includes(facts.repository)) return false;
  if (facts.repository.startsWith('mcr.microsoft.com/dotnet/') && !facts.toolchain) return false;
  if (facts.variant === 'full' && BUILDPACK_REPOSITORIES.has(facts.repository)) return true;
  return null;
}

// ---------------------------------------------------------------------------------------------
// Presentation

const LANGUAGE_NAMES: Record<Language, string> = {
  python: 'Python', node: 'Node', java: 'Java', go: 'Go', rust: 'Rust', dotnet: '.NET', cpp: 'C/C++', generic: '',
};

export function formatMB(mb: number): string {
  if (mb < 1) return '< 1 MB';
  return `≈ ${mb < 10 ? Math.round(mb * 10) / 10 : Math.round(mb)} MB`;
}

/** `Python 3.13`, `Node 22`; null for images without a language runtime. */
export function runtimeLabel(facts: ImageFacts | null): string | null {
  return facts?.runtime ? `${LANGUAGE_NAMES[facts.runtime.language]} ${facts.runtime.version}`.trim() : null;
}

function currentLabel(current: ImageFacts): string {
  return current.tag ? `${current.repository}:${current.tag}` : current.repository;
}

/** QuickPick/CLI presentation of a candidate, with the saving against the current base. */
export function describeChoice(choice: RuntimeCandidate, current: ImageFacts | null): RuntimeChoice {
  const { facts } = choice;
  let description = formatMB(facts.compressedMB);
  if (current) {
    const delta = Math.round(current.compressedMB - facts.compressedMB);
    if (delta > 0) description += ` (saves ≈ ${delta} MB vs ${currentLabel(current)})`;
    else if (delta < 0) description += ` (≈ ${-delta} MB more than ${currentLabel(current)})`;
  }
  const detail = [
    facts.shell ? 'shell' : 'no shell',
    facts.libc ?? 'no libc',
    facts.runtime && facts.runtime.language !== 'generic'
      ? `${LANGUAGE_NAMES[facts.runtime.language]} ${facts.runtime.version}` : null,
    facts.nonRoot ? 'runs as nonroot' : 'runs as root',
    choice.caveat ?? null,
  ].filter((part): part is string => part !== null);
  return { reference: choice.reference, label: choice.reference, description, detail: detail.join(' · ') };
}

/** The same image's debug (shell) variant: distroless `:debug[-nonroot]`, Chainguard `:latest-dev`. */
export function debugVariant(reference: string): string | null {
  const image = parseImageName(reference);
  if (image.digest) return null;
  const facts = imageFacts(image);
  if (!facts) return null;
  if (facts.family === 'distroless') {
    const tag = supportedDistrolessTag(image.tag ?? 'latest');
    if (tag === null || tag.startsWith('debug')) return null;
    return `${image.registry}/${image.repository}:${tag === 'nonroot' ? 'debug-nonroot' : 'debug'}`;
  }
  if (facts.family === 'chainguard' && (image.tag ?? 'latest') === 'latest') {
    return `${image.registry}/${image.repository}:latest-dev`;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Runtime families (the `layerwise.runtime.preferredFamily` setting)

export type RuntimeFamily = 'distroless' | 'slim' | 'alpine' | 'chainguard';
export const RUNTIME_FAMILIES: readonly RuntimeFamily[] = ['distroless', 'slim', 'alpine', 'chainguard'];

/** Which family an image belongs to; .NET's chiseled images count as distroless. */
export function familyOf(facts: ImageFacts | null): RuntimeFamily | 'scratch' | 'full' | null {
  if (!facts) return null;
  if (facts.family === 'scratch') return 'scratch';
  if (facts.family === 'chainguard') return 'chainguard';
  if (facts.family === 'distroless' || facts.variant === 'distroless') return 'distroless';
  if (facts.variant === 'slim' || facts.variant === 'alpine') return facts.variant;
  return 'full';
}

/**
 * Moves the items of the preferred family to the front, keeping the order within each group:
 * the preference decides the first choice only among bases that already fit.
 */
export function preferFamily<T extends { reference: string }>(items: readonly T[], family: RuntimeFamily | null | undefined): T[] {
  if (!family) return [...items];
  const preferred = items.filter((item) => familyOf(imageFactsOf(item.reference)) === family);
  return [...preferred, ...items.filter((item) => !preferred.includes(item))];
}

/** `≈ 45 MB`, `≈ 1.1 GB`: sizes for sentences (code lens, hover). */
export function formatSize(mb: number): string {
  return mb >= 1000 ? `≈ ${Math.round(mb / 100) / 10} GB` : formatMB(mb);
}
