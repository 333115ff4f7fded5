// Where stages are referred to by name or number: `COPY --from=…` and `RUN --mount=…,from=…`.
import type { DockerfileModel, Instruction, Stage } from './types';

export interface StageReference {
  /** The stage the referring instruction belongs to. */
  stage: Stage;
  instruction: Instruction;
  /** As written: `builder`, `0`, `nginx:1.27`. */
  value: string;
  /** Document offsets of the value. */
  start: number;
  end: number;
  kind: 'copy' | 'mount';
}

/** Every `--from=` of COPY/ADD and every `from=` of a RUN mount, in document order. */
export function stageReferences(model: DockerfileModel): StageReference[] {
  const references: StageReference[] = [];
  for (const stage of model.stages) {
    for (const instruction of stage.instructions) {
      for (const flag of instruction.flags) {
        if (!flag.value) continue;
        const flagStart = model.lines.offsetAt(flag.range.start);
        const flagText = model.text.slice(flagStart, model.lines.offsetAt(flag.range.end));
        if (flag.name === 'from' && (instruction.keyword === 'COPY' || instruction.keyword === 'ADD')) {
          const eq = flagText.indexOf('=');
          if (eq < 0 || flagText.slice(eq + 1) !== flag.value) continue;
          const start = flagStart + eq + 1;
          references.push({ stage, instruction, value: flag.value, start, end: start + flag.value.length, kind: 'copy' });
        } else if (flag.name === 'mount' && instruction.keyword === 'RUN') {
          const match = /(^|,)from=([^,]+)/.exec(flagText.slice(flagText.indexOf('=') + 1));
          if (!match) continue;
          const start = flagStart + flagText.indexOf('=') + 1 + match.index + match[1].length + 'from='.length;
          references.push({ stage, instruction, value: match[2], start, end: start + match[2].length, kind: 'mount' });
        }
      }
    }
  }
  return references;
}

/** The stage a reference names, as BuildKit resolves it (case-insensitive, any position); -1 if none. */
export function referencedStage(model: DockerfileModel, value: string): number {
  if (/^\d+$/.test(value)) return Number(value) < model.stages.length ? Number(value) : -1;
  const lower = value.toLowerCase();
  // With duplicate names BuildKit keeps the last stage of that name.
  for (let index = model.stages.length - 1; index >= 0; index--) {
    if (model.stages[index].name === lower) return index;
  }
  return -1;
}
