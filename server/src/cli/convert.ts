// `layerwise convert multi-stage|distroless [--runtime IMAGE] FILE`: prints the transformed
// Dockerfile on stdout and its notes on stderr. A refusal prints the reason and exits 2; the file
// itself is never written.
import { applyEdits } from '../core/index';
import { buildModel } from '../core/model/build';
import { convertToMultiStage } from '../core/transforms/multi-stage';
import { familyOf, imageFactsOf, runtimeCandidates, runtimeLabel, type ImageFacts } from '../core/data/images';
import { runtimeChoices, runtimeTarget, swapBase } from '../core/transforms/swap-base';
import { refused, type TransformResult } from '../core/transforms/types';
import type { DockerfileModel } from '../core/model/types';
import { InputError, readSource, readStdin, type SourceText } from '../node/files';
import { sharedShellParser } from './analysis';
import { EXIT_CLEAN, EXIT_ERROR, oneLine, UsageError } from './errors';

export const TRANSFORMATIONS = ['multi-stage', 'distroless'] as const;
export type Transformation = typeof TRANSFORMATIONS[number];

export interface ConvertOptions {
  runtime?: string;
}

const BOM = '\uFEFF';

export async function convert(transformation: string, file: string, options: ConvertOptions): Promise<number> {
  if (!(TRANSFORMATIONS as readonly string[]).includes(transformation)) {
    throw new UsageError(`unknown transformation \`${transformation}\` (expected ${TRANSFORMATIONS.map((name) => `\`${name}\``).join(' or ')})`);
  }
  if (options.runtime !== undefined && options.runtime.trim() === '') throw new UsageError('`--runtime` needs an image reference');
  let source: SourceText;
  try {
    source = file === '-' ? await readStdin() : readSource(file);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    process.stderr.write(`layerwise: \`${error.path}\`: ${oneLine(error.message)}\n`);
    return EXIT_ERROR;
  }
  const model = buildModel(source.text, await sharedShellParser());
  const result = transformation === 'multi-stage' ? convertToMultiStage(model, options.runtime) : toDistroless(model, options.runtime);
  if (result.kind === 'refused') {
    process.stderr.write(`layerwise: ${oneLine(result.reason)}\n`);
    return EXIT_ERROR;
  }
  process.stdout.write((source.bom ? BOM : '') + applyEdits(source.text, result.edits));
  for (const note of result.notes) process.stderr.write(`layerwise: ${oneLine(note)}\n`);
  return EXIT_CLEAN;
}

/** Swaps the final base for `runtime`, or for the swap's own first distroless (or chiseled) choice. */
function toDistroless(model: DockerfileModel, runtime: string | undefined): TransformResult {
  if (runtime !== undefined) return swapBase(model, runtime.trim());
  const target = runtimeTarget(model);
  if ('refused' in target) return refused(target.refused);
  const isDistroless = (reference: string): boolean => familyOf(imageFactsOf(reference)) === 'distroless';
  const choice = runtimeChoices(model).find((candidate) => isDistroless(candidate.reference));
  if (choice) return swapBase(model, choice.reference);
  if (familyOf(target.current) === 'distroless') {
    return refused(`Nothing to do: the final stage already uses \`${target.root.image?.written ?? 'scratch'}\`, a distroless image`);
  }
  // No choice fits: say why the distroless candidates do not.
  for (const candidate of runtimeCandidates({ ...target.query, needsShell: false })) {
    if (!isDistroless(candidate.reference)) continue;
    const result = swapBase(model, candidate.reference);
    if (result.kind === 'refused') return refused(`no distroless runtime fits this final stage: ${result.reason}`);
    // It would apply but is not offered: the final stage builds the app on its toolchain image.
    return refused(`no distroless runtime fits this final stage: it builds the app on \`${target.root.image?.written}\`; run \`layerwise convert multi-stage\` first`);
  }
  const { language, version } = target.query;
  if (language !== 'generic' && version) {
    return refused(`no distroless image runs ${runtimeLabel({ runtime: { language, version } } as ImageFacts)} (same language version); pick a base with \`--runtime\``);
  }
  return refused('no distroless runtime fits this final stage (same language version, no shell needed); pick one with `--runtime`');
}
