import { createHash } from 'node:crypto';
import { analyzeSource } from '../engine/analyze';
import { WorkspaceIndex } from '../engine/model/workspace';
import { normalizePath } from '../engine/paths';
import type { EngineSettings } from '../engine/settings';
import { SourceFile } from '../engine/source';
import { adoptModel, isModelled } from '../engine/model/file-model';
import { adoptHandlerFacts } from '../engine/model/handler';
import { adoptInference, completeInference } from '../engine/rules/wildcard-permission/inference';
import { grantsReadHandler } from '../engine/rules/wildcard-permission/checks';
import type { AwsCallInference } from '../engine/code/aws-sdk';
import type { FileModel, HandlerFacts } from '../engine/model/types';
import type { AnalysisResult, Finding } from '../engine/types';
import { readTextFileSync, textDigest, type ReaderFs, type TextEncodingName } from './read';

/** What a lane needs to analyse like every other lane: the same settings, limits and editor buffers. */
export interface LaneConfig {
  settings: EngineSettings;
  maxBytes: number;
  /** Editor buffers that replace the disk, by absolute path. */
  overrides?: Array<[string, string]>;
  /** V8 flags a worker thread sets when it starts (host/heap.ts: the CLI's garbage-collector settings). */
  v8Flags?: string[];
}

export interface ConfigText {
  path: string;
  text: string;
  /** The model built from `text` (plain data), so other lanes adopt it instead of building it again. */
  model?: FileModel;
  /** Likewise for a handler file's facts. */
  facts?: HandlerFacts;
  /** And for the AWS calls of a JS/TS handler (what a least-privilege fix reads; null: incomplete). */
  inference?: AwsCallInference | null;
}

export interface ModelOutput {
  /** Files the engine models (configurations, CDK stacks), with the text they were modelled from. */
  files: ConfigText[];
  /** Files that cannot be analysed, with the reason; they are not read again. */
  skipped: Array<{ path: string; reason: string; bytes?: number }>;
}

/** One analysed (or skipped) file, as lanes report it. Plain data (it crosses thread boundaries). */
export interface FileOutcome {
  path: string;
  /** Absent when the file was skipped. */
  result?: AnalysisResult;
  skipped?: string;
  bytes: number;
  /** Per finding (same order): a hash of the rule and the text it points at, not of its position. */
  fingerprints?: string[];
  /** Digests of the texts the findings' fixes were computed against, by path (for `--fix`). */
  digests?: Record<string, string>;
  /** How the file was decoded (for `--fix`, which writes it back the same way). */
  encoding?: TextEncodingName;
  bom?: boolean;
}

/**
 * A finding's identity across edits: its rule and the text it reports (whitespace collapsed), hashed so
 * that a baseline never stores a secret. The same text reported twice in a file has the same
 * fingerprint; baselines count occurrences.
 */
export function fingerprintOf(ruleId: string, snippet: string): string {
  const norm = snippet.replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(`${ruleId}\u0000${norm}`, 'utf8').digest('hex').slice(0, 32);
}

/**
 * The analysis of a set of files against one full deployment model. The same code runs on the main
 * thread and in each worker (`scan-worker.ts`). The model is built in two steps before any analysis,
 * because the engine links both ways (handlers need the configurations that deploy them, and
 * configurations may use facts of their handlers):
 *
 * 1. `model(paths)`: each lane reads its share of the files and indexes those the engine models
 *    (configurations, CDK stacks); `addModels` gives every lane what the others found.
 * 2. `handlers(paths)`: with every configuration known, each lane indexes its share of the code files
 *    that are handlers; `addHandlers` again shares them.
 * 3. `analyze(path)`: reads and analyses one file against the complete index (files already parsed for
 *    the index are not parsed again).
 *
 * Never throws on a file.
 */
export class Lane {
  readonly index = new WorkspaceIndex();
  private readonly overrides: Map<string, string>;
  /** Files that step 1 already found unreadable or not analysable (not read twice). */
  private readonly skippedEarly = new Map<string, { reason: string; bytes?: number }>();
  /** Handler files indexed in step 2 (their parse is reused by the analysis). */
  private readonly handlerFiles = new Map<string, SourceFile>();

  constructor(
    private readonly config: LaneConfig,
    private readonly fs?: ReaderFs,
  ) {
    this.overrides = new Map((config.overrides ?? []).map(([p, t]) => [normalizePath(p), t]));
  }

  private read(path: string) {
    const override = this.overrides.get(normalizePath(path));
    if (override !== undefined) return { ok: true as const, text: override, bytes: Buffer.byteLength(override), encoding: 'utf-8' as const, bom: false };
    return readTextFileSync(path, this.config.maxBytes, this.fs);
  }

  private create(path: string, text: string): SourceFile {
    return SourceFile.create(path, text, { maxFileSize: this.config.maxBytes });
  }

  /** Step 1: reads files and indexes those the engine models; returns them with their texts. */
  model(paths: readonly string[]): ModelOutput {
    const out: ModelOutput = { files: [], skipped: [] };
    for (const path of paths) {
      const r = this.read(path);
      if (!r.ok) {
        this.skippedEarly.set(path, { reason: r.reason, bytes: r.bytes });
        out.skipped.push({ path, reason: r.reason, bytes: r.bytes });
        continue;
      }
      const file = this.create(path, r.text);
      if (file.classification.role === 'ignored') {
        this.skippedEarly.set(path, { reason: file.classification.reason, bytes: r.bytes });
        out.skipped.push({ path, reason: file.classification.reason, bytes: r.bytes });
        continue;
      }
      // Code that is not a CDK stack waits for step 2 (it may be a handler); other files for step 3.
      if (!isModelled(file)) continue;
      try {
        const model = this.index.update(file);
        if (model !== undefined) out.files.push({ path, text: r.text, model });
      } catch {
        /* the engine does not throw on input; a file it cannot model is analysed alone */
      }
    }
    return out;
  }

