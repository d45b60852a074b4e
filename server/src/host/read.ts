import * as nodeFs from 'node:fs';
import { createHash } from 'node:crypto';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

export type ReadResult =
  | {
      ok: true;
      text: string;
      /** Size on disk. */
      bytes: number;
      encoding: TextEncodingName;
      /** The file started with a byte order mark (written back by `--fix`). */
      bom: boolean;
    }
  | { ok: false; reason: string; bytes?: number };

/** The few file-system calls the reader makes, so tests can stand in failures (EACCES as root, EIO). */
export interface ReaderFs {
  openSync(path: string, flags: string): number;
  fstatSync(fd: number): { size: number; isFile(): boolean };
  readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number | null): number;
  closeSync(fd: number): void;
}

export interface AsyncReaderFs {
  open(path: string, flags: string): Promise<{
    stat(): Promise<{ size: number; isFile(): boolean }>;
    read(buffer: Uint8Array, offset: number, length: number, position: number | null): Promise<{ bytesRead: number }>;
    close(): Promise<void>;
  }>;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Reads a file as text the way an editor shows it: BOM removed (UTF-8 and UTF-16), binary files and
 * files that are not valid UTF-8 refused with a reason. Never throws. The size limit is checked on the
 * open file (one `fstat`), and again on what was read, so a file growing meanwhile cannot slip through.
 */
export function readTextFileSync(path: string, maxBytes: number, fs: ReaderFs = nodeFs): ReadResult {
  let fd: number;
  try {
    fd = fs.openSync(path, 'r');
  } catch (e) {
    return { ok: false, reason: describeFsError(e) };
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return { ok: false, reason: 'not a regular file' };
    if (st.size > maxBytes) return tooLarge(st.size, maxBytes);
    // Read up to one byte past the limit: a file that grew after fstat is still caught.
    const cap = Math.min(maxBytes + 1, Math.max(st.size, 0) + 64 * 1024);
    let buf = Buffer.allocUnsafe(Math.max(cap, 1));
    let len = 0;
    for (;;) {
      if (len === buf.length) {
        if (buf.length > maxBytes) break;
        buf = grown(buf, len, maxBytes);
      }
      const n = fs.readSync(fd, buf, len, buf.length - len, null);
      if (n === 0) break;
      len += n;
    }
    if (len > maxBytes) return tooLarge(len, maxBytes);
    return decodeText(buf.subarray(0, len));
  } catch (e) {
    return { ok: false, reason: describeFsError(e) };
  } finally {
    try {
      fs.closeSync(fd);
    } catch {
      /* nothing to do */
    }
  }
}

/** The same as `readTextFileSync`, without blocking the thread (the language server's main thread). */
export async function readTextFile(path: string, maxBytes: number, fs: AsyncReaderFs = nodeFs.promises): Promise<ReadResult> {
  let handle: Awaited<ReturnType<AsyncReaderFs['open']>>;
  try {
    handle = await fs.open(path, 'r');
  } catch (e) {
    return { ok: false, reason: describeFsError(e) };
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) return { ok: false, reason: 'not a regular file' };
    if (st.size > maxBytes) return tooLarge(st.size, maxBytes);
    let buf = Buffer.allocUnsafe(Math.max(Math.min(maxBytes + 1, st.size + 64 * 1024), 1));
    let len = 0;
    for (;;) {
      if (len === buf.length) {
        if (buf.length > maxBytes) break;
        buf = grown(buf, len, maxBytes);
      }
      const { bytesRead } = await handle.read(buf, len, buf.length - len, null);
      if (bytesRead === 0) break;
      len += bytesRead;
    }
    if (len > maxBytes) return tooLarge(len, maxBytes);
    return decodeText(buf.subarray(0, len));
  } catch (e) {
    return { ok: false, reason: describeFsError(e) };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** A buffer twice as large (at most one byte over the limit, to tell a file over it), holding the first `len` bytes. */
function grown(buf: Buffer<ArrayBuffer>, len: number, maxBytes: number): Buffer<ArrayBuffer> {
  const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, maxBytes + 1));
  buf.copy(bigger, 0, 0, len);
  return bigger;
}

function tooLarge(size: number, max: number): ReadResult {
  return { ok: false, reason: `larger than the size limit (${size} > ${max} bytes)`, bytes: size };
}

/**
 * Decodes file bytes: UTF-16 with a byte order mark, otherwise UTF-8 (BOM optional). A NUL byte in the
 * first 8 KB means binary; bytes that are not UTF-8 mean another encoding (Latin-1, Shift-JIS...), which
 * is skipped rather than guessed at, because every position reported in it would be suspect.
 */
export function decodeText(buf: Uint8Array): ReadResult {
  const bytes = buf.length;
  if (bytes >= 2 && buf[0] === 0xff && buf[1] === 0xfe) {
    return { ok: true, text: new TextDecoder('utf-16le').decode(buf.subarray(2)), bytes, encoding: 'utf-16le', bom: true };
  }
  if (bytes >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    return { ok: true, text: new TextDecoder('utf-16be').decode(buf.subarray(2)), bytes, encoding: 'utf-16be', bom: true };
  }
  const bom = bytes >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  const body = bom ? buf.subarray(3) : buf;
  const head = body.subarray(0, Math.min(body.length, 8192));
  if (head.includes(0)) return { ok: false, reason: 'binary content', bytes };
  try {
    return { ok: true, text: utf8.decode(body), bytes, encoding: 'utf-8', bom };
  } catch {
    return { ok: false, reason: `not UTF-8 text (invalid byte sequence at offset ${firstInvalidUtf8(body) + (bom ? 3 : 0)})`, bytes };
  }
}

/** Encodes text back the way `decodeText` found it (used when `--fix` writes a file). */
export function encodeText(text: string, encoding: TextEncodingName, bom: boolean): Buffer {
  if (encoding === 'utf-16le') return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  if (encoding === 'utf-16be') {
    const le = Buffer.from(text, 'utf16le');
    for (let i = 0; i + 1 < le.length; i += 2) {
      const t = le[i];
      le[i] = le[i + 1];
      le[i + 1] = t;
    }
    return Buffer.concat([Buffer.from([0xfe, 0xff]), le]);
  }
  const body = Buffer.from(text, 'utf8');
  return bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
}

/** Offset of the first byte that breaks UTF-8 (for the skip reason). */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    let need = 0;
    let min = 0;
    if (c < 0x80) {
      i++;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return b.length;
}

/** A short digest of a text, to tell whether a file changed between reading it and writing a fix. */
export function textDigest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'vanished before it could be read';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'symbolic link loop';
    case 'EISDIR':
      return 'is a directory';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
    case 'EIO':
      return 'input/output error';
    default:
      return code ? `cannot read (${code})` : `cannot read (${(e as Error)?.message ?? e})`;
  }
}
