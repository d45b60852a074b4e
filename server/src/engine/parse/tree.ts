/**
 * A format-neutral tree for configuration files (YAML and JSON), with the exact source range of every
 * node. YAML aliases resolve to the node they name (the same object, so ranges point at the anchor's
 * source) and merge keys (`<<: *base`) are expanded into the map's pairs, marked `merged`.
 */

export type Span = [start: number, end: number];

interface CBase {
  /** Source offsets of the node's value (without a trailing comment or line break). */
  range: Span;
  /** YAML tag as written (`!Ref`, `!Sub`, ...); undefined for JSON and untagged nodes. */
  tag?: string;
}

export type ScalarStyle = 'plain' | 'single' | 'double' | 'block-literal' | 'block-folded' | 'json';

export interface CScalar extends CBase {
  kind: 'scalar';
  value: string | number | boolean | null;
  style: ScalarStyle;
}

export interface CPair {
  key: CScalar;
  value: CNode | undefined;
  /** From the start of the key to the end of the value. */
  range: Span;
  /** True when the pair came into this map through a YAML merge key. */
  merged?: boolean;
}

export interface CMap extends CBase {
  kind: 'map';
  pairs: CPair[];
  flow: boolean;
}

export interface CSeq extends CBase {
  kind: 'seq';
  items: CNode[];
  flow: boolean;
}

export type CNode = CScalar | CMap | CSeq;

export function isMap(n: CNode | undefined): n is CMap {
  return n?.kind === 'map';
}
export function isSeq(n: CNode | undefined): n is CSeq {
  return n?.kind === 'seq';
}
export function isScalar(n: CNode | undefined): n is CScalar {
  return n?.kind === 'scalar';
}

/** The scalar's value as a string when it is a plain string (not a tagged intrinsic). */
export function stringValue(n: CNode | undefined): string | undefined {
  return n && n.kind === 'scalar' && !n.tag && typeof n.value === 'string' ? n.value : undefined;
}

/** The last pair with this key (YAML and JSON both let the last duplicate win). */
export function getPair(map: CNode | undefined, key: string): CPair | undefined {
  if (!map || map.kind !== 'map') return undefined;
  for (let i = map.pairs.length - 1; i >= 0; i--) {
    const p = map.pairs[i];
    if (p.key.value === key || (p.key.value !== null && String(p.key.value) === key)) return p;
  }
  return undefined;
}

export function get(map: CNode | undefined, key: string): CNode | undefined {
  return getPair(map, key)?.value;
}

export function getPath(node: CNode | undefined, path: readonly string[]): CNode | undefined {
  let cur = node;
  for (const k of path) {
    cur = get(cur, k);
    if (!cur) return undefined;
  }
  return cur;
}

/** Case-insensitive key lookup, for formats whose keys are case-insensitive in practice. */
export function getPairCI(map: CNode | undefined, key: string): CPair | undefined {
  if (!map || map.kind !== 'map') return undefined;
  const k = key.toLowerCase();
  for (let i = map.pairs.length - 1; i >= 0; i--) {
    const p = map.pairs[i];
    if (String(p.key.value).toLowerCase() === k) return p;
  }
  return undefined;
}

/** Visits every node once (aliases can make the tree a DAG), parents before children. */
export function walk(root: CNode | undefined, visit: (node: CNode, parentKey: string | undefined) => void): void {
  if (!root) return;
  const seen = new Set<CNode>();
  const stack: Array<[CNode, string | undefined]> = [[root, undefined]];
  while (stack.length) {
    const [n, k] = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    visit(n, k);
    if (n.kind === 'map') {
      for (let i = n.pairs.length - 1; i >= 0; i--) {
        const p = n.pairs[i];
        if (p.value) stack.push([p.value, String(p.key.value)]);
      }
    } else if (n.kind === 'seq') {
      for (let i = n.items.length - 1; i >= 0; i--) stack.push([n.items[i], k]);
    }
  }
}
