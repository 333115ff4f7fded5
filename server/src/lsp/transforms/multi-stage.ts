// `layerwise.server.convertToMultiStage`: without `runtime`, answer the QuickPick choices (or the
// reason the file cannot be converted); with it, apply the conversion as one versioned edit (one
// undo step) or explain the refusal. Never throws.
import { TextDocumentEdit, type ExecuteCommandParams } from 'vscode-languageserver';
import { preferFamily } from '../../core/data/images';
import { convertToMultiStage, multiStageChoices } from '../../core/transforms/multi-stage';
import type { RuntimeChoice } from '../../core/transforms/types';
import type { CommandContext } from '../commands';
import { showWarning } from '../messages';

export type ConvertResponse =
  | { choices: RuntimeChoice[] }
  | { applied: boolean; notes: string[] }
  | { refused: string }
  | null;

interface ConvertArgs { uri: string; version?: number; runtime?: string }

function readArgs(params: ExecuteCommandParams): ConvertArgs | null {
  const first: unknown = params.arguments?.[0];
  if (typeof first !== 'object' || first === null) return null;
  const { uri, version, runtime } = first as Record<string, unknown>;
  if (typeof uri !== 'string') return null;
  if (version !== undefined && typeof version !== 'number') return null;
  if (runtime !== undefined && typeof runtime !== 'string') return null;
  return { uri, version, runtime };
}

export async function convertToMultiStageCommand(params: ExecuteCommandParams, { connection, documents, cache, settings }: CommandContext): Promise<ConvertResponse> {
  const refuse = (reason: string): ConvertResponse => {
    showWarning(connection, `Layerwise: ${reason}`);
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
    const model = result.analysis.model;
    const { runtime } = await settings.settingsFor(result.uri);
    if (args.runtime === undefined) {
      const choices = preferFamily(multiStageChoices(model), runtime.preferredFamily);
      if (choices.length > 0) return { choices };
      // No choice means no conversion: say why instead of showing an empty QuickPick.
      const attempt = convertToMultiStage(model);
      return refuse(attempt.kind === 'refused' ? attempt.reason : 'no known runtime base fits this build');
    }
    const converted = convertToMultiStage(model, args.runtime, { user: runtime.defaultUser });
    if (converted.kind === 'refused') return refuse(converted.reason);
    const applied = await connection.workspace.applyEdit({
      label: `Layerwise: convert to a multi-stage build on ${args.runtime}`,
      edit: { documentChanges: [TextDocumentEdit.create({ uri: result.uri, version: result.version }, converted.edits)] },
    });
    if (!applied.applied) connection.console.warn(`Convert to multi-stage was not applied to ${result.uri}: ${applied.failureReason ?? 'the editor refused the edit'}`);
    return { applied: applied.applied, notes: converted.notes };
  } catch (error) {
    connection.console.error(`${params.command} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    return refuse('Convert to Multi-Stage Build failed unexpectedly; see the output channel');
  }
}
