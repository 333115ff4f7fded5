// wget-and-curl: a stage that uses both downloaders carries two tools for one job.
import { runScripts, type Invocation } from '../model/commands';
import { defineRule } from '../rule';

export default defineRule({
  meta: {
    id: 'wget-and-curl',
    title: 'Both wget and curl in one stage',
    category: 'size',
    defaultSeverity: 'warning',
    fixAvailability: 'never',
    summary: 'Use either `wget` or `curl` in a stage, not both.',
    docs: {
      why: 'Both tools download files; a stage that calls both usually installs both, with their libraries, for one job. Pick one (curl is in more base images; `curl -fsSL -o file URL` does what `wget -q URL` does) and drop the other package.\n\nReported once per stage, at the first call of the second tool. Builder stages used only through `COPY --from` are not reported: their tools do not ship.',
      incorrect: 'FROM debian:13-slim\nRUN curl -fsSLO https://example.com/a.tar.gz\nRUN wget -q https://example.com/b.tar.gz',
      correct: 'FROM debian:13-slim\nRUN curl -fsSLO https://example.com/a.tar.gz\nRUN curl -fsSLO https://example.com/b.tar.gz',
    },
    sources: [{ tool: 'hadolint', id: 'DL4001', relation: 'same' }],
    finalImageOnly: true,
  },
  check({ model, report }) {
    const firstUse = new Map<number, Map<string, Invocation>>();
    for (const { stage, invocations } of runScripts(model, /\b(wget|curl)\b/)) {
      let seen = firstUse.get(stage.index);
      if (!seen) firstUse.set(stage.index, (seen = new Map()));
      for (const invocation of invocations) {
        if (invocation.name !== 'wget' && invocation.name !== 'curl') continue;
        if (seen.has(invocation.name)) continue;
        seen.set(invocation.name, invocation);
        const other = seen.get(invocation.name === 'wget' ? 'curl' : 'wget');
        if (!other) continue;
        report({
          range: model.lines.rangeOf(invocation.nameWord.start, invocation.nameWord.end),
          message: `This stage uses two downloaders, \`${other.name}\` and \`${invocation.name}\`, for one job; use one of them`,
          stageIndex: stage.index,
          related: [{ range: model.lines.rangeOf(other.nameWord.start, other.nameWord.end), message: `\`${other.name}\` is used here` }],
        });
      }
    }
  },
});
