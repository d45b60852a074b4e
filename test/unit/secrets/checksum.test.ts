import * as assert from 'node:assert/strict';
import { base62Encode, crc32, githubStyleChecksum, verifyGithubStyleChecksum } from '../../../server/src/engine/secrets';
import { ALNUM, Fakes } from './fakes';

describe('secrets/checksum', () => {
  it('crc32 matches the standard check values', () => {
    assert.equal(crc32(''), 0);
    assert.equal(crc32('123456789'), 0xcbf43926); // the CRC-32/ISO-HDLC check value
    assert.equal(crc32('The quick brown fox jumps over the lazy dog'), 0x414fa339);
    assert.equal(crc32('é'), crc32('\u00e9')); // UTF-8 path does not throw and is stable
  });

  it('base62 uses 0-9A-Za-z and pads with 0', () => {
    assert.equal(base62Encode(0, 6), '000000');
    assert.equal(base62Encode(61), 'z');
    assert.equal(base62Encode(62), '10');
    assert.equal(base62Encode(36, 2), '0a');
    assert.equal(base62Encode(10, 1), 'A');
    assert.equal(base62Encode(0xffffffff), '4gfFC3'); // largest CRC fits in six characters
  });

  it('reproduces the checksum of the token published in GitHub token format write-ups', () => {
    // Body of the example token shown with its checksum "0mLq17" in public write-ups of the format.
    assert.equal(githubStyleChecksum('zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ'), '0mLq17');
  });

  it('verifies generated payloads and rejects altered ones', () => {
    const f = new Fakes(31337);
    for (let i = 0; i < 200; i++) {
      const body = f.str(ALNUM, 30);
      const payload = body + githubStyleChecksum(body);
      assert.equal(verifyGithubStyleChecksum(payload), true);
      const flipped = payload.slice(0, 3) + (payload[3] === 'Q' ? 'R' : 'Q') + payload.slice(4);
      assert.equal(verifyGithubStyleChecksum(flipped), false);
    }
    for (const bad of ['', 'short', 'x'.repeat(37), '!'.repeat(36), undefined, 42] as unknown[]) {
      assert.equal(verifyGithubStyleChecksum(bad as string), false);
    }
  });
});
