// base-not-pinned-by-digest: a tag can be moved to another image; a digest cannot.
import { defineRule } from '../rule';

export default defineRule({
  meta: {
    id: 'base-not-pinned-by-digest',
    title: 'Base image not pinned by digest',
    category: 'security',
    defaultSeverity: 'off',
    fixAvailability: 'never',
    summary: 'Pin base images by digest (`image:tag@sha256:…`) so a rebuild uses exactly the image you reviewed.',
    docs: {
      why: 'A tag such as `python:3.13-slim` is a pointer the publisher moves with every patch release, and anyone with push rights to the repository can move it to anything. Two builds of the same Dockerfile can therefore get different base images, and a compromised registry account can ship you a different one. A digest names the content itself: `FROM python:3.13-slim@sha256:…` always resolves to the same bytes (keep the tag for readers; the builder then ignores it).\n\nThe price is that security updates of the base no longer arrive by themselves: pair digest pinning with a bot that proposes new digests (Renovate, Dependabot). That is why this rule is off by default; turn it on in `.layerwise.yaml` (`rules: { base-not-pinned-by-digest: warning }`).\n\nNo fix: the digest has to be looked up in the registry (`docker buildx imagetools inspect python:3.13-slim`), and this linter works offline. `FROM scratch`, stages built FROM another stage, and images named by a variable without a default are skipped.',
      incorrect: 'FROM python:3.13-slim',
      correct: 'FROM python:3.13-slim@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    },
    sources: [],
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      const image = stage.image;
      if (!image || image.resolved === null || image.digest) continue;
      report({
        range: image.range,
        message: `\`${image.written}\` is not pinned by digest; a rebuild may get a different image`,
        stageIndex: stage.index,
      });
    }
  },
});
