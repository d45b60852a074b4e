import { WorkspaceIndex } from '../engine/model/workspace';
import type { EngineSettings } from '../engine/settings';
import { SourceFile } from '../engine/source';
import type { AnalysisResult } from '../engine/types';
import { classifyPath, DEFAULT_MAX_FILE_SIZE } from '../engine/classify';
import { type ConfigText, type FileOutcome, type LaneConfig } from './lane';
import { autoWorkers, InlineLane, WorkerLane, workerScript, type LaneHandle } from './pool';
import type { SelectionOptions } from './select';
import { walkFiles, type WalkSkip } from './walk';

export type ScanPhase = 'selecting' | 'modelling' | 'analysing';

export interface ScanOptions extends SelectionOptions {
  settings?: EngineSettings;
  isCancelled?: () => boolean;
  /** Files done (analysed or skipped) out of the files selected. */
  onProgress?: (done: number, total: number) => void;
  /** What the scan is doing: selecting files, building the deployment model, analysing. */
  onPhase?: (phase: ScanPhase, files: number) => void;
  /** Texts that override the disk (open editor buffers), by absolute path. */
  overrides?: ReadonlyMap<string, string>;
  /** Called once per analysed file, as results arrive (in no particular order). */
  onResult?: (result: AnalysisResult, outcome: FileOutcome) => void;
  /** Called once per file or folder that could not be read or analysed. */
  onSkip?: (skip: WalkSkip) => void;
  /** Worker threads: a number, or 'auto' (default; see `autoWorkers`). */
  workers?: number | 'auto';
  /**
   * Analyse on the calling thread too (default true). The language server says false so that its
   * thread only answers the editor; it is still used when there are no workers.
   */
  inline?: boolean;
  /** Collect what `--fix` needs (digests of the texts fixes were computed against). */
  withFixData?: boolean;
  /** Analyse exactly these files instead of walking `roots` (for example after `--fix`). */
  files?: readonly string[];
  /** Diagnostic messages (a worker that failed, the fallback taken). */
  log?: (message: string) => void;
  /** V8 flags each worker thread sets when it starts (the CLI passes host/heap.ts' batch settings). */
  v8Flags?: readonly string[];
}

export interface ScanOutput {
  /** Results of the analysed files, sorted by path. */
  results: AnalysisResult[];
  /** Every selected file's outcome (analysed or skipped), sorted by path. */
  outcomes: FileOutcome[];
  /** The deployment model (every configuration found). */
  readonly index: WorkspaceIndex;
  /** Files the engine modelled (configurations, CDK stacks), with their texts. */
  configs: ConfigText[];
  /** Files selected. */
  files: number;
  /** Files analysed. */
  analysed: number;
  /** Files and folders that could not be read or analysed, with the reason. */
  skipped: WalkSkip[];
  /** Bytes of the files analysed. */
  bytes: number;
  cancelled: boolean;
  /** Threads that analysed (the calling thread counts if it did). */
  threads: number;
  durationMs: number;
}

const TRACE = !!process.env.SERVERLESS_GUARD_TRACE;
const MODEL_BATCH = 32;
const ANALYZE_BATCH = 8;

/**
 * Scans folders or files: selects them (`walkFiles`), builds the deployment model on every lane (step 1:
 * configurations and CDK stacks; step 2: the handler files they deploy — see `Lane`), then analyses
 * every file against it (step 3). Lanes are the calling thread and/or worker threads; small batches go
 * to whichever lane is free, so a large workspace keeps every core busy. Never throws on a bad file:
 * unreadable, vanished, binary, non-UTF-8 or oversized files are skipped with a reason.
 */
