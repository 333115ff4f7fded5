// copy-from-unknown-stage: `COPY --from=name` (or a RUN mount `from=name`) where no earlier stage has
// that name; the builder then pulls an image called `name` instead.
import { replaceSpan } from '../edits';
import { referencedStage, stageReferences, type StageReference } from '../model/references';
import type { DockerfileModel } from '../model/types';
import { defineRule, type Fix, type RelatedLocation } from '../rule';

/** `nginx:1.27`, `gcr.io/x/y`, `img@sha256:…`: an explicit image reference, which Docker accepts. */
function looksLikeImage(value: string): boolean {
  return /[:/@.]/.test(value);
}

export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** An earlier stage whose name is one or two typos away, when exactly one is that close. */
function likelyMeant(model: DockerfileModel, reference: StageReference): string | null {
  const lower = reference.value.toLowerCase();
  const close = model.stages
    .filter((stage) => stage.index < reference.stage.index && stage.name !== null)
    .map((stage) => stage.name!)
    .filter((name) => editDistance(name, lower) <= Math.min(2, Math.floor(Math.max(name.length, lower.length) / 3)));
  const unique = [...new Set(close)];
  return unique.length === 1 ? unique[0] : null;
}

function problemOf(model: DockerfileModel, reference: StageReference): string | null {
  const { value, stage } = reference;
  const flag = reference.kind === 'copy' ? `--from=${value}` : `from=${value}`;
  if (value.includes('$')) return null; // BuildKit rejects variables in --from with its own error
  const target = referencedStage(model, value);
  if (target === stage.index) return null; // copy-from-current-stage
  if (/^\d+$/.test(value)) {
    if (target < 0) return `\`${flag}\` names no stage: this file has ${model.stages.length} (0 to ${model.stages.length - 1})`;
    if (target > stage.index) return `\`${flag}\` names a later stage: only BuildKit accepts it; move that stage up`;
    return null;
  }
  if (target > stage.index) return `Stage \`${value}\` is defined after this instruction: only BuildKit accepts it; move it up`;
  if (target >= 0 || looksLikeImage(value)) return null;
  return `No stage named \`${value}\` before this instruction: Docker will pull an image \`${value}\``;
}

/** Where the stage the reference names (defined too late) or probably meant (a typo) is defined. */
function relatedStage(model: DockerfileModel, reference: StageReference, meant: string | null): RelatedLocation[] {
  const index = referencedStage(model, meant ?? reference.value);
  const stage = model.stages[index];
  if (!stage || (meant === null && index < reference.stage.index)) return [];
  const range = stage.nameRange ?? stage.from.range;
  return [{ range, message: meant === null ? `Stage \`${reference.value}\` is defined here, after the copy` : `Stage \`${meant}\` is defined here` }];
}

export default defineRule({
  meta: {
    id: 'copy-from-unknown-stage',
    title: 'COPY --from an undefined stage',
    category: 'correctness',
    defaultSeverity: 'error',
    fixAvailability: 'sometimes',
    summary: '`COPY --from=` must name an earlier stage (or an explicit image reference such as `nginx:1.27`).',
    docs: {
      why: [
        '`COPY --from=name` takes files from the stage called `name`. When no stage has that name, Docker does not complain: it treats `name` as an image reference and pulls `docker.io/library/name:latest`. Usually that fails with "pull access denied"; sometimes an image of that name exists, and the build silently copies files from a stranger\'s image. A typo, a stage renamed in one place only, or a snippet copied from another Dockerfile (`COPY --from=builder` without a `builder` stage) all end up here.',
        '',
        'Reported for `COPY`/`ADD --from=` and `RUN --mount=…,from=` when the value is a bare name that matches no earlier stage (names compare case-insensitively), when it names a stage defined later (BuildKit resolves it, the legacy builder does not: keep stages in order), and when a number is not a stage index. Values that are explicit image references — with a tag, digest, registry or path (`nginx:1.27`, `gcr.io/distroless/static`) — are left alone. To copy from an image on purpose, write its tag. A bare name can also be a named build context (`docker buildx build --build-context name=…`, Bake `contexts`), which this file cannot see: disable the rule for that line.',
      ].join('\n'),
      incorrect: 'FROM golang:1.23 AS build\nRUN go build -o /out/app .\n\nFROM gcr.io/distroless/static-debian13\nCOPY --from=builder /out/app /app',
      correct: 'FROM golang:1.23 AS build\nRUN go build -o /out/app .\n\nFROM gcr.io/distroless/static-debian13\nCOPY --from=build /out/app /app',
      fixSafety: 'Unsafe, offered when exactly one earlier stage has a name one or two letters away (`builder` for `biulder`, `build` for `builder`): the fix writes that name, which is a guess about what the author meant. No fix otherwise.',
    },
    sources: [{ tool: 'hadolint', id: 'DL3022', relation: 'same' }],
  },
  check({ model, report }) {
    for (const reference of stageReferences(model)) {
      const message = problemOf(model, reference);
      if (message === null) continue;
      const fixes: Fix[] = [];
      const meant = message.startsWith('No stage named') ? likelyMeant(model, reference) : null;
      if (meant !== null) {
        fixes.push({
          title: `Use stage \`${meant}\` (unsafe: guessed from the name)`,
          safety: 'unsafe',
          edits: [replaceSpan(model, reference.start, reference.end, meant)],
        });
      }
      report({
        range: model.lines.rangeOf(reference.start, reference.end),
        message,
        stageIndex: reference.stage.index,
        related: relatedStage(model, reference, meant),
        fixes,
      });
    }
  },
});
