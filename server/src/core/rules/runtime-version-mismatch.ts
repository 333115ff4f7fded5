// runtime-version-mismatch: the runtime stage's language version differs from the version the
// build stage it copies from used (python:3.12 builder → distroless python3 = 3.11 or 3.13).
import { imageFactsOf, runtimeCandidates, significantVersion, type Language } from '../data/images';
import { defineRule, type Fix } from '../rule';
import { copySources, rootFacts } from '../transforms/swap-base';

/** Languages whose built artifacts are tied to the runtime version (venvs, native addons, class files, TFM). */
const CHECKED: ReadonlySet<Language> = new Set<Language>(['python', 'node', 'java', 'dotnet']);

const LABELS: Record<string, string> = { python: 'Python', node: 'Node', java: 'Java', dotnet: '.NET' };

export default defineRule({
  meta: {
    id: 'runtime-version-mismatch',
    title: 'Runtime version differs from the build',
    category: 'correctness',
    defaultSeverity: 'error',
    fixAvailability: 'sometimes',
    summary: 'Run on the same language version the build stage used: venvs, native addons and bytecode are version-specific.',
    docs: {
      why: [
        'A multi-stage build compiles or installs in one stage and copies the result into another. What it copies is tied to the version it was built with: a Python venv or `site-packages` lives under `lib/python3.12/` and its compiled extensions target 3.12\'s ABI; Node native addons are built for one `NODE_MODULE_VERSION`; Java class files from JDK 21 do not load on a Java 17 runtime; a .NET app targeting `net8.0` does not roll forward to another major runtime by default. The image builds fine and fails when it starts, or worse, when the code path runs.',
        '',
        'The trap is common with distroless, whose runtime version is in the image contents, not the tag: `gcr.io/distroless/python3-debian12` is Python 3.11 and `python3-debian13` is Python 3.13, so a `python:3.12` builder matches neither. Reported on the runtime stage\'s FROM, with the builder\'s FROM as related information. Java is reported only when the builder is newer (older bytecode runs on newer JVMs).',
      ].join('\n'),
      incorrect: 'FROM python:3.12-slim AS build\nRUN python -m venv /venv && /venv/bin/pip install flask\n\nFROM gcr.io/distroless/python3-debian13\nCOPY --from=build /venv /venv\nCMD ["/venv/bin/flask", "run"]',
      correct: 'FROM python:3.13-slim AS build\nRUN python -m venv /venv && /venv/bin/pip install flask\n\nFROM gcr.io/distroless/python3-debian13\nCOPY --from=build /venv /venv\nCMD ["/venv/bin/flask", "run"]',
      fixSafety: 'When an image of the builder\'s version exists in the same family (distroless, slim, alpine...), the fix replaces the runtime image with it. It is unsafe: the runtime image changes, and with it its size, contents and, for distroless → official images, the entrypoint. Changing the builder\'s version instead is often the better choice and is left to you.',
    },
    sources: [],
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      if (!stage.reachesFinal || stage.baseStage !== null || !stage.image || stage.image.resolved === null || /\$/.test(stage.image.written)) continue;
      const runtime = imageFactsOf(stage.image.resolved);
      const language = runtime?.runtime?.language;
      if (!runtime?.runtime || !language || !CHECKED.has(language)) continue;
      const runtimeVersion = significantVersion(language, runtime.runtime.version);
      if (runtimeVersion === null) continue;
      for (const source of copySources(model, [stage])) {
        const built = rootFacts(model, source);
        if (built?.runtime?.language !== language) continue;
        const builtVersion = significantVersion(language, built.runtime.version);
        if (builtVersion === null || builtVersion === runtimeVersion) continue;
        if (language === 'java' && Number(builtVersion) < Number(runtimeVersion)) continue;
        const builderFrom = source.image ?? null;
        const label = LABELS[language];
        const match = runtimeCandidates({ language, version: built.runtime.version })
          .find((candidate) => candidate.facts.family === runtime.family && candidate.facts.variant === runtime.variant);
        // Distroless: keep the user's tag (`nonroot`, `debug`...), only the runtime changes.
        const reference = match && match.facts.family === 'distroless'
          ? `${match.facts.repository}${stage.image.tag ? `:${stage.image.tag}` : ''}`
          : match?.reference;
        const fixes: Fix[] = reference
          ? [{ title: `Use \`${reference}\` (${label} ${builtVersion}) (unsafe: changes the runtime image)`, safety: 'unsafe', edits: [{ range: stage.image.range, newText: reference }] }]
          : [];
        report({
          range: stage.image.range,
          message: `\`${stage.image.written}\` runs ${label} ${runtimeVersion}, but stage \`${source.name ?? source.index}\` builds with ${label} ${builtVersion}`,
          stageIndex: stage.index,
          related: builderFrom ? [{ range: builderFrom.range, message: `Built with ${label} ${builtVersion} here` }] : [],
          fixes,
        });
        break;
      }
    }
  },
});