export async function scanPaths(roots: readonly string[], options: ScanOptions = {}): Promise<ScanOutput> {
  const started = performance.now();
  const maxBytes = options.settings?.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const isCancelled = options.isCancelled ?? (() => false);
  const skipped: WalkSkip[] = [];
  const skip = (s: WalkSkip) => {
    skipped.push(s);
    options.onSkip?.(s);
  };

  // Selection.
  options.onPhase?.('selecting', 0);
  let files: string[];
  if (options.files) files = [...new Set(options.files)];
  else {
    const all: string[] = [];
    for (const root of roots) {
      if (isCancelled()) break;
      const w = await walkFiles(root, { exclude: options.exclude, filesExclude: options.filesExclude, gitignore: options.gitignore, isCancelled });
      all.push(...w.files);
      for (const s of w.skipped) skip(s);
    }
    files = [...new Set(all)];
  }

  const config: LaneConfig = {
    settings: options.settings ?? {},
    maxBytes,
    overrides: options.overrides ? [...options.overrides] : undefined,
    ...(options.v8Flags?.length ? { v8Flags: [...options.v8Flags] } : {}),
  };
  const inlineWanted = options.inline !== false;
  let workerCount = options.workers === undefined || options.workers === 'auto' ? autoWorkers(files.length, inlineWanted) : Math.max(0, options.workers);
  const script = workerCount > 0 ? workerScript() : undefined;
  if (workerCount > 0 && !script) {
    options.log?.('serverless-guard: scan-worker.js not found next to the bundle; scanning on one thread');
    workerCount = 0;
  }
  const lanes: LaneHandle[] = [];
  let inline: InlineLane | undefined;
  for (let i = 0; i < workerCount; i++) lanes.push(new WorkerLane(`worker-${i + 1}`, script!, config));
  if (inlineWanted || workerCount === 0) lanes.unshift((inline = new InlineLane(config)));

  // When every lane failed (workers that cannot start, say), the rest runs on a fresh calling-thread lane.
  let fallback: InlineLane | undefined;
  const useFallback = async () => {
    options.log?.('serverless-guard: every analysis thread failed; continuing on the main thread');
    return new InlineLane(config);
  };

  const outcomes: FileOutcome[] = [];
  const configs: ConfigText[] = [];
  let done = 0;
  let bytes = 0;
  const total = files.length;
  options.onProgress?.(0, total);
  const record = (o: FileOutcome) => {
    outcomes.push(o);
    done++;
    if (o.skipped !== undefined) skip({ path: o.path, reason: o.skipped });
    else if (o.result) {
      bytes += o.bytes;
      options.onResult?.(o.result, o);
    }
    options.onProgress?.(done, total);
  };

  // Lanes that share the model: every lane, and the fallback once there is one.
  const all = () => (fallback ? [...lanes, fallback] : lanes);
  const getFallback = async () => {
    if (!fallback) {
      fallback = await useFallback();
      fallback.addModels(models);
      fallback.addHandlers(handlerTexts);
    }
    return fallback;
  };
  /**
   * Runs the batches of `queues` on the lanes (see `runBatches`); what is left when every lane failed
   * runs on the fallback lane.
   */
  const spread = async (
    queues: BatchQueue[],
    run: (lane: LaneHandle, batch: string[]) => Promise<void>,
    giveUp: (batch: string[], e: Error) => void,
    affinity?: Map<LaneHandle, string[][]>,
  ) => {
    const left = fallback
      ? await runBatches([fallback], [{ batches: queues.flatMap((q) => q.batches), takers: new Set([fallback]) }], isCancelled, options.log, run, giveUp)
      : await runBatches(lanes, queues, isCancelled, options.log, run, giveUp, affinity);
    if (!left.length) return;
    const lane = await getFallback();
    for (const b of left) {
      if (isCancelled()) break;
      await run(lane, b);
    }
  };
  const failedTwice = (e: Error) => `analysis failed twice (${e.message.split('\n')[0]})`;
  const models: ConfigText[] = [];
  const handlerTexts: ConfigText[] = [];

  // With two lanes or more, JS/TS files go to some lanes (workers) and every other file to the others:
  // only those lanes load TypeScript (typescript-estree: memory and start-up time), and a file's trees
  // stay on the lane that parsed them from modelling to analysis. A JS/TS lane with nothing left of its
  // own takes other files too (they need no TypeScript); the others never take JS/TS files.
  const groups = laneGroups(lanes, inline);
  const jsLanes = new Set(groups.length > 1 ? groups[0] : lanes);
  const queuesOf = (paths: readonly string[], size: number): BatchQueue[] => {
    if (groups.length < 2) return [{ batches: chunk(paths, size), takers: new Set(lanes) }];
    return [
      { batches: chunk(paths.filter(isJsLikePath), size), takers: jsLanes },
      { batches: chunk(paths.filter((p) => !isJsLikePath(p)), size), takers: new Set(lanes) },
    ];
  };

  try {
    // SERVERLESS_GUARD_TRACE=1 prints when each step ends and when each lane ran out of work.
    const tr = (m: string) => void (TRACE && process.stderr.write(`serverless-guard: trace ${(performance.now() - started).toFixed(0)} ms: ${m}\n`));
    tr(`${files.length} files selected`);
    options.onPhase?.('modelling', files.length);
    // Step 1: every file is read once by some lane; what the engine models (configurations, CDK
    // stacks) is indexed there and then shared with every other lane.
    const foundBy = new Map<LaneHandle, ConfigText[]>();
    const early = new Map<string, { reason: string; bytes?: number }>();
    await spread(
      queuesOf(files, MODEL_BATCH),
      async (lane, batch) => {
        const out = await lane.model(batch);
        appendTo(foundBy, lane, out.files);
        models.push(...out.files);
        for (const sk of out.skipped) early.set(sk.path, sk);
      },
      (batch, e) => {
        for (const p of batch) early.set(p, { reason: failedTwice(e) });
      },
    );
    tr('step 1 (configurations) done');
    for (const lane of all()) lane.addModels([...foundBy.entries()].filter(([l]) => l !== lane).flatMap(([, list]) => list));

    // Step 2: handler files (code that some function deploys), now that every configuration is known.
    const code = files.filter((f) => !early.has(f) && classifyPath(f).role === 'code');
    const handledBy = new Map<LaneHandle, ConfigText[]>();
    await spread(
      queuesOf(code, MODEL_BATCH),
      async (lane, batch) => {
        const found = await lane.handlers(batch);
        appendTo(handledBy, lane, found);
        handlerTexts.push(...found);
      },
      () => undefined, // a handler that cannot be indexed is still analysed
    );
    tr('step 2 (handlers) done');
    for (const lane of all()) lane.addHandlers([...handledBy.entries()].filter(([l]) => l !== lane).flatMap(([, list]) => list));

    // Step 3: analysis.
    options.onPhase?.('analysing', files.length);
    const todo: string[] = [];
    for (const f of files) {
      const e = early.get(f);
      if (e) record({ path: f, skipped: e.reason, bytes: e.bytes ?? 0 });
      else todo.push(f);
    }
    // A file the engine parsed while modelling is analysed on the lane that holds its trees (else another
    // lane parses it again); the rest goes to the first lane of its group that is free.
    const ownerOf = new Map<string, LaneHandle>();
    for (const [lane, list] of [...foundBy, ...handledBy]) for (const c of list) ownerOf.set(c.path, lane);
    const analyzeBatch = async (lane: LaneHandle, batch: string[]) => {
      const out = await lane.analyze(batch, !!options.withFixData);
      for (const o of out) record(o);
    };
    const giveUpAnalysis = (batch: string[], e: Error) => {
      for (const p of batch) record({ path: p, skipped: failedTwice(e), bytes: 0 });
    };
    const own = new Map<LaneHandle, string[]>();
    const shared: string[] = [];
    for (const f of todo) {
      const lane = ownerOf.get(f);
      if (lane && lanes.length > 1) appendTo(own, lane, [f]);
      else shared.push(f);
    }
    const affinity = new Map<LaneHandle, string[][]>([...own].map(([l, list]) => [l, chunk(list, ANALYZE_BATCH)]));
    await spread(queuesOf(shared, ANALYZE_BATCH), analyzeBatch, giveUpAnalysis, affinity);
    tr('step 3 (analysis) done');
    configs.push(...models);
  } finally {
    await Promise.all(lanes.filter((l) => l !== inline).map((l) => l.close()));
  }

  const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  outcomes.sort(byPath);
  const results = outcomes.filter((o) => o.result).map((o) => o.result!);
  let index = (inline ?? fallback)?.lane.index;
  return {
    results,
    outcomes,
    get index() {
      if (!index) {
        index = new WorkspaceIndex();
        for (const c of configs) index.update(SourceFile.create(c.path, c.text, { maxFileSize: maxBytes }));
        for (const h of handlerTexts) index.update(SourceFile.create(h.path, h.text, { maxFileSize: maxBytes }));
      }
      return index;
    },
    configs,
    files: files.length,
    analysed: results.length,
    skipped,
    bytes,
    cancelled: isCancelled(),
    threads: fallback ? 1 : lanes.length,
    durationMs: performance.now() - started,
  };
}