  /** Step 1, the other lanes' share. */
  addModels(files: readonly ConfigText[]): void {
    for (const c of files) {
      if (this.index.configFile(c.path)?.text === c.text) continue;
      try {
        const file = this.create(c.path, c.text);
        if (c.model) adoptModel(file, c.model);
        this.index.update(file);
      } catch {
        /* as above */
      }
    }
  }

  /** Step 2: indexes the handler files among `paths` (code files some function deploys); returns them. */
  handlers(paths: readonly string[]): ConfigText[] {
    const out: ConfigText[] = [];
    for (const path of paths) {
      if (this.skippedEarly.has(path) || this.index.configFile(path) || !this.index.has(path)) continue;
      // A scan reads a handler's code for one thing: the least-privilege fix of a grant that applies to
      // the function (a wildcard statement, a managed policy; see grantsReadHandler). A function with
      // none needs nothing from its handler here; the file is still analysed like any other.
      if (!this.needsHandler(path)) continue;
      const r = this.read(path);
      if (!r.ok) continue;
      const file = this.create(path, r.text);
      try {
        this.index.update(file);
        this.handlerFiles.set(normalizePath(path), file);
        // The AWS calls too, while the tree is here: the lane that analyses the configuration deploying
        // this handler (a least-privilege fix) then needs no JS/TS parser.
        const inference = file.classification.role === 'code' && file.classification.language !== 'python' ? completeInference(file) : undefined;
        out.push({ path, text: r.text, facts: this.index.handlerFacts(path), ...(inference !== undefined ? { inference } : {}) });
      } catch {
        /* as above */
      }
    }
    return out;
  }

  private needsHandler(path: string): boolean {
    return this.index.functionsForHandler(path).some((fn) => grantsReadHandler(this.index, fn));
  }

  /** Step 2, the other lanes' share. */
  addHandlers(files: readonly ConfigText[]): void {
    for (const c of files) {
      const key = normalizePath(c.path);
      if (this.handlerFiles.get(key)?.text === c.text) continue;
      const file = this.create(c.path, c.text);
      if (c.facts) adoptHandlerFacts(file, c.facts);
      if (c.inference !== undefined) adoptInference(file, c.inference);
      try {
        this.index.update(file);
        this.handlerFiles.set(key, file);
      } catch {
        /* as above */
      }
    }
  }

  /** Analyses one file. `withFixData` adds what `--fix` needs (digests, encoding). */
  async analyze(path: string, withFixData = false): Promise<FileOutcome> {
    const early = this.skippedEarly.get(path);
    if (early) return { path, skipped: early.reason, bytes: early.bytes ?? 0 };
    let file = this.index.configFile(path) ?? this.handlerFiles.get(normalizePath(path));
    let bytes: number;
    let encoding: TextEncodingName = 'utf-8';
    let bom = false;
    const override = this.overrides.get(normalizePath(path));
    if (file && (override === undefined || override === file.text)) {
      bytes = Buffer.byteLength(file.text);
    } else {
      const r = this.read(path);
      if (!r.ok) return { path, skipped: r.reason, bytes: r.bytes ?? 0 };
      bytes = r.bytes;
      encoding = r.encoding;
      bom = r.bom;
      file = SourceFile.create(path, r.text, { maxFileSize: this.config.maxBytes });
    }
    if (file.classification.role === 'ignored') return { path, skipped: file.classification.reason, bytes };
    let result: AnalysisResult;
    try {
      result = await analyzeSource(file, { index: this.index, settings: this.config.settings });
      // The index keeps the text and model; the trees are not needed once the file is analysed.
      file.releaseTrees();
    } catch (e) {
      result = { path: file.path, findings: [], problems: [{ kind: 'internal-error', path: file.path, message: `analysis failed: ${(e as Error)?.message ?? e}` }] };
    }
    const outcome: FileOutcome = { path, result, bytes };
    if (result.findings.length) {
      outcome.fingerprints = result.findings.map((f) => fingerprintOf(f.ruleId, snippetOf(file!, f)));
      if (withFixData) {
        outcome.encoding = encoding;
        outcome.bom = bom;
        outcome.digests = this.digestsFor(file, result.findings);
      }
    }
    return outcome;
  }

  /** Digests of every text a fix edits (this file, configurations of the index). */
  private digestsFor(file: SourceFile, findings: readonly Finding[]): Record<string, string> {
    const out: Record<string, string> = {};
    for (const f of findings) {
      for (const fix of f.fixes) {
        for (const e of fix.edits) {
          if (out[e.path] !== undefined) continue;
          const text = e.path === file.path ? file.text : this.index.configFile(e.path)?.text;
          if (text !== undefined) out[e.path] = textDigest(text);
        }
      }
    }
    return out;
  }
}

function snippetOf(file: SourceFile, f: Finding): string {
  const s = Math.max(0, Math.min(f.range.startOffset, file.text.length));
  const e = Math.max(s, Math.min(f.range.endOffset, file.text.length));
  // An empty range (a finding about a missing thing) is identified by its line instead.
  if (e === s) return file.text.slice(file.text.lastIndexOf('\n', s - 1) + 1, (file.text.indexOf('\n', s) + 1 || file.text.length + 1) - 1);
  return file.text.slice(s, e);
}
