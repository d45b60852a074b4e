import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decodeText, describeFsError, encodeText, firstInvalidUtf8, readTextFile, readTextFileSync, type ReaderFs } from '../../../server/src/host/read';

const errno = (code: string) => Object.assign(new Error(`${code}: fake`), { code });

/** A reader file system whose calls fail with `code` at `where`, for errors a root test run cannot cause. */
function failing(where: 'open' | 'fstat' | 'read', code: string, content = 'x'): ReaderFs {
  return {
    openSync: () => {
      if (where === 'open') throw errno(code);
      return 42;
    },
    fstatSync: () => {
      if (where === 'fstat') throw errno(code);
      return { size: content.length, isFile: () => true };
    },
    readSync: () => {
      if (where === 'read') throw errno(code);
      return 0;
    },
    closeSync: () => undefined,
  };
}

describe('host/read', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-read-'));
  });

  it('decodes UTF-8 (with and without BOM) and UTF-16 with a BOM, and says so', () => {
    const a = decodeText(Buffer.from('\uFEFFconst a = 1;\n', 'utf8'));
    assert.deepEqual(a.ok && [a.text, a.encoding, a.bom], ['const a = 1;\n', 'utf-8', true]);
    const b = decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('é', 'utf16le')]));
    assert.deepEqual(b.ok && [b.text, b.encoding], ['é', 'utf-16le']);
    const be = encodeText('hé', 'utf-16be', true);
    const c = decodeText(be);
    assert.deepEqual(c.ok && [c.text, c.encoding, c.bom], ['hé', 'utf-16be', true]);
  });

  it('encodeText writes back exactly what decodeText read', () => {
    for (const [enc, bom] of [['utf-8', false], ['utf-8', true], ['utf-16le', true], ['utf-16be', true]] as const) {
      const bytes = encodeText('line 1\r\nligne 2 — ünïcode\n', enc, bom);
      const r = decodeText(bytes);
      assert.ok(r.ok);
      assert.deepEqual(encodeText(r.text, r.encoding, r.bom), bytes, `${enc} bom=${bom}`);
    }
  });

  it('refuses binary content and non-UTF-8 text with a reason, never a lossy text', () => {
    const bin = decodeText(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]));
    assert.deepEqual(bin, { ok: false, reason: 'binary content', bytes: 7 });
    const latin1 = decodeText(Buffer.from('// caf\xe9\n', 'latin1'));
    assert.equal(latin1.ok, false);
    assert.match(!latin1.ok ? latin1.reason : '', /^not UTF-8 text \(invalid byte sequence at offset 6\)$/);
  });

  it('finds the first byte that breaks UTF-8 (overlong, surrogate, truncated)', () => {
    assert.equal(firstInvalidUtf8(Buffer.from('abc', 'utf8')), 3);
    assert.equal(firstInvalidUtf8(Buffer.from([0x61, 0xc0, 0x80])), 1); // overlong NUL
    assert.equal(firstInvalidUtf8(Buffer.from([0x61, 0xed, 0xa0, 0x80])), 1); // UTF-16 surrogate
    assert.equal(firstInvalidUtf8(Buffer.from([0x61, 0x62, 0xe2, 0x82])), 2); // truncated at the end
  });

  it('skips files over the size limit without reading them, and files that grew past it', () => {
    const f = path.join(dir, 'big.json');
    fs.writeFileSync(f, 'x'.repeat(100));
    const r = readTextFileSync(f, 50);
    assert.deepEqual(r, { ok: false, reason: 'larger than the size limit (100 > 50 bytes)', bytes: 100 });
    // fstat says small, the read finds more: still refused.
    let served = 0;
    const grows: ReaderFs = {
      openSync: () => 1,
      fstatSync: () => ({ size: 10, isFile: () => true }),
      readSync: (_fd, buf, off, len) => {
        const n = Math.min(len, 200 - served);
        Buffer.from('y'.repeat(n)).copy(buf, off);
        served += n;
        return n;
      },
      closeSync: () => undefined,
    };
    const g = readTextFileSync('/fake/grows.js', 50, grows);
    assert.equal(g.ok, false);
    assert.match(!g.ok ? g.reason : '', /larger than the size limit/);
  });

  it('turns file-system errors into reasons: permission denied, vanished, loops, I/O', () => {
    assert.deepEqual(readTextFileSync('/x', 10, failing('open', 'EACCES')), { ok: false, reason: 'permission denied' });
    assert.deepEqual(readTextFileSync('/x', 10, failing('open', 'EPERM')), { ok: false, reason: 'permission denied' });
    assert.deepEqual(readTextFileSync('/x', 10, failing('open', 'ENOENT')), { ok: false, reason: 'vanished before it could be read' });
    assert.deepEqual(readTextFileSync('/x', 10, failing('open', 'ELOOP')), { ok: false, reason: 'symbolic link loop' });
    assert.deepEqual(readTextFileSync('/x', 10, failing('read', 'EIO')), { ok: false, reason: 'input/output error' });
    assert.deepEqual(readTextFileSync('/x', 10, failing('fstat', 'EBADF')), { ok: false, reason: 'cannot read (EBADF)' });
    assert.equal(describeFsError(new Error('odd')), 'cannot read (odd)');
  });

  it('a real missing file, a folder and a FIFO are refused, not thrown', async () => {
    assert.deepEqual(readTextFileSync(path.join(dir, 'nope.js'), 10), { ok: false, reason: 'vanished before it could be read' });
    assert.deepEqual(await readTextFile(path.join(dir, 'nope.js'), 10), { ok: false, reason: 'vanished before it could be read' });
    assert.deepEqual(readTextFileSync(dir, 10), { ok: false, reason: 'not a regular file' });
    assert.deepEqual(await readTextFile(dir, 10), { ok: false, reason: 'not a regular file' });
  });

  it('the async reader agrees with the sync one', async () => {
    const f = path.join(dir, 'a.js');
    fs.writeFileSync(f, '\uFEFFfetch("http://a.example.com");\n');
    const a = readTextFileSync(f, 1000);
    const b = await readTextFile(f, 1000);
    assert.deepEqual(a, b);
    assert.ok(a.ok && a.text.startsWith('fetch'));
  });
});
