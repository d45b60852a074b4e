import * as nodePath from 'node:path';
import picomatch from 'picomatch';
import {
  CodeActionKind,
  TextDocumentSyncKind,
  TextDocuments,
  FileChangeType,
  type CancellationToken,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeSource } from '../engine/analyze';
import { classifyPath } from '../engine/classify';
import { WorkspaceIndex } from '../engine/model/workspace';
import { isModelled } from '../engine/model/file-model';
import { SourceCache, SourceFile } from '../engine/source';
import type { AnalysisResult, Finding } from '../engine/types';
import { normalizePath, stripCodeExtension } from '../engine/paths';
import { readTextFile } from '../host/read';
import { scanPaths, type ScanPhase } from '../host/scan';
import { FileSelector, type FilesExclude } from '../host/select';
import { walkFiles } from '../host/walk';
import {
  ClearResultsRequest,
  ScanWorkspaceRequest,
  StatusNotification,
  type ScanSummary,
  type StatusParams,
} from '../protocol/messages';
import { toEngineSettings, type ServerlessGuardSettings } from '../protocol/settings';
import {
  FIX_ALL_KIND,
  pathToUri,
  problemDiagnostic,
  toCodeAction,
  toDiagnostic,
  toWorkspaceEdit,
  uriToPath,
  type DiagnosticData,
  type EditTarget,
} from './convert';
import { SettingsStore } from './settings';

export const SCAN_PROGRESS_NOTIFICATION = 'serverlessGuard/scanProgress';

/** Params of `serverlessGuard/scanProgress`: files done of the folder being scanned, and what it is doing. */
export interface ScanProgressParams {
  done: number;
  total: number;
  phase: ScanPhase;
  /** The folder, when the workspace has several. */
  folder?: string;
}

interface ScanScope {
  /** Folders scanned, with the file selection used (for files that appear after the scan). */
  folders: Array<{ path: string; selector: FileSelector }>;
  /** Code files seen, by path without extension: the handlers a configuration names. */
  byBase: Map<string, Set<string>>;
}

function isInside(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith('/') ? folder : `${folder}/`);
}

interface DocState {
  timer?: NodeJS.Timeout;
  /** Bumped for every scheduled analysis: a run whose ticket is old is dropped. */
  ticket: number;
  /** The last result, with the document version and the index version it was computed against. */
  result?: { version: number; result: AnalysisResult; indexVersion: number };
}

/**
 * The language server: translates between LSP and the engine. Holds the open documents, the workspace
 * index and the last result per open document version; nothing here analyses code itself.
 */
export class GuardServer {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly settings: SettingsStore;
  private readonly index = new WorkspaceIndex();
  private readonly cache = new SourceCache();
  private readonly state = new Map<string, DocState>();
  private readonly scanned = new Set<string>();
  private folders: string[] = [];
  private documentChanges = false;
  private lastScan: ScanSummary | undefined;
  private indexing: Promise<void> = Promise.resolve();
  /** What the last scan covered; while set, file changes keep unopened files' results current. */
  private scanScope: ScanScope | undefined;
  /** Unopened files waiting to be analysed again (changed on disk, or their deployment model changed). */
  private readonly stale = new Set<string>();
  private draining = false;
  private runningScan: { cancelled: boolean; done: Promise<void> } | undefined;

  constructor(private readonly connection: Connection) {
    this.settings = new SettingsStore(connection);
  }

  listen(): void {
    const c = this.connection;
    c.onInitialize((p) => this.initialize(p));
    c.onInitialized(() => this.initialized());
    c.onDidChangeConfiguration((p) => {
      this.settings.changed(p.settings);
      this.reanalyzeAll();
      this.enqueue([...this.scanned].map(uriToPath));
    });
    c.onDidChangeWatchedFiles((p) => {
      for (const ch of p.changes) void this.fileChanged(ch.uri, ch.type);
    });
    c.onCodeAction((p, token) => this.codeActions(p, token));
    c.onRequest(ScanWorkspaceRequest, (_p: unknown, token: CancellationToken) => this.scanWorkspace(token));
    c.onRequest(ClearResultsRequest, () => this.clearResults());
    c.onShutdown(() => {
      for (const s of this.state.values()) if (s.timer) clearTimeout(s.timer);
    });

    this.documents.onDidOpen((e) => this.schedule(e.document, 0));
    this.documents.onDidChangeContent((e) => void this.changed(e.document));
    this.documents.onDidClose((e) => void this.closed(e.document));
    this.documents.listen(c);
    c.listen();
  }

