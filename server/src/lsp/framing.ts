// Framing that survives a misbehaving client on stdio. After one frame with a wrong
// `Content-Length`, vscode-jsonrpc's reader reads every later header from the middle of a body
// and never gets back in step: the server is alive but deaf. This stream sits between stdin and
// the reader, passes on frames that look whole, and after a bad one skips to the next header.
import { Transform, type TransformCallback } from 'node:stream';

const HEADER = Buffer.from('Content-Length:', 'ascii');
const SEPARATOR = Buffer.from('\r\n\r\n', 'ascii');
/** Headers are a few dozen bytes; a "header" longer than this is garbage. */
const MAX_HEADER_BYTES = 8 * 1024;

const isBlank = (byte: number): boolean => byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;

/**
 * A body is JSON, so it starts with `{` or `[` and ends with `}` or `]`; and a raw
 * `Content-Length: <digits>\r\n` can never occur inside JSON (raw line breaks are not allowed in
 * strings), so one there means the next frame was swallowed.
 */
function looksWhole(body: Buffer): boolean {
  if (headerInside(body) >= 0) return false;
  let first = 0;
  while (first < body.length && isBlank(body[first])) first++;
  let last = body.length - 1;
  while (last >= 0 && isBlank(body[last])) last--;
  const opens = body[first] === 0x7b || body[first] === 0x5b;
  const closes = body[last] === 0x7d || body[last] === 0x5d;
  return opens && closes;
}

/** Where a raw `Content-Length: <digits>\r\n` starts in `bytes`, or -1. */
function headerInside(bytes: Buffer, from = 0): number {
  for (let at = bytes.indexOf(HEADER, from); at >= 0; at = bytes.indexOf(HEADER, at + 1)) {
    let cursor = at + HEADER.length;
    while (bytes[cursor] === 0x20) cursor++;
    const digits = cursor;
    while (bytes[cursor] >= 0x30 && bytes[cursor] <= 0x39) cursor++;
    if (cursor > digits && bytes[cursor] === 0x0d && bytes[cursor + 1] === 0x0a) return at;
  }
  return -1;
}

/** The `Content-Length` of a header block, or null when the block is not a valid header. */
function contentLength(block: string): number | null {
  let length: number | null = null;
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) return null;
    if (line.slice(0, colon).trim().toLowerCase() !== 'content-length') continue;
    const value = line.slice(colon + 1).trim();
    if (!/^\d{1,10}$/.test(value)) return null;
    length = Number(value);
  }
  return length;
}

export class ResynchronizingFrames extends Transform {
  private buffer: Buffer = Buffer.alloc(0);
  /** Frames dropped so far. */
  dropped = 0;
  /** How much of a partial body was already searched for a swallowed header. */
  private scanned = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    this.drain();
    done();
  }

  private drain(): void {
    for (;;) {
      const start = this.buffer.indexOf(HEADER);
      if (start < 0) {
        // Keep a possible partial `Content-Length:` at the end; drop what is before it.
        this.skip(Math.max(0, this.buffer.length - HEADER.length + 1));
        return;
      }
      this.skip(start);
      const end = this.buffer.indexOf(SEPARATOR);
      if (end < 0) {
        if (this.buffer.length > MAX_HEADER_BYTES) this.reject(1);
        return;
      }
      const length = contentLength(this.buffer.subarray(0, end).toString('ascii'));
      if (length === null) {
        this.reject(1);
        continue;
      }
      const bodyStart = end + SEPARATOR.length;
      if (this.buffer.length < bodyStart + length) {
        // Wait for the rest, unless a frame already starts inside it (Content-Length too long).
        // Only the bytes that arrived since the last look (a 5 MB body comes in many chunks).
        const partial = this.buffer.subarray(bodyStart);
        const swallowed = headerInside(partial, Math.max(0, this.scanned - 64));
        this.scanned = partial.length;
        if (swallowed < 0) return;
        this.reject(bodyStart + swallowed);
        continue;
      }
      const body = this.buffer.subarray(bodyStart, bodyStart + length);
      if (!looksWhole(body)) {
        // Content-Length too long: the next frame starts inside this body; too short: garbage follows.
        const next = body.indexOf(HEADER, 1);
        this.reject(next > 0 ? bodyStart + next : bodyStart + length);
        continue;
      }
      this.push(Buffer.concat([Buffer.from(`Content-Length: ${length}\r\n\r\n`, 'ascii'), body]));
      this.skip(bodyStart + length);
    }
  }

  private skip(bytes: number): void {
    if (bytes > 0) this.buffer = this.buffer.subarray(bytes);
    this.scanned = 0;
  }

  private reject(bytes: number): void {
    this.dropped++;
    this.skip(bytes);
  }
}
