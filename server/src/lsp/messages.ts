// `window/showMessage` notifications. The library's showWarningMessage() etc. send the
// *request* variant, which waits for an answer and which some clients do not implement.
import { MessageType, ShowMessageNotification, type Connection } from 'vscode-languageserver';

export function showMessage(connection: Connection, type: MessageType, message: string): void {
  void connection.sendNotification(ShowMessageNotification.type, { type, message });
}

export const showInfo = (connection: Connection, message: string) => showMessage(connection, MessageType.Info, message);
export const showWarning = (connection: Connection, message: string) => showMessage(connection, MessageType.Warning, message);
