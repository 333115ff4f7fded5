// deprecated-image-tag: a tag the publisher no longer updates (distroless tags other than
// latest/nonroot/debug/debug-nonroot; Chainguard free images other than latest/latest-dev).
import { imageFactsOf } from '../data/images';
import { defineRule } from '../rule';

export default defineRule({
  meta: {
    id: 'deprecated-image-tag',
    title: 'Deprecated image tag',
    category: 'maintenance',
    defaultSeverity: 'warning',
    fixAvailability: 'sometimes',
    summary: 'Use a tag the publisher still updates: distroless `latest`/`nonroot`/`debug`/`debug-nonroot`, Chainguard `latest`/`latest-dev`.',
    docs: {
      why: [
        'Distroless publishes each image under `latest`, `nonroot`, `debug` and `debug-nonroot` (and the same with an architecture suffix such as `-amd64`); its README says "Any other tags are considered deprecated and are no longer updated". An image pulled by such a tag never gets another security fix. Chainguard\'s free images (`cgr.dev/chainguard/*`) are only tagged `latest` and `latest-dev`; version tags need a paid organization registry (`cgr.dev/<org>/<name>`), so a free-tier pull of `python:3.12` fails or stays frozen.',
        '',
        'To make builds reproducible, pin the supported tag by digest (`static-debian13:nonroot@sha256:…`) and let Dependabot or Renovate update the digest.',
      ].join('\n'),
      incorrect: 'FROM gcr.io/distroless/base-debian13:debug-nonroot-2024\nCOPY app /app',
      correct: 'FROM gcr.io/distroless/base-debian13:debug-nonroot\nCOPY app /app',
      fixSafety: 'The fix replaces the tag with the nearest supported one (keeping debug/nonroot). It is unsafe: the supported tag points at the current image, which may differ from the frozen one, and for Chainguard `latest` is the newest language version. A digest in the reference is dropped. Not offered when the image itself is no longer published (see `eol-base-image`).',
    },
    sources: [],
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      const image = stage.image;
      if (!image || image.resolved === null || /\$/.test(image.written)) continue;
      const facts = imageFactsOf(image.resolved);
      if (!facts?.deprecatedTag) continue;
      const replacement = `${facts.repository}:${facts.deprecatedTag.successor}`;
      const chainguard = facts.family === 'chainguard';
      const message = chainguard
        ? `Tag \`${image.tag}\` is not in Chainguard's free tier (only \`latest\` and \`latest-dev\`); use \`${replacement}\` or your organization's registry`
        : facts.endOfLife?.unpublished
          ? `Tag \`${image.tag}\` of \`${facts.repository}\` is no longer updated, and the image is no longer published`
          : `Tag \`${image.tag}\` of \`${facts.repository}\` is no longer updated; use \`${replacement}\``;
      const reason = chainguard ? 'the newest release, whatever its version' : 'the current image may differ from the frozen one';
      report({
        range: image.range,
        message,
        stageIndex: stage.index,
        tags: ['deprecated'],
        fixes: facts.endOfLife?.unpublished ? [] : [{ title: `Use \`${replacement}\` (unsafe: ${reason})`, safety: 'unsafe', edits: [{ range: image.range, newText: replacement }] }],
      });
    }
  },
});
