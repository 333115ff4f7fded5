// Convert to multi-stage: a single-stage Dockerfile becomes a named build stage (the original
// steps, dependency manifests installed before the sources when that is sound) plus a runtime stage
// on a small base that copies only the artifact. Refuses, saying what is missing, instead of guessing.
import { DockerfileParser } from 'dockerfile-ast';
import { describeChoice, imageFactsOf, runtimeCandidates, type RuntimeCandidate } from '../data/images';
import { isChainguard, isDistroless } from '../model/image';
import type { DockerfileModel } from '../model/types';
import { readContext, type StageContext } from './multi-stage/context';
import { detectEcosystem, planBuild } from './multi-stage/ecosystems';
import { readLayout, type Segment, type StageLayout } from './multi-stage/layout';
import { ECOSYSTEM_LANGUAGE, ECOSYSTEM_NAMES, type BuildPlan } from './multi-stage/plan';
import { MOVED_KEYWORDS, needsShell, renderRuntime, type Runtime } from './multi-stage/runtime';
import { refused, type RuntimeChoice, type TransformResult } from './types';

export const ALREADY_MULTI_STAGE = 'already multi-stage: use Swap Runtime Base Image';

interface Analysis {
  context: StageContext;
  layout: StageLayout;
  plan: BuildPlan;
}

function analyse(model: DockerfileModel): Analysis | { refused: string } {
  if (model.stages.length === 0) return { refused: 'no FROM instruction: nothing to convert' };
  if (model.stages.length > 1) return { refused: ALREADY_MULTI_STAGE };
  if (model.escapeChar !== '\\') return { refused: 'Windows Dockerfiles (escape character `` ` ``) are not supported' };
  const stage = model.stages[0];
  if (stage.isScratch || (stage.image && (isDistroless(stage.image) || (isChainguard(stage.image) && !(stage.image.tag ?? '').endsWith('-dev'))))) {
    return { refused: `the image is already built on a minimal runtime base (\`${stage.image?.written ?? 'scratch'}\`): there is no build to move out` };
  }
  if (!stage.isScratch && (!stage.image || stage.image.resolved === null)) {
    return { refused: `cannot tell which image \`${stage.from.args[0]?.value ?? 'FROM'}\` is (a build argument without a default), so no runtime can be matched to it` };
  }
  const emptyStart = stage.instructions.find((instruction) => ['CMD', 'ENTRYPOINT'].includes(instruction.keyword) && instruction.args.length === 0);
  if (emptyStart) return { refused: `\`${emptyStart.keyword}\` on line ${emptyStart.range.start.line + 1} has no arguments` };
  if (stage.instructions.some((instruction) => instruction.keyword === 'SHELL')) {
    return { refused: 'the stage sets `SHELL`: converting its commands for another base is not supported' };
  }
  const layout = readLayout(model, stage);
  const context = readContext(model, layout);
  const ecosystem = detectEcosystem(context);
  if (!ecosystem) {
    return { refused: 'cannot tell what this Dockerfile builds: no known build step (`go build`, `cargo build`, `npm ci`, `pip install`, `mvn package`, `dotnet publish`, `make`...)' };
  }
  if (!context.cmd && !context.entrypoint) return { refused: `no CMD or ENTRYPOINT: cannot tell how the ${ECOSYSTEM_NAMES[ecosystem]} app starts in the runtime stage` };
  const planned = planBuild(context, ecosystem);
  if (planned.kind === 'refused') return { refused: planned.reason };
  return { context, layout, plan: planned.plan };
}

function candidatesFor(analysis: Analysis): RuntimeCandidate[] {
  const { plan, context } = analysis;
  return runtimeCandidates({
    language: ECOSYSTEM_LANGUAGE[plan.ecosystem],
    version: plan.version,
    staticBinary: plan.staticBinary,
    needsShell: needsShell(context),
  });
}

/** Runtime bases the conversion can use for this file, best first (empty when it refuses). */
export function multiStageChoices(model: DockerfileModel): RuntimeChoice[] {
  const analysis = analyse(model);
  if ('refused' in analysis) return [];
  const current = analysis.context.builder;
  return candidatesFor(analysis)
    .filter((candidate) => convert(analysis, { reference: candidate.reference, facts: candidate.facts }).kind === 'edit')
    .map((candidate) => describeChoice(candidate, current));
}

export interface ConvertOptions {
  /** The non-root user the runtime stage switches to, when the base has it (numeric UIDs always work). */
  user?: string;
}

/** Converts to a build stage plus a runtime stage on `reference` (default: the first choice). */
export function convertToMultiStage(model: DockerfileModel, reference?: string, options: ConvertOptions = {}): TransformResult {
  const analysis = analyse(model);
  if ('refused' in analysis) return refused(analysis.refused);
  if (reference !== undefined) {
    const wanted = reference.trim();
    if (!wanted || /\s/.test(wanted)) return refused(`\`${reference}\` is not an image reference`);
    return convert(analysis, { reference: wanted, facts: imageFactsOf(wanted), user: options.user || undefined });
  }
  return defaultConversion(analysis).result;
}

/** The conversion on the default runtime, with that runtime's reference (null when refused). */
export function convertOnDefaultRuntime(model: DockerfileModel): { reference: string | null; result: TransformResult } {
  const analysis = analyse(model);
  if ('refused' in analysis) return { reference: null, result: refused(analysis.refused) };
  return defaultConversion(analysis);
}

