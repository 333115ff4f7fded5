// Configuration file layers (`.hadolint.yaml`, `.layerwise.yaml`) per folder, read with the Node
// adapter and cached until a watched config file or the configuration changes. A file that does not
// parse is reported once (warning + log) and left out; the other layers still apply.
import { dirname, isAbsolute, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Connection, WorkspaceFolder } from 'vscode-languageserver';
import type { BuildContext, ConfigError, ConfigLayer } from '../core/index';
import { readBuildContext } from '../node/buildContext';
import { readConfigLayers } from '../node/config';
import { showWarning } from './messages';
import type { Settings } from './settings';

export class ConfigFileStore {
  private readonly byFolder = new Map<string, ConfigLayer[]>();
  /** Dockerfile path → its build context, read once until a watched file changes. */
  private readonly buildContexts = new Map<string, BuildContext>();
  private readonly reportedErrors = new Set<string>();
  private workspaceFolders: string[] = [];
  /** In an untrusted workspace `layerwise.configFile` is not honoured. */
  trusted = true;

  constructor(private readonly connection: Connection) {}

  setWorkspaceFolders(folders: readonly WorkspaceFolder[] | null | undefined): void {
    this.workspaceFolders = (folders ?? []).map((folder) => filePath(folder.uri)).filter((path): path is string => path !== null);
  }

  addWorkspaceFolders(added: readonly WorkspaceFolder[], removed: readonly WorkspaceFolder[]): void {
    const gone = new Set(removed.map((folder) => filePath(folder.uri)));
    this.workspaceFolders = this.workspaceFolders.filter((path) => !gone.has(path));
    for (const folder of added) {
      const path = filePath(folder.uri);
      if (path) this.workspaceFolders.push(path);
    }
  }

  /** The build context beside a document (its `.dockerignore`); unknown for untitled documents. */
  buildContextFor(uri: string): BuildContext {
    const path = filePath(uri);
    if (!path) return {};
    let context = this.buildContexts.get(path);
    if (!context) {
      context = readBuildContext(path);
      this.buildContexts.set(path, context);
    }
    return context;
  }

  /**
   * The configuration layers for a document, lowest priority first: its config files (none for
   * untitled documents), then the editor settings that are not severities (rule options such as
   * `root-user`'s `user`, and `builderStages`), so that they override the files.
   */
  layersFor(uri: string, settings: Settings): ConfigLayer[] {
    return [...this.fileLayersFor(uri, settings), settingsLayer(settings)];
  }

  private fileLayersFor(uri: string, settings: Settings): ConfigLayer[] {
    if (!settings.useConfigFiles) return [];
    const path = filePath(uri);
    if (!path) return [];
    const folder = dirname(path);
    const workspaceFolder = this.workspaceFolderOf(path);
    const configFile = this.trusted && settings.configFile ? resolveConfigFile(settings.configFile, workspaceFolder ?? folder) : undefined;
    const key = `${folder}\0${configFile ?? ''}\0${workspaceFolder ?? ''}`;
    let layers = this.byFolder.get(key);
    if (!layers) {
      layers = this.read(folder, { configFile, stopAt: workspaceFolder });
      this.byFolder.set(key, layers);
    }
    return layers;
  }

  clear(): void {
    this.byFolder.clear();
    this.buildContexts.clear();
  }

  /** After a config file changed on disk: a file broken again deserves a new warning. */
  clearReportedErrors(): void {
    this.reportedErrors.clear();
  }

  private read(folder: string, options: { configFile?: string; stopAt?: string }): ConfigLayer[] {
    const { layers, errors } = readConfigLayers(folder, options);
    for (const error of errors) this.report(error);
    return layers;
  }

  report(error: ConfigError): void {
    if (this.reportedErrors.has(error.message)) return;
    this.reportedErrors.add(error.message);
    this.connection.console.warn(`Configuration ignored: ${error.message}`);
    showWarning(this.connection, `Layerwise: ${error.message}`);
  }

  private workspaceFolderOf(path: string): string | undefined {
    let best: string | undefined;
    for (const folder of this.workspaceFolders) {
      const inside = path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
      if (inside && (!best || folder.length > best.length)) best = folder;
    }
    return best;
  }
}

/** The local path of a `file:` uri; null for untitled and other schemes. */
export function filePath(uri: string): string | null {
  if (!uri.startsWith('file:')) return null;
  try {
    return fileURLToPath(uri);
  } catch {
    return null;
  }
}

function resolveConfigFile(configFile: string, base: string): string {
  return isAbsolute(configFile) ? configFile : resolve(base, configFile);
}

/**
 * `layerwise.runtime.defaultUser`, `layerwise.runtime.preferredFamily` (which `heavy-base-image`
 * fix comes first) and `layerwise.builderStages` as a configuration layer. The builder-stages
 * setting can only turn reporting on: its default (`quiet`) is indistinguishable from a user's
 * choice, and must not silence a `builderStages: report` in `.layerwise.yaml`.
 */
export function settingsLayer(settings: Settings): ConfigLayer {
  const { defaultUser: user, preferredFamily } = settings.runtime;
  const options: NonNullable<ConfigLayer['options']> = {};
  if (user) options['root-user'] = { user };
  if (preferredFamily) options['heavy-base-image'] = { preferredFamily };
  const layer: ConfigLayer = { source: 'settings', rules: {}, options };
  return settings.builderStages === 'report' ? { ...layer, builderStages: 'report' } : layer;
}
