// What a conversion needs to know about the build, independent of the runtime base: the ecosystem,
// the artifacts to copy out of the build stage, and the lines the build stage gains.
import type { Language } from '../../data/images';
import type { Invocation } from '../../model/commands';
import type { Instruction } from '../../model/types';

export type Ecosystem = 'go' | 'rust' | 'node' | 'python' | 'java' | 'dotnet' | 'cpp';

export const ECOSYSTEM_NAMES: Record<Ecosystem, string> = {
  go: 'Go', rust: 'Rust', node: 'Node', python: 'Python', java: 'Java', dotnet: '.NET', cpp: 'C/C++',
};

export const ECOSYSTEM_LANGUAGE: Record<Ecosystem, Language> = {
  go: 'go', rust: 'rust', node: 'node', python: 'python', java: 'java', dotnet: 'dotnet', cpp: 'cpp',
};

export interface Artifact {
  /** Absolute path in the build stage (may end in a `*.jar` glob). */
  from: string;
  /** Absolute path in the runtime stage. */
  to: string;
}

/** How the Python packages reach the runtime; the runtime stage sets the matching environment. */
export type PythonPackages =
  | { kind: 'venv'; path: string; /** Created by the conversion (with its ENV), not by the user. */ inserted: boolean }
  | { kind: 'user'; path: string }
  | { kind: 'target'; path: string }
  | { kind: 'none' };

export interface BuildPlan {
  ecosystem: Ecosystem;
  /** The build's language version from the builder tag (`3.12`, `22`, `21`, `8.0`), if known. */
  version?: string;
  staticBinary?: boolean;
  /** The builder's C library: a dynamically linked artifact needs the same one at run time. */
  builderLibc: 'glibc' | 'musl' | null;
  artifacts: Artifact[];
  python?: PythonPackages;
  /** Lines put into the build stage right before an instruction. */
  insertBefore: Map<Instruction, string[]>;
  /** Instructions moved to right after another one (the sources COPY after the dependency install). */
  moveAfter: Map<Instruction, Instruction>;
  /** Lines added at the end of the build stage. */
  append: string[];
  notes: string[];
}

export type PlanResult = { kind: 'plan'; plan: BuildPlan } | { kind: 'refused'; reason: string };

export function emptyPlan(ecosystem: Ecosystem, builderLibc: BuildPlan['builderLibc'], version?: string): BuildPlan {
  return { ecosystem, builderLibc, version, artifacts: [], insertBefore: new Map(), moveAfter: new Map(), append: [], notes: [] };
}

export function addBefore(plan: BuildPlan, instruction: Instruction, lines: string[]): void {
  plan.insertBefore.set(instruction, [...(plan.insertBefore.get(instruction) ?? []), ...lines]);
}

/** Non-option words of a command: `go build -o app .` → `build`, `app`, `.` (option values included). */
export function words(invocation: Invocation): string[] {
  return invocation.args.map((word) => word.value ?? '');
}

/** The value of `-o x`, `-o=x`, `--output x`, `--output=x`; undefined when absent, null when computed. */
export function optionValue(invocation: Invocation, ...names: string[]): string | null | undefined {
  const { args } = invocation;
  for (let i = 0; i < args.length; i++) {
    const value = args[i].value;
    if (value === null) continue;
    for (const name of names) {
      if (value === name) return args[i + 1]?.value ?? null;
      if (value.startsWith(`${name}=`)) return value.slice(name.length + 1);
      if (name.startsWith('--') || name.length !== 2) continue;
      // `-oapp`: short options glued to their value (Go and GCC accept it).
      if (value.startsWith(name) && value.length > 2 && !value.startsWith('--')) return value.slice(2);
    }
  }
  return undefined;
}
