// copy-dest-missing-slash: COPY of several sources into a destination without a trailing `/` fails.
import { insertAt } from '../edits';
import { copyArgs, unquoted } from '../model/copies';
import { defineRule } from '../rule';

export default defineRule({
  meta: {
    id: 'copy-dest-missing-slash',
    title: 'Several sources copied to a destination without a trailing slash',
    category: 'correctness',
    defaultSeverity: 'error',
    fixAvailability: 'always',
    summary: 'When `COPY` or `ADD` has more than one source, end the destination with `/`.',
    docs: {
      why: 'With several sources the destination must be a folder, and the builder only accepts it when it ends with `/`: `COPY package.json package-lock.json /app` fails with "When using COPY with more than one source file, the destination must be a directory and end with a /". Destinations written with a variable are not checked (the value may end with `/`).',
      incorrect: 'FROM node:22-slim\nCOPY package.json package-lock.json /app',
      correct: 'FROM node:22-slim\nCOPY package.json package-lock.json /app/',
      fixSafety: 'Safe: without the slash the build stops at this line, so there is no working behaviour to change; with it, the sources are copied into the folder, which is the only thing the line can mean.',
    },
    sources: [{ tool: 'hadolint', id: 'DL3021', relation: 'same' }],
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      const copy = copyArgs(instruction);
      if (!copy || copy.sources.length < 2) continue;
      const { destination } = copy;
      const path = unquoted(destination.value);
      if (path.endsWith('/') || path.includes('$')) continue;
      // A quoted destination gets the slash inside its quotes.
      const quoted = path !== destination.value;
      report({
        range: destination.range,
        message: `\`${instruction.keyword}\` with ${copy.sources.length} sources needs a folder destination ending in \`/\`: \`${path}/\``,
        stageIndex: instruction.stageIndex,
        fixes: [{ title: 'Add a trailing /', safety: 'safe', edits: [insertAt(model, quoted ? destination.end - 1 : destination.end, '/')] }],
      });
    }
  },
});
