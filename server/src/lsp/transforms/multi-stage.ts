// `layerwise.server.convertToMultiStage`: without `runtime`, answer the QuickPick choices (or the
// reason the file cannot be converted); with it, apply the conversion as one versioned edit (one
// undo step) or explain the refusal.
import type { ExecuteCommandParams } from 'vscode-languageserver';
import { preferFamily } from '../../core/data/images';
import { convertToMultiStage, multiStageChoices } from '../../core/transforms/multi-stage';
import type { CommandContext } from '../commands';
import { runTransformCommand, type TransformResponse } from './run';

export function convertToMultiStageCommand(params: ExecuteCommandParams, context: CommandContext): Promise<TransformResponse> {
  return runTransformCommand(params, context, 'Convert to Multi-Stage Build', async ({ model, args, uri, refuse, apply }) => {
    const { runtime } = await context.settings.settingsFor(uri);
    if (args.runtime === undefined) {
      const choices = preferFamily(multiStageChoices(model), runtime.preferredFamily);
      if (choices.length > 0) return { choices };
      // No choice means no conversion: say why instead of showing an empty QuickPick.
      const attempt = convertToMultiStage(model);
      return refuse(attempt.kind === 'refused' ? attempt.reason : 'no known runtime base fits this build');
    }
    return apply(`convert to a multi-stage build on ${args.runtime}`, convertToMultiStage(model, args.runtime, { user: runtime.defaultUser }));
  });
}
