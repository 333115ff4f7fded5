// The messages the Layerwise client and server exchange beyond plain LSP. The client keeps a copy
// of these names in client/src/protocol.ts (the two projects do not share sources): keep them equal.

/**
 * Server command ids. They differ from the client's contributed `layerwise.*` commands on purpose:
 * vscode-languageclient registers every server command as a VS Code command, and two registrations
 * of one id fail.
 */
export const ServerCommand = {
  fixAll: 'layerwise.server.fixAll',
  showDocumentation: 'layerwise.server.showDocumentation',
  convertToMultiStage: 'layerwise.server.convertToMultiStage',
  swapRuntimeBase: 'layerwise.server.swapRuntimeBase',
  mergeRunInstructions: 'layerwise.server.mergeRunInstructions',
} as const;

/** Arguments of the document commands: `[DocumentCommandArgs]`. */
export interface DocumentCommandArgs {
  uri: string;
  /** The version the user saw; fix-all refuses to edit another version. */
  version?: number;
  /** For merge: the selection (whole file when absent). */
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
}

/** Sent by the client when the user trusts the workspace (initial state: `initializationOptions.trusted`). */
export const TrustChangedNotification = 'layerwise/trustChanged';
export interface TrustChangedParams {
  trusted: boolean;
}

export interface InitializationOptions {
  trusted?: boolean;
}

/** The code action kind for fix-on-save (`editor.codeActionsOnSave`). */
export const FIX_ALL_KIND = 'source.fixAll.layerwise';
