/**
 * Python handler code, read without a parser: a tokenizer that finds string literals and comments,
 * and the few shapes that name a literal (assignment, annotated assignment, keyword argument or
 * parameter default, dict key, `os.environ[...] =`, `os.getenv('X', '…')` default, `jwt.encode`
 * secret, `hmac.new` key). Enough for handler files; anything it cannot read it leaves alone.
 */
import { isSecretName } from '../../secrets';

export interface PyString {
  /** Whole token, prefix and quotes included. */
  start: number;
  end: number;
  value: string;
  /** f-string with replacement fields, or bytes with escapes we do not decode: no context finding. */
  dynamic: boolean;
}

export interface PySink {
  name: string;
  container?: string;
  implicit?: boolean;
  /** `os.getenv('X', '…')`: the variable already read, and the call's range (the fix replaces it). */
  envName?: string;
  replace: [number, number];
}

export interface PyHit {
  str: PyString;
  sink: PySink;
}

const PREFIX_RE = /^(?:[rRbBuUfF]{1,2})$/;

/** String tokens of a Python source, in order; comments and code skipped. */
export function pythonStrings(text: string): PyString[] {
  const out: PyString[] = [];
  const n = text.length;
  let i = 0;
  let guard = 0;
  while (i < n && guard++ < 5_000_000) {
    const c = text[i];
    if (c === '#') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl;
      continue;
    }
    if (c !== '"' && c !== "'") {
      i++;
      continue;
    }
    // Prefix letters right before the quote (r, b, f, rb, …), not part of a longer identifier.
    let s = i;
    while (s > 0 && /[rRbBuUfF]/.test(text[s - 1]) && i - s < 2) s--;
    if (s < i && (s > 0 && /[\w]/.test(text[s - 1]))) s = i;
    const prefix = text.slice(s, i);
    if (prefix && !PREFIX_RE.test(prefix)) s = i;
    const isRaw = /r/i.test(prefix);
    const isF = /f/i.test(prefix);
    const triple = text.startsWith(c.repeat(3), i);
    const q = triple ? c.repeat(3) : c;
    let j = i + q.length;
    let value = '';
    let closed = false;
    while (j < n) {
      const d = text[j];
      if (d === '\\' && j + 1 < n) {
        const e = text[j + 1];
        if (isRaw) value += d + e;
        else value += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e === '\n' ? '' : e;
        j += 2;
        continue;
      }
      if (!triple && d === '\n') break;
      if (text.startsWith(q, j)) {
        closed = true;
        j += q.length;
        break;
      }
      value += d;
      j++;
    }
    if (closed) out.push({ start: s, end: j, value, dynamic: isF && /\{[^{]/.test(value.replace(/\{\{/g, '')) });
    i = Math.max(j, i + 1);
  }
  return out;
}

const KWARG_RE = /(\bdef[ \t]+)?([A-Za-z_]\w*)\s*\((?:[^()\n]*,)?\s*([A-Za-z_]\w*)\s*=\s*$/;
const ASSIGN_RE = /(?:^|[^\w.])((?:[A-Za-z_]\w*\.)*[A-Za-z_]\w*)\s*(?::\s*[^=\n]{1,60})?(?<![=!<>+\-*/%&|^@:])=\s*$/;
const SUBSCRIPT_ASSIGN_RE = /\[\s*(['"])([^'"\n]{1,80})\1\s*\]\s*=\s*$/;
const DICT_KEY_RE = /(['"])([^'"\n]{1,80})\1\s*:\s*$/;
const GETENV_RE = /(?:os\.environ\.get|os\.getenv|environ\.get|getenv)\(\s*(['"])([A-Za-z_]\w*)\1\s*,\s*$/;
const JWT_RE = /\bjwt\.(?:encode|decode)\(\s*[^,()\n]{1,120},\s*$/;
const HMAC_RE = /\bhmac\.new\(\s*$/;

/** What a string token is given to, from the text before it on its line (and the line before). */
export function pythonSink(text: string, str: PyString): PySink | undefined {
  const lineStart = text.lastIndexOf('\n', str.start - 1) + 1;
  let before = text.slice(Math.max(lineStart - 200, 0), str.start);
  // Keep only the current line unless it opens with nothing but whitespace (argument on its own line).
  const cur = text.slice(lineStart, str.start);
  if (cur.trim() !== '') before = cur;
  const replace: [number, number] = [str.start, str.end];
  let m = GETENV_RE.exec(before);
  if (m) {
    let k = str.end;
    while (k < text.length && /\s/.test(text[k])) k++;
    const nameStart = findCallStart(text, text.lastIndexOf('(', str.start));
    if (text[k] === ')' && nameStart !== undefined) return { name: m[2], envName: m[2], replace: [nameStart, k + 1] };
    return { name: m[2], envName: m[2], replace };
  }
  if ((m = JWT_RE.exec(before))) return { name: 'jwtSecret', implicit: true, replace };
  if (HMAC_RE.test(before)) return { name: 'hmacKey', implicit: true, replace };
  if ((m = SUBSCRIPT_ASSIGN_RE.exec(before))) return { name: m[2], replace };
  if ((m = DICT_KEY_RE.exec(before))) return { name: m[2], replace };
  if ((m = KWARG_RE.exec(before))) return { name: m[3], container: m[1] ? undefined : m[2], replace };
  if ((m = ASSIGN_RE.exec(before))) {
    const parts = m[1].split('.');
    const name = parts[parts.length - 1];
    const container = parts.length > 1 ? parts[parts.length - 2] : undefined;
    return { name, container: container === 'self' ? undefined : container, replace };
  }
  return undefined;
}

/** Start of `os.getenv` / `os.environ.get` before the `(` at `open`. */
function findCallStart(text: string, open: number): number | undefined {
  let s = open;
  while (s > 0 && /[\w.]/.test(text[s - 1])) s--;
  return s < open ? s : undefined;
}

export function pythonHits(text: string, strings: PyString[]): PyHit[] {
  const hits: PyHit[] = [];
  for (const str of strings) {
    if (str.dynamic || str.value.length < 3) continue;
    const sink = pythonSink(text, str);
    if (!sink) continue;
    if (!sink.implicit && !isSecretName(sink.name)) continue;
    hits.push({ str, sink });
  }
  return hits;
}

/** `import os` present (or `from os import environ`, then the fix uses `environ[...]`). */
export function pythonEnvAccess(text: string): { expr: (name: string) => string; needsImport: boolean } {
  if (/^[ \t]*import[ \t]+(?:[\w, \t]+,[ \t]*)?os\b(?![.\w])/m.test(text)) return { expr: (n) => `os.environ["${n}"]`, needsImport: false };
  if (/^[ \t]*from[ \t]+os[ \t]+import[ \t]+(?:[\w, \t]+,[ \t]*)?environ\b/m.test(text)) return { expr: (n) => `environ["${n}"]`, needsImport: false };
  return { expr: (n) => `os.environ["${n}"]`, needsImport: true };
}

/** Where `import os` goes: before the first top-level import (after `from __future__` lines), else after the module docstring. */
export function pythonImportOffset(text: string, strings: PyString[]): number {
  const future = /^from[ \t]+__future__[^\n]*(?:\n|$)/gm;
  let afterFuture = -1;
  let f: RegExpExecArray | null;
  while ((f = future.exec(text)) !== null) afterFuture = f.index + f[0].length;
  if (afterFuture >= 0) return afterFuture;
  const m = /^(?:import|from)[ \t]+[\w.]+/m.exec(text);
  if (m) return m.index;
  let pos = (/^(?:[ \t]*(?:#[^\n]*)?\r?\n)*/.exec(text)?.[0] ?? '').length;
  const doc = strings.find((s) => s.start === pos);
  if (doc) {
    const nl = text.indexOf('\n', doc.end);
    const rest = text.slice(doc.end, nl < 0 ? text.length : nl);
    if (/^[ \t]*\r?$/.test(rest)) pos = nl < 0 ? text.length : nl + 1;
  }
  return pos;
}
