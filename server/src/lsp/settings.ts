import type { Connection } from 'vscode-languageserver';
import { DEFAULT_SETTINGS, normalizeSettings, type ServerlessGuardSettings } from '../protocol/settings';

/**
 * Settings pulled from the client per resource (`workspace/configuration`), cached until the client
 * says they changed. Clients that cannot be asked get what `didChangeConfiguration` pushed, or defaults.
 */
export class SettingsStore {
  private readonly cache = new Map<string, Promise<ServerlessGuardSettings>>();
  private pushed: ServerlessGuardSettings = DEFAULT_SETTINGS;
  canPull = false;

  constructor(private readonly connection: Connection) {}

  get(uri: string): Promise<ServerlessGuardSettings> {
    if (!this.canPull) return Promise.resolve(this.pushed);
    let p = this.cache.get(uri);
    if (!p) {
      p = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'serverlessGuard' })
        .then((raw: unknown) => (raw == null ? this.pushed : normalizeSettings(raw)))
        .catch(() => this.pushed);
      this.cache.set(uri, p);
    }
    return p;
  }

  /** Called on `workspace/didChangeConfiguration`; `settings` is what the client pushed, if anything. */
  changed(settings: unknown): void {
    this.cache.clear();
    const section = settings && typeof settings === 'object' ? (settings as Record<string, unknown>).serverlessGuard : undefined;
    if (section !== undefined) this.pushed = normalizeSettings(section);
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }
}
