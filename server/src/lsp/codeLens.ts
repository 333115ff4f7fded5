// The size estimate over the final FROM: "final image ≈ 390 MB → ≈ 45 MB with slim", a code lens
// that opens the swap (or, for a single-stage build on a toolchain, the convert) QuickPick. The
// figures are base image sizes from the offline table, so the lens says it is an estimate.
import type { CodeLens } from 'vscode-languageserver';
import { familyOf, formatSize, imageFactsOf, preferFamily, type ImageFacts, type RuntimeFamily } from '../core/data/images';
import type { Analysis } from '../core/index';
import { multiStageChoices } from '../core/transforms/multi-stage';
import { runtimeCandidatesFor, runtimeTarget } from '../core/transforms/swap-base';

/** The client's palette commands (package.json): they ask the server for choices and show the QuickPick. */
export const LENS_COMMANDS = {
  swap: 'layerwise.swapRuntimeBase',
  convert: 'layerwise.convertToMultiStage',
} as const;

export const ESTIMATE_NOTE = 'estimate from base image sizes, not a build';

/** `distroless`, `slim`...; the reference itself for an image outside the named families. */
function shortName(reference: string, facts: ImageFacts): string {
  const family = familyOf(facts);
  return family === 'full' || family === null ? reference : family;
}

interface Better { reference: string; facts: ImageFacts; command: string; how: string }

/** The first smaller base the swap (or else the conversion) would offer, in the user's preferred order. */
function betterBase(analysis: Analysis, current: ImageFacts, family: RuntimeFamily | null): Better | null {
  const { model } = analysis;
  const swaps = preferFamily(runtimeCandidatesFor(model), family).filter((candidate) => candidate.facts.compressedMB < current.compressedMB);
  if (swaps.length > 0) return { reference: swaps[0].reference, facts: swaps[0].facts, command: LENS_COMMANDS.swap, how: '' };
  if (model.stages.length !== 1) return null;
  for (const choice of preferFamily(multiStageChoices(model), family)) {
    const facts = imageFactsOf(choice.reference);
    if (facts && facts.compressedMB < current.compressedMB) return { reference: choice.reference, facts, command: LENS_COMMANDS.convert, how: ' in a multi-stage build' };
  }
  return null;
}

function computeLenses(analysis: Analysis, family: RuntimeFamily | null): CodeLens[] {
  const final = analysis.model.finalStage;
  const target = runtimeTarget(analysis.model);
  if (!final || 'refused' in target || !target.current) return [];
  const current = target.current;
  const range = final.from.keywordRange;
  const better = betterBase(analysis, current, family);
  if (!better) {
    // Nothing smaller to offer: the figure alone, as text (an empty command id is not clickable).
    return [{ range, command: { title: `final image ${formatSize(current.compressedMB)} (${ESTIMATE_NOTE})`, command: '' } }];
  }
  const title = `final image ${formatSize(current.compressedMB)} → ${formatSize(better.facts.compressedMB)} with ${shortName(better.reference, better.facts)}${better.how} (${ESTIMATE_NOTE})`;
  return [{ range, command: { title, command: better.command } }];
}

/** Lenses per analysis and family: VS Code asks again on every scroll and change. */
const cache = new WeakMap<Analysis, Map<string, CodeLens[]>>();

export function codeLensesFor(analysis: Analysis, family: RuntimeFamily | null): CodeLens[] {
  let byFamily = cache.get(analysis);
  if (!byFamily) {
    byFamily = new Map();
    cache.set(analysis, byFamily);
  }
  const key = family ?? '';
  let lenses = byFamily.get(key);
  if (!lenses) {
    lenses = computeLenses(analysis, family);
    byFamily.set(key, lenses);
  }
  return lenses;
}
