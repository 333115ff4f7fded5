// label-value-format: well-known labels whose values must be URLs, dates, hashes, SPDX ids…
import { LABEL_TYPE_WORDS, LABEL_TYPES, labelsOf, matchesLabelType, type LabelType } from '../model/labels';
import { defineRule } from '../rule';

const OCI_SCHEMA = [
  'org.opencontainers.image.created=rfc3339',
  'org.opencontainers.image.url=url',
  'org.opencontainers.image.source=url',
  'org.opencontainers.image.documentation=url',
  'org.opencontainers.image.revision=hash',
  'org.opencontainers.image.licenses=spdx',
];

export default defineRule({
  meta: {
    id: 'label-value-format',
    title: 'Label value in the wrong format',
    category: 'maintenance',
    defaultSeverity: 'off',
    fixAvailability: 'never',
    summary: 'Check label values against their expected format: URL, RFC 3339 date, git hash, SPDX license, semver, email.',
    docs: {
      why: [
        'Registries, scanners and SBOM tools read well-known labels: `org.opencontainers.image.source` must be a URL to link the image to its repository, `…created` an RFC 3339 date, `…licenses` an SPDX expression. A value in another format is silently ignored by those tools.',
        '',
        'The `schema` option maps label keys to types, `key=type`, with the types of hadolint\'s `label-schema`: `text`, `url`, `semver`, `hash` (a full 40- or 64-digit git hash), `rfc3339`, `spdx` (common license ids, `LicenseRef-…`, and `AND`/`OR`/`WITH` expressions), `email`. The default covers the OCI annotations with a defined format. Values written with a variable (`$BUILD_DATE`) are skipped: they are only known at build time.',
        '',
        'Off by default, like hadolint\'s label rules. One rule covers hadolint\'s DL3052 (url), DL3053 (rfc3339), DL3054 (spdx), DL3055 (hash), DL3056 (semver) and DL3058 (email), so any of those codes configures it.',
      ].join('\n'),
      incorrect: 'FROM alpine:3.22\nLABEL org.opencontainers.image.source="github.com/example/app" \\\n      org.opencontainers.image.created="yesterday"',
      correct: 'FROM alpine:3.22\nLABEL org.opencontainers.image.source="https://github.com/example/app" \\\n      org.opencontainers.image.created="2026-05-01T12:00:00Z"',
    },
    sources: [
      { tool: 'hadolint', id: 'DL3052', relation: 'same' },
      { tool: 'hadolint', id: 'DL3053', relation: 'same' },
      { tool: 'hadolint', id: 'DL3054', relation: 'same' },
      { tool: 'hadolint', id: 'DL3055', relation: 'same' },
      { tool: 'hadolint', id: 'DL3056', relation: 'same' },
      { tool: 'hadolint', id: 'DL3058', relation: 'same' },
    ],
    options: {
      schema: { type: 'string[]', default: OCI_SCHEMA, description: 'Label types as `key=type` (text, url, semver, hash, rfc3339, spdx, email).' },
    },
  },
  check({ model, options, report }) {
    const schema = new Map<string, LabelType>();
    for (const entry of options.schema as string[]) {
      const eq = entry.lastIndexOf('=');
      const type = entry.slice(eq + 1) as LabelType;
      // Entries with an unknown type are ignored rather than failing the whole run.
      if (eq > 0 && LABEL_TYPES.includes(type)) schema.set(entry.slice(0, eq), type);
    }
    for (const label of labelsOf(model, model.stages)) {
      const type = schema.get(label.name);
      const value = label.value ?? '';
      if (!type || value === '' || value.includes('$') || matchesLabelType(type, value)) continue;
      report({
        range: model.lines.rangeOf(label.valueStart, label.valueEnd),
        message: `Label \`${label.name}\` should be ${LABEL_TYPE_WORDS[type]}, not \`${value.length > 40 ? `${value.slice(0, 40)}…` : value}\``,
        stageIndex: label.instruction.stageIndex,
      });
    }
  },
});
