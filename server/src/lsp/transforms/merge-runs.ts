// `layerwise.server.mergeRunInstructions`: merge the RUN groups of the whole document, or those
// touching `range` (the selection), as one versioned edit (one undo step), or explain why not.
import type { ExecuteCommandParams } from 'vscode-languageserver';
import { mergeRuns } from '../../core/transforms/merge-runs';
import type { CommandContext } from '../commands';
import { runTransformCommand, type TransformResponse } from './run';

export function mergeRunInstructions(params: ExecuteCommandParams, context: CommandContext): Promise<TransformResponse> {
  return runTransformCommand(params, context, 'Merge RUN Instructions', ({ model, args, refuse, apply }) => {
    const merged = mergeRuns(model, args.range);
    // "Nothing to merge" is an answer, not a problem.
    if (merged.kind === 'refused') return refuse(merged.reason, merged.reason.startsWith('No '));
    return apply('merge RUN instructions', merged);
  });
}
