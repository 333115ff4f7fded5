// eol-base-image: a base image that is end-of-life or no longer published gets no security fixes.
import { DATA_REVIEWED, imageFactsOf, isEndOfLife, runtimeLabel, significantVersion, type ImageFacts } from '../data/images';
import type { DockerfileModel, Stage } from '../model/types';
import { copySources, rootFacts } from '../transforms/swap-base';
import { defineRule, type Fix } from '../rule';

/** Today, but never before the day the lifecycle table was reviewed (a wrong clock must not hide EOLs). */
function today(): string {
  const now = new Date().toISOString().slice(0, 10);
  return now > DATA_REVIEWED ? now : DATA_REVIEWED;
}

const runtimeOf = (facts: ImageFacts | null): string => runtimeLabel(facts) ?? 'no language runtime';

/**
 * A stage this one copies from that builds with the same language at another version than the
 * successor runs: swapping only the runtime would break what is copied (a venv, addons, bytecode).
 */
function builderPinningVersion(model: DockerfileModel, stage: Stage, next: ImageFacts): string | null {
  const runtime = next.runtime;
  if (!runtime || !significantVersion(runtime.language, runtime.version)) return null;
  for (const source of copySources(model, [stage])) {
    const built = rootFacts(model, source)?.runtime;
    if (built?.language === runtime.language && significantVersion(runtime.language, built.version) !== significantVersion(runtime.language, runtime.version)) {
      return source.name ?? String(source.index);
    }
  }
  return null;
}

export default defineRule({
  meta: {
    id: 'eol-base-image',
    title: 'End-of-life base image',
    category: 'maintenance',
    defaultSeverity: 'warning',
    fixAvailability: 'sometimes',
    summary: 'Move off base images that are end-of-life or no longer published: they get no security fixes.',
    docs: {
      why: [
        'An image whose language version or distribution release has reached end of life is no longer rebuilt with security fixes, and an image that is no longer published is frozen at its last push. Every stage is checked (a builder on an EOL toolchain still compiles with unpatched tools).',
        '',
        'Layerwise knows, as of its data review date: Python (3.10 and older), Node.js (20 and older, odd releases), Go (each release is supported until two newer ones are out: 1.25 and older), Java non-LTS releases, .NET (8.0 and 9.0 ended on 2026-11-10), Debian (bullseye and older), Ubuntu (20.04 and older, ended interim releases), Alpine (3.21 and older); distroless: every `-debian12` language runtime (`python3`, `nodejs*`, `java*`) was removed from the published list in 2026, the four `-debian12` bases (`static`, `base-nossl`, `base`, `cc`) reached end of support in September 2026, and the `-debian11` and unversioned `java`/`nodejs` names were dropped earlier.',
      ].join('\n'),
      incorrect: 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\nENTRYPOINT ["/app"]',
      correct: 'FROM gcr.io/distroless/static-debian13:nonroot\nCOPY app /app\nENTRYPOINT ["/app"]',
      fixSafety: 'No fix is offered when the stage copies from a build stage of the same language at another version than the successor runs (`python:3.11` builder, `python3-debian12` runtime → `python3-debian13` is Python 3.13): move the builder first. Otherwise the fix replaces the image with its successor. It is safe only when the runtime stays the same: a distroless base or runtime moving to `-debian13` with the same language version (`static-debian12` → `static-debian13`, `nodejs22-debian12` → `nodejs22-debian13`, same tag). It is unsafe, with the versions in its title, when the language version changes (`python3-debian12` is Python 3.11, `python3-debian13` is 3.13; `python:3.9` → `python:3.13`) or the distribution release changes (package names and versions differ), and when the reference was pinned by digest (the pin is dropped).',
    },
    sources: [],
  },
  check({ model, report }) {
    const day = today();
    for (const stage of model.stages) {
      const image = stage.image;
      if (!image || image.resolved === null || /\$/.test(image.written)) continue;
      const facts = imageFactsOf(image.resolved);
      if (!facts?.endOfLife || !isEndOfLife(facts, day)) continue;
      const { date, successor: rawSuccessor, unpublished } = facts.endOfLife;
      // Keep an untagged reference untagged (`static-debian12` → `static-debian13`).
      const successor = rawSuccessor && image.tag === null ? rawSuccessor.replace(/:latest$/, '') : rawSuccessor;
      let hint = '';
      const what = unpublished ? `is no longer published (since ${date})` : `reached end of life on ${date}`;
      const fixes: Fix[] = [];
      const next = successor ? imageFactsOf(successor) : null;
      const pinnedBuilder = next ? builderPinningVersion(model, stage, next) : null;
      if (successor && pinnedBuilder) {
        hint = `; \`${successor}\` runs ${runtimeOf(next)}, so move stage \`${pinnedBuilder}\` to it too`;
      } else if (successor) {
        const sameRuntime = (next?.runtime?.version ?? null) === (facts.runtime?.version ?? null);
        const safe = facts.family === 'distroless' && sameRuntime && image.digest === null;
        const reason = image.digest !== null ? 'drops the digest pin'
          : !sameRuntime ? `${runtimeOf(facts)} → ${runtimeOf(next)}`
            : 'a new distribution release: package names and versions change';
        fixes.push({
          title: safe ? `Use \`${successor}\`` : `Use \`${successor}\` (unsafe: ${reason})`,
          safety: safe ? 'safe' : 'unsafe',
          edits: [{ range: image.range, newText: successor }],
        });
      }
      report({
        range: image.range,
        message: `Base image \`${image.written}\` ${what}${hint || (successor ? `; use \`${successor}\`` : '')}`,
        stageIndex: stage.index,
        tags: ['deprecated'],
        fixes,
      });
    }
  },
});
