// ENV and LABEL key/value pairs, read from dockerfile-ast's properties once per call.
import type { Range } from 'vscode-languageserver-types';
import type { DockerfileModel, Instruction } from './types';

export interface KeyValue {
  /** The key with quotes removed. */
  name: string;
  /** The value with quotes removed (null for `ENV key` with no value). */
  value: string | null;
  nameStart: number;
  nameEnd: number;
  valueStart: number;
  valueEnd: number;
  range: Range;
  /** `ENV key value` (no `=`): the legacy whitespace form. */
  legacy: boolean;
}

interface AstProperty {
  getName(): string;
  getNameRange(): Range;
  getValue(): string | null;
  getValueRange(): Range | null;
  getAssignmentOperator(): string | null;
  getRange(): Range;
}

// dockerfile-ast recomputes the properties on every call, and five rules read them: once per instruction.
const pairsCache = new WeakMap<Instruction, readonly KeyValue[]>();

/** The pairs of an ENV or LABEL (empty for other instructions). Shared: do not modify. */
export function keyValues(model: DockerfileModel, instruction: Instruction): readonly KeyValue[] {
  if (instruction.keyword !== 'ENV' && instruction.keyword !== 'LABEL') return [];
  let pairs = pairsCache.get(instruction);
  if (!pairs) pairsCache.set(instruction, (pairs = readKeyValues(model, instruction)));
  return pairs;
}

function readKeyValues(model: DockerfileModel, instruction: Instruction): KeyValue[] {
  const node = instruction.node as unknown as { getProperties?(): AstProperty[] };
  if (typeof node.getProperties !== 'function') return [];
  return node.getProperties().map((property) => {
    const nameRange = property.getNameRange();
    const valueRange = property.getValueRange() ?? { start: nameRange.end, end: nameRange.end };
    return {
      name: property.getName(),
      value: property.getValue(),
      nameStart: model.lines.offsetAt(nameRange.start),
      nameEnd: model.lines.offsetAt(nameRange.end),
      valueStart: model.lines.offsetAt(valueRange.start),
      valueEnd: model.lines.offsetAt(valueRange.end),
      range: property.getRange(),
      legacy: property.getAssignmentOperator() === null,
    };
  });
}

/** True when `text` expands `$name` or `${name…}` (a backslash-escaped `\$` is literal). */
export function referencesVariable(text: string, name: string): boolean {
  // Cheap test first: most values reference nothing.
  if (!text.includes('$')) return false;
  let pattern = referencePatterns.get(name);
  if (!pattern) {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    pattern = new RegExp(`(^|[^\\\\])\\$(\\{${escaped}([:}+\\-?]|$)|${escaped}(?![A-Za-z0-9_]))`);
    if (referencePatterns.size >= 256) referencePatterns.clear();
    referencePatterns.set(name, pattern);
  }
  return pattern.test(text);
}

const referencePatterns = new Map<string, RegExp>();
