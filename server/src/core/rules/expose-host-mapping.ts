// expose-host-mapping: `EXPOSE 8080:80` or an IP in EXPOSE: publishing is decided at `docker run`.
import { replaceSpan } from '../edits';
import { literalPorts, parsePortSpec } from '../model/ports';
import { defineRule } from '../rule';

export default defineRule({
  meta: {
    id: 'expose-host-mapping',
    title: 'Host address or port in EXPOSE',
    category: 'correctness',
    defaultSeverity: 'warning',
    fixAvailability: 'always',
    summary: '`EXPOSE` takes only the container port; map host addresses and ports with `docker run -p`.',
    docs: {
      why: '`EXPOSE` documents which ports the container listens on. A host port or IP address in it (`EXPOSE 8080:80`, `EXPOSE 127.0.0.1:80:80`) looks like a port mapping but is not one: the builder throws the host part away and records only the container port, so the mapping the line suggests never happens. Publish ports with `docker run -p 8080:80` or the `ports:` of a Compose file.',
      incorrect: 'FROM nginx:1.29\nEXPOSE 127.0.0.1:8080:80/tcp',
      correct: 'FROM nginx:1.29\nEXPOSE 80/tcp',
      fixSafety: 'Safe: the fix keeps the container port and protocol, which is all the builder records, so the image is identical.',
    },
    sources: [{ tool: 'buildkit', id: 'ExposeInvalidFormat', relation: 'same' }],
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      if (instruction.keyword !== 'EXPOSE') continue;
      for (const word of literalPorts(instruction.args)) {
        const spec = parsePortSpec(word.value);
        if (!spec.ip && !spec.hostPort) continue;
        const kept = spec.proto ? `${spec.containerPort}/${spec.proto}` : spec.containerPort;
        report({
          range: word.range,
          message: `\`EXPOSE ${word.value}\` sets a host ${spec.ip ? 'address' : 'port'}, which the builder ignores; expose \`${kept}\``,
          stageIndex: instruction.stageIndex,
          fixes: [{ title: `Expose ${kept}`, safety: 'safe', edits: [replaceSpan(model, word.start, word.end, kept)] }],
        });
      }
    }
  },
});
