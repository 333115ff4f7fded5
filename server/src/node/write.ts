// Writes a file in place without ever leaving it half-written: the new content goes to a temporary
// file in the same folder (same file system, so the rename is atomic), takes the original's mode,
// and replaces the original by rename. A crash or a full disk leaves the user's file untouched.
import { randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, fsyncSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describeError, InputError } from './files';

export function writeFileAtomically(path: string, content: string): void {
  let target: string;
  let mode: number;
  try {
    // Through a symlink, replace the file it points to rather than the link itself.
    target = realpathSync(path);
    mode = statSync(target).mode & 0o7777;
  } catch (error) {
    throw new InputError(path, `cannot write: ${describeError(error)}`);
  }
  const temporary = join(dirname(target), `.${basename(target)}.layerwise-${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temporary, 'wx', mode);
    // The umask may have narrowed the mode passed to open; set it exactly.
    fchmodSync(fd, mode);
    const bytes = Buffer.from(content, 'utf8');
    for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, target);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(temporary);
    } catch {
      // Nothing was created, or it is already gone.
    }
    throw new InputError(path, `cannot write: ${describeError(error)}`);
  }
}
