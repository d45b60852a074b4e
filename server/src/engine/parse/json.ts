import { parseTree, printParseErrorCode, type Node as JNode, type ParseError } from 'jsonc-parser';
import type { CMap, CNode, CScalar, CSeq } from './tree';

export interface JsonParseError {
  message: string;
  offset: number;
  endOffset: number;
}

export interface ParsedJson {
  root: CNode | undefined;
  errors: JsonParseError[];
}

/** Parses JSON (comments and trailing commas tolerated, as in VS Code's JSONC) into the neutral tree. */
export function parseJson(text: string): ParsedJson {
  const errs: ParseError[] = [];
  let tree: JNode | undefined;
  try {
    tree = parseTree(text, errs, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  } catch (e) {
    return { root: undefined, errors: [{ message: `JSON parser failed: ${(e as Error).message}`, offset: 0, endOffset: 0 }] };
  }
  const errors = errs.map((e) => ({
    message: `JSON syntax error: ${printParseErrorCode(e.error)}`,
    offset: e.offset,
    endOffset: e.offset + e.length,
  }));
  return { root: tree ? convert(tree, 0) : undefined, errors };
}

function convert(n: JNode, depth: number): CNode | undefined {
  if (depth > 500) return undefined;
  const range: [number, number] = [n.offset, n.offset + n.length];
  switch (n.type) {
    case 'object': {
      const m: CMap = { kind: 'map', pairs: [], flow: true, range };
      for (const prop of n.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (!k || k.type !== 'string') continue;
        const key: CScalar = { kind: 'scalar', value: k.value as string, style: 'json', range: [k.offset, k.offset + k.length] };
        const value = v ? convert(v, depth + 1) : undefined;
        m.pairs.push({ key, value, range: [prop.offset, prop.offset + prop.length] });
      }
      return m;
    }
    case 'array': {
      const q: CSeq = { kind: 'seq', items: [], flow: true, range };
      for (const c of n.children ?? []) {
        const v = convert(c, depth + 1);
        if (v) q.items.push(v);
      }
      return q;
    }
    case 'string':
    case 'number':
    case 'boolean':
    case 'null':
      return { kind: 'scalar', value: (n.value ?? null) as CScalar['value'], style: 'json', range };
    default:
      return undefined;
  }
}
