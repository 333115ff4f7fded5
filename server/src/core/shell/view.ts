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
  const chars = slice.split('');
  let lineStart = 0;
  let continued = false;
  /** The `\` of the last continuation: blanked when no command line follows it. */
  let lastContinuation = -1;
  for (let i = 0; i <= chars.length; i++) {
    if (i < chars.length && chars[i] !== '\n') continue;
    // chars[lineStart, i) is one line (without its \n).
    const line = chars.slice(lineStart, i).join('');
    const trimmed = line.trim();
    if (continued && (trimmed === '' || trimmed.startsWith('#'))) {
      for (let k = lineStart; k < i; k++) chars[k] = ' ';
      if (i < chars.length) chars[i] = ' ';
    } else {
      continued = false;
      const tailStart = lineStart + trailingBlankStart(line, ' \t\r');
      const escapeAt = tailStart - 1;
      if (i < chars.length && escapeAt >= lineStart && chars[escapeAt] === escapeChar && !isEscaped(chars, escapeAt, lineStart, escapeChar)) {
        for (let k = escapeAt; k < i - 1; k++) chars[k] = ' ';
        chars[i - 1] = '\\';
        lastContinuation = i - 1;
        continued = true;
      }
    }
    lineStart = i + 1;
  }
  // The instruction ends in a continuation (end of file, or only comment and blank lines after
  // it): the builder drops it, and bash (tree-sitter at least) would read a dangling `\`.
  if (continued && lastContinuation >= 0) chars[lastContinuation] = ' ';
  return chars.join('');
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
function isEscaped(chars: string[], at: number, lineStart: number, escapeChar: string): boolean {
  let count = 0;
  for (let k = at - 1; k >= lineStart && chars[k] === escapeChar; k--) count++;
  return count % 2 === 1;
}

/**
 * The text as the builder reads it: an escape character at the end of a line joins it to the next,
 * and comment or blank lines inside a continued instruction are dropped.
 */
export function joinContinuations(text: string, start: number, end: number, escapeChar: string): string {
  const lines = text.slice(start, end).split('\n');
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
