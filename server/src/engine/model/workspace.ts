import { normalizePath, stripCodeExtension } from '../paths';
import { SourceFile } from '../source';
import { extractFunctions, type ConfigSummary, type DeployedFunction } from './functions';

/**
 * What the engine knows about the workspace beyond one file: every configuration and the functions it
 * deploys, so that a handler file can be linked to the configurations that deploy it. Front ends feed
 * it (`update`/`remove`) as files open, change or are found on disk; it updates one file at a time.
 */
export class WorkspaceIndex {
  private readonly configs = new Map<string, { summary: ConfigSummary; file: SourceFile }>();
  /** handler file base (no extension) -> functions deployed from it */
  private byHandler = new Map<string, DeployedFunction[]>();
  private generation = 0;

  /** Incremented on every change; callers can tell whether what they computed is still current. */
  get version(): number {
    return this.generation;
  }

  /** Adds or refreshes a file. Files that are not configuration are dropped from the index. */
  update(fileOrPath: SourceFile | string, text?: string): ConfigSummary | undefined {
    const file = typeof fileOrPath === 'string' ? SourceFile.create(fileOrPath, text ?? '') : fileOrPath;
    if (file.classification.role !== 'config') {
      if (this.configs.has(file.path)) this.remove(file.path);
      return undefined;
    }
    const prev = this.configs.get(file.path);
    if (prev && prev.file.text === file.text) return prev.summary;
    const summary = extractFunctions(file);
    this.configs.set(file.path, { summary, file });
    this.rebuildHandlers();
    return summary;
  }

  remove(path: string): void {
    if (this.configs.delete(normalizePath(path))) this.rebuildHandlers();
  }

  has(path: string): boolean {
    return this.configs.has(normalizePath(path));
  }

  /** The current text of an indexed configuration (what cross-file edits are computed against). */
  configFile(path: string): SourceFile | undefined {
    return this.configs.get(normalizePath(path))?.file;
  }

  allConfigs(): ConfigSummary[] {
    return [...this.configs.values()].map((c) => c.summary);
  }

  /** The functions whose handler is this code file. */
  functionsForHandler(codePath: string): DeployedFunction[] {
    return this.byHandler.get(stripCodeExtension(normalizePath(codePath))) ?? [];
  }

  private rebuildHandlers(): void {
    this.generation++;
    const map = new Map<string, DeployedFunction[]>();
    for (const { summary } of this.configs.values()) {
      for (const fn of summary.functions) {
        if (!fn.handler) continue;
        const list = map.get(fn.handler.fileBase) ?? [];
        list.push(fn);
        map.set(fn.handler.fileBase, list);
      }
    }
    this.byHandler = map;
  }
}
