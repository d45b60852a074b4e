import { promises as fs } from 'node:fs';

export type ReadResult =
  | { ok: true; text: string; bytes: number; encoding: 'utf-8' | 'utf-16le' | 'utf-16be'; lossy: boolean }
  | { ok: false; reason: string; bytes?: number };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const utf8Lossy = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

/**
 * Reads a file as text the way an editor shows it: BOM removed (UTF-8 and UTF-16), invalid UTF-8
 * replaced (and flagged `lossy`), binary files refused. Never throws.
 */
export async function readTextFile(path: string, maxBytes: number): Promise<ReadResult> {
  let stat;
  try {
    stat = await fs.stat(path);
  } catch (e) {
    return { ok: false, reason: describeFsError(e) };
  }
  if (!stat.isFile()) return { ok: false, reason: 'not a regular file' };
  if (stat.size > maxBytes) return { ok: false, reason: `larger than the size limit (${stat.size} > ${maxBytes} bytes)`, bytes: stat.size };
  let buf: Buffer;
  try {
    buf = await fs.readFile(path);
  } catch (e) {
    return { ok: false, reason: describeFsError(e) };
  }
  return decodeText(buf);
}

export function decodeText(buf: Uint8Array): ReadResult {
  const bytes = buf.length;
  if (bytes >= 2 && buf[0] === 0xff && buf[1] === 0xfe) {
    return { ok: true, text: new TextDecoder('utf-16le').decode(buf.subarray(2)), bytes, encoding: 'utf-16le', lossy: false };
  }
  if (bytes >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    return { ok: true, text: new TextDecoder('utf-16be').decode(buf.subarray(2)), bytes, encoding: 'utf-16be', lossy: false };
  }
  const head = buf.subarray(0, Math.min(bytes, 8192));
  if (head.includes(0)) return { ok: false, reason: 'binary content', bytes };
  try {
    return { ok: true, text: stripBom(utf8.decode(buf)), bytes, encoding: 'utf-8', lossy: false };
  } catch {
    return { ok: true, text: stripBom(utf8Lossy.decode(buf)), bytes, encoding: 'utf-8', lossy: true };
  }
}

function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

export function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'file vanished before it could be read';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'symbolic link loop';
    case 'EISDIR':
      return 'is a directory';
    default:
      return code ? `cannot read (${code})` : `cannot read (${(e as Error)?.message ?? e})`;
  }
}
