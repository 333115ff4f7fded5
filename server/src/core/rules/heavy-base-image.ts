// heavy-base-image: the final image is built on a full language image when a much smaller variant
// of the same language version exists (slim, alpine, distroless, Chainguard).
import { formatMB, preferFamily, RUNTIME_FAMILIES, type RuntimeFamily } from '../data/images';
import { defineRule, type Fix } from '../rule';
import { rootFacts, runtimeCandidatesFor, runtimeTarget, swapBase } from '../transforms/swap-base';

export default defineRule({
  meta: {
    id: 'heavy-base-image',
    title: 'Heavy base image',
    category: 'size',
    defaultSeverity: 'info',
    fixAvailability: 'always',
    unsafeFixesOnly: true,
    summary: 'Build the final image on a slim, alpine or distroless variant of the same language version.',
    docs: {
      why: [
        'The full official language images (`python:3.12`, `node:22`, `eclipse-temurin:21`) are built on Debian with compilers, headers and hundreds of packages, about ten times the size of their `-slim` variant. A final image built on one ships all of it: slower pulls and deploys, more disk on every node, and more CVEs to triage in packages the app never uses.',
        '',
        'Reported on the final stage\'s base when Layerwise\'s image table knows a variant of the same language version that is smaller by at least `minSavingMB` (approximate compressed sizes for linux/amd64, each with its source and date in `server/src/core/data/images.ts`). Candidates never change the language version: a `python:3.12` image is offered `python:3.12-slim` and `python:3.12-alpine`, not distroless `python3` (Python 3.13). Images without a shell are only offered when nothing in the final stage needs one (RUN, shell features in CMD, a CMD-SHELL health check). A final stage that compiles on its toolchain (`FROM golang` + `RUN go build`) is left to `multi-stage-candidate`.',
      ].join('\n'),
      incorrect: 'FROM python:3.12\nCOPY . /app\nRUN pip install --no-cache-dir -r /app/requirements.txt\nCMD ["python", "/app/main.py"]',
      correct: 'FROM python:3.12-slim\nCOPY . /app\nRUN pip install --no-cache-dir -r /app/requirements.txt\nCMD ["python", "/app/main.py"]',
      fixSafety: 'One fix per candidate, best first (the `preferredFamily` option, or the editor\'s `layerwise.runtime.preferredFamily`, puts that family first), each titled with the image and its approximate size; all are unsafe: the smaller image lacks packages the full one had (compilers, `-dev` libraries, tools), and alpine uses musl instead of glibc. Choosing an image without a shell also rewrites a plain shell-form CMD/ENTRYPOINT to exec form, and an interpreter entrypoint (distroless `python3`, `node`, `java -jar`) drops the interpreter from CMD; when that cannot be done, that candidate is not offered. The same choices are behind the "Swap Runtime Base Image" command.',
    },
    sources: [],
    options: {
      minSavingMB: { type: 'number', default: 100, description: 'Report only when a candidate is at least this many MB (compressed) smaller.' },
      preferredFamily: {
        type: 'string',
        default: '',
        description: 'Offer this family first when it fits: `distroless`, `slim`, `alpine` or `chainguard` (empty: the smallest fit first). The editor sets it from `layerwise.runtime.preferredFamily`.',
      },
    },
    finalImageOnly: true,
  },
  check({ model, options, report }) {
    // Only a full official image is reported: known before `runtimeTarget` reads every script of
    // the final stage's chain for what needs a shell.
    const current = model.finalStage && rootFacts(model, model.finalStage);
    if (current?.family !== 'official' || current.variant !== 'full' || !current.runtime) return;
    const target = runtimeTarget(model);
    if ('refused' in target) return;
    const { root } = target;
    const image = root.image;
    if (!image) return;
    const minSaving = typeof options.minSavingMB === 'number' ? options.minSavingMB : 100;
    const family = (RUNTIME_FAMILIES as readonly unknown[]).includes(options.preferredFamily) ? (options.preferredFamily as RuntimeFamily) : null;
    const smaller = preferFamily(runtimeCandidatesFor(model).filter((candidate) => current.compressedMB - candidate.facts.compressedMB >= minSaving), family);
    if (smaller.length === 0) return;
    // One swap per candidate: computed only when a fix is asked for.
    const fixes = (): Fix[] => smaller.flatMap((candidate) => {
      const result = swapBase(model, candidate.reference);
      if (result.kind !== 'edit') return [];
      const why = `it may lack packages \`${image.written}\` has${candidate.caveat ? `; ${candidate.caveat}` : ''}`;
      return [{ title: `Use \`${candidate.reference}\` (${formatMB(candidate.facts.compressedMB)}) (unsafe: ${why})`, safety: 'unsafe' as const, edits: result.edits }];
    });
    const best = smaller[0];
    const runtime = best.facts.runtime;
    const runs = runtime ? `runs the same ${runtime.language} ${runtime.version}` : `runs the ${target.query.staticBinary ? 'static ' : ''}binary`;
    report({
      range: image.range,
      message: `\`${image.written}\` is ${formatMB(current.compressedMB)}; \`${best.reference}\` (${formatMB(best.facts.compressedMB)}) ${runs}`,
      stageIndex: root.index,
      fixes,
    });
  },
});
