import { classifyFile, type Classification, type ClassifyOptions } from './classify';
import { parseJs, type ParsedJs } from './parse/javascript';
import { parseJson } from './parse/json';
import type { CNode } from './parse/tree';
import { parseYaml } from './parse/yaml';
import { LineIndex } from './text';
import { normalizePath } from './paths';

export interface ParsedConfig {
  language: 'yaml' | 'json';
  /** One root per document (YAML streams can hold several). */
  roots: Array<CNode | undefined>;
  errors: Array<{ message: string; offset: number; endOffset: number }>;
}

/**
 * One version of one file, with its trees parsed on first use and then shared by every rule.
 * Immutable: a new text is a new SourceFile.
 */
export class SourceFile {
  readonly path: string;
  private lineIndex: LineIndex | undefined;
  private jsTree: ParsedJs | undefined;
  private configTree: ParsedConfig | undefined;

  constructor(
    path: string,
    readonly text: string,
    readonly classification: Classification,
  ) {
    this.path = normalizePath(path);
  }

  static create(path: string, text: string, options?: ClassifyOptions): SourceFile {
    return new SourceFile(path, text, classifyFile(path, text, options));
  }

  get lines(): LineIndex {
    return (this.lineIndex ??= new LineIndex(this.text));
  }

  /**
   * Drops the parse trees (they are parsed again, once, if read again). Front ends that keep many
   * files call it after analysing one: what the index keeps is text and plain-data models.
   */
  releaseTrees(): void {
    this.jsTree = undefined;
    this.configTree = undefined;
  }

  /** The ESTree of a JavaScript/TypeScript file (undefined for other files). */
  get js(): ParsedJs | undefined {
    const c = this.classification;
    const isJs =
      (c.role === 'code' && c.language !== 'python') ||
      (c.role === 'config' && (c.language === 'javascript' || c.language === 'typescript'));
    if (!isJs) return undefined;
    return (this.jsTree ??= parseJs(this.text, { jsx: c.role === 'code' ? c.jsx : false }));
  }

  /** The configuration tree of a YAML or JSON file (undefined for other files). */
  get config(): ParsedConfig | undefined {
    const c = this.classification;
    if (c.role === 'ignored' || c.role === 'code') return undefined;
    if (c.language === 'yaml') {
      if (!this.configTree) {
        const y = parseYaml(this.text);
        this.configTree = { language: 'yaml', roots: y.documents.map((d) => d.root), errors: y.errors };
      }
      return this.configTree;
    }
    if (c.language === 'json') {
      if (!this.configTree) {
        const j = parseJson(this.text);
        this.configTree = { language: 'json', roots: [j.root], errors: j.errors };
      }
      return this.configTree;
    }
    return undefined;
  }
}

/**
 * Keeps the parsed form of recent file versions, keyed by path; a lookup with a different text
 * replaces the entry, so each version is parsed once however many rules and requests read it.
 */
export class SourceCache {
  private readonly entries = new Map<string, SourceFile>();
  constructor(private readonly capacity = 256) {}

  get(path: string, text: string, options?: ClassifyOptions): SourceFile {
    const key = normalizePath(path);
    const hit = this.entries.get(key);
    if (hit && hit.text === text) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const file = SourceFile.create(key, text, options);
    this.entries.delete(key);
    this.entries.set(key, file);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return file;
  }

  delete(path: string): void {
    this.entries.delete(normalizePath(path));
  }

  clear(): void {
    this.entries.clear();
  }
}
