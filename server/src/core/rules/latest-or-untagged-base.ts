// latest-or-untagged-base: a FROM image without a tag or digest, or tagged `latest`, floats.
import { isDistroless, type ImageName } from '../model/image';
import { defineRule } from '../rule';

/** Catalogs that publish only floating tags, so a version tag cannot be asked for. */
function onlyPublishesFloatingTags(image: ImageName): boolean {
  // distroless: the version is in the name (`python3-debian13`); tags are latest, nonroot, debug*.
  if (isDistroless(image)) return true;
  // Chainguard's free images are tagged only `latest` and `latest-dev`; paid org repositories have versions.
  return image.registry === 'cgr.dev' && image.repository.startsWith('chainguard/');
}

export default defineRule({
  meta: {
    id: 'latest-or-untagged-base',
    title: 'Base image without a version tag',
    category: 'security',
    defaultSeverity: 'warning',
    fixAvailability: 'never',
    summary: 'Pin base images to a version tag (or a digest) instead of `latest` or no tag.',
    docs: {
      why: [
        'An image without a tag is `latest`, and `latest` is whatever the publisher pushed last. The same Dockerfile then builds a different image from one week to the next: a new major version of the OS or runtime can break the build or the app, a rebuild of an old commit no longer gives the old image, and a security review cannot say what is inside. A version tag (`python:3.12-slim`) makes the choice visible and deliberate; a digest (`python:3.12-slim@sha256:…`) makes it exact.',
        '',
        'Every stage is checked, builder stages too: a floating builder makes the build output irreproducible even when the runtime image is pinned. Global `ARG` defaults are substituted first (`FROM python:${VERSION}`); a reference that depends on an `ARG` without a default is skipped.',
        '',
        'Not reported for `scratch`, for `FROM <earlier stage>` (also through an ARG: `ARG FLAVOR=${TARGETARCH}` then `FROM ${FLAVOR}` with stages named `amd64` and `arm64`), for distroless images (`gcr.io/distroless/*`: the version is in the name, e.g. `python3-debian13`, and only `latest`, `nonroot` and `debug*` tags are published) and for Chainguard\'s free images (`cgr.dev/chainguard/*`: only `latest` and `latest-dev` are published). For those, pin by digest to make builds reproducible (`gcr.io/distroless/static-debian13:nonroot@sha256:…`) and let a bot such as Dependabot or Renovate update the digest.',
      ].join('\n'),
      incorrect: 'FROM ubuntu\nRUN apt-get update\n\nFROM node:latest\nCOPY . .',
      correct: 'FROM ubuntu:24.04\nRUN apt-get update\n\nFROM node:22.17-slim\nCOPY . .',
    },
    sources: [
      { tool: 'hadolint', id: 'DL3006', relation: 'same' },
      { tool: 'hadolint', id: 'DL3007', relation: 'same' },
    ],
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      const image = stage.image;
      // `image` is null for scratch and for earlier stages; `resolved` is null when an ARG has no default.
      if (!image || image.resolved === null || image.digest !== null) continue;
      if (image.tag !== null && image.tag !== 'latest') continue;
      if (onlyPublishesFloatingTags(image)) continue;
      const message = image.tag === null
        ? `Base image \`${image.resolved}\` has no tag, so it pulls \`latest\`; pin a version tag`
        : `Base image \`${image.resolved}\` uses the floating \`latest\` tag; pin a version tag`;
      report({ range: image.range, message, stageIndex: stage.index });
    }
  },
});
