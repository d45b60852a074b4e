import { analyzeSource } from '../engine/analyze';
import { classifyPath } from '../engine/classify';
import { WorkspaceIndex } from '../engine/model/workspace';
import type { EngineSettings } from '../engine/settings';
import { SourceFile } from '../engine/source';
import type { AnalysisResult, Problem } from '../engine/types';
import { readTextFile } from './read';
import { walkFiles, type WalkSkip } from './walk';
import { DEFAULT_MAX_FILE_SIZE } from '../engine/classify';

export interface ScanOptions {
  settings?: EngineSettings;
  exclude?: readonly string[];
  gitignore?: boolean;
  isCancelled?: () => boolean;
  onProgress?: (done: number, total: number) => void;
  /** Texts that override the disk (open editor buffers), by absolute path. */
  overrides?: ReadonlyMap<string, string>;
  /** Called once per analysed file, as results arrive. */
  onResult?: (result: AnalysisResult) => void;
}

export interface ScanOutput {
  results: AnalysisResult[];
  index: WorkspaceIndex;
  files: number;
  skipped: WalkSkip[];
  bytes: number;
  cancelled: boolean;
}

const CONCURRENCY = 16;

/**
 * Scans folders or files: lists them, indexes every configuration first (so handler files know the
 * functions that deploy them), then analyses each file. Reads files at most twice, holds only
 * configuration texts in memory, and never throws on a bad file.
 */
export async function scanPaths(roots: readonly string[], options: ScanOptions = {}): Promise<ScanOutput> {
  const maxBytes = options.settings?.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const skipped: WalkSkip[] = [];
  const all: string[] = [];
  for (const root of roots) {
    const w = await walkFiles(root, { exclude: options.exclude, gitignore: options.gitignore, isCancelled: options.isCancelled });
    all.push(...w.files);
    skipped.push(...w.skipped);
  }
  const files = [...new Set(all)];
  const index = new WorkspaceIndex();
  const results: AnalysisResult[] = [];
  let bytes = 0;
  const read = async (path: string) => {
    const override = options.overrides?.get(path);
    if (override !== undefined) return { ok: true as const, text: override, bytes: override.length };
    return readTextFile(path, maxBytes);
  };

  // Phase 1: configuration files (by name, or YAML/JSON recognised by content).
  const maybeConfig = files.filter((f) => {
    const c = classifyPath(f);
    return c.role === 'config' || (c.role === 'other' && (c.language === 'yaml' || c.language === 'json'));
  });
  const configTexts = new Map<string, SourceFile>();
  await forEachLimited(maybeConfig, CONCURRENCY, async (path) => {
    if (options.isCancelled?.()) return;
    const r = await read(path);
    if (!r.ok) return;
    const file = SourceFile.create(path, r.text, { maxFileSize: maxBytes });
    configTexts.set(path, file);
    if (file.classification.role === 'config') index.update(file);
  });

  // Phase 2: analyse everything.
  let done = 0;
  options.onProgress?.(0, files.length);
  await forEachLimited(files, CONCURRENCY, async (path) => {
    if (options.isCancelled?.()) return;
    let file = configTexts.get(path);
    if (!file) {
      const r = await read(path);
      if (!r.ok) {
        skipped.push({ path, reason: r.reason });
        const problem: Problem = { kind: 'skipped', path, message: `skipped: ${r.reason}` };
        const res: AnalysisResult = { path, findings: [], problems: [problem] };
        results.push(res);
        options.onResult?.(res);
        done++;
        options.onProgress?.(done, files.length);
        return;
      }
      bytes += r.bytes;
      file = SourceFile.create(path, r.text, { maxFileSize: maxBytes });
    } else {
      bytes += file.text.length;
    }
    const res = await analyzeSource(file, { index, settings: options.settings });
    if (file.classification.role === 'ignored') skipped.push({ path, reason: file.classification.reason });
    results.push(res);
    options.onResult?.(res);
    configTexts.delete(path);
    done++;
    options.onProgress?.(done, files.length);
  });
  results.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { results, index, files: files.length, skipped, bytes, cancelled: !!options.isCancelled?.() };
}

async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      await fn(item);
    }
  });
  await Promise.all(workers);
}
