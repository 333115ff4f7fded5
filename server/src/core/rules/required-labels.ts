// required-labels: the final image lacks labels the team requires.
import { finalImageLabels } from '../model/labels';
import { defineRule } from '../rule';

export default defineRule({
  meta: {
    id: 'required-labels',
    title: 'Required label missing',
    category: 'maintenance',
    defaultSeverity: 'info',
    fixAvailability: 'never',
    summary: 'The final image must carry the labels listed in the `labels` option.',
    docs: {
      why: 'Teams that find images by owner, source or version (`docker images --filter label=…`, registry UIs, policy engines) need every image to carry those labels. List them in the `labels` option and a final image without one is reported at its `FROM`. The rule does nothing until `labels` is set.\n\nLabels set in the stages the final stage is built `FROM` count; labels of builder stages do not, since they do not reach the image. Labels set by the base image cannot be seen here.',
      incorrect: '# .layerwise.yaml: rules: { required-labels: { labels: [org.opencontainers.image.source] } }\nFROM alpine:3.22',
      correct: '# .layerwise.yaml: rules: { required-labels: { labels: [org.opencontainers.image.source] } }\nFROM alpine:3.22\nLABEL org.opencontainers.image.source="https://github.com/example/app"',
    },
    sources: [{ tool: 'hadolint', id: 'DL3049', relation: 'same' }],
    options: {
      labels: { type: 'string[]', default: [], description: 'Label keys the final image must set; empty turns the rule off.' },
    },
  },
  check({ model, options, report }) {
    const required = options.labels as string[];
    const final = model.finalStage;
    if (required.length === 0 || !final) return;
    const present = new Set(finalImageLabels(model).map((label) => label.name));
    const missing = required.filter((key) => !present.has(key));
    if (missing.length === 0) return;
    report({
      range: final.from.keywordRange,
      message: `The final image lacks required label${missing.length > 1 ? 's' : ''} ${missing.map((key) => `\`${key}\``).join(', ')}`,
      stageIndex: final.index,
    });
  },
});
