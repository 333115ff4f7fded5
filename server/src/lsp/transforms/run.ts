// What the three transformation commands share: reading `[{ uri, version?, range?, runtime? }]`,
// finding the analysis of the version the user saw, applying the result as ONE versioned edit (one
// undo step), and turning refusals and unexpected errors into a message — never a throw.
import { TextDocumentEdit, type ExecuteCommandParams } from 'vscode-languageserver';
import type { DockerfileModel } from '../../core/model/types';
import type { Range } from '../../core/rule';
import type { RuntimeChoice, TransformResult } from '../../core/transforms/types';
import type { CommandContext } from '../commands';
import { showInfo, showWarning } from '../messages';

export interface TransformArgs {
  uri: string;
  version?: number;
  range?: Range;
  runtime?: string;
}

export type TransformResponse = { choices: RuntimeChoice[] } | { applied: boolean; notes: string[] } | { refused: string } | null;

function isPosition(value: unknown): value is Range['start'] {
  if (typeof value !== 'object' || value === null) return false;
  const { line, character } = value as Record<string, unknown>;
  return Number.isInteger(line) && Number.isInteger(character) && (line as number) >= 0 && (character as number) >= 0;
}

/** The command's argument, or null when it is malformed. */
export function readTransformArgs(params: ExecuteCommandParams): TransformArgs | null {
  const first: unknown = params.arguments?.[0];
  if (typeof first !== 'object' || first === null) return null;
  const { uri, version, range, runtime } = first as Record<string, unknown>;
  if (typeof uri !== 'string') return null;
  if (version !== undefined && typeof version !== 'number') return null;
  if (runtime !== undefined && typeof runtime !== 'string') return null;
  const args: TransformArgs = { uri, version, runtime };
  if (range !== undefined && range !== null) {
    const { start, end } = range as Record<string, unknown>;
    if (!isPosition(start) || !isPosition(end)) return null;
    args.range = { start, end };
  }
  return args;
}

export interface TransformStep {
  model: DockerfileModel;
  args: TransformArgs;
  uri: string;
  /** Shows the reason (a warning, or information when `quiet`) and answers `{ refused }`. */
  refuse(reason: string, quiet?: boolean): TransformResponse;
  /** Applies an `edit` result as one versioned edit, or refuses with its reason. */
  apply(label: string, result: TransformResult): Promise<TransformResponse>;
}

/** Runs `step` on the analysis of the document version the command names. */
export async function runTransformCommand(
  params: ExecuteCommandParams,
  { connection, documents, cache }: CommandContext,
  name: string,
  step: (context: TransformStep) => TransformResponse | Promise<TransformResponse>,
): Promise<TransformResponse> {
  const refuse = (reason: string, quiet = false): TransformResponse => {
    (quiet ? showInfo : showWarning)(connection, `Layerwise: ${reason}`);
    return { refused: reason };
  };
  try {
    const args = readTransformArgs(params);
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
    const apply = async (label: string, transformed: TransformResult): Promise<TransformResponse> => {
      if (transformed.kind === 'refused') return refuse(transformed.reason);
      const applied = await connection.workspace.applyEdit({
        label: `Layerwise: ${label}`,
        edit: { documentChanges: [TextDocumentEdit.create({ uri: result.uri, version: result.version }, transformed.edits)] },
      });
      if (!applied.applied) connection.console.warn(`${name} was not applied to ${result.uri}: ${applied.failureReason ?? 'the editor refused the edit'}`);
      return { applied: applied.applied, notes: transformed.notes };
    };
    return await step({ model: result.analysis.model, args, uri: result.uri, refuse, apply });
  } catch (error) {
    connection.console.error(`${params.command} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    return refuse(`${name} failed unexpectedly; see the output channel`);
  }
}
