// Copy of the message names in server/src/lsp/protocol.ts (the projects share no sources): keep equal.

/** Server command ids; distinct from the contributed `layerwise.*` ids, which the client owns. */
export const ServerCommand = {
  fixAll: 'layerwise.server.fixAll',
  convertToMultiStage: 'layerwise.server.convertToMultiStage',
  swapRuntimeBase: 'layerwise.server.swapRuntimeBase',
  mergeRunInstructions: 'layerwise.server.mergeRunInstructions',
} as const;

export const TrustChangedNotification = 'layerwise/trustChanged';
