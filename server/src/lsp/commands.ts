// `workspace/executeCommand`: fix-all (through `workspace/applyEdit`), opening a rule's docs, and
// the transformations, which answer "not yet available" until they land.
import { TextDocumentEdit, type Connection, type ExecuteCommandParams, type TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { docsUrl, RULES, type ShellParser } from '../core/index';
import type { AnalysisCache } from './analysis';
import type { SettingsStore } from './settings';
import { safeFixAllEdit } from './fixAll';
import { showInfo } from './messages';
import { ServerCommand, type DocumentCommandArgs } from './protocol';
import { swapRuntimeBase } from './transforms/swap-base';
import { mergeRunInstructions } from './transforms/merge-runs';
import { convertToMultiStageCommand } from './transforms/multi-stage';

export const SERVER_COMMANDS: string[] = Object.values(ServerCommand);

const TRANSFORMATION_NAMES: Record<string, string> = {
  [ServerCommand.convertToMultiStage]: 'Convert to Multi-Stage Build',
  [ServerCommand.swapRuntimeBase]: 'Swap Runtime Base Image',
  [ServerCommand.mergeRunInstructions]: 'Merge RUN Instructions',
};

export interface CommandContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  cache: AnalysisCache;
  /** Per-document settings: the preferred runtime family and default user of swap/convert. */
  settings: SettingsStore;
  shellParser: Promise<ShellParser>;
  /** The client can open URLs (`window/showDocument`). */
  canShowDocument: () => boolean;
}

function documentArgs(params: ExecuteCommandParams): DocumentCommandArgs | null {
  const first: unknown = params.arguments?.[0];
  if (typeof first === 'string') return { uri: first, version: typeof params.arguments?.[1] === 'number' ? params.arguments[1] : undefined };
  if (typeof first === 'object' && first !== null && typeof (first as DocumentCommandArgs).uri === 'string') return first as DocumentCommandArgs;
  return null;
}

export async function executeCommand(params: ExecuteCommandParams, context: CommandContext): Promise<unknown> {
  const { connection } = context;
  switch (params.command) {
    case ServerCommand.fixAll:
      return fixAll(params, context);
    case ServerCommand.showDocumentation:
      return showDocumentation(params, context);
    case ServerCommand.swapRuntimeBase:
      return swapRuntimeBase(params, context);
    case ServerCommand.mergeRunInstructions:
      return mergeRunInstructions(params, context);
    case ServerCommand.convertToMultiStage:
      return convertToMultiStageCommand(params, context);
    default: {
      const name = TRANSFORMATION_NAMES[params.command];
      if (name) {
        showInfo(connection, `Layerwise: ${name} is not yet available in this version`);
        return null;
      }
      connection.console.warn(`Unknown command \`${params.command}\``);
      return null;
    }
  }
}

async function fixAll(params: ExecuteCommandParams, { connection, documents, cache, shellParser }: CommandContext): Promise<unknown> {
  const args = documentArgs(params);
  const document = args ? documents.get(args.uri) : undefined;
  if (!args || !document) {
    connection.console.warn(`${params.command}: no open document for ${JSON.stringify(params.arguments ?? [])}`);
    return null;
  }
  if (args.version !== undefined && args.version !== document.version) return null; // the user has typed since
  const result = await cache.analysisOf(document);
  if (result.kind !== 'analysed' || document.version !== result.version) return null;
  const edit = safeFixAllEdit(result, await shellParser);
  if (!edit) {
    showInfo(connection, 'Layerwise: no safe fixes to apply');
    return null;
  }
  const applied = await connection.workspace.applyEdit({
    label: 'Layerwise: fix all safe problems',
    edit: { documentChanges: [TextDocumentEdit.create({ uri: result.uri, version: result.version }, [edit])] },
  });
  if (!applied.applied) connection.console.warn(`Fix all was not applied to ${result.uri}: ${applied.failureReason ?? 'the editor refused the edit'}`);
  return null;
}

async function showDocumentation(params: ExecuteCommandParams, { connection, canShowDocument }: CommandContext): Promise<unknown> {
  const ruleId = params.arguments?.[0];
  if (typeof ruleId !== 'string' || !RULES.some((rule) => rule.meta.id === ruleId)) {
    connection.console.warn(`${params.command}: unknown rule ${JSON.stringify(ruleId)}`);
    return null;
  }
  const url = docsUrl(ruleId);
  if (canShowDocument()) {
    const shown = await connection.window.showDocument({ uri: url, external: true });
    if (shown.success) return null;
  }
  showInfo(connection, `Layerwise: documentation for ${ruleId} is at ${url}`);
  return null;
}
