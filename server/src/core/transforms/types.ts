// The contract of the whole-file transformations (merge RUN layers, swap the runtime base,
// convert to multi-stage): pure functions of the model that either return the edits or refuse
// with a reason a user can act on. Never a guess.
import type { TextEdit } from '../rule';

export type TransformResult =
  | {
    kind: 'edit';
    /** Applied together as one edit (one undo step in the editor). */
    edits: TextEdit[];
    /** What was done and anything the user should check, one sentence each. */
    notes: string[];
  }
  | { kind: 'refused'; reason: string };

/** One runtime base the user can pick (QuickPick item, CLI `--runtime`). */
export interface RuntimeChoice {
  /** Full image reference to write in FROM, e.g. `gcr.io/distroless/python3-debian13:nonroot`. */
  reference: string;
  /** Short label: the reference, or a friendlier name. */
  label: string;
  /** One line: approximate compressed size and the saving against the current base. */
  description: string;
  /** Shell yes/no, libc, runtime version, caveats (musl, no package manager...). */
  detail: string;
}

export function refused(reason: string): TransformResult {
  return { kind: 'refused', reason };
}