function defaultConversion(analysis: Analysis): { reference: string | null; result: TransformResult } {
  let first: TransformResult | null = null;
  for (const candidate of candidatesFor(analysis)) {
    const result = convert(analysis, { reference: candidate.reference, facts: candidate.facts });
    if (result.kind === 'edit') return { reference: candidate.reference, result };
    first ??= result;
  }
  const reason = first?.kind === 'refused' ? `no known runtime base fits: ${first.reason}` : `no known runtime base fits this ${ECOSYSTEM_NAMES[analysis.plan.ecosystem]} build`;
  return { reference: null, result: refused(reason) };
}

function convert(analysis: Analysis, runtime: Runtime): TransformResult {
  const { context, layout, plan } = analysis;
  const { model } = context;
  const stage = layout.stage;
  const originalName = stage.name === null ? null : model.text.slice(model.lines.offsetAt(stage.nameRange!.start), model.lines.offsetAt(stage.nameRange!.end));
  const buildName = stage.name === 'build' ? 'builder' : 'build';
  const rendered = renderRuntime(context, plan, runtime, layout.segments, buildName, originalName);
  if (rendered.kind === 'refused') return refused(rendered.reason);
  const { lines, notes, repeated } = rendered.stage;

  const eol = layout.eol;
  const lastBuildStep = Math.max(-1, ...stage.instructions.map((instruction, index) => (['RUN', 'COPY', 'ADD'].includes(instruction.keyword) ? index : -1)));
  const leaves = (segment: Segment): boolean => {
    const { instruction } = segment;
    if (MOVED_KEYWORDS.has(instruction.keyword)) return true;
    return instruction.keyword === 'USER' && !repeated.has(instruction) && stage.instructions.indexOf(instruction) > lastBuildStep;
  };
  const blocks: string[] = [];
  const movedAfter = new Map<unknown, Segment[]>();
  for (const segment of layout.segments) {
    const after = plan.moveAfter.get(segment.instruction);
    if (after) movedAfter.set(after, [...(movedAfter.get(after) ?? []), segment]);
  }
  for (const segment of layout.segments) {
    blocks.push(...(plan.insertBefore.get(segment.instruction) ?? []));
    const detached = segment.detached.replace(/\r?\n$/, '');
    if (leaves(segment) || plan.moveAfter.has(segment.instruction)) {
      if (detached.trim() !== '') blocks.push(detached);
      continue;
    }
    const body = segment.instruction === stage.from ? buildFrom(analysis, segment, buildName) : segment.body;
    blocks.push(segment.detached + segment.attached + body);
    for (const moved of movedAfter.get(segment.instruction) ?? []) blocks.push(moved.attached + moved.body);
  }
  blocks.push(...plan.append);

  const text = `${blocks.join(eol)}${eol}${eol}${lines.join(eol)}`;
  // Both stages must come out as stages: an instruction that ends in a line continuation with
  // nothing after it (end of file) would swallow the runtime stage's FROM.
  const output = model.text.slice(0, layout.start) + text + model.text.slice(layout.end);
  if (DockerfileParser.parse(output).getFROMs().length !== model.stages.length + 1) {
    return refused('an instruction ends in a line continuation with nothing after it: remove the trailing escape first');
  }
  const choice = runtime.facts ? describeChoice({ reference: runtime.reference, facts: runtime.facts }, context.builder) : null;
  // The chosen base's caveat (scratch is empty, musl, chiseled runtime is for console apps only).
  const caveat = runtimeCandidates({ language: ECOSYSTEM_LANGUAGE[plan.ecosystem], version: plan.version, staticBinary: plan.staticBinary })
    .find((candidate) => candidate.reference === runtime.reference)?.caveat;
  return {
    kind: 'edit',
    edits: [{ range: model.lines.rangeOf(layout.start, layout.end), newText: text }],
    notes: [
      `${ECOSYSTEM_NAMES[plan.ecosystem]} build moved into the \`${buildName}\` stage; the runtime stage copies only ${plan.artifacts.map((artifact) => `\`${artifact.from}\``).join(', ')}`,
      choice
        ? `Runtime base \`${runtime.reference}\`: ${choice.description}`
        : `\`${runtime.reference}\` is not in Layerwise's image table: check that it can run the app`,
      ...(caveat ? [`Caveat: ${caveat}`] : []),
      ...(originalName ? [`The stage name \`${originalName}\` moves to the runtime stage, so \`--target ${originalName}\` still builds the image (\`FROM ${stage.from.argsText.trim()}\` becomes \`AS ${buildName}\`)`] : []),
      ...plan.notes,
      ...notes,
    ],
  };
}

/** The FROM line of the build stage: `AS build` added, or the stage renamed (its name goes to the runtime). */
function buildFrom({ context, layout }: Analysis, segment: Segment, buildName: string): string {
  const { model } = context;
  const { stage } = layout;
  const bodyStart = model.lines.lineStart(stage.from.range.start.line);
  const keyword = model.text.slice(stage.from.start, stage.from.start + 4);
  const as = keyword === keyword.toLowerCase() ? 'as' : 'AS';
  if (stage.nameRange) {
    const start = model.lines.offsetAt(stage.nameRange.start) - bodyStart;
    const end = model.lines.offsetAt(stage.nameRange.end) - bodyStart;
    return segment.body.slice(0, start) + buildName + segment.body.slice(end);
  }
  const imageWord = stage.from.args[0];
  const end = imageWord ? imageWord.end - bodyStart : segment.body.length;
  return `${segment.body.slice(0, end)} ${as} ${buildName}${segment.body.slice(end)}`;
}
