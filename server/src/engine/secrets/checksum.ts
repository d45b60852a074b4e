/**
 * Offline checksums used by token formats that carry one.
 *
 * GitHub (2021 token format) and npm (2021 token format) tokens look like
 * `<prefix>_<30 random base62 chars><6 checksum chars>`. The checksum is the CRC-32 (the common
 * IEEE 802.3 / zlib polynomial) of the 30 random characters, written in base62 with the alphabet
 * 0-9, A-Z, a-z and left-padded with '0' to six characters. Facts from GitHub's blog posts
 * "Behind GitHub's new authentication token formats" (2021-04-05) and "Announcing npm's new access
 * token format" (2021-09-23); the exact alphabet and padding were checked against a published example.
 */

const CRC_TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) {
      c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE) of the UTF-8 bytes of `text`. Token bodies are ASCII, where UTF-8 = code units. */
export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code < 0x80) {
      crc = CRC_TABLE[(crc ^ code) & 0xff] ^ (crc >>> 8);
      continue;
    }
    // Non-ASCII: encode as UTF-8 so the result matches other implementations.
    const bytes: number[] = [];
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (code < 0x800) {
      bytes.push(0xc0 | (code >> 6), 0x80 | (code & 0x3f));
    } else if (code < 0x10000) {
      bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
    } else {
      bytes.push(
        0xf0 | (code >> 18),
        0x80 | ((code >> 12) & 0x3f),
        0x80 | ((code >> 6) & 0x3f),
        0x80 | (code & 0x3f),
      );
    }
    for (const b of bytes) {
      crc = CRC_TABLE[(crc ^ b) & 0xff] ^ (crc >>> 8);
    }
  }
  return (crc ^ 0xffffffff) >>> 0;
}

export const BASE62_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Base62 of a non-negative integer, left-padded with '0' to `width` characters. */
export function base62Encode(value: number, width = 0): string {
  let n = Math.floor(Math.abs(value));
  let out = '';
  while (n > 0) {
    out = BASE62_ALPHABET[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out.padStart(width, '0');
}

/** The 6-character checksum that a GitHub/npm style token carries for a 30-character body. */
export function githubStyleChecksum(body: string): string {
  return base62Encode(crc32(body), 6);
}

/**
 * True when `payload` (the 36 characters after `ghp_` / `npm_` …) ends with the checksum of its
 * first 30 characters.
 */
export function verifyGithubStyleChecksum(payload: string): boolean {
  if (typeof payload !== 'string' || payload.length !== 36 || !/^[0-9A-Za-z]{36}$/.test(payload)) {
    return false;
  }
  return githubStyleChecksum(payload.slice(0, 30)) === payload.slice(30);
}
