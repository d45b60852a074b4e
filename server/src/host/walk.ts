import * as nodeFs from 'node:fs';
import type { Dirent } from 'node:fs';
import * as nodePath from 'node:path';
import { classifyPath } from '../engine/classify';
import { describeFsError } from './read';
import { FileSelector, type IgnoreLayer, type SelectionOptions } from './select';

export interface WalkOptions extends SelectionOptions {
  /** Stop early (cancellation). */
  isCancelled?: () => boolean;
  /** Longest stretch of synchronous work before yielding to the event loop, in ms (default 8). */
  sliceMs?: number;
  /** File-system calls (tests stand in failures that cannot be produced for real, e.g. EACCES as root). */
  fs?: WalkFs;
}

export type WalkFs = Pick<typeof nodeFs, 'readdirSync' | 'statSync' | 'realpathSync' | 'readFileSync' | 'existsSync'>;

export interface WalkSkip {
  path: string;
  reason: string;
}

export interface WalkResult {
  /** Absolute paths, sorted. */
  files: string[];
  /** Paths that should have been read but could not be (unreadable folders, symbolic link loops...). */
  skipped: WalkSkip[];
  cancelled: boolean;
}

interface Frame {
  dir: string;
  /** Real path of `dir` (symbolic links resolved), to detect loops without a syscall per folder. */
  real: string;
  layers: readonly IgnoreLayer[];
}

interface Deferred {
  abs: string;
  name: string;
  layers: readonly IgnoreLayer[];
  siblings?: ReadonlySet<string>;
}

/**
 * Lists the files under `root` that Serverless Guard reads (see `FileSelector`), sorted. Folders are
 * read with synchronous calls (ten times faster than the promise API for many small folders) in
 * slices of a few milliseconds, yielding to the event loop between slices so that a language server
 * keeps answering. Symbolic links are followed after the plain tree, once per real path, so a link loop
 * or a second way to the same folder is reported once and never walked twice. Folders that cannot be
 * read (permission, vanished during the walk) are reported, never thrown.
 */