  private initialize(p: InitializeParams): InitializeResult {
    this.settings.canPull = !!p.capabilities.workspace?.configuration;
    this.documentChanges = !!p.capabilities.workspace?.workspaceEdit?.documentChanges;
    const folders = p.workspaceFolders?.map((f) => uriToPath(f.uri)) ?? (p.rootUri ? [uriToPath(p.rootUri)] : p.rootPath ? [p.rootPath] : []);
    this.folders = folders.filter((f) => !/^[a-z]+:/i.test(f) || /^[a-z]:/i.test(f));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'serverless-guard', version: typeof SERVERLESS_GUARD_VERSION === 'string' ? SERVERLESS_GUARD_VERSION : '0.0.0-dev' },
    };
  }

  private initialized(): void {
    this.connection.workspace.onDidChangeWorkspaceFolders?.((e) => {
      const removed = new Set(e.removed.map((f) => uriToPath(f.uri)));
      this.folders = this.folders.filter((f) => !removed.has(f)).concat(e.added.map((f) => uriToPath(f.uri)));
      this.indexing = this.indexing.then(() => this.indexFolders(e.added.map((f) => uriToPath(f.uri))));
    });
    this.indexing = this.indexFolders(this.folders);
  }

  /** Reads every configuration in the folders into the index, so handlers know what deploys them. */
  private async indexFolders(folders: string[]): Promise<void> {
    const before = this.index.version;
    for (const folder of folders) {
      try {
        const { files } = await walkFiles(folder, {});
        const code: string[] = [];
        // Configurations first, so that the handler files they deploy are known when code is read.
        for (const f of files) {
          const c = classifyPath(f);
          if (c.role === 'code') code.push(f);
          if (!(c.role === 'config' || (c.role === 'other' && (c.language === 'yaml' || c.language === 'json')))) continue;
          if (this.openDocumentByPath(f)) continue;
          await this.indexFromDisk(f, false);
        }
        // Handler files (their exports, the env vars and AWS calls least-privilege fixes read) and CDK stacks.
        let n = 0;
        for (const f of code) {
          if (this.openDocumentByPath(f)) continue;
          await this.indexFromDisk(f, true);
          if (++n % 50 === 0) await new Promise<void>((resolve) => setImmediate(resolve)); // let requests in
        }
      } catch (e) {
        this.connection.console.warn(`serverless-guard: indexing ${folder} failed: ${(e as Error).message}`);
      }
    }
    if (this.index.version !== before) this.reanalyzeAll();
  }

  /** Reads one file into the index (code only when the index wants it: a handler or a CDK stack). */
  private async indexFromDisk(path: string, isCode: boolean): Promise<void> {
    const r = await readTextFile(path, 1024 * 1024);
    if (!r.ok) return;
    const file = SourceFile.create(path, r.text);
    if (isCode && !this.index.has(path) && !isModelled(file)) return;
    this.index.update(file);
    file.releaseTrees(); // the index keeps text and models
  }

  private openDocumentByPath(path: string): TextDocument | undefined {
    const uri = pathToUri(path);
    return this.documents.get(uri);
  }

  private async changed(doc: TextDocument): Promise<void> {
    const s = await this.settings.get(doc.uri);
    this.schedule(doc, s.debounceMs);
  }

  private async closed(doc: TextDocument): Promise<void> {
    const st = this.state.get(doc.uri);
    if (st?.timer) clearTimeout(st.timer);
    this.state.delete(doc.uri);
    this.settings.forget(doc.uri);
    const path = uriToPath(doc.uri);
    // A configuration closed with unsaved edits: the index goes back to what is on disk.
    if (this.index.has(path)) {
      const before = this.handlerBasesOf(path);
      if (await this.refreshFromDisk(path)) this.enqueueHandlers([...before, ...this.handlerBasesOf(path)]);
    }
    // After a scan the file's results come from disk again; otherwise closing clears them.
    if (this.scanScope || this.scanned.has(doc.uri)) {
      this.scanned.add(doc.uri);
      this.enqueue([path]);
    } else void this.connection.sendDiagnostics({ uri: doc.uri, diagnostics: [] });
  }

  private schedule(doc: TextDocument, delay: number): void {
    const st = this.state.get(doc.uri) ?? { ticket: 0 };
    this.state.set(doc.uri, st);
    if (st.timer) clearTimeout(st.timer);
    const ticket = ++st.ticket;
    st.timer = setTimeout(() => {
      st.timer = undefined;
      void this.validate(doc.uri, ticket);
    }, delay);
  }

  private reanalyzeAll(): void {
    for (const doc of this.documents.all()) this.schedule(doc, 0);
  }

  private async analyze(doc: TextDocument, settings: ServerlessGuardSettings): Promise<AnalysisResult | undefined> {
    const path = uriToPath(doc.uri);
    if (!settings.enable || this.isExcluded(path, settings)) return undefined;
    const file = this.cache.get(path, doc.getText(), { maxFileSize: settings.maxFileSize });
    if (file.classification.role === 'config' || this.index.has(path)) {
      const before = this.index.version;
      const basesBefore = this.scanScope ? this.handlerBasesOf(path) : [];
      this.index.update(file);
      if (this.index.version !== before) {
        // The deployment model changed: other open documents may be affected.
        for (const other of this.documents.all()) if (other.uri !== doc.uri) this.schedule(other, 50);
        // ...and so may the scanned files it deploys (before or after the edit).
        if (this.scanScope) this.enqueueHandlers([...basesBefore, ...this.handlerBasesOf(path)]);
      }
    }
    return analyzeSource(file, { index: this.index, settings: toEngineSettings(settings), cache: this.cache });
  }

  private async validate(uri: string, ticket: number): Promise<void> {
    const doc = this.documents.get(uri);
    const st = this.state.get(uri);
    if (!doc || !st || st.ticket !== ticket) return;
    const version = doc.version;
    try {
      const settings = await this.settings.get(uri);
      const result = await this.analyze(doc, settings);
      // Stale: the document changed (or closed) while we worked; the newer run publishes.
      const now = this.documents.get(uri);
      if (!now || now.version !== version || st.ticket !== ticket) return;
      if (!result) {
        st.result = undefined;
        void this.connection.sendDiagnostics({ uri, version, diagnostics: [] });
        return;
      }
      st.result = { version, result, indexVersion: this.index.version };
      void this.connection.sendDiagnostics({ uri, version, diagnostics: this.diagnosticsOf(result) });
      this.logProblems(uri, result);
    } catch (e) {
      this.connection.console.error(`serverless-guard: analysing ${uri} failed: ${(e as Error)?.stack ?? e}`);
    }
  }

  private diagnosticsOf(result: AnalysisResult): Diagnostic[] {
    const out = result.findings.map(toDiagnostic);
    for (const p of result.problems) {
      const d = problemDiagnostic(p);
      if (d) out.push(d);
    }
    return out;
  }

  private logProblems(uri: string, result: AnalysisResult): void {
    for (const p of result.problems) {
      if (p.kind === 'skipped' || p.kind === 'internal-error') this.connection.console.info(`serverless-guard: ${uri}: ${p.message}`);
    }
  }

  private isExcluded(path: string, settings: ServerlessGuardSettings): boolean {
    if (!settings.exclude.length) return false;
    const folder = this.folders.filter((f) => path.startsWith(f.endsWith('/') ? f : `${f}/`)).sort((a, b) => b.length - a.length)[0];
    const rel = folder ? nodePath.posix.relative(folder, path) : path;
    return settings.exclude.some((g) => picomatch(g, { dot: true })(rel));
  }

  /** The result for the document's current version, computing it now if the debounced run has not finished. */
  private async currentResult(doc: TextDocument): Promise<AnalysisResult | undefined> {
    const st = this.state.get(doc.uri);
    if (st?.result && st.result.version === doc.version && st.result.indexVersion === this.index.version) return st.result.result;
    const settings = await this.settings.get(doc.uri);
    return this.analyze(doc, settings);
  }

  private editTarget = (path: string): EditTarget => {
    const uri = pathToUri(path);
    const open = this.documents.get(uri);
    return { uri, version: open ? open.version : null };
  };

  private async codeActions(p: CodeActionParams, token: CancellationToken): Promise<CodeAction[]> {
    const doc = this.documents.get(p.textDocument.uri);
    if (!doc) return [];
    // Fixes that read other files (least privilege, cross-file secrets) need the startup indexing; wait
    // for it a little, never long (a huge workspace still gets its single-file fixes at once).
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.indexing, new Promise<void>((resolve) => (timer = setTimeout(resolve, 1500)))]);
    clearTimeout(timer);
    const result = await this.currentResult(doc);
    if (!result || token.isCancellationRequested || doc.version !== this.documents.get(doc.uri)?.version) return [];
    const only = p.context.only;
    const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
    const actions: CodeAction[] = [];
    if (wants(CodeActionKind.QuickFix)) {
      const start = doc.offsetAt(p.range.start);
      const end = doc.offsetAt(p.range.end);
      for (const f of result.findings) {
        const fd = p.context.diagnostics.find((d) => matches(d, f));
        const overlaps = f.range.startOffset <= end && start <= f.range.endOffset;
        if (!fd && !overlaps) continue;
        const diagnostic = fd ?? toDiagnostic(f);
        for (const fix of f.fixes) actions.push(toCodeAction(fix, diagnostic, toWorkspaceEdit(fix, this.editTarget, this.documentChanges)));
      }
    }
    if (wants(FIX_ALL_KIND)) {
      const fixAll = this.fixAll(result, doc);
      if (fixAll) actions.push(fixAll);
    }
    return actions;
  }

  /** Every preferred fix of the document whose edits stay in this document and do not overlap. */
  private fixAll(result: AnalysisResult, doc: TextDocument): CodeAction | undefined {
    const path = uriToPath(doc.uri);
    const edits: Finding['fixes'][number]['edits'] = [];
    let lastEnd = -1;
    const fixes = result.findings
      .map((f) => f.fixes.find((x) => x.isPreferred && x.kind === 'quickfix'))
      .filter((x): x is NonNullable<typeof x> => !!x && x.edits.every((e) => e.path === path))
      .sort((a, b) => a.edits[0].range.startOffset - b.edits[0].range.startOffset);
    for (const fix of fixes) {
      const s = Math.min(...fix.edits.map((e) => e.range.startOffset));
      const e = Math.max(...fix.edits.map((x) => x.range.endOffset));
      if (s <= lastEnd) continue;
      edits.push(...fix.edits);
      lastEnd = e;
    }
    if (!edits.length) return undefined;
    return {
      title: 'Fix all Serverless Guard problems',
      kind: FIX_ALL_KIND,
      edit: toWorkspaceEdit({ edits }, this.editTarget, this.documentChanges),
    };
  }

  /**
   * A file changed on disk (the client's file watcher). Open documents are left alone (the buffer is
   * the truth). The deployment model is refreshed; when it changed, the handlers the changed
   * configuration deploys (before and after) are analysed again; after a scan, the file itself is
   * analysed again (or for the first time, if it is new). A deleted file or folder loses its results.
   */
  private async fileChanged(uri: string, type: FileChangeType): Promise<void> {
    const path = uriToPath(uri);
    if (this.documents.get(uri)) return; // the editor's buffer is the truth for open documents
    if (type === FileChangeType.Deleted) {
      // A deleted folder arrives as one event: everything under it goes.
      const prefix = path.endsWith('/') ? path : `${path}/`;
      const gone = this.index.allConfigs().map((c) => c.path).filter((p) => p === path || p.startsWith(prefix));
      const bases = gone.flatMap((p) => this.handlerBasesOf(p));
      const wasModel = gone.length > 0 || this.index.has(path);
      for (const p of gone) this.index.remove(p);
      this.index.remove(path);
      this.cache.delete(path);
      const uriPrefix = uri.endsWith('/') ? uri : `${uri}/`;
      for (const u of [...this.scanned]) {
        if (u !== uri && !u.startsWith(uriPrefix)) continue;
        this.scanned.delete(u);
        void this.connection.sendDiagnostics({ uri: u, diagnostics: [] });
      }
      for (const set of this.scanScope?.byBase.values() ?? []) for (const p of [...set]) if (p === path || p.startsWith(prefix)) set.delete(p);
      if (wasModel) {
        this.reanalyzeAll();
        this.enqueueHandlers(bases);
      }
      return;
    }
    const before = this.handlerBasesOf(path);
    if (await this.refreshFromDisk(path)) this.enqueueHandlers([...before, ...this.handlerBasesOf(path)]);
    if (this.scanScope || this.scanned.has(uri)) this.enqueue([path]);
  }

  /** Reads a file into the deployment model; true when the model changed (open documents are then re-analysed). */
  private async refreshFromDisk(path: string): Promise<boolean> {
    const c = classifyPath(path);
    if (c.role === 'ignored') return false;
    const before = this.index.version;
    const r = await readTextFile(path, 1024 * 1024);
    if (r.ok) this.index.update(SourceFile.create(path, r.text));
    else this.index.remove(path);
    if (this.index.version === before) return false;
    this.reanalyzeAll();
    return true;
  }

  /** The handler files (paths without extension) a configuration of the index deploys. */
  private handlerBasesOf(configPath: string): string[] {
    const p = normalizePath(configPath);
    const model = this.index.allConfigs().find((c) => c.path === p) as
      | { functions?: Array<{ handler?: { fileBase?: string; alternateFileBases?: string[] } }> }
      | undefined;
    const out: string[] = [];
    for (const fn of model?.functions ?? []) {
      if (fn.handler?.fileBase) out.push(fn.handler.fileBase);
      for (const alt of fn.handler?.alternateFileBases ?? []) out.push(alt);
    }
    return out;
  }

  /** After a model change: the scanned (unopened) files deployed as those handlers are analysed again. */
  private enqueueHandlers(bases: readonly string[]): void {
    const scope = this.scanScope;
    if (!scope || !bases.length) return;
    const paths: string[] = [];
    for (const base of new Set(bases)) for (const p of scope.byBase.get(base) ?? []) paths.push(p);
    this.enqueue(paths);
  }

  /** Files waiting to be analysed again from disk, one at a time, yielding to requests in between. */
  private enqueue(paths: Iterable<string>): void {
    for (const p of paths) this.stale.add(p);
    if (!this.draining && this.stale.size) void this.drain();
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.stale.size) {
        const path = this.stale.values().next().value as string;
        this.stale.delete(path);
        try {
          await this.refreshUnopened(path);
        } catch (e) {
          this.connection.console.error(`serverless-guard: analysing ${path} failed: ${(e as Error)?.stack ?? e}`);
        }
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      this.draining = false;
    }
  }

  /** Analyses a file that is not open, as the scan would (same selection), and publishes or clears its results. */
  private async refreshUnopened(path: string): Promise<void> {
    const uri = pathToUri(path);
    if (this.documents.get(uri)) return;
    const clear = () => {
      if (this.scanned.delete(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    };
    const folder = this.scanScope?.folders.filter((f) => isInside(path, f.path)).sort((a, b) => b.path.length - a.path.length)[0];
    if (!folder) return clear();
    const selected = folder.selector.check(path);
    if (!selected.selected) return clear();
    const settings = await this.settings.get(uri);
    if (!settings.enable || this.isExcluded(path, settings)) return clear();
    const r = await readTextFile(path, settings.maxFileSize);
    if (!r.ok) {
      if (!/vanished/.test(r.reason)) this.connection.console.info(`serverless-guard: skipped ${path}: ${r.reason}`);
      return clear();
    }
    const file = SourceFile.create(path, r.text, { maxFileSize: settings.maxFileSize });
    if (file.classification.role === 'ignored') {
      this.connection.console.info(`serverless-guard: skipped ${path}: ${file.classification.reason}`);
      return clear();
    }
    const result = await analyzeSource(file, { index: this.index, settings: toEngineSettings(settings) });
    if (this.documents.get(uri)) return; // opened meanwhile: the live analysis publishes
    if (file.classification.role === 'code') this.scanScope?.byBase.get(stripCodeExtension(file.path))?.add(path) ?? this.scanScope?.byBase.set(stripCodeExtension(file.path), new Set([path]));
    const diagnostics = this.diagnosticsOf(result);
    if (!diagnostics.length) return clear();
    this.scanned.add(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics });
  }

  /** VS Code's `files.exclude` for a folder, pulled like our own settings (null from other clients). */
  private async filesExclude(folder: string): Promise<FilesExclude | undefined> {
    if (!this.settings.canPull) return undefined;
    try {
      const v = (await this.connection.workspace.getConfiguration({ scopeUri: pathToUri(folder), section: 'files.exclude' })) as unknown;
      return v && typeof v === 'object' ? (v as FilesExclude) : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * "Scan Workspace": every folder, through the shared scan (worker threads when the workspace is big
   * enough, so this thread keeps answering the editor). Results are pushed as they arrive (see the
   * note on push vs pull below); progress is a `serverlessGuard/scanProgress` notification; a second
   * scan request cancels a running one.
   *
   * Push, not LSP 3.17 pull (`workspace/diagnostic`): the scan is something the user starts, with
   * progress and cancellation, and results for unopened files must reach the Problems panel in every
   * client. With pull, VS Code asks for workspace diagnostics on its own schedule (at start-up and
   * again after changes), so the whole workspace would be analysed whether or not anybody asked, and
   * clients without workspace pull (Neovim, Helix, older VS Code clients) would get nothing. Pushing
   * also lets results stream in during a long scan, and lets file watchers update one file at a time.
   */
  private async scanWorkspace(token: CancellationToken): Promise<ScanSummary> {
    if (this.runningScan) {
      this.runningScan.cancelled = true;
      await this.runningScan.done;
    }
    let finish!: () => void;
    const me = { cancelled: false, done: new Promise<void>((resolve) => (finish = resolve)) };
    this.runningScan = me;
    try {
      return await this.runScan(() => token.isCancellationRequested || me.cancelled);
    } finally {
      if (this.runningScan === me) this.runningScan = undefined;
      finish();
    }
  }

  private async runScan(isCancelled: () => boolean): Promise<ScanSummary> {
    await this.indexing;
    const started = Date.now();
    const summary: ScanSummary = { files: 0, findings: 0, errors: 0, warnings: 0, skipped: 0, durationMs: 0, cancelled: false };
    this.status({ state: 'scanning', message: 'Scanning workspace…', lastScan: this.lastScan });
    const previous = new Set(this.scanned);
    const scope: ScanScope = { folders: [], byBase: new Map() };
    let lastSent = 0;
    let lastStatus = 0;
    for (const [i, folder] of this.folders.entries()) {
      if (isCancelled()) break;
      const settings = await this.settings.get(pathToUri(folder));
      if (!settings.enable) continue;
      const selection = { exclude: settings.exclude, filesExclude: await this.filesExclude(folder) };
      scope.folders.push({ path: folder, selector: new FileSelector(folder, selection) });
      const overrides = new Map(this.documents.all().map((d) => [uriToPath(d.uri), d.getText()]));
      const label = this.folders.length > 1 ? `${nodePath.basename(folder)} (${i + 1}/${this.folders.length})` : undefined;
      let phase: ScanPhase = 'selecting';
      const progress = (done: number, total: number, force = false) => {
        const now = Date.now();
        if (force || done === total || now - lastSent >= 100) {
          lastSent = now;
          void this.connection.sendNotification(SCAN_PROGRESS_NOTIFICATION, { done, total, phase, folder: label });
        }
        if (now - lastStatus >= 500) {
          lastStatus = now;
          const what = phase === 'analysing' ? `${done}/${total} files` : phase === 'modelling' ? 'reading configurations' : 'listing files';
          this.status({ state: 'scanning', message: `Scanning: ${what}`, lastScan: this.lastScan });
        }
      };
      const out = await scanPaths([folder], {
        settings: toEngineSettings(settings),
        ...selection,
        overrides,
        isCancelled,
        inline: false,
        workers: 'auto',
        onPhase: (p, files) => {
          phase = p;
          progress(0, files, true);
        },
        onProgress: (done, total) => progress(done, total),
        onSkip: (sk) => this.connection.console.info(`serverless-guard: skipped ${sk.path}: ${sk.reason}`),
        log: (m) => this.connection.console.warn(m),
        onResult: (res, outcome) => {
          if (classifyPath(outcome.path).role === 'code') {
            const base = stripCodeExtension(normalizePath(outcome.path));
            const set = scope.byBase.get(base) ?? new Set<string>();
            set.add(outcome.path);
            scope.byBase.set(base, set);
          }
          const uri = pathToUri(res.path);
          if (this.documents.get(uri)) return; // open documents keep their live diagnostics
          previous.delete(uri);
          for (const f of res.findings) {
            summary.findings++;
            if (f.severity === 'error') summary.errors++;
            else if (f.severity === 'warning') summary.warnings++;
          }
          const diagnostics = this.diagnosticsOf(res);
          if (diagnostics.length) {
            this.scanned.add(uri);
            void this.connection.sendDiagnostics({ uri, diagnostics });
          } else if (this.scanned.delete(uri)) {
            void this.connection.sendDiagnostics({ uri, diagnostics: [] });
          }
        },
      });
      summary.files += out.files;
      summary.skipped += out.skipped.length;
    }
    summary.cancelled = isCancelled();
    if (!summary.cancelled) {
      // Files that had results before and were not seen this time (deleted, now excluded).
      for (const uri of previous) {
        if (!this.scanned.delete(uri)) continue;
        void this.connection.sendDiagnostics({ uri, diagnostics: [] });
      }
      this.scanScope = scope;
    }
    // Open documents count too: their live results are what the user sees.
    for (const st of this.state.values()) {
      for (const f of st.result?.result.findings ?? []) {
        summary.findings++;
        if (f.severity === 'error') summary.errors++;
        else if (f.severity === 'warning') summary.warnings++;
      }
    }
    summary.durationMs = Date.now() - started;
    if (!summary.cancelled) this.lastScan = summary;
    const message = summary.cancelled ? 'Scan cancelled' : `${summary.findings} finding${summary.findings === 1 ? '' : 's'} in ${summary.files} files`;
    this.status({ state: 'idle', message, lastScan: this.lastScan ?? summary });
    return summary;
  }

  /** "Clear Workspace Scan Results": results of unopened files go, and file changes stop adding new ones. */
  private clearResults(): number {
    if (this.runningScan) this.runningScan.cancelled = true;
    const n = this.scanned.size;
    for (const uri of this.scanned) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    this.scanned.clear();
    this.stale.clear();
    this.scanScope = undefined;
    this.status({ state: 'idle', message: 'Results cleared', lastScan: this.lastScan });
    return n;
  }

  private status(p: StatusParams): void {
    void this.connection.sendNotification(StatusNotification, p);
  }
}

declare const SERVERLESS_GUARD_VERSION: string | undefined;

function matches(d: Diagnostic, f: Finding): boolean {
  const data = d.data as DiagnosticData | undefined;
  if (data && typeof data === 'object' && 'ruleId' in data) return data.ruleId === f.ruleId && data.start === f.range.startOffset && data.end === f.range.endOffset;
  return d.code === f.ruleId && d.range.start.line === f.range.start.line && d.range.start.character === f.range.start.character;
}
