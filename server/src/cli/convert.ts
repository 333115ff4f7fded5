// `layerwise convert multi-stage|distroless [--runtime IMAGE] FILE`: prints the transformed
// Dockerfile on stdout and its notes on stderr. A refusal prints the reason and exits 2; the file
// itself is never written.
import { applyEdits } from '../core/index';
import { buildModel } from '../core/model/build';
import { convertToMultiStage } from '../core/transforms/multi-stage';
import { runtimeChoices, swapBase } from '../core/transforms/swap-base';
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

/** Swaps the final base for `runtime`, or for the best distroless choice. */
function toDistroless(model: DockerfileModel, runtime: string | undefined): TransformResult {
  if (runtime !== undefined) return swapBase(model, runtime.trim());
  const choice = runtimeChoices(model).find((candidate) => /(^|\/)distroless\//.test(candidate.reference));
  if (!choice) return refused('no distroless runtime fits this final stage (same language version, no shell needed); pick one with `--runtime`');
  return swapBase(model, choice.reference);
}
