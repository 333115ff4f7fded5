// copy-all-without-dockerignore: `COPY . …` with no `.dockerignore` copies the whole build context
// (.git, node_modules, local secrets, build output) into the image.
import { copyPaths } from '../model/commands';
import { defineRule } from '../rule';

/** `.`, `./` and `*`: the whole context. */
const WHOLE_CONTEXT = /^\.\/?$|^\.?\/?\*$/;

/** A `.dockerignore` with no pattern (only blank lines and comments) ignores nothing. */
function ignoresNothing(dockerignore: string): boolean {
  return dockerignore.split(/\r?\n/).every((line) => line.trim() === '' || line.trimStart().startsWith('#'));
}

export default defineRule({
  meta: {
    id: 'copy-all-without-dockerignore',
    title: 'COPY of the whole context without .dockerignore',
    category: 'size',
    defaultSeverity: 'warning',
    fixAvailability: 'never',
    summary: 'Add a `.dockerignore` before copying the whole build context with `COPY . …`.',
    docs: {
      why: '`COPY . /app` copies everything in the build context: the `.git` folder, `node_modules` or virtual environments built on your machine, test data, local `.env` files with secrets, earlier build output. All of it lands in the image, and any change to any of it (a commit, an editor swap file) invalidates the cache of this COPY and every step after it. A `.dockerignore` next to the Dockerfile (or `<Dockerfile name>.dockerignore`) keeps those files out of the context.\n\nReported for `COPY`/`ADD` whose source is `.`, `./` or `*` when the Dockerfile has no `.dockerignore`, or one with no patterns. `COPY --from=…` copies from another stage and is not concerned. When the build context is unknown (standard input, an unsaved editor) the rule stays quiet.\n\nNo fix in the Dockerfile itself: the remedy is a new file. Start from the ignore list of your ecosystem, for example `.git`, `node_modules`, `npm-debug.log`, `dist` for Node.js, or `.git`, `__pycache__`, `*.pyc`, `.venv` for Python, and add `.env` and other local secrets.',
      incorrect: '# no .dockerignore next to this Dockerfile\nFROM node:22-slim\nWORKDIR /app\nCOPY . .',
      correct: '# .dockerignore: .git, node_modules, dist, .env\nFROM node:22-slim\nWORKDIR /app\nCOPY . .',
    },
    sources: [],
  },
  check({ model, buildContext, report }) {
    const { dockerignore } = buildContext;
    if (dockerignore === undefined || (dockerignore !== null && !ignoresNothing(dockerignore))) return;
    const reason = dockerignore === null ? 'there is no `.dockerignore`' : 'the `.dockerignore` is empty';
    for (const stage of model.stages) {
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') continue;
        if (instruction.flags.some((flag) => flag.name === 'from')) continue;
        const paths = copyPaths(instruction);
        const whole = paths?.sources.find((source) => WHOLE_CONTEXT.test(source));
        if (!paths || whole === undefined) continue;
        // The source word itself, or the whole JSON array.
        const word = paths.json ? null : instruction.args.find((candidate) => candidate.value === whole);
        report({
          range: word ? word.range : model.lines.rangeOf(instruction.argsStart, instruction.end),
          message: `\`${instruction.keyword} ${whole}\` copies the whole build context and ${reason}`,
          stageIndex: stage.index,
        });
      }
    }
  },
});
