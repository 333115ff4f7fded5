// empty-label: `LABEL version=""` records nothing.
import { labelsOf } from '../model/labels';
import { defineRule } from '../rule';

export default defineRule({
  meta: {
    id: 'empty-label',
    title: 'Empty label value',
    category: 'maintenance',
    defaultSeverity: 'off',
    fixAvailability: 'never',
    summary: 'Give every label a value, or leave the label out.',
    docs: {
      why: 'A label with an empty value (`LABEL org.opencontainers.image.version=""`) carries no information but looks as if it did, and it overrides a value the base image set. It is usually a build argument that was not passed. Off by default, like hadolint\'s DL3051.',
      incorrect: 'FROM alpine:3.22\nLABEL org.opencontainers.image.version=""',
      correct: 'FROM alpine:3.22\nARG VERSION=dev\nLABEL org.opencontainers.image.version=$VERSION',
    },
    sources: [{ tool: 'hadolint', id: 'DL3051', relation: 'same' }],
  },
  check({ model, report }) {
    for (const label of labelsOf(model, model.stages)) {
      if ((label.value ?? '').trim() !== '') continue;
      report({
        range: label.range,
        message: `Label \`${label.name}\` is empty: it carries no information and hides any value the base image set`,
        stageIndex: label.instruction.stageIndex,
      });
    }
  },
});
