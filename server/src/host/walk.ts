import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { classifyPath, IGNORED_DIRECTORIES } from '../engine/classify';
import { describeFsError } from './read';

export interface WalkOptions {
  /** Glob patterns relative to the root (e.g. `**\/fixtures/**`). */
  exclude?: readonly string[];
  /** Honour .gitignore files (nested ones too). Default true. */
  gitignore?: boolean;
  /** Stop early (cancellation). */
  isCancelled?: () => boolean;
}

export interface WalkSkip {
  path: string;
  reason: string;
}

export interface WalkResult {
  files: string[];
  skipped: WalkSkip[];
}

/**
 * Lists the files under `root` that Serverless Guard reads, in a stable order: classification by path,
 * ignored folders, .gitignore files, exclude globs. Symbolic links to directories are followed once
 * (loops are detected by real path). Unreadable folders are reported, never thrown.
 */
export async function walkFiles(root: string, options: WalkOptions = {}): Promise<WalkResult> {
  const files: string[] = [];
  const skipped: WalkSkip[] = [];
  const absRoot = nodePath.resolve(root);
  const excludeMatchers = (options.exclude ?? []).filter((g) => g.trim()).map((g) => picomatch(g, { dot: true }));
  const excluded = (rel: string) => excludeMatchers.some((m) => m(rel) || m(`${rel}/`));
  const seenDirs = new Set<string>();

  let rootStat;
  try {
    rootStat = await fs.stat(absRoot);
  } catch (e) {
    return { files, skipped: [{ path: absRoot, reason: describeFsError(e) }] };
  }
  if (rootStat.isFile()) {
    return { files: [absRoot], skipped };
  }

  type Frame = { dir: string; ignores: Array<{ base: string; ig: Ignore }> };
  const stack: Frame[] = [{ dir: absRoot, ignores: [] }];
  while (stack.length) {
    if (options.isCancelled?.()) break;
    const { dir, ignores: parentIgnores } = stack.pop()!;
    let real: string;
    try {
      real = await fs.realpath(dir);
    } catch (e) {
      skipped.push({ path: dir, reason: describeFsError(e) });
      continue;
    }
    if (seenDirs.has(real)) {
      skipped.push({ path: dir, reason: 'symbolic link loop (folder already visited)' });
      continue;
    }
    seenDirs.add(real);
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (e) {
      skipped.push({ path: dir, reason: describeFsError(e) });
      continue;
    }
    let ignores = parentIgnores;
    if (options.gitignore !== false && entries.some((e) => e.name === '.gitignore' && e.isFile())) {
      try {
        const content = await fs.readFile(nodePath.join(dir, '.gitignore'), 'utf8');
        ignores = [...parentIgnores, { base: dir, ig: ignore().add(content) }];
      } catch {
        /* an unreadable .gitignore ignores nothing */
      }
    }
    const isIgnored = (abs: string, isDir: boolean) =>
      ignores.some(({ base, ig }) => {
        const rel = nodePath.relative(base, abs).split(nodePath.sep).join('/');
        return rel !== '' && !rel.startsWith('..') && ig.ignores(isDir ? `${rel}/` : rel);
      });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: Frame[] = [];
    for (const entry of entries) {
      const abs = nodePath.join(dir, entry.name);
      const rel = nodePath.relative(absRoot, abs).split(nodePath.sep).join('/');
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const st = await fs.stat(abs);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch (e) {
          skipped.push({ path: abs, reason: describeFsError(e) });
          continue;
        }
      }
      if (isDir) {
        if (IGNORED_DIRECTORIES.has(entry.name) || excluded(rel) || isIgnored(abs, true)) continue;
        subdirs.push({ dir: abs, ignores });
      } else if (isFile) {
        if (excluded(rel) || isIgnored(abs, false)) continue;
        if (classifyPath(abs).role === 'ignored') continue;
        files.push(abs);
      }
    }
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]);
  }
  return { files, skipped };
}
