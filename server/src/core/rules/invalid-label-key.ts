// invalid-label-key: label keys outside Docker's recommended format.
import { labelsOf } from '../model/labels';
import { defineRule } from '../rule';

function problem(key: string): string | null {
  if (/^(com\.docker\.|io\.docker\.|org\.dockerproject\.)/.test(key)) return 'uses a namespace reserved for Docker';
  if (!/^[a-z]/.test(key)) return 'should start with a lower-case letter';
  if (!/[a-z0-9]$/.test(key)) return 'should end with a lower-case letter or digit';
  if (/[^a-z0-9._/-]/.test(key)) return 'should contain only lower-case letters, digits, `.`, `-`, `_` and `/`';
  if (/\.\.|--/.test(key)) return 'should not contain `..` or `--`';
  return null;
}

export default defineRule({
  meta: {
    id: 'invalid-label-key',
    title: 'Label key not in the recommended format',
    category: 'maintenance',
    defaultSeverity: 'off',
    fixAvailability: 'never',
    summary: 'Write label keys in reverse-DNS, lower-case form (`org.opencontainers.image.source`).',
    docs: {
      why: 'Docker\'s guidelines for label keys: reverse-DNS prefixes of a domain you own (`com.example.team`), lower-case letters, digits, `.` and `-`, starting with a letter and ending with a letter or digit, no `..` or `--`, and never the `com.docker.*`, `io.docker.*` or `org.dockerproject.*` namespaces, which Docker reserves. Consistent keys are easier to query (`docker images --filter label=…`) and do not collide with other tools\' labels.\n\nOff by default, like hadolint\'s DL3048: plenty of images use short keys such as `maintainer` (which passes) or `Description` (which does not).',
      incorrect: 'FROM alpine:3.22\nLABEL Description="API server" com.docker.extension=1',
      correct: 'FROM alpine:3.22\nLABEL org.opencontainers.image.description="API server"',
    },
    sources: [{ tool: 'hadolint', id: 'DL3048', relation: 'same' }],
  },
  check({ model, report }) {
    for (const label of labelsOf(model, model.stages)) {
      const why = label.name.includes('$') ? null : problem(label.name);
      if (!why) continue;
      report({
        range: model.lines.rangeOf(label.nameStart, label.nameEnd),
        message: `Label key \`${label.name}\` ${why}`,
        stageIndex: label.instruction.stageIndex,
      });
    }
  },
});
