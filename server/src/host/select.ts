import * as nodeFs from 'node:fs';
import * as nodePath from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { classifyPath, IGNORED_DIRECTORIES } from '../engine/classify';

/**
 * VS Code's `files.exclude`: glob -> true/false, or `{ "when": "$(basename).ts" }` (excluded only when
 * a sibling with that name exists). Arrays of globs are accepted too.
 */
export type FilesExclude = Readonly<Record<string, boolean | { when?: string } | null | undefined>> | readonly string[];

export interface SelectionOptions {
  /** Glob patterns relative to the root (`serverlessGuard.exclude`, `--exclude`). */
  exclude?: readonly string[];
  /** VS Code's `files.exclude` of the folder. */
  filesExclude?: FilesExclude;
  /** Honour .gitignore files (nested ones, those of parent folders up to the repository, and .git/info/exclude). Default true. */
  gitignore?: boolean;
}

export type Selection = { selected: true } | { selected: false; reason: string };

interface GlobRule {
  glob: string;
  match: (s: string) => boolean;
  /** files.exclude `when` clause: `$(basename)` is the file name without its last extension. */
  when?: string;
}

/** One .gitignore (or .git/info/exclude) and the folder its patterns are relative to. */
export interface IgnoreLayer {
  base: string;
  ig: Ignore;
}

/**
 * Decides which files of a root folder Serverless Guard reads, the same way for a whole walk and for a
 * single path (a file-watcher event): the engine's classification by path, ignored folders
 * (node_modules, build output...), exclude globs, files.exclude, and .gitignore with git's precedence
 * (a deeper file's `!pattern` re-includes what a shallower one ignored).
 */
export class FileSelector {
  readonly root: string;
  private readonly rules: GlobRule[];
  /** Some files.exclude rule has a `when` clause (then sibling names are needed). */
  readonly needsSiblings: boolean;
  private readonly useGitignore: boolean;
  private readonly layerCache = new Map<string, IgnoreLayer | null>();
  private ancestorLayers: IgnoreLayer[] | undefined;

  constructor(root: string, options: SelectionOptions = {}, private readonly fs: SelectorFs = nodeFs) {
    this.root = nodePath.resolve(root);
    this.useGitignore = options.gitignore !== false;
    this.rules = compileRules(options.exclude ?? [], options.filesExclude);
    this.needsSiblings = this.rules.some((r) => r.when !== undefined);
  }

  /** Root-relative path with forward slashes. */
  rel(abs: string): string {
    return nodePath.relative(this.root, abs).split(nodePath.sep).join('/');
  }

  /** Whether a folder is pruned (checked for every folder of a walk). `siblings` are the names next to it. */
  excludedDir(abs: string, name: string, layers: readonly IgnoreLayer[], siblings?: ReadonlySet<string>): string | undefined {
    if (IGNORED_DIRECTORIES.has(name)) return `inside ${name}/`;
    const rel = this.rel(abs);
    const glob = this.globExcluded(rel, true, siblings);
    if (glob) return glob;
    if (this.useGitignore && gitIgnored(layers, abs, true)) return 'ignored by .gitignore';
    return undefined;
  }

  /** Whether a file of a walked folder is read. */
  excludedFile(abs: string, layers: readonly IgnoreLayer[], siblings?: ReadonlySet<string>): string | undefined {
    const c = classifyPath(abs);
    if (c.role === 'ignored') return c.reason;
    const glob = this.globExcluded(this.rel(abs), false, siblings);
    if (glob) return glob;
    if (this.useGitignore && gitIgnored(layers, abs, false)) return 'ignored by .gitignore';
    return undefined;
  }

  /** The layers that apply inside `dir`, given those of its parent: adds `dir/.gitignore` if there is one. */
  layersFor(dir: string, parent: readonly IgnoreLayer[], hasGitignore: boolean): readonly IgnoreLayer[] {
    if (!this.useGitignore || !hasGitignore) return parent;
    const layer = this.loadLayer(dir, nodePath.join(dir, '.gitignore'));
    return layer ? [...parent, layer] : parent;
  }

  /** Layers from the folders above the root, up to the repository's top (where `.git` is), and `.git/info/exclude`. */
  rootLayers(): readonly IgnoreLayer[] {
    if (!this.useGitignore) return [];
    if (this.ancestorLayers) return this.ancestorLayers;
    const chain: string[] = [];
    let dir = nodePath.dirname(this.root);
    let top: string | undefined;
    if (this.fs.existsSync(nodePath.join(this.root, '.git'))) top = this.root;
    else {
      for (;;) {
        chain.unshift(dir);
        if (this.fs.existsSync(nodePath.join(dir, '.git'))) {
          top = dir;
          break;
        }
        const up = nodePath.dirname(dir);
        if (up === dir) break;
        dir = up;
      }
    }
    const layers: IgnoreLayer[] = [];
    if (top) {
      const info = this.loadLayer(top, nodePath.join(top, '.git', 'info', 'exclude'));
      if (info) layers.push(info);
      if (top !== this.root) {
        for (const d of chain) {
          const l = this.loadLayer(d, nodePath.join(d, '.gitignore'));
          if (l) layers.push(l);
        }
      }
    }
    // A folder scanned on purpose is scanned even if a repository around it ignores it (a vendored
    // checkout under an ignored cache folder, say): the layers that ignore the root itself are dropped.
    const kept = layers.filter((l) => !gitIgnored([l], this.root, true));
    layers.length = 0;
    layers.push(...kept);
    this.ancestorLayers = layers;
    return layers;
  }

