// `layerwise.server.mergeRunInstructions`: merge the RUN groups of the whole document, or those
// touching `range` (the selection), as one versioned edit (one undo step), or explain why not.
import { TextDocumentEdit, type ExecuteCommandParams } from 'vscode-languageserver';
import type { Range } from '../../core/rule';
import { mergeRuns } from '../../core/transforms/merge-runs';
import type { CommandContext } from '../commands';
import { showInfo, showWarning } from '../messages';

export type MergeRunsResponse = { applied: boolean; notes: string[] } | { refused: string } | null;

interface MergeArgs {
  uri: string;
  version?: number;
  range?: Range;
}

function isPosition(value: unknown): value is Range['start'] {
  if (typeof value !== 'object' || value === null) return false;
  const { line, character } = value as Record<string, unknown>;
  return Number.isInteger(line) && Number.isInteger(character) && (line as number) >= 0 && (character as number) >= 0;
}

function readArgs(params: ExecuteCommandParams): MergeArgs | null {
  const first: unknown = params.arguments?.[0];
  if (typeof first !== 'object' || first === null) return null;
  const { uri, version, range } = first as Record<string, unknown>;
  if (typeof uri !== 'string') return null;
  if (version !== undefined && typeof version !== 'number') return null;
  if (range !== undefined && range !== null) {
    const { start, end } = range as Record<string, unknown>;
    if (!isPosition(start) || !isPosition(end)) return null;
    return { uri, version, range: { start, end } };
  }
  return { uri, version };
}

export async function mergeRunInstructions(params: ExecuteCommandParams, { connection, documents, cache }: CommandContext): Promise<MergeRunsResponse> {
  const refuse = (reason: string, quiet = false): MergeRunsResponse => {
    (quiet ? showInfo : showWarning)(connection, `Layerwise: ${reason}`);
    return { refused: reason };
  };
  try {
    const args = readArgs(params);
    const document = args ? documents.get(args.uri) : undefined;
    if (!args || !document) {
      connection.console.warn(`${params.command}: no open document for ${JSON.stringify(params.arguments ?? [])}`);
      return null;
    }
    if (args.version !== undefined && args.version !== document.version) return refuse('The document changed; run the command again');
    const result = await cache.analysisOf(document);
    if (result.kind === 'skipped') return refuse(result.reason);
    if (result.kind === 'disabled') return refuse('Layerwise is disabled for this file');
    if (result.version !== document.version) return refuse('The document changed; run the command again');
    const merged = mergeRuns(result.analysis.model, args.range);
    // "Nothing to merge" is an answer, not a problem.
    if (merged.kind === 'refused') return refuse(merged.reason, merged.reason.startsWith('No '));
    const applied = await connection.workspace.applyEdit({
      label: 'Layerwise: merge RUN instructions',
      edit: { documentChanges: [TextDocumentEdit.create({ uri: result.uri, version: result.version }, merged.edits)] },
    });
    if (!applied.applied) connection.console.warn(`Merge RUN instructions was not applied to ${result.uri}: ${applied.failureReason ?? 'the editor refused the edit'}`);
    return { applied: applied.applied, notes: merged.notes };
  } catch (error) {
    connection.console.error(`${params.command} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    return refuse('Merge RUN Instructions failed unexpectedly; see the output channel');
  }
}
