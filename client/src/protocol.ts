// Copy of the message names in server/src/lsp/protocol.ts (the projects share no sources): keep equal.

/** Server command ids; distinct from the contributed `layerwise.*` ids, which the client owns. */
export const ServerCommand = {
  fixAll: 'layerwise.server.fixAll',
  convertToMultiStage: 'layerwise.server.convertToMultiStage',
  swapRuntimeBase: 'layerwise.server.swapRuntimeBase',
  mergeRunInstructions: 'layerwise.server.mergeRunInstructions',
} as const;

export const TrustChangedNotification = 'layerwise/trustChanged';

/** A runtime base the server offers for swap/convert (see server/src/core/transforms/types.ts). */
export interface RuntimeChoice {
  reference: string;
  label: string;
  description: string;
  detail: string;
}

/** What a transformation command answers: choices to pick from, the outcome, or a refusal. */
export type CommandAnswer =
  | { choices: RuntimeChoice[] }
  | { applied: boolean; notes?: string[] }
  | { refused: string }
  | null;