/** Files a lane reads with typescript-estree (code, CDK stacks, serverless.ts / .js). */
export function isJsLikePath(path: string): boolean {
  return /\.(?:[cm]?[jt]s|[jt]sx)$/i.test(path);
}

/**
 * Lanes split in two groups, JS/TS first, then the rest (one group when there is a single lane): workers
 * take JS/TS, about half of the lanes, so the calling thread, when it analyses, is in the other group.
 */
export function laneGroups(lanes: readonly LaneHandle[], inline: LaneHandle | undefined): LaneHandle[][] {
  if (lanes.length < 2) return [[...lanes]];
  const workers = lanes.filter((l) => l !== inline);
  const jsCount = Math.max(1, Math.ceil(lanes.length / 2));
  const js = workers.slice(0, jsCount);
  const rest = lanes.filter((l) => !js.includes(l));
  return rest.length ? [js, rest] : [js];
}

/** Adds `items` to the list kept under `key` (in place: a scan adds thousands). */
function appendTo<K, T>(map: Map<K, T[]>, key: K, items: readonly T[]): void {
  const list = map.get(key);
  if (list) list.push(...items);
  else map.set(key, [...items]);
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Batches that the lanes in `takers` may run, first come first served. */
export interface BatchQueue {
  batches: string[][];
  takers: ReadonlySet<LaneHandle>;
}

/**
 * Hands batches to lanes as they free up (each keeps up to `depth` in flight). A lane takes, in order:
 * its own batches (`affinity`: files whose trees it holds), a batch to retry, the first queue it may
 * take from, then a batch owned by another lane (one holding JS/TS files only if it may take those). A
 * batch whose lane fails (a worker that crashed, for example out of memory on a pathological file) is
 * queued again for any other lane, and the failed lane gets no more work; a batch that fails twice is
 * given up (`giveUp`). Returns the batches left when every lane failed, for the caller's fallback.
 */
export async function runBatches(
  lanes: readonly LaneHandle[],
  queues: readonly BatchQueue[],
  isCancelled: () => boolean,
  log: ((m: string) => void) | undefined,
  run: (lane: LaneHandle, batch: string[]) => Promise<void>,
  giveUp: (batch: string[], error: Error) => void,
  affinity?: Map<LaneHandle, string[][]>,
): Promise<string[][]> {
  const open = queues.map((q) => ({ batches: [...q.batches].reverse(), takers: q.takers }));
  const retry: string[][] = [];
  const preferred = new Map<LaneHandle, string[][]>([...(affinity ?? [])].map(([l, b]) => [l, [...b].reverse()]));
  const jsTakers = open.length > 1 ? open[0].takers : undefined;
  const mayTake = (lane: LaneHandle, batch: string[]) => !jsTakers || jsTakers.has(lane) || !batch.some(isJsLikePath);
  const next = (lane: LaneHandle): string[] | undefined => {
    const mine = preferred.get(lane);
    if (mine?.length) return mine.pop();
    if (retry.length) return retry.pop();
    for (const q of open) if (q.takers.has(lane) && q.batches.length) return q.batches.pop();
    for (const [other, list] of preferred) {
      if (other === lane) continue;
      const i = list.findIndex((b) => mayTake(lane, b));
      if (i >= 0) return list.splice(i, 1)[0];
    }
    return undefined;
  };
  const broken = new Set<LaneHandle>(lanes.filter((l) => !l.alive));
  const failures = new Map<string[], number>();
  const idle = new Map<LaneHandle, number>();
  const t0 = performance.now();
  await new Promise<void>((resolve) => {
    const inFlight = new Map<LaneHandle, number>(lanes.map((l) => [l, 0]));
    let active = 0;
    const pump = () => {
      for (const lane of lanes) {
        while (!broken.has(lane) && (inFlight.get(lane) ?? 0) < lane.depth && !isCancelled()) {
          const batch = next(lane);
          if (!batch) {
            if (TRACE && (inFlight.get(lane) ?? 0) === 0 && !idle.has(lane)) idle.set(lane, performance.now());
            break;
          }
          inFlight.set(lane, (inFlight.get(lane) ?? 0) + 1);
          active++;
          run(lane, batch)
            .catch((e: Error) => {
              if (!broken.has(lane)) log?.(`serverless-guard: ${lane.name} failed: ${e?.message ?? e}`);
              broken.add(lane);
              const n = (failures.get(batch) ?? 0) + 1;
              failures.set(batch, n);
              if (n >= 2) giveUp(batch, e instanceof Error ? e : new Error(String(e)));
              else retry.push(batch);
            })
            .finally(() => {
              inFlight.set(lane, (inFlight.get(lane) ?? 1) - 1);
              active--;
              pump();
            });
        }
      }
      if (active === 0) resolve();
    };
    pump();
  });
  if (TRACE) process.stderr.write(`serverless-guard: trace   lanes ran out of work after ${lanes.map((l) => `${l.name} ${((idle.get(l) ?? performance.now()) - t0).toFixed(0)} ms`).join(', ')}\n`);
  if (isCancelled()) return [];
  // Every lane failed (or none could take what is left): the caller runs the rest on its fallback.
  return [...retry.reverse(), ...open.flatMap((q) => [...q.batches].reverse()), ...[...preferred.values()].flatMap((l) => [...l].reverse())];
}
