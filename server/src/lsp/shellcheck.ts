// ShellCheck in the language server. It never sits on the keystroke path: the core diagnostics go
// out first, with ShellCheck's answers for RUN scripts it has already seen (cached by script
// text, so they are exact for this version); scripts that changed are checked after a short quiet
// period and published with the same version, if it is still current. In an untrusted workspace
// no program is started and `layerwise.shellcheck.path` is not read.
import type { RemoteConsole } from 'vscode-languageserver';
import type { Finding } from '../core/index';
import { shellCheckFindings, shellCheckInputs, type ShellCheckInput, type ShellCheckResult } from '../core/shellcheck';
import { locateShellCheck, ShellCheckRunner } from '../node/shellcheck';
import type { DocumentAnalysis } from './analysis';
import type { SettingsStore } from './settings';

type Analysed = Extract<DocumentAnalysis, { kind: 'analysed' }>;

/** Typing pauses shorter than this start no ShellCheck process. */
export const SHELLCHECK_DEBOUNCE_MS = 150;

export interface ShellCheckState {
  /** Findings for the scripts ShellCheck has already answered. */
  known: Finding[];
  /** Checks the remaining scripts and resolves to all findings; null when nothing is left. */
  complete: (() => Promise<Finding[]>) | null;
}

export interface ShellCheckServiceDependencies {
  settings: SettingsStore;
  isTrusted: () => boolean;
  console: RemoteConsole;
}

export class ShellCheckService {
  /** `layerwise.shellcheck.path` → its runner, or null when that program is not there. */
  private readonly runners = new Map<string, ShellCheckRunner | null>();
  private readonly inputs = new WeakMap<Analysed, ShellCheckInput[]>();
  private readonly logged = new Set<string>();

  constructor(private readonly deps: ShellCheckServiceDependencies) {}

  /** Settings or trust changed: look for the program again. */
  reset(): void {
    this.runners.clear();
  }

  /** What ShellCheck contributes to this analysis now, and how to get the rest. */
  async stateOf(result: Analysed): Promise<ShellCheckState> {
    const runner = await this.runnerFor(result.uri);
    if (!runner) return { known: [], complete: null };
    const inputs = this.inputsOf(result);
    const answered: ShellCheckResult[] = [];
    let missing = false;
    for (const input of inputs) {
      const comments = runner.known(input);
      if (comments) answered.push({ input, comments });
      else missing = true;
    }
    const known = shellCheckFindings(result.analysis.model, answered);
    if (!missing) return { known, complete: null };
    return {
      known,
      complete: async () => {
        const { results, errors } = await runner.checkAll(inputs);
        for (const error of errors) this.logOnce(`ShellCheck skipped a RUN script: ${error}`);
        return shellCheckFindings(result.analysis.model, results);
      },
    };
  }

  private inputsOf(result: Analysed): ShellCheckInput[] {
    let inputs = this.inputs.get(result);
    if (!inputs) {
      inputs = shellCheckInputs(result.analysis.model);
      this.inputs.set(result, inputs);
    }
    return inputs;
  }

  private async runnerFor(uri: string): Promise<ShellCheckRunner | null> {
    if (!this.deps.isTrusted()) {
      this.logOnce('ShellCheck is off: the workspace is not trusted');
      return null;
    }
    const { shellcheck } = await this.deps.settings.settingsFor(uri);
    if (!shellcheck.enable) return null;
    let runner = this.runners.get(shellcheck.path);
    if (runner === undefined) {
      const executable = locateShellCheck(shellcheck.path);
      runner = executable ? new ShellCheckRunner(executable) : null;
      this.runners.set(shellcheck.path, runner);
      if (executable) this.deps.console.info(`ShellCheck: using \`${executable}\``);
      else if (shellcheck.path) this.logOnce(`ShellCheck is off: \`${shellcheck.path}\` (layerwise.shellcheck.path) is not an executable file`);
      else this.logOnce('ShellCheck is off: `shellcheck` was not found on PATH (install it or set layerwise.shellcheck.path)');
    }
    return runner;
  }

  private logOnce(message: string): void {
    if (this.logged.has(message)) return;
    this.logged.add(message);
    this.deps.console.info(message);
  }
}
