// `layerwise.server.swapRuntimeBase`: without `runtime`, answer the QuickPick choices; with it,
// apply `swapBase` as one versioned edit (one undo step) or explain the refusal.
import type { ExecuteCommandParams } from 'vscode-languageserver';
import { preferFamily } from '../../core/data/images';
import { runtimeChoices, swapBase } from '../../core/transforms/swap-base';
import type { CommandContext } from '../commands';
import { showInfo } from '../messages';
import { runTransformCommand, type TransformResponse } from './run';

export function swapRuntimeBase(params: ExecuteCommandParams, context: CommandContext): Promise<TransformResponse> {
  return runTransformCommand(params, context, 'Swap Runtime Base Image', async ({ model, args, uri, apply }) => {
    if (args.runtime === undefined) {
      const { runtime } = await context.settings.settingsFor(uri);
      const choices = preferFamily(runtimeChoices(model), runtime.preferredFamily);
      if (choices.length === 0) showInfo(context.connection, 'Layerwise: no smaller runtime base of the same language version fits this final stage');
      return { choices };
    }
    return apply(`swap the runtime base to ${args.runtime}`, swapBase(model, args.runtime));
  });
}
