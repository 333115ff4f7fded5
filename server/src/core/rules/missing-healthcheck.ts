// missing-healthcheck: the final image declares no HEALTHCHECK.
import { stageChain } from '../model/stages';
import { defineRule } from '../rule';

export default defineRule({
  meta: {
    id: 'missing-healthcheck',
    title: 'No HEALTHCHECK in the final image',
    category: 'maintenance',
    defaultSeverity: 'off',
    fixAvailability: 'never',
    summary: 'Declare a `HEALTHCHECK` (or `HEALTHCHECK NONE`) in the final stage so Docker can tell a hung container from a healthy one.',
    docs: {
      why: [
        'Without a health check, Docker and Compose only know whether the process is running, not whether it answers: a deadlocked server stays "Up". `HEALTHCHECK CMD ["/app", "healthcheck"]` lets `docker ps`, Compose `depends_on: condition: service_healthy` and Swarm act on it.',
        '',
        'Off by default: Kubernetes ignores `HEALTHCHECK` (it uses its own probes), and a check needs a command the image can run — distroless and scratch images have no shell or `curl`, so the app itself must provide it. Only the final stage is checked, together with the stages it is built `FROM`; `HEALTHCHECK NONE` counts as a decision. A health check set by the base image cannot be seen here.',
      ].join('\n'),
      incorrect: 'FROM nginx:1.29\nCOPY site/ /usr/share/nginx/html/',
      correct: 'FROM nginx:1.29\nCOPY site/ /usr/share/nginx/html/\nHEALTHCHECK CMD curl -fsS http://localhost/ || exit 1',
    },
    sources: [{ tool: 'hadolint', id: 'DL3057', relation: 'same' }],
  },
  check({ model, report }) {
    const final = model.finalStage;
    if (!final) return;
    const chain = stageChain(model, final);
    if (chain.some((stage) => stage.instructions.some((instruction) => instruction.keyword === 'HEALTHCHECK'))) return;
    report({
      range: final.from.keywordRange,
      message: 'The final image has no `HEALTHCHECK`, so Docker cannot tell a hung container from a healthy one',
      stageIndex: final.index,
    });
  },
});
