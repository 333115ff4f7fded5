// Per-document settings (`layerwise.*`), pulled with `workspace/configuration` scoped to the
// document's uri and cached until the configuration changes. Clients that cannot answer
// configuration requests (Neovim without it, for instance) get the defaults.
import type { Connection } from 'vscode-languageserver';
import { RUNTIME_FAMILIES, type RuntimeFamily } from '../core/data/images';
import { isSeverity, type BuilderStages, type SeverityOrOff } from '../core/index';

export interface Settings {
  enable: boolean;
  /** Rule id or alias → severity, from `layerwise.rules`. */
  rules: Record<string, SeverityOrOff>;
  /** `layerwise.configFile`: empty for the `.layerwise.yaml` found upward. */
  configFile: string;
  useConfigFiles: boolean;
  /** `layerwise.shellcheck.*`: check RUN scripts with ShellCheck (never in an untrusted workspace). */
  shellcheck: { enable: boolean; path: string };
  /** `layerwise.codeLens.enable`: the size estimate over the final FROM. */
  codeLens: { enable: boolean };
  /**
   * `layerwise.runtime.*`: the family swap/convert offer first (null: Layerwise's own order, best
   * fit first) and the user fixes and conversions switch to (empty: the base image's own).
   */
  runtime: { preferredFamily: RuntimeFamily | null; defaultUser: string };
  /** `layerwise.builderStages`: see `BuilderStages`. */
  builderStages: BuilderStages;
}

export const DEFAULT_SETTINGS: Settings = {
  enable: true,
  rules: {},
  configFile: '',
  useConfigFiles: true,
  shellcheck: { enable: true, path: '' },
  codeLens: { enable: true },
  runtime: { preferredFamily: null, defaultUser: '' },
  builderStages: 'quiet',
};

function section(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** A user for `USER`: `name`, `uid`, `name:group`, `uid:gid`; anything else is ignored with a warning. */
const USER_PATTERN = /^[a-z_][a-z0-9_.-]*(?::[a-z_][a-z0-9_.-]*)?$|^\d+(?::\d+)?$/i;

/** Reads an untrusted JSON value into Settings: wrong types fall back to the default, one by one. */
export function readSettings(value: unknown, warn: (message: string) => void): Settings {
  if (typeof value !== 'object' || value === null) return DEFAULT_SETTINGS;
  const raw = value as Record<string, unknown>;
  const rules: Record<string, SeverityOrOff> = {};
  if (typeof raw.rules === 'object' && raw.rules !== null && !Array.isArray(raw.rules)) {
    for (const [id, severity] of Object.entries(raw.rules)) {
      if (isSeverity(severity)) rules[id] = severity;
      else warn(`Setting \`layerwise.rules.${id}\` has severity \`${String(severity)}\`; ignored`);
    }
  }
  const shellcheck = section(raw.shellcheck);
  const codeLens = section(raw.codeLens);
  const runtime = section(raw.runtime);
  const family = runtime.preferredFamily;
  const preferredFamily = (RUNTIME_FAMILIES as readonly unknown[]).includes(family) ? (family as RuntimeFamily) : null;
  if (family !== undefined && family !== 'auto' && preferredFamily === null) {
    warn(`Setting \`layerwise.runtime.preferredFamily\` is \`${String(family)}\`; use one of auto, ${RUNTIME_FAMILIES.join(', ')}`);
  }
  const user = typeof runtime.defaultUser === 'string' ? runtime.defaultUser.trim() : '';
  const isRoot = /^(root|0)(:|$)/.test(user);
  if (user && !USER_PATTERN.test(user)) warn(`Setting \`layerwise.runtime.defaultUser\` is \`${user}\`, not a user name or UID; ignored`);
  else if (isRoot) warn(`Setting \`layerwise.runtime.defaultUser\` is \`${user}\`, which is root; ignored`);
  return {
    enable: typeof raw.enable === 'boolean' ? raw.enable : DEFAULT_SETTINGS.enable,
    rules,
    configFile: typeof raw.configFile === 'string' ? raw.configFile.trim() : DEFAULT_SETTINGS.configFile,
    useConfigFiles: typeof raw.useConfigFiles === 'boolean' ? raw.useConfigFiles : DEFAULT_SETTINGS.useConfigFiles,
    shellcheck: {
      enable: typeof shellcheck.enable === 'boolean' ? shellcheck.enable : DEFAULT_SETTINGS.shellcheck.enable,
      path: typeof shellcheck.path === 'string' ? shellcheck.path.trim() : DEFAULT_SETTINGS.shellcheck.path,
    },
    codeLens: { enable: typeof codeLens.enable === 'boolean' ? codeLens.enable : DEFAULT_SETTINGS.codeLens.enable },
    runtime: { preferredFamily, defaultUser: user && USER_PATTERN.test(user) && !isRoot ? user : '' },
    builderStages: raw.builderStages === 'report' ? 'report' : DEFAULT_SETTINGS.builderStages,
  };
}

export class SettingsStore {
  private readonly byUri = new Map<string, Promise<Settings>>();
  /** Set from the client's capabilities in `initialize`. */
  supportsConfiguration = false;

  constructor(private readonly connection: Connection) {}

  settingsFor(uri: string): Promise<Settings> {
    if (!this.supportsConfiguration) return Promise.resolve(DEFAULT_SETTINGS);
    let settings = this.byUri.get(uri);
    if (!settings) {
      settings = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'layerwise' })
        .then(
          (value: unknown) => readSettings(value, (message) => this.connection.console.warn(message)),
          (error: unknown) => {
            this.connection.console.warn(`workspace/configuration failed, using defaults: ${String(error)}`);
            return DEFAULT_SETTINGS;
          },
        );
      this.byUri.set(uri, settings);
    }
    return settings;
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
  }

  clear(): void {
    this.byUri.clear();
  }
}
