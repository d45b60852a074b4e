import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { Worker } from 'node:worker_threads';
import { Lane, type ConfigText, type FileOutcome, type LaneConfig, type ModelOutput } from './lane';

export type ToWorker =
  | { type: 'model'; id: number; paths: string[] }
  | { type: 'addModels'; files: ConfigText[] }
  | { type: 'handlers'; id: number; paths: string[] }
  | { type: 'addHandlers'; files: ConfigText[] }
  | { type: 'analyze'; id: number; paths: string[]; withFixData: boolean };

export type FromWorker =
  | { type: 'modelled'; id: number; output: ModelOutput }
  | { type: 'handled'; id: number; files: ConfigText[] }
  | { type: 'analyzed'; id: number; outcomes: FileOutcome[] }
  | { type: 'failed'; id: number; message: string };

/** One place analysis runs: the calling thread, or a worker thread. */
export interface LaneHandle {
  readonly name: string;
  /** False once the lane failed for good (a worker that exited); it gets no more work. */
  readonly alive: boolean;
  /** Batches this lane may have in flight at once (workers pipeline: the next batch waits in their queue). */
  readonly depth: number;
  model(paths: string[]): Promise<ModelOutput>;
  addModels(files: ConfigText[]): void;
  handlers(paths: string[]): Promise<ConfigText[]>;
  addHandlers(files: ConfigText[]): void;
  analyze(paths: string[], withFixData: boolean): Promise<FileOutcome[]>;
  close(): Promise<void>;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Analysis on the calling thread, in slices: after each file, if more than `sliceMs` went by, it yields
 * to the event loop so that the language server answers requests (and a worker's results are taken in)
 * while it scans.
 */
export class InlineLane implements LaneHandle {
  readonly name = 'main';
  readonly depth = 1;
  readonly alive = true;
  readonly lane: Lane;
  private sliceStart = performance.now();

  constructor(config: LaneConfig, private readonly sliceMs = 8) {
    this.lane = new Lane(config);
  }

  private async breathe(): Promise<void> {
    if (performance.now() - this.sliceStart < this.sliceMs) return;
    await yieldToEventLoop();
    this.sliceStart = performance.now();
  }

  async model(paths: string[]): Promise<ModelOutput> {
    const out: ModelOutput = { files: [], skipped: [] };
    for (const p of paths) {
      const o = this.lane.model([p]);
      out.files.push(...o.files);
      out.skipped.push(...o.skipped);
      await this.breathe();
    }
    return out;
  }

  addModels(files: ConfigText[]): void {
    this.lane.addModels(files);
  }

  async handlers(paths: string[]): Promise<ConfigText[]> {
    const out: ConfigText[] = [];
    for (const p of paths) {
      out.push(...this.lane.handlers([p]));
      await this.breathe();
    }
    return out;
  }

  addHandlers(files: ConfigText[]): void {
    this.lane.addHandlers(files);
  }

  async analyze(paths: string[], withFixData: boolean): Promise<FileOutcome[]> {
    const out: FileOutcome[] = [];
    for (const p of paths) {
      out.push(await this.lane.analyze(p, withFixData));
      await this.breathe();
    }
    return out;
  }

  async close(): Promise<void> {
    /* nothing held */
  }
}

const WORKER_HEAP_MB = Number(process.env.SERVERLESS_GUARD_WORKER_HEAP_MB) > 0 ? Number(process.env.SERVERLESS_GUARD_WORKER_HEAP_MB) : 512;

/** A worker thread running `scan-worker.js`. A worker that dies fails its pending batches (the scan retries them elsewhere). */
export class WorkerLane implements LaneHandle {
  readonly depth = 2;
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (m: FromWorker) => void; reject: (e: Error) => void }>();
  private dead: Error | undefined;

  constructor(
    readonly name: string,
    script: string,
    config: LaneConfig,
  ) {
    this.worker = new Worker(script, {
      workerData: config,
      // Whatever a library prints must not reach our standard output (the LSP channel, or a report).
      stdout: true,
      stderr: true,
      // A bounded heap keeps the process's peak memory down (V8 otherwise grows it freely under the
      // garbage of big files); a worker that runs out fails its batch, which another lane retries.
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    this.worker.stdout.on('data', (d: Buffer) => process.stderr.write(d));
    this.worker.stderr.on('data', (d: Buffer) => process.stderr.write(d));
    this.worker.on('message', (m: FromWorker) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.type === 'failed') p.reject(new Error(m.message));
      else p.resolve(m);
    });
    const fail = (e: Error) => {
      this.dead ??= e;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    this.worker.on('error', (e) => fail(e instanceof Error ? e : new Error(String(e))));
    this.worker.on('exit', (code) => fail(new Error(`worker ${name} exited (code ${code})`)));
  }

  get alive(): boolean {
    return !this.dead;
  }

  private request(m: ToWorker & { id: number }): Promise<FromWorker> {
    if (this.dead) return Promise.reject(this.dead);
    return new Promise((resolve, reject) => {
      this.pending.set(m.id, { resolve, reject });
      this.worker.postMessage(m);
    });
  }

  async model(paths: string[]): Promise<ModelOutput> {
    const m = await this.request({ type: 'model', id: this.nextId++, paths });
    return (m as Extract<FromWorker, { type: 'modelled' }>).output;
  }

  addModels(files: ConfigText[]): void {
    if (!this.dead && files.length) this.worker.postMessage({ type: 'addModels', files } satisfies ToWorker);
  }

  async handlers(paths: string[]): Promise<ConfigText[]> {
    const m = await this.request({ type: 'handlers', id: this.nextId++, paths });
    return (m as Extract<FromWorker, { type: 'handled' }>).files;
  }

  addHandlers(files: ConfigText[]): void {
    if (!this.dead && files.length) this.worker.postMessage({ type: 'addHandlers', files } satisfies ToWorker);
  }

  async analyze(paths: string[], withFixData: boolean): Promise<FileOutcome[]> {
    const m = await this.request({ type: 'analyze', id: this.nextId++, paths, withFixData });
    return (m as Extract<FromWorker, { type: 'analyzed' }>).outcomes;
  }

  async close(): Promise<void> {
    this.dead ??= new Error('closed');
    await this.worker.terminate().catch(() => undefined);
  }
}

/** The worker entry next to this module: dist/scan-worker.js in the bundles, out/.../host/scan-worker.js from tsc. */
export function workerScript(): string | undefined {
  const candidates = [nodePath.join(__dirname, 'scan-worker.js'), nodePath.join(__dirname, 'host', 'scan-worker.js')];
  return candidates.find((c) => fs.existsSync(c));
}

export function cpuCount(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length || 1;
}

/**
 * How many worker threads a scan of `files` files uses. With `inline` the calling thread analyses too,
 * so one worker fewer keeps every core busy (and memory lower: each thread loads the engine). Small scans
 * stay on the calling thread: starting a worker costs more than a few hundred files take.
 */
export function autoWorkers(files: number, inline: boolean): number {
  const env = process.env.SERVERLESS_GUARD_WORKERS;
  if (env !== undefined && env !== '' && Number.isFinite(Number(env))) return Math.max(0, Math.floor(Number(env)));
  const cores = cpuCount();
  if (inline) return files < 400 ? 0 : Math.min(cores - 1, 7);
  return files < 64 ? 0 : Math.min(Math.max(cores, 1), 8);
}
