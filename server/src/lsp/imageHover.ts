// Hover over a base image (`FROM python:3.12`, `COPY --from=nginx:1.27`): what the image is, its
// approximate size with the date and source of that figure, shell, package manager, libc, runtime,
// end of life, and slimmer alternatives. Everything comes from the offline table in
// core/data/images.ts: no network, so the figures are estimates, and the hover says so.
import type { Position, Range } from 'vscode-languageserver';
import {
  describeChoice, formatSize, imageFactsOf, preferFamily, runtimeCandidates, runtimeLabel, type ImageFacts, type RuntimeCandidate,
  type RuntimeFamily,
} from '../core/data/images';
import { referencedStage, stageReferences } from '../core/model/references';
import type { DockerfileModel } from '../core/model/types';
import { runtimeCandidatesFor, runtimeTarget } from '../core/transforms/swap-base';

/** How many alternatives a hover lists: enough to compare, short enough to read. */
const MAX_ALTERNATIVES = 4;

export interface ImageHoverOptions {
  preferredFamily?: RuntimeFamily | null;
  /** `YYYY-MM-DD`, to say whether an end-of-life date has passed. */
  today?: string;
}

/** An image reference under the cursor, resolved through global ARG defaults. */
interface ImageAt {
  reference: string;
  range: Range;
  /** True for the FROM whose image the final stage is built on: alternatives are the swap's. */
  isFinalBase: boolean;
  /** `COPY --from=image` and `RUN --mount=from=image` copy files out of the image: no alternatives. */
  copiedFrom: boolean;
}

function inside(range: Range, position: Position): boolean {
  const { start, end } = range;
  const afterStart = position.line > start.line || (position.line === start.line && position.character >= start.character);
  const beforeEnd = position.line < end.line || (position.line === end.line && position.character <= end.character);
  return afterStart && beforeEnd;
}

function imageAt(model: DockerfileModel, position: Position): ImageAt | null {
  for (const stage of model.stages) {
    const word = stage.from.args[0];
    if (!word || !inside(word.range, position)) continue;
    const target = runtimeTarget(model);
    const isFinalBase = !('refused' in target) && target.root === stage;
    if (stage.isScratch) return { reference: 'scratch', range: word.range, isFinalBase, copiedFrom: false };
    // `FROM builder` names a stage, and `FROM $BASE` without a default names nothing we can know.
    if (stage.baseStage !== null || !stage.image?.resolved) return null;
    return { reference: stage.image.resolved, range: word.range, isFinalBase, copiedFrom: false };
  }
  for (const reference of stageReferences(model)) {
    const range = model.lines.rangeOf(reference.start, reference.end);
    if (!inside(range, position)) continue;
    if (reference.value.includes('$') || referencedStage(model, reference.value) >= 0) return null;
    return { reference: reference.value, range, isFinalBase: false, copiedFrom: true };
  }
  return null;
}

const FAMILY_NAMES: Record<ImageFacts['family'], string> = {
  official: 'official image',
  distroless: 'Google distroless image',
  chainguard: 'Chainguard image (free tier)',
  scratch: 'the empty image',
};

/** "Python 3.12 runtime, official image (full Debian variant)". */
export function whatItIs(facts: ImageFacts): string {
  if (facts.family === 'scratch') return 'The empty image: no files, no shell, no libc, no users';
  const runtime = runtimeLabel(facts)?.replace(/ latest$/, ' (newest release)').replace(/ unknown$/, '');
  const role = facts.toolchain ? `${runtime ?? 'Build'} toolchain` : runtime ? `${runtime} runtime` : 'Base OS';
  let variant = '';
  if (facts.family === 'official') {
    if (facts.variant === 'alpine') variant = ' (Alpine variant)';
    else if (facts.variant === 'slim') variant = ' (slim variant)';
    else if (facts.variant === 'distroless') variant = ' (chiseled: no shell, no package manager)';
    else if (facts.runtime) variant = ' (full variant: compilers and headers included)';
  } else if (facts.variant === 'static') {
    variant = ' (static: for statically linked binaries)';
  }
  return `${role}, ${FAMILY_NAMES[facts.family]}${variant}`;
}

function factLines(facts: ImageFacts, today: string): string[] {
  const lines = [
    `Size: ${formatSize(facts.compressedMB)} compressed, linux/amd64 (${facts.sizeSource}, ${facts.sizeDate})`,
    `Shell: ${facts.shell ? 'yes' : 'no'} · package manager: ${facts.packageManager ? `\`${facts.packageManager}\`` : 'none'}`,
    `libc: ${facts.libc ?? 'none'}`,
  ];
  const runtime = runtimeLabel(facts);
  if (runtime) lines.push(`Runtime: ${runtime.replace(/ latest$/, ' (newest release; moves with each update)').replace(/ unknown$/, ' (version unknown)')}`);
  lines.push(`Default user: ${facts.nonRoot ? 'non-root' : 'root'}`);
  const eol = facts.endOfLife;
  if (eol) {
    const passed = eol.date <= today;
    const what = eol.unpublished ? 'no longer published since' : passed ? 'ended' : 'ends';
    lines.push(`End of life: ${what} ${eol.date}${eol.successor ? `; successor \`${eol.successor}\`` : ''}`);
  }
  if (facts.deprecatedTag) lines.push(`Tag: no longer updated; use \`${facts.deprecatedTag.successor}\``);
  return lines;
}

const knownVersion = (version: string | undefined): string | undefined =>
  version === undefined || version === 'latest' || version === 'unknown' ? undefined : version;

/** Smaller bases for this image: the swap's own choices for the final base, else by language and version. */
function alternatives(model: DockerfileModel, at: ImageAt, facts: ImageFacts, family: RuntimeFamily | null | undefined): RuntimeCandidate[] {
  const candidates = at.isFinalBase
    ? runtimeCandidatesFor(model)
    : runtimeCandidates({ language: facts.runtime?.language ?? 'generic', version: knownVersion(facts.runtime?.version) });
  // A toolchain's list is where to ship its output, so any size counts; otherwise only slimmer ones.
  const useful = candidates.filter((candidate) =>
    candidate.reference !== at.reference && (facts.toolchain || candidate.facts.compressedMB < facts.compressedMB));
  return preferFamily(useful, family).slice(0, MAX_ALTERNATIVES);
}

/** The hover's markdown and range, or null when the cursor is not on an image we know. */
export function imageHoverAt(model: DockerfileModel, position: Position, options: ImageHoverOptions = {}): { markdown: string; range: Range } | null {
  const at = imageAt(model, position);
  if (!at) return null;
  const facts = imageFactsOf(at.reference);
  if (!facts) return null;
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const sections = [`**\`${at.reference}\`** — ${whatItIs(facts)}`, factLines(facts, today).map((line) => `- ${line}`).join('\n')];
  const others = facts.family === 'scratch' || at.copiedFrom ? [] : alternatives(model, at, facts, options.preferredFamily);
  if (others.length > 0) {
    const title = facts.toolchain && !at.isFinalBase ? 'Runtime bases to ship its output on (multi-stage)' : 'Slimmer alternatives';
    const items = others.map((candidate) => {
      const choice = describeChoice(candidate, facts);
      return `- \`${choice.reference}\` ${choice.description} — ${choice.detail}`;
    });
    sections.push(`${title}:\n\n${items.join('\n')}`);
  }
  sections.push('_Sizes are estimates from base image data, not from a build._');
  return { markdown: sections.join('\n\n'), range: at.range };
}
