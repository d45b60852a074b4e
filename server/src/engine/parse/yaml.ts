import {
  Alias,
  Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  Parser,
  Composer,
  Scalar,
  type Node as YNode,
} from 'yaml';
import type { CMap, CNode, CPair, CScalar, CSeq, ScalarStyle, Span } from './tree';

/**
 * CloudFormation's short-form intrinsic functions (and a few the CLI tools add), accepted on scalars,
 * lists and maps. The composer is not given them as custom tags: a tag it does not know is kept on the
 * node as written (`node.tag`) with the node read as a plain string, list or map, and only a warning
 * (never read) — the same nodes the custom tags gave, without their cost (`yaml` builds its tag list
 * for every document with a quadratic concat, and tests every plain scalar against every tag in it:
 * 10–15% of the parse of a template).
 */
export const CLOUDFORMATION_TAGS = [
  'Ref', 'Sub', 'GetAtt', 'If', 'Join', 'Select', 'Split', 'FindInMap', 'ImportValue', 'Base64', 'Cidr',
  'GetAZs', 'Equals', 'And', 'Or', 'Not', 'Condition', 'Transform', 'Length', 'ToJsonString', 'Contains',
  'EachMemberEquals', 'EachMemberIn', 'RefAll', 'ValueOf', 'ValueOfAll',
] as const;

export interface YamlParseError {
  message: string;
  offset: number;
  endOffset: number;
}

export interface ParsedYaml {
  /** One tree per YAML document in the stream (`---` separated). */
  documents: Array<{ root: CNode | undefined; doc: Document.Parsed }>;
  errors: YamlParseError[];
}

export function parseYaml(text: string): ParsedYaml {
  const errors: YamlParseError[] = [];
  const documents: ParsedYaml['documents'] = [];
  // The parser reports errors as Error objects; a broken template can produce thousands (one per token
  // after the break), and capturing a stack trace for each is most of what they cost. None is read.
  const stackLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    const parser = new Parser();
    const composer = new Composer({ merge: true, uniqueKeys: false, prettyErrors: false, strict: false });
    const docs: Document.Parsed[] = [];
    for (const d of composer.compose(parser.parse(text), true)) docs.push(d as Document.Parsed);
    for (const doc of docs) {
      for (const e of doc.errors) errors.push({ message: firstLine(e.message), offset: e.pos[0], endOffset: e.pos[1] });
      const conv = new Converter(doc);
      documents.push({ root: conv.convert(doc.contents as YNode | null), doc });
    }
  } catch (e) {
    errors.push({ message: `YAML parser failed: ${(e as Error).message}`, offset: 0, endOffset: 0 });
  } finally {
    Error.stackTraceLimit = stackLimit;
  }
  return { documents, errors };
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return (i < 0 ? s : s.slice(0, i)).trim();
}

const MAX_DEPTH = 500;

class Converter {
  private readonly memo = new Map<YNode, CNode>();
  private depth = 0;
  constructor(private readonly doc: Document.Parsed) {}

  convert(node: YNode | null | undefined): CNode | undefined {
    if (!node) return undefined;
    if (isAlias(node)) {
      const target = this.resolveAlias(node);
      return target ? this.convert(target) : undefined;
    }
    const memo = this.memo.get(node);
    if (memo) return memo;
    if (this.depth > MAX_DEPTH) return undefined;
    this.depth++;
    try {
      return this.convertFresh(node);
    } finally {
      this.depth--;
    }
  }

  private resolveAlias(a: Alias): YNode | undefined {
    try {
      return (a.resolve(this.doc) as YNode | undefined) ?? undefined;
    } catch {
      return undefined;
    }
  }

  private convertFresh(node: YNode): CNode | undefined {
    const range = spanOf(node);
    const tag = node.tag && node.tag.startsWith('!') && !node.tag.startsWith('!!') ? node.tag : undefined;
    if (isScalar(node)) {
      const s: CScalar = { kind: 'scalar', value: scalarValue(node), style: styleOf(node), range, tag };
      this.memo.set(node, s);
      return s;
    }
    if (isMap(node)) {
      const m: CMap = { kind: 'map', pairs: [], flow: !!node.flow, range, tag };
      this.memo.set(node, m);
      const merged: CPair[] = [];
      for (const item of node.items) {
        if (!isPair(item)) continue;
        const keyNode = item.key as YNode | null;
        if (isScalar(keyNode) && (keyNode.value === '<<' || (typeof keyNode.value === 'symbol' && (keyNode as Scalar & { source?: string }).source === '<<')) && (isAlias(item.value) || isSeq(item.value) || isMap(item.value))) {
          merged.push(...this.mergedPairs(item.value as YNode));
          continue;
        }
        const key = this.keyScalar(keyNode);
        if (!key) continue;
        const value = this.convert(item.value as YNode | null);
        const end = value ? Math.max(value.range[1], key.range[1]) : key.range[1];
        m.pairs.push({ key, value, range: [key.range[0], end] });
      }
      // Lookups take the last pair with a key, so merged pairs go first: keys written in the map win.
      if (merged.length) m.pairs.unshift(...merged);
      return m;
    }
    if (isSeq(node)) {
      const q: CSeq = { kind: 'seq', items: [], flow: !!node.flow, range, tag };
      this.memo.set(node, q);
      for (const item of node.items) {
        const c = this.convert(item as YNode);
        if (c) q.items.push(c);
      }
      return q;
    }
    return undefined;
  }

  /** Pairs a merge key brings in; with a list of maps the earlier maps win, so they come last. */
  private mergedPairs(source: YNode): CPair[] {
    const sources = isSeq(source) ? [...(source.items as YNode[])].reverse() : [source];
    const out: CPair[] = [];
    for (const s of sources) {
      const c = this.convert(s);
      if (c?.kind !== 'map') continue;
      for (const p of c.pairs) out.push({ ...p, merged: true });
    }
    return out;
  }

  private keyScalar(k: YNode | null): CScalar | undefined {
    if (!k) return undefined;
    if (isScalar(k)) {
      return { kind: 'scalar', value: scalarValue(k), style: styleOf(k), range: spanOf(k), tag: undefined };
    }
    // Complex keys (maps or lists as keys) are not meaningful in the formats we read.
    return undefined;
  }
}

function spanOf(n: YNode): Span {
  const r = n.range;
  if (!r) return [0, 0];
  return [r[0], r[1]];
}

function scalarValue(s: Scalar): CScalar['value'] {
  const v = s.value;
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  return String(v);
}

function styleOf(s: Scalar): ScalarStyle {
  switch (s.type) {
    case 'QUOTE_DOUBLE':
      return 'double';
    case 'QUOTE_SINGLE':
      return 'single';
    case 'BLOCK_LITERAL':
      return 'block-literal';
    case 'BLOCK_FOLDED':
      return 'block-folded';
    default:
      return 'plain';
  }
}
