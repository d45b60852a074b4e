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
import { SourceCache } from '../engine/source';
import type { AnalysisResult, Finding } from '../engine/types';
import { readTextFile } from '../host/read';
import { scanPaths } from '../host/scan';
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

interface DocState {
  timer?: NodeJS.Timeout;
  /** Bumped for every scheduled analysis: a run whose ticket is old is dropped. */
  ticket: number;
  result?: { version: number; result: AnalysisResult };
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
        for (const f of files) {
          const c = classifyPath(f);
          if (!(c.role === 'config' || (c.role === 'other' && (c.language === 'yaml' || c.language === 'json')))) continue;
          if (this.openDocumentByPath(f)) continue;
          const r = await readTextFile(f, 1024 * 1024);
          if (r.ok) this.index.update(this.cache.get(f, r.text));
        }
      } catch (e) {
        this.connection.console.warn(`serverless-guard: indexing ${folder} failed: ${(e as Error).message}`);
      }
    }
    if (this.index.version !== before) this.reanalyzeAll();
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
    if (this.index.has(path)) await this.refreshFromDisk(path);
    if (this.scanned.has(doc.uri)) await this.publishFromDisk(doc.uri);
    else void this.connection.sendDiagnostics({ uri: doc.uri, diagnostics: [] });
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
      this.index.update(file);
      if (this.index.version !== before) {
        // The deployment model changed: other open documents may be affected.
        for (const other of this.documents.all()) if (other.uri !== doc.uri) this.schedule(other, 50);
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
      st.result = { version, result };
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
    if (st?.result && st.result.version === doc.version) return st.result.result;
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

  private async fileChanged(uri: string, type: FileChangeType): Promise<void> {
    const path = uriToPath(uri);
    if (this.documents.get(uri)) return; // the editor's buffer is the truth for open documents
    if (type === FileChangeType.Deleted) {
      const wasConfig = this.index.has(path);
      this.index.remove(path);
      this.cache.delete(path);
      if (this.scanned.delete(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
      if (wasConfig) this.reanalyzeAll();
      return;
    }
    await this.refreshFromDisk(path);
    if (this.scanned.has(uri)) await this.publishFromDisk(uri);
  }

  private async refreshFromDisk(path: string): Promise<void> {
    const c = classifyPath(path);
    if (!(c.role === 'config' || (c.role === 'other' && (c.language === 'yaml' || c.language === 'json')))) return;
    const before = this.index.version;
    const r = await readTextFile(path, 1024 * 1024);
    if (r.ok) this.index.update(this.cache.get(path, r.text));
    else this.index.remove(path);
    if (this.index.version !== before) this.reanalyzeAll();
  }

  private async publishFromDisk(uri: string): Promise<void> {
    const path = uriToPath(uri);
    const settings = await this.settings.get(uri);
    const r = await readTextFile(path, settings.maxFileSize);
    if (!r.ok || !settings.enable || this.isExcluded(path, settings)) {
      void this.connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    const result = await analyzeSource(this.cache.get(path, r.text, { maxFileSize: settings.maxFileSize }), { index: this.index, settings: toEngineSettings(settings) });
    void this.connection.sendDiagnostics({ uri, diagnostics: this.diagnosticsOf(result) });
  }

  private async scanWorkspace(token: CancellationToken): Promise<ScanSummary> {
    await this.indexing;
    const started = Date.now();
    const summary: ScanSummary = { files: 0, findings: 0, errors: 0, warnings: 0, skipped: 0, durationMs: 0, cancelled: false };
    this.status({ state: 'scanning', message: 'Scanning workspace…' });
    const previous = new Set(this.scanned);
    for (const folder of this.folders) {
      if (token.isCancellationRequested) break;
      const settings = await this.settings.get(pathToUri(folder));
      if (!settings.enable) continue;
      const overrides = new Map(this.documents.all().map((d) => [uriToPath(d.uri), d.getText()]));
      const out = await scanPaths([folder], {
        settings: toEngineSettings(settings),
        exclude: settings.exclude,
        overrides,
        isCancelled: () => token.isCancellationRequested,
        onProgress: (done, total) => void this.connection.sendNotification(SCAN_PROGRESS_NOTIFICATION, { done, total }),
        onResult: (res) => {
          const uri = pathToUri(res.path);
          if (this.documents.get(uri)) return; // open documents keep their live diagnostics
          previous.delete(uri);
          if (res.findings.length) {
            this.scanned.add(uri);
            void this.connection.sendDiagnostics({ uri, diagnostics: this.diagnosticsOf(res) });
          } else if (this.scanned.delete(uri)) {
            void this.connection.sendDiagnostics({ uri, diagnostics: [] });
          }
        },
      });
      for (const cfg of out.index.allConfigs()) {
        const f = out.index.configFile(cfg.path);
        if (f && !this.openDocumentByPath(cfg.path)) this.index.update(f);
      }
      summary.files += out.files;
      summary.skipped += out.skipped.length;
      for (const r of out.results) {
        if (this.documents.get(pathToUri(r.path))) continue;
        for (const f of r.findings) {
          summary.findings++;
          if (f.severity === 'error') summary.errors++;
          else if (f.severity === 'warning') summary.warnings++;
        }
      }
    }
    summary.cancelled = token.isCancellationRequested;
    if (!summary.cancelled) {
      // Files that had findings before and were not seen this time (deleted, now excluded).
      for (const uri of previous) {
        this.scanned.delete(uri);
        void this.connection.sendDiagnostics({ uri, diagnostics: [] });
      }
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
    this.lastScan = summary;
    this.status({ state: 'idle', message: summary.cancelled ? 'Scan cancelled' : `${summary.findings} finding${summary.findings === 1 ? '' : 's'}`, lastScan: summary });
    return summary;
  }

  private clearResults(): number {
    const n = this.scanned.size;
    for (const uri of this.scanned) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    this.scanned.clear();
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
