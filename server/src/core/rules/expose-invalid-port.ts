// expose-invalid-port: EXPOSE of a port outside 0–65535 (or not a number) fails the build.
import { literalPorts, parsePortSpec, portNumbers } from '../model/ports';
import { defineRule } from '../rule';

export default defineRule({
  meta: {
    id: 'expose-invalid-port',
    title: 'EXPOSE of an invalid port',
    category: 'correctness',
    defaultSeverity: 'error',
    fixAvailability: 'never',
    summary: 'Ports in `EXPOSE` must be numbers (or ranges) from 0 to 65535.',
    docs: {
      why: 'TCP and UDP ports are 16-bit numbers. The builder rejects `EXPOSE 80000` or `EXPOSE http` with "invalid containerPort", so the build fails at that line; a typo in a port is caught here instead. Ports written with a variable (`EXPOSE $PORT`) are checked by the builder once the value is known.',
      incorrect: 'FROM nginx:1.29\nEXPOSE 80800',
      correct: 'FROM nginx:1.29\nEXPOSE 8080',
    },
    sources: [{ tool: 'hadolint', id: 'DL3011', relation: 'same' }],
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      if (instruction.keyword !== 'EXPOSE') continue;
      for (const word of literalPorts(instruction.args)) {
        const spec = parsePortSpec(word.value);
        const ranges = spec.hostPort ? [spec.containerPort, spec.hostPort] : [spec.containerPort];
        const bad = ranges.find((range) => {
          const numbers = portNumbers(range);
          return numbers === null || numbers.some((port) => port > 65535) || (numbers.length === 2 && numbers[1] < numbers[0]);
        });
        if (bad === undefined) continue;
        report({
          range: word.range,
          message: `\`${bad}\` is not a valid port; ports are numbers from 0 to 65535`,
          stageIndex: instruction.stageIndex,
        });
      }
    }
  },
});