  /**
   * Decides for one path (for example a file created after the scan): every folder between the root
   * and the file is checked as a walk would have, reading the .gitignore files on the way.
   */
  check(abs: string): Selection {
    const full = nodePath.resolve(abs);
    const rel = this.rel(full);
    if (rel === '' || rel.startsWith('..') || nodePath.isAbsolute(rel)) return { selected: false, reason: 'outside the folder' };
    const parts = rel.split('/');
    let layers = this.rootLayers();
    layers = this.layersFor(this.root, layers, this.useGitignore && this.fs.existsSync(nodePath.join(this.root, '.gitignore')));
    let dir = this.root;
    for (let i = 0; i < parts.length - 1; i++) {
      const next = nodePath.join(dir, parts[i]);
      const why = this.excludedDir(next, parts[i], layers, this.siblingsOf(next));
      if (why) return { selected: false, reason: why };
      dir = next;
      layers = this.layersFor(dir, layers, this.useGitignore && this.fs.existsSync(nodePath.join(dir, '.gitignore')));
    }
    const why = this.excludedFile(full, layers, this.siblingsOf(full));
    return why ? { selected: false, reason: why } : { selected: true };
  }

  private siblingsOf(abs: string): ReadonlySet<string> | undefined {
    if (!this.needsSiblings) return undefined;
    try {
      return new Set(this.fs.readdirSync(nodePath.dirname(abs)));
    } catch {
      return undefined;
    }
  }

  private globExcluded(rel: string, isDir: boolean, siblings?: ReadonlySet<string>): string | undefined {
    for (const r of this.rules) {
      if (!(r.match(rel) || (isDir && r.match(`${rel}/`)))) continue;
      if (r.when) {
        const name = rel.slice(rel.lastIndexOf('/') + 1);
        const dot = name.lastIndexOf('.');
        const base = dot > 0 ? name.slice(0, dot) : name;
        const sibling = r.when.replace(/\$\(basename\)/g, base);
        if (!siblings?.has(sibling)) continue;
      }
      return `excluded by "${r.glob}"`;
    }
    return undefined;
  }

  private loadLayer(base: string, file: string): IgnoreLayer | null {
    const key = file;
    const hit = this.layerCache.get(key);
    if (hit !== undefined) return hit;
    let layer: IgnoreLayer | null = null;
    try {
      const text = this.fs.readFileSync(file, 'utf8');
      layer = { base, ig: ignore({ allowRelativePaths: true }).add(text) };
    } catch {
      layer = null; // missing or unreadable: ignores nothing
    }
    this.layerCache.set(key, layer);
    return layer;
  }
}

export type SelectorFs = Pick<typeof nodeFs, 'readFileSync' | 'existsSync' | 'readdirSync'>;

function compileRules(exclude: readonly string[], filesExclude: FilesExclude | undefined): GlobRule[] {
  const rules: GlobRule[] = [];
  const add = (glob: string, when?: string) => {
    const g = glob.trim().replace(/^\.\//, '');
    if (!g) return;
    try {
      rules.push({ glob: g, match: picomatch(g, { dot: true }), when });
    } catch {
      /* an invalid glob excludes nothing */
    }
  };
  for (const g of exclude) add(g);
  if (Array.isArray(filesExclude)) for (const g of filesExclude) add(g);
  else if (filesExclude && typeof filesExclude === 'object') {
    for (const [g, v] of Object.entries(filesExclude as Record<string, unknown>)) {
      if (v === true) add(g);
      else if (v && typeof v === 'object' && typeof (v as { when?: unknown }).when === 'string') add(g, (v as { when: string }).when);
    }
  }
  return rules;
}

/**
 * `abs` relative to `base` with forward slashes, or undefined when it is not strictly inside. Paths
 * from the walk are already normalised and under their layers' folders, so a prefix test does it
 * (nodePath.relative, which resolves both paths, was a good part of the walk's time).
 */
function relativeInside(base: string, abs: string): string | undefined {
  const sep = nodePath.sep;
  const prefix = base.endsWith(sep) ? base : base + sep;
  let rel: string;
  if (abs.startsWith(prefix) && !abs.includes(`${sep}..${sep}`) && !abs.includes(`${sep}.${sep}`)) rel = abs.slice(prefix.length);
  else {
    rel = nodePath.relative(base, abs);
    if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || nodePath.isAbsolute(rel)) return undefined;
  }
  if (rel === '') return undefined;
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/** git's rule: the deepest .gitignore that has an opinion (ignore, or `!` re-include) decides. */
export function gitIgnored(layers: readonly IgnoreLayer[], abs: string, isDir: boolean): boolean {
  for (let i = layers.length - 1; i >= 0; i--) {
    const { base, ig } = layers[i];
    const rel = relativeInside(base, abs);
    if (rel === undefined) continue;
    let t;
    try {
      t = ig.test(isDir ? `${rel}/` : rel);
    } catch {
      continue;
    }
    if (t.ignored) return true;
    if (t.unignored) return false;
  }
  return false;
}
