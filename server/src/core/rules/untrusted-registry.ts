// untrusted-registry: images pulled from registries outside the team's allow-list.
import { flagValue } from '../model/copies';
import { parseImageName } from '../model/image';
import { defineRule } from '../rule';

/** hadolint's matching: `*` alone, `*.gcr.io` as a suffix, `registry.*` as a prefix, or exact. */
function registryAllowed(pattern: string, registry: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*')) return registry.endsWith(pattern.slice(1));
  if (pattern.endsWith('*')) return registry.startsWith(pattern.slice(0, -1));
  return registry === pattern;
}

export default defineRule({
  meta: {
    id: 'untrusted-registry',
    title: 'Image from a registry that is not allowed',
    category: 'security',
    defaultSeverity: 'error',
    fixAvailability: 'never',
    summary: 'Pull base images (and `COPY --from` images) only from the registries listed in the `registries` option.',
    docs: {
      why: [
        'Teams that mirror or vet images want every `FROM` to come from their own registry, not from Docker Hub or a look-alike name. List the allowed registries and every image from elsewhere is reported: `FROM` images, `COPY --from=<image>` and `RUN --mount=from=<image>`.',
        '',
        'The rule does nothing until `registries` is set. An image without a registry (`python:3.13`) comes from `docker.io` (`hub.docker.com` is accepted as its other name). Patterns may start or end with `*`: `*.gcr.io`, `registry.example.com*`. Stage names and `scratch` are not images. `.hadolint.yaml`\'s `trustedRegistries` sets this option.',
      ].join('\n'),
      incorrect: '# .layerwise.yaml: rules: { untrusted-registry: { registries: [registry.example.com] } }\nFROM python:3.13-slim',
      correct: '# .layerwise.yaml: rules: { untrusted-registry: { registries: [registry.example.com] } }\nFROM registry.example.com/library/python:3.13-slim',
    },
    sources: [{ tool: 'hadolint', id: 'DL3026', relation: 'same' }],
    options: {
      registries: { type: 'string[]', default: [], description: 'Allowed registries (`docker.io`, `*.gcr.io`); empty turns the rule off.' },
    },
  },
  check({ model, options, report }) {
    const allowed = options.registries as string[];
    if (allowed.length === 0) return;
    const stageNames = new Set(model.stages.map((stage) => stage.name).filter((name) => name !== null));
    const isAllowed = (reference: string): boolean => {
      const registry = parseImageName(reference).registry;
      if (registry === null) return allowed.some((pattern) => registryAllowed(pattern, 'docker.io') || registryAllowed(pattern, 'hub.docker.com'));
      return allowed.some((pattern) => registryAllowed(pattern, registry));
    };
    const message = (reference: string): string => `\`${reference}\` comes from \`${parseImageName(reference).registry ?? 'docker.io'}\`, which is not an allowed registry`;
    for (const stage of model.stages) {
      const image = stage.image;
      if (image && image.resolved !== null && !isAllowed(image.resolved)) {
        report({ range: image.range, message: message(image.resolved), stageIndex: stage.index });
      }
      for (const instruction of stage.instructions) {
        const references = [flagValue(instruction, 'from')];
        for (const flag of instruction.flags) if (flag.name === 'mount' && flag.value) references.push(/(?:^|,)from=([^,]+)/.exec(flag.value)?.[1] ?? null);
        for (const reference of references) {
          // Stage names and indexes, `scratch` and variables are not registry images.
          if (!reference || /^\d+$/.test(reference) || reference.includes('$') || stageNames.has(reference.toLowerCase()) || reference === 'scratch') continue;
          if (!isAllowed(reference)) report({ range: instruction.range, message: message(reference), stageIndex: stage.index });
        }
      }
    }
  },
});
