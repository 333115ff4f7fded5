// invalid-json-args: arguments written as a JSON array that is not valid JSON (`CMD ['app']`), which
// the builder silently runs as a shell command.
import { replaceSpan } from '../edits';
import type { Instruction } from '../model/types';
import { defineRule } from '../rule';
import { execFormText } from '../model/plain-command';

const EXEC_FORM_KEYWORDS = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL']);

const JSON_ESCAPE = /^\\(u[0-9a-fA-F]{4}|["\\/bfnrt])$/;
const ANY_ESCAPE = /\\(u[0-9a-fA-F]{4}|.)/gs;

/**
 * The string an item's body stands for. When every escape is one JSON knows (plus `\'` in single
 * quotes), they are decoded as JSON would; when one is not (`"C:\app\run.exe"`), the author was not
 * writing JSON escapes at all, so every backslash is kept as written, except before the item's quote.
 */
function decodeBody(body: string, quote: string): string {
  const escapes = body.match(ANY_ESCAPE) ?? [];
  const allKnown = escapes.every((escape) => JSON_ESCAPE.test(escape) || escape === `\\${quote}`);
  return body.replace(ANY_ESCAPE, (escape: string) => {
    if (escape === `\\${quote}`) return quote;
    return allKnown ? JSON.parse(`"${escape}"`) as string : escape;
  });
}

function isJsonString(raw: string): boolean {
  try {
    JSON.parse(raw);
    return true;
  } catch {
    return false;
  }
}

/** A quoted item: double-quoted (JSON escapes) or single-quoted (what Python and JS allow). */
const ITEM = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/y;

interface LooseArray {
  values: string[];
  defects: string[];
}

/**
 * Reads `[ 'a', "b", ]`: a bracketed, comma-separated list of quoted strings. Null for anything else,
 * which keeps real shell such as `[ -f /x ] && run` or `[ "$A" = b ]` out.
 */
export function readLooseArray(text: string): LooseArray | null {
  const values: string[] = [];
  const defects = new Set<string>();
  let position = 0;
  const skipSpace = (): void => {
    while (position < text.length && /\s/.test(text[position])) position++;
  };
  skipSpace();
  if (text[position] !== '[') return null;
  position++;
  for (;;) {
    skipSpace();
    if (text[position] === ']') {
      if (values.length === 0) return null;
      defects.add('trailing comma');
      position++;
      break;
    }
    ITEM.lastIndex = position;
    const item = ITEM.exec(text);
    if (!item) return null;
    const raw = item[0];
    const quote = raw[0];
    if (quote === "'") defects.add('single quotes');
    else if (!isJsonString(raw)) defects.add('invalid escape');
    values.push(decodeBody(raw.slice(1, -1), quote));
    position += raw.length;
    skipSpace();
    if (text[position] === ',') {
      position++;
      continue;
    }
    if (text[position] !== ']') return null;
    position++;
    break;
  }
  skipSpace();
  if (position !== text.length || defects.size === 0) return null;
  return { values, defects: [...defects] };
}

/** Where the would-be JSON starts: after `HEALTHCHECK [flags] CMD`, else the arguments. */
function jsonStart(instruction: Instruction): number | null {
  if (EXEC_FORM_KEYWORDS.has(instruction.keyword)) return instruction.args.length > 0 ? instruction.argsStart : null;
  if (instruction.keyword === 'HEALTHCHECK' && instruction.args[0]?.value.toUpperCase() === 'CMD' && instruction.args.length > 1) {
    return instruction.args[1].start;
  }
  return null;
}

export default defineRule({
  meta: {
    id: 'invalid-json-args',
    title: 'Arguments that look like JSON but are not',
    category: 'correctness',
    defaultSeverity: 'error',
    fixAvailability: 'always',
    summary: 'Write exec-form arguments as valid JSON: double quotes, no trailing comma.',
    docs: {
      why: [
        '`RUN`, `CMD`, `ENTRYPOINT`, `SHELL` and `HEALTHCHECK CMD` take their exec form only when the arguments parse as a JSON array of strings. Anything else is shell form, without an error or a warning: `CMD [\'myapp\']` becomes `/bin/sh -c "[\'myapp\']"`, and the shell tries to run a program named `[myapp]`. The container starts and exits at once with `/bin/sh: [myapp]: not found` (in a distroless or scratch image, which has no `/bin/sh`, it cannot start at all), and a `RUN` fails the build with the same error. `SHELL` accepts only JSON, so there the build stops with a parse error.',
        '',
        'Reported when the arguments are a bracketed, comma-separated list of quoted strings with single quotes, a trailing comma, or a backslash that JSON does not accept (`"C:\\app"`). Real shell such as `CMD [ -f /ready ] && run` is not a list of quoted strings and is left alone.',
      ].join('\n'),
      incorrect: 'FROM python:3.12-slim\nCOPY app.py .\nENTRYPOINT [\'python\', "app.py",]',
      correct: 'FROM python:3.12-slim\nCOPY app.py .\nENTRYPOINT ["python", "app.py"]',
      fixSafety: 'Safe: the fix rewrites the arguments as valid JSON with the same strings: double quotes, no trailing comma, `\\\'` read as a quote, and, in a string with an escape JSON does not know (`"C:\\app"`), every backslash kept as a backslash. The original runs `/bin/sh -c "[\'myapp\']"`, which can only fail with `[myapp]: not found` (or, for `SHELL`, does not build), so there is no working behaviour to keep; the fix gives the exec form the author wrote.',
    },
    sources: [],
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      if (instruction.execForm) continue;
      const start = jsonStart(instruction);
      if (start === null) continue;
      // argsText has continuation lines joined as the builder reads them; HEALTHCHECK's starts with `CMD`.
      const logical = instruction.keyword === 'HEALTHCHECK' ? instruction.argsText.replace(/^\s*CMD\s+/i, '') : instruction.argsText;
      const loose = readLooseArray(logical);
      if (!loose) continue;
      const label = instruction.keyword === 'HEALTHCHECK' ? 'HEALTHCHECK CMD' : instruction.keyword;
      const consequence = instruction.keyword === 'SHELL' ? 'so the build fails' : 'so they run as shell';
      const json = execFormText(loose.values);
      report({
        range: model.lines.rangeOf(start, instruction.end),
        message: `\`${label}\` arguments are not valid JSON (${loose.defects.join(', ')}), ${consequence}`,
        stageIndex: instruction.stageIndex >= 0 ? instruction.stageIndex : undefined,
        fixes: [{ title: 'Rewrite as a valid JSON array', safety: 'safe', edits: [replaceSpan(model, start, instruction.end, json)] }],
      });
    }
  },
});
