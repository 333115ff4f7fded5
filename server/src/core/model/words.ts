// An instruction's words as dockerfile-ast's `Instruction.getRawArguments()` reads them, scanned
// from the text into plain offsets. dockerfile-ast builds an Argument with two LSP positions per
// word (each a search through the line table) and rebuilds them on every getter call; reading the
// words was about a tenth of the analysis. This is the same state machine over the same text;
// test/model.test.ts holds the model's words and flags to dockerfile-ast's getters.

export interface RawWord {
  /** The word with escapes and line continuations removed, as dockerfile-ast gives it. */
  value: string;
  start: number;
  end: number;
}

const isNewline = (char: string): boolean => char === '\r' || char === '\n';
const isWhitespace = (char: string): boolean => char === ' ' || char === '\t' || isNewline(char);

/** The words of `text.slice(from, to)`: the text after an instruction's keyword, up to its end. */
export function readWords(text: string, from: number, to: number, escapeChar: string): RawWord[] {
  const words: RawWord[] = [];
  const args = text.slice(from, to);
  let atLineStart = false;
  let comment = false;
  let found = -1;
  // Whitespace after an escape that did not end in a newline (`\ ` then a word) ends the word.
  let escapedWhitespace = false;
  // Inside an escaped newline sequence (line continuation).
  let escaping = false;
  let escapeMarker = -1;
  let value = '';
  // Plain characters are taken as one slice when their run ends, not appended one by one: every
  // branch but the plain character's ends the run first.
  let runStart = -1;
  const endRun = (at: number): void => {
    if (runStart < 0) return;
    value += args.slice(runStart, at);
    runStart = -1;
  };
  const push = (end: number): void => {
    words.push({ value, start: from + found, end: from + end });
    value = '';
    found = -1;
  };
  for (let i = 0; i < args.length; i++) {
    const char = args[i];
    if (isWhitespace(char)) {
      endRun(i);
      if (escaping) {
        escapedWhitespace = true;
        if (isNewline(char)) {
          escapedWhitespace = false;
          if (comment) {
            comment = false;
            atLineStart = true;
          }
        }
        continue;
      } else if (found !== -1) {
        push(escapeMarker === -1 ? i : escapeMarker);
        escapeMarker = -1;
      }
    } else if (char === escapeChar) {
      endRun(i);
      const next = args.charAt(i + 1);
      if (next === ' ' || next === '\t') {
        whitespaceCheck: for (let j = i + 2; j < args.length; j++) {
          switch (args[j]) {
            case ' ':
            case '\t':
              continue;
            case '\r':
            case '\n':
              if (args[j] === '\r') j++; // `\r\n` (dockerfile-ast assumes the `\n`)
              comment = false;
              escaping = true;
              atLineStart = true;
              if (found !== -1) escapeMarker = i;
              i = j;
              break whitespaceCheck;
            default:
              escapeMarker = i;
              if (found === -1) i = j - 1;
              break whitespaceCheck;
          }
        }
      } else if (next === '\r' || next === '\n') {
        comment = false;
        escaping = true;
        atLineStart = true;
        if (found !== -1 && escapeMarker === -1) escapeMarker = i;
        i += next === '\r' ? 2 : 1;
      } else {
        if (escapedWhitespace && escapeMarker !== -1) push(escapeMarker);
        escapeMarker = -1;
        escapedWhitespace = false;
        escaping = false;
        if (next === '') break; // the escape character ends the text
        value += next === '$' ? char + next : next;
        if (found === -1) found = i;
        i++;
      }
    } else if (!comment) {
      if (atLineStart && char === '#') {
        endRun(i);
        comment = true;
      } else {
        if (escapedWhitespace && escapeMarker !== -1) push(escapeMarker);
        escapedWhitespace = false;
        escaping = false;
        escapeMarker = -1;
        if (runStart < 0) runStart = i;
        if (found === -1) found = i;
      }
      atLineStart = false;
    }
  }
  endRun(args.length);
  if (found !== -1) push(escapeMarker === -1 ? args.length : escapeMarker);
  return words;
}