export async function walkFiles(root: string, options: WalkOptions = {}): Promise<WalkResult> {
  const files: string[] = [];
  const skipped: WalkSkip[] = [];
  const absRoot = nodePath.resolve(root);
  const isCancelled = options.isCancelled ?? (() => false);
  const fs = options.fs ?? nodeFs;

  let rootStat;
  try {
    rootStat = fs.statSync(absRoot);
  } catch (e) {
    return { files, skipped: [{ path: absRoot, reason: describeFsError(e) }], cancelled: false };
  }
  if (!rootStat.isDirectory()) {
    // A file named on the command line is read whatever the exclude globs say, if it is a kind we read.
    const c = classifyPath(absRoot);
    if (c.role === 'ignored') skipped.push({ path: absRoot, reason: c.reason });
    else files.push(absRoot);
    return { files, skipped, cancelled: false };
  }

  const selector = new FileSelector(absRoot, options, fs);
  let rootReal: string;
  try {
    rootReal = fs.realpathSync(absRoot);
  } catch (e) {
    return { files, skipped: [{ path: absRoot, reason: describeFsError(e) }], cancelled: false };
  }
  const seenDirs = new Set<string>([rootReal]);
  const seenFiles = new Set<string>();
  let deferred: Deferred[] = [];
  const sliceMs = Math.max(1, options.sliceMs ?? 8);
  let sliceStart = performance.now();
  const yieldNow = async () => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    sliceStart = performance.now();
  };

  const visit = (frame: Frame, pending: Frame[]): void => {
    let entries: Dirent[];
    try {
      entries = fs.readdirSync(frame.dir, { withFileTypes: true }) as Dirent[];
    } catch (e) {
      const code = (e as NodeJS.ErrnoException)?.code;
      skipped.push({ path: frame.dir, reason: code === 'ENOENT' ? 'folder vanished during the scan' : describeFsError(e) });
      return;
    }
    const names = selector.needsSiblings ? new Set(entries.map((e) => e.name)) : undefined;
    const vendored = vendoredPythonPackages(fs, frame.dir, entries);
    const layers = selector.layersFor(frame.dir, frame.layers, entries.some((e) => e.name === '.gitignore' && !e.isDirectory()));
    for (const entry of entries) {
      const abs = nodePath.join(frame.dir, entry.name);
      if (vendored && vendored.has(entry.name.replace(/\.py$/, ''))) {
        skipped.push({ path: abs, reason: 'third-party Python package installed next to the code (pip install -t)' });
        continue;
      }
      if (entry.isDirectory()) {
        if (selector.excludedDir(abs, entry.name, layers, names)) continue;
        const real = `${frame.real}${nodePath.sep}${entry.name}`;
        if (seenDirs.has(real)) continue;
        seenDirs.add(real);
        pending.push({ dir: abs, real, layers });
      } else if (entry.isFile()) {
        if (selector.excludedFile(abs, layers, names)) continue;
        seenFiles.add(`${frame.real}${nodePath.sep}${entry.name}`);
        files.push(abs);
      } else if (entry.isSymbolicLink()) {
        deferred.push({ abs, name: entry.name, layers, siblings: names });
      }
    }
  };

  const drain = async (start: Frame[]): Promise<void> => {
    const pending = [...start];
    while (pending.length && !isCancelled()) {
      const frame = pending.pop()!;
      try {
        visit(frame, pending);
      } catch (e) {
        skipped.push({ path: frame.dir, reason: describeFsError(e) });
      }
      if (performance.now() - sliceStart >= sliceMs) await yieldNow();
    }
  };

  await drain([{ dir: absRoot, real: rootReal, layers: selector.rootLayers() }]);

  // Symbolic links, after the plain tree (so a link never wins over the real path), round by round.
  while (deferred.length && !isCancelled()) {
    const round = deferred.sort((a, b) => (a.abs < b.abs ? -1 : a.abs > b.abs ? 1 : 0));
    deferred = [];
    const frames: Frame[] = [];
    for (const link of round) {
      let st;
      let real: string;
      try {
        st = fs.statSync(link.abs);
        real = fs.realpathSync(link.abs);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException)?.code;
        skipped.push({ path: link.abs, reason: code === 'ENOENT' ? 'broken symbolic link' : describeFsError(e) });
        continue;
      }
      if (st.isDirectory()) {
        if (selector.excludedDir(link.abs, link.name, link.layers, link.siblings)) continue;
        if (seenDirs.has(real) || isInside(rootReal, real)) {
          let parentReal = nodePath.dirname(link.abs);
          try {
            parentReal = fs.realpathSync(parentReal);
          } catch {
            /* keep the path as given */
          }
          const loop = isInside(parentReal, real);
          skipped.push({ path: link.abs, reason: loop ? 'symbolic link loop (points to a folder above it)' : `symbolic link to a folder already scanned (${real})` });
          continue;
        }
        if (!isInside(real, rootReal)) {
          skipped.push({ path: link.abs, reason: `symbolic link to a folder outside the scanned folder (${real}), not followed` });
          continue;
        }
        seenDirs.add(real);
        frames.push({ dir: link.abs, real, layers: link.layers });
      } else if (st.isFile()) {
        if (selector.excludedFile(link.abs, link.layers, link.siblings)) continue;
        if (seenFiles.has(real)) {
          skipped.push({ path: link.abs, reason: `symbolic link to a file already scanned (${real})` });
          continue;
        }
        seenFiles.add(real);
        files.push(link.abs);
      }
    }
    if (frames.length) await drain(frames);
  }

  files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { files, skipped, cancelled: isCancelled() };
}

/** `inner` is `outer` or inside it. */
function isInside(inner: string, outer: string): boolean {
  const rel = nodePath.relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !nodePath.isAbsolute(rel));
}

/**
 * Third-party Python packages installed into a project folder (`pip install -t <dir>`, Lambda layers):
 * a folder holding `*.dist-info` / `*.egg-info` metadata. Returns the top-level names those packages
 * installed (from `top_level.txt`, else the distribution name), so the walk can skip them like
 * node_modules while still reading the project's own files beside them.
 */
function vendoredPythonPackages(fs: WalkFs, dir: string, entries: readonly Dirent[]): Set<string> | undefined {
  let names: Set<string> | undefined;
  for (const e of entries) {
    const m = /^(.+?)-[^-]+\.(dist-info|egg-info)$/.exec(e.name);
    if (!m || !e.isDirectory()) continue;
    names ??= new Set<string>();
    let top: string[] = [];
    try {
      top = String(fs.readFileSync(nodePath.join(dir, e.name, 'top_level.txt'), 'utf8'))
        .split(/\r?\n/)
        .map((x) => x.trim())
        .filter((x) => /^[\w.]+$/.test(x));
    } catch {
      /* no top_level.txt: fall back to the distribution name */
    }
    if (!top.length) top = [m[1].replace(/-/g, '_')];
    for (const t of top) names.add(t.split('.')[0]);
  }
  return names;
}
