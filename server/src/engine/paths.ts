/** Path helpers on normalised forward-slash paths, the form the engine keys files by. */

export function normalizePath(p: string): string {
  let s = p.replace(/\\/g, '/');
  s = s.replace(/\/{2,}/g, '/');
  const parts: string[] = [];
  const abs = s.startsWith('/');
  for (const seg of s.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && parts.length && parts[parts.length - 1] !== '..') parts.pop();
    else parts.push(seg);
  }
  const joined = parts.join('/');
  return abs ? `/${joined}` : joined || '.';
}

export function dirname(p: string): string {
  const n = normalizePath(p);
  const i = n.lastIndexOf('/');
  if (i < 0) return '.';
  if (i === 0) return '/';
  return n.slice(0, i);
}

export function joinPath(...parts: string[]): string {
  return normalizePath(parts.filter((x) => x.length > 0).join('/'));
}

/** Drops a known source extension: `src/orders.ts` -> `src/orders`. */
export function stripCodeExtension(p: string): string {
  return p.replace(/\.(?:[cm]?[jt]sx?|py)$/i, '');
}

export function relativePath(from: string, to: string): string {
  const a = normalizePath(from).split('/').filter(Boolean);
  const b = normalizePath(to).split('/').filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const up = a.slice(i).map(() => '..');
  const rest = b.slice(i);
  return [...up, ...rest].join('/') || '.';
}
