// python-on-alpine: Python on musl cannot use manylinux wheels, so pip compiles from source.
import { imageFactsOf } from '../data/images';
import { runScripts } from '../model/commands';
import { stagesBuiltOn } from '../model/stages';
import { defineRule, type Fix } from '../rule';

export default defineRule({
  meta: {
    id: 'python-on-alpine',
    title: 'Python on Alpine',
    category: 'size',
    defaultSeverity: 'info',
    fixAvailability: 'sometimes',
    summary: 'Use `python:<version>-slim` instead of Alpine for Python: musl cannot use prebuilt manylinux wheels.',
    docs: {
      why: [
        'Most Python packages with native code publish `manylinux` wheels built against glibc. Alpine uses musl, so pip falls back to `musllinux` wheels when they exist and otherwise compiles from source: the build needs `gcc`, `musl-dev` and the libraries\' headers, takes minutes instead of seconds, and the image often ends up bigger than on `-slim`. musl also differs in DNS resolution, thread stack size and locale support, which shows up as runtime surprises. For Python, the Debian-based `python:<version>-slim` (≈ 45 MB compressed) is the usual choice; distroless `python3` if no shell is needed.',
        '',
        'Reported for `python:*-alpine*` images and for Alpine bases where a RUN installs Python (`apk add python3`) or runs pip, in stages that ship in the final image.',
      ].join('\n'),
      incorrect: 'FROM python:3.12-alpine\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt',
      correct: 'FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt',
      fixSafety: 'For an official `python:*-alpine` image the fix switches to the `-slim` tag of the same Python version. It is unsafe: the libc and the distribution change, so packages installed with `apk` must be installed with `apt-get` instead (the fix is not offered when the stage runs `apk`), and paths or users created by Alpine tools may differ. Alpine images with Python installed by `apk` get no fix: that is a port, not a tag change.',
    },
    sources: [],
    finalImageOnly: true,
  },
  check({ model, report }) {
    const installsPython = new Map<number, boolean>();
    for (const { stage, invocations } of runScripts(model, /python|py3-|pip/)) {
      const found = invocations.some((invocation) => /^pip3?$/.test(invocation.name)
        || (invocation.name === 'apk' && invocation.args.some((word) => /^(python3?|py3-.*)$/.test(word.value ?? ''))));
      if (found) installsPython.set(stage.index, true);
    }
    for (const stage of model.stages) {
      const image = stage.image;
      if (stage.baseStage !== null || !image || image.resolved === null || /\$/.test(image.written)) continue;
      const facts = imageFactsOf(image.resolved);
      if (!facts || facts.libc !== 'musl' || facts.family !== 'official') continue;
      const users = stagesBuiltOn(model, stage);
      const chainRunsApk = users.some((other) => other.instructions.some((instruction) => instruction.keyword === 'RUN' && /\bapk\b/.test(instruction.argsText)));
      if (facts.repository === 'python') {
        const version = facts.runtime?.version;
        const slim = version && version !== 'latest' ? `python:${version}-slim` : 'python:slim';
        const fixes: Fix[] = chainRunsApk ? [] : [{ title: `Use \`${slim}\` (unsafe: glibc and Debian instead of musl and Alpine)`, safety: 'unsafe', edits: [{ range: image.range, newText: slim }] }];
        report({ range: image.range, message: `\`${image.written}\` runs Python on musl, so pip builds wheels from source; prefer \`${slim}\``, stageIndex: stage.index, fixes });
      } else if (facts.repository === 'alpine' && users.some((other) => installsPython.get(other.index))) {
        report({ range: image.range, message: `Python on \`${image.written}\` (musl) builds wheels from source; prefer \`python:<version>-slim\``, stageIndex: stage.index });
      }
    }
  },
});
