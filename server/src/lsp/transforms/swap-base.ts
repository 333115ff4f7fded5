// `layerwise.server.swapRuntimeBase`: without `runtime`, answer the QuickPick choices; with it,
// apply `swapBase` as one versioned edit (one undo step) or explain the refusal.
import { TextDocumentEdit, type ExecuteCommandParams } from 'vscode-languageserver';
import { preferFamily } from '../../core/data/images';
import type { RuntimeChoice } from '../../core/transforms/types';
import { runtimeChoices, swapBase } from '../../core/transforms/swap-base';
import type { CommandContext } from '../commands';
import { showInfo, showWarning } from '../messages';

export type SwapBaseResponse =
  | { choices: RuntimeChoice[] }
  | { applied: boolean; notes: string[] }
  | { refused: string }
  | null;

interface SwapArgs { uri: string; version?: number; runtime?: string }

function readArgs(params: ExecuteCommandParams): SwapArgs | null {
  const first: unknown = params.arguments?.[0];
  if (typeof first !== 'object' || first === null) return null;
  const { uri, version, runtime } = first as Record<string, unknown>;
  if (typeof uri !== 'string') return null;
  if (version !== undefined && typeof version !== 'number') return null;
  if (runtime !== undefined && typeof runtime !== 'string') return null;
  return { uri, version, runtime };
}

export async function swapRuntimeBase(params: ExecuteCommandParams, { connection, documents, cache, settings }: CommandContext): Promise<SwapBaseResponse> {
  const refuse = (reason: string): SwapBaseResponse => {
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
    if (args.runtime === undefined) {
      const { runtime } = await settings.settingsFor(result.uri);
      const choices = preferFamily(runtimeChoices(model), runtime.preferredFamily);
      if (choices.length === 0) showInfo(connection, 'Layerwise: no smaller runtime base of the same language version fits this final stage');
      return { choices };
    }
    const transformed = swapBase(model, args.runtime);
    if (transformed.kind === 'refused') return refuse(transformed.reason);
    const applied = await connection.workspace.applyEdit({
      label: `Layerwise: swap the runtime base to ${args.runtime}`,
      edit: { documentChanges: [TextDocumentEdit.create({ uri: result.uri, version: result.version }, transformed.edits)] },
    });
    if (!applied.applied) connection.console.warn(`Swap base was not applied to ${result.uri}: ${applied.failureReason ?? 'the editor refused the edit'}`);
    return { applied: applied.applied, notes: transformed.notes };
  } catch (error) {
    connection.console.error(`${params.command} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    return refuse('Swap Runtime Base Image failed unexpectedly; see the output channel');
  }
}
