// Renders a slice of a Dockerfile as the shell will see it, with the same length, so that every
// offset in the shell's syntax tree is also an offset in the document.
//
// The builder joins continuation lines and drops comment and blank lines inside an instruction
// before the shell runs; bash would read those differently, so they are rewritten:
//   `\` + spaces + newline  → spaces + `\` + newline   (bash needs the backslash right before it)
//   a backtick escape       → `\`                      (`# escape=\``)
//   a comment or blank line → spaces, newline included (the builder removes the whole line)

export function shellView(text: string, start: number, end: number, escapeChar: string): string {
  const slice = text.slice(start, end);
  // One line has no continuation, comment line or blank line to rewrite.
  if (!slice.includes('\n')) return slice;
  // Line by line, each rendered with its length kept (an array of characters costs a string each).
  const lines = slice.split('\n');
  const rendered: string[] = [];
  let continued = false;
  /** The line of the last continuation: its `\` is blanked when no command line follows it. */
  let lastContinuation = -1;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    const newline = n < lines.length - 1 ? '\n' : '';
    const trimmed = line.trim();
    if (continued && (trimmed === '' || trimmed.startsWith('#'))) {
      rendered.push(' '.repeat(line.length + newline.length));
      continue;
    }
    continued = false;
    const escapeAt = trailingBlankStart(line, ' \t\r') - 1;
    if (newline && escapeAt >= 0 && line[escapeAt] === escapeChar && !isEscaped(line, escapeAt, escapeChar)) {
      rendered.push(`${line.slice(0, escapeAt)}${' '.repeat(line.length - 1 - escapeAt)}\\\n`);
      lastContinuation = n;
      continued = true;
    } else {
      rendered.push(line + newline);
    }
  }
  // The instruction ends in a continuation (end of file, or only comment and blank lines after
  // it): the builder drops it, and bash (tree-sitter at least) would read a dangling `\`.
  if (continued && lastContinuation >= 0) rendered[lastContinuation] = `${rendered[lastContinuation].slice(0, -2)} \n`;
  return rendered.join('');
}

/**
 * Where the run of `blanks` that ends `line` starts. A scan from the end, not `/[ \t]*$/`: the
 * regular expression retries from every blank of a long run and is quadratic in the line.
 */
export function trailingBlankStart(line: string, blanks: string): number {
  let at = line.length;
  while (at > 0 && blanks.includes(line[at - 1])) at--;
  return at;
}

/** True when the escape character at `at` is itself escaped (`\\` at the end of a line). */
function isEscaped(line: string, at: number, escapeChar: string): boolean {
  let count = 0;
  for (let k = at - 1; k >= 0 && line[k] === escapeChar; k--) count++;
  return count % 2 === 1;
}

/**
 * The text as the builder reads it: an escape character at the end of a line joins it to the next,
 * and comment or blank lines inside a continued instruction are dropped.
 */
export function joinContinuations(text: string, start: number, end: number, escapeChar: string): string {
  const slice = text.slice(start, end);
  // One line (most instructions): nothing to join or drop.
  if (!slice.includes('\n')) return slice.endsWith('\r') ? slice.slice(0, -1) : slice;
  const lines = slice.split('\n');
  let result = '';
  let continued = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    const trimmed = line.trim();
    if (continued && (trimmed === '' || trimmed.startsWith('#'))) continue;
    const body = line.slice(0, trailingBlankStart(line, ' \t'));
    if (i < lines.length - 1 && body.endsWith(escapeChar)) {
      result += body.slice(0, -1);
      continued = true;
    } else {
      result += i < lines.length - 1 ? `${line}\n` : line;
      continued = false;
    }
  }
  return result;
}
