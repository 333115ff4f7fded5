// non-numeric-user: `USER app` needs /etc/passwd to resolve; orchestrators cannot check it is non-root.
import { defineRule } from '../rule';

export default defineRule({
  meta: {
    id: 'non-numeric-user',
    title: 'USER by name instead of UID',
    category: 'security',
    defaultSeverity: 'off',
    fixAvailability: 'never',
    summary: 'Set `USER` to a numeric UID (`USER 10001:10001`) so runtimes can verify the image is not root.',
    docs: {
      why: [
        'A user name is looked up in the image\'s `/etc/passwd` when the container starts. Kubernetes\' `runAsNonRoot: true` cannot verify a name and refuses to start the pod ("image has non-numeric user … cannot verify user is non-root"); a numeric UID works there and in images without `/etc/passwd` (scratch).',
        '',
        'Off by default: many images switch to a named user (`USER node`) and run fine where `runAsNonRoot` is not enforced; when hadolint added this check (DL3066) as info, users reported it as noise. Turn it on if you deploy with `runAsNonRoot`. Values written with a variable are skipped.',
      ].join('\n'),
      incorrect: 'FROM node:22-slim\nUSER node',
      correct: 'FROM node:22-slim\nUSER 1000:1000',
    },
    sources: [{ tool: 'hadolint', id: 'DL3066', relation: 'same' }],
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      if (instruction.keyword !== 'USER' || instruction.stageIndex < 0) continue;
      const word = instruction.args[0];
      const user = word?.value.split(':')[0] ?? '';
      if (!word || user === '' || /^\d+$/.test(user) || user.includes('$')) continue;
      report({
        range: word.range,
        message: `\`USER ${word.value}\` names a user; a numeric UID lets runtimes verify it is not root`,
        stageIndex: instruction.stageIndex,
      });
    }
  },
});
