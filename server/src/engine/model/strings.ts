/**
 * Maps the characters of a string value back to the source text that wrote them, so a piece of a
 * string (a `${var}` inside it, a JSON document held in a YAML block scalar) gets its exact range.
 * Handles JSON strings, YAML double- and single-quoted, plain and block scalars (escapes, folding,
 * indentation). When the value cannot be aligned with its source, every piece gets the whole
 * scalar's range (`exact: false`) rather than a wrong one.
 */
import type { CScalar, Span } from '../parse/tree';

export interface StringSource {
  value: string;
  /** The whole scalar. */
  range: Span;
  exact: boolean;
  /** The source range of `value.slice(i, j)`. */
  span(i: number, j: number): Span;
}

/** A string source that maps every index through a function (used for strings nested in strings). */
export function mappedSource(value: string, range: Span, starts: number[] | undefined, ends: number[] | undefined): StringSource {
  const exact = !!starts && !!ends;
  return {
    value,
    range,
    exact,
    span(i: number, j: number): Span {
      if (!starts || !ends) return range;
      const a = Math.max(0, Math.min(i, value.length));
      const b = Math.max(a, Math.min(j, value.length));
      if (b === a) {
        const at = a < value.length ? starts[a] : a > 0 ? ends[a - 1] : range[0];
        return [at, at];
      }
      return [starts[a], ends[b - 1]];
    },
  };
}

const cache = new WeakMap<CScalar, StringSource>();

/** The string source of a scalar of `text`; undefined when the scalar's value is not a string. */
export function scalarSource(text: string, node: CScalar): StringSource | undefined {
  if (typeof node.value !== 'string') return undefined;
  const hit = cache.get(node);
  if (hit) return hit;
  const value = node.value;
  const m = alignScalar(text, node, value);
  const src = mappedSource(value, node.range, m?.starts, m?.ends);
  cache.set(node, src);
  return src;
}

/** Registers an explicit source for a scalar that does not come from the file text directly. */
export function setScalarSource(node: CScalar, src: StringSource): void {
  cache.set(node, src);
}

export type EscapeSet = 'none' | 'json' | 'yaml';

/**
 * The source of a string whose characters are written in `text[contentStart, contentEnd)` with the
 * given escapes (JavaScript string literals use `yaml`, a superset close enough for alignment).
 */
export function sourceFromText(text: string, contentStart: number, contentEnd: number, value: string, escapes: EscapeSet, range: Span): StringSource {
  const m = align(text, contentStart, contentEnd, value, escapes);
  return mappedSource(value, range, m?.starts, m?.ends);
}

function alignScalar(text: string, node: CScalar, value: string): { starts: number[]; ends: number[] } | undefined {
  const [s, e] = node.range;
  if (e <= s && value.length > 0) return undefined;
  let cs = s;
  let ce = e;
  let escapes: EscapeSet = 'none';
  switch (node.style) {
    case 'json':
    case 'double':
      if (text[s] !== '"' || text[e - 1] !== '"') return undefined;
      cs = s + 1;
      ce = e - 1;
      escapes = node.style === 'json' ? 'json' : 'yaml';
      break;
    case 'single':
      if (text[s] !== "'" || text[e - 1] !== "'") return undefined;
      cs = s + 1;
      ce = e - 1;
      break;
    case 'block-literal':
    case 'block-folded': {
      const nl = text.indexOf('\n', s);
      if (nl < 0 || nl >= e) return value.length === 0 ? { starts: [], ends: [] } : undefined;
      cs = nl + 1;
      break;
    }
    default:
      break;
  }
  return align(text, cs, ce, value, escapes);
}

function align(text: string, cs: number, ce: number, value: string, escapes: EscapeSet): { starts: number[]; ends: number[] } | undefined {
  const starts: number[] = new Array(value.length);
  const ends: number[] = new Array(value.length);
  let i = 0;
  let j = cs;
  while (i < value.length && j < ce) {
    const ch = text[j];
    if (escapes !== 'none' && ch === '\\') {
      const esc = decodeEscape(text, j, escapes === 'yaml');
      if (esc.text.length > 0 && value.startsWith(esc.text, i)) {
        for (let k = 0; k < esc.text.length; k++) {
          starts[i + k] = j;
          ends[i + k] = j + esc.length;
        }
        i += esc.text.length;
      }
      j += esc.length;
      continue;
    }
    if (ch === value[i]) {
      starts[i] = j;
      ends[i] = j + 1;
      i++;
      j++;
      continue;
    }
    // `''` in single-quoted scalars, folded line breaks and indentation produce nothing (or a space
    // matched further on): skip the source character.
    j++;
  }
  if (i < value.length) return undefined;
  return { starts, ends };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t',
};
const YAML_ESCAPES: Record<string, string> = {
  ...SIMPLE_ESCAPES, '0': '\0', a: '\x07', v: '\v', e: '\x1b', ' ': ' ', '\t': '\t', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};

function decodeEscape(text: string, j: number, yaml: boolean): { text: string; length: number } {
  const c = text[j + 1];
  if (c === undefined) return { text: '', length: 1 };
  const table = yaml ? YAML_ESCAPES : SIMPLE_ESCAPES;
  if (c in table) return { text: table[c], length: 2 };
  const hex = (n: number) => {
    const h = text.slice(j + 2, j + 2 + n);
    if (h.length !== n || !/^[0-9a-fA-F]+$/.test(h)) return undefined;
    return String.fromCodePoint(parseInt(h, 16));
  };
  if (c === 'u') {
    const t = hex(4);
    return t !== undefined ? { text: t, length: 6 } : { text: '', length: 2 };
  }
  if (yaml && c === 'x') {
    const t = hex(2);
    return t !== undefined ? { text: t, length: 4 } : { text: '', length: 2 };
  }
  if (yaml && c === 'U') {
    const t = hex(8);
    return t !== undefined ? { text: t, length: 10 } : { text: '', length: 2 };
  }
  if (c === '\r' && text[j + 2] === '\n') return { text: '', length: 3 };
  return { text: '', length: 2 };
}

/** A span without the trailing whitespace and line breaks YAML block collections include. */
export function tidySpan(text: string, span: Span): Span {
  let end = span[1];
  while (end > span[0] && /\s/.test(text[end - 1])) end--;
  return end === span[1] ? span : [span[0], end];
}
