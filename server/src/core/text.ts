// Offset <-> position conversion for one document (UTF-16 code units, as LSP and JS strings use).
// Lines end at `\n`, `\r\n` or a lone `\r`, as in LSP and dockerfile-ast: counting only `\n`
// would put positions from the parser on the wrong line of a file with a lone `\r`.
import type { Position, Range } from 'vscode-languageserver-types';

export class LineIndex {
  private readonly lineStarts: number[] = [0];
  private lastLine = 0;

  constructor(readonly text: string) {
    if (!text.includes('\r')) {
      // The usual text: a native search per line instead of a JavaScript test per character.
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 10 /* \n */ || (code === 13 /* \r */ && text.charCodeAt(i + 1) !== 10)) this.lineStarts.push(i + 1);
    }
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  offsetAt(position: Position): number {
    if (position.line >= this.lineStarts.length) return this.text.length;
    const lineStart = this.lineStarts[Math.max(0, position.line)];
    return Math.min(lineStart + Math.max(0, position.character), this.lineEnd(position.line));
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    // Callers mostly ask for nearby offsets in order (the words of one instruction): try the line
    // of the last answer before searching.
    const hint = this.lastLine;
    if (this.lineStarts[hint] <= clamped && (hint + 1 === this.lineStarts.length || clamped < this.lineStarts[hint + 1])) {
      return { line: hint, character: clamped - this.lineStarts[hint] };
    }
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    this.lastLine = low;
    return { line: low, character: clamped - this.lineStarts[low] };
  }

  rangeOf(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  lineStart(line: number): number {
    return this.lineStarts[Math.min(line, this.lineStarts.length - 1)];
  }

  /** Offset of the end of `line`, before its line break (`\n`, `\r\n` or `\r`). */
  lineEnd(line: number): number {
    if (line + 1 >= this.lineStarts.length) return this.text.length;
    const next = this.lineStarts[line + 1] - 1;
    return this.text.charCodeAt(next) === 10 && next > this.lineStart(line) && this.text.charCodeAt(next - 1) === 13 ? next - 1 : next;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }

  /** The document's line break, so inserted lines match the file (CRLF files stay CRLF). */
  get eol(): string {
    const firstBreak = this.text.indexOf('\n');
    return firstBreak > 0 && this.text.charCodeAt(firstBreak - 1) === 13 ? '\r\n' : '\n';
  }
}
