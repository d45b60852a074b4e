import * as assert from 'node:assert/strict';
import {
  AWS_EXAMPLE_ACCESS_KEY_ID,
  findProviderTokens,
  mergeMatches,
  secretlintAvailable,
  secretlintLoadError,
  secretlintScan,
  type TokenMatch,
} from '../../../server/src/engine/secrets';
import { ALNUM, Fakes, URLSAFE } from './fakes';

const f = new Fakes(4242);

function spanOf(text: string, secret: string): [number, number] {
  const at = text.indexOf(secret);
  assert.ok(at >= 0, 'secret not in text');
  return [at, at + secret.length];
}

function find(ms: TokenMatch[], kind: string): TokenMatch {
  const hit = ms.filter((m) => m.kind === kind);
  assert.equal(hit.length, 1, `expected one ${kind}, got ${JSON.stringify(ms.map((m) => m.kind))}`);
  return hit[0];
}

describe('secrets/secretlint: secretlintScan', function () {
  // The first call loads the ESM packages; later calls reuse them.
  this.timeout(20_000);

  before(async () => {
    const ok = await secretlintAvailable();
    assert.equal(ok, true, `secretlint did not load: ${secretlintLoadError()}`);
  });

  it('reports AWS access key ids (enableIDScanRule is on) with exact offsets', async () => {
    const id = f.awsKeyId();
    const text = `const cfg = { accessKeyId: "${id}" };`;
    const m = find(await secretlintScan(text, '/src/handler.js'), 'aws-access-key-id');
    assert.deepEqual([m.start, m.end], spanOf(text, id));
    assert.equal(m.source, 'secretlint');
    assert.equal(m.severity, 'error');
  });

  it('corrects the span of the AWS secret access key to the value itself', async () => {
    const sk = f.awsSecret();
    const text = `aws_secret_access_key = "${sk}"\n`;
    const m = find(await secretlintScan(text, '/home/u/.aws/credentials'), 'aws-secret-access-key');
    assert.deepEqual([m.start, m.end], spanOf(text, sk));
  });

  it('does not report account ids, unique ids of users/roles, or the documented example key', async () => {
    const text = `account_id = "123456789012"\nUserId: ${f.awsKeyId('AIDA')}\nRoleId: ${f.awsKeyId('AROA')}\nkey = "${AWS_EXAMPLE_ACCESS_KEY_ID}"\n`;
    assert.deepEqual(await secretlintScan(text, 'config.txt'), []);
  });

  it('keeps GitHub tokens with a valid checksum and drops those without', async () => {
    const good = f.githubToken('gho');
    const bad = f.githubTokenBadChecksum('ghp');
    const text = `const a = "${good}";\nconst b = "${bad}";\n`;
    const ms = await secretlintScan(text, 'a.ts');
    assert.deepEqual(ms.map((m) => m.kind), ['github-oauth-token']);
    assert.deepEqual([ms[0].start, ms[0].end], spanOf(text, good));
  });

  it('trims the closing quote from connection URIs', async () => {
    const url = `postgres://app:${'Zq8' + f.str(ALNUM, 12)}@db.internal:5432/app`;
    const text = `const url = "${url}";`;
    const m = find(await secretlintScan(text, 'db.js'), 'database-url');
    assert.deepEqual([m.start, m.end], spanOf(text, url));
  });

  it('maps .npmrc auth tokens with the exact value span', async () => {
    const uuid = '0b6f3c8e-2a41-4d7e-9c55-3e1f2a9b8d70';
    const text = `registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=${uuid}\n`;
    const m = find(await secretlintScan(text, '/repo/.npmrc'), 'npmrc-auth');
    assert.deepEqual([m.start, m.end], spanOf(text, uuid));
  });

  it('keeps formats only secretlint knows, with a name that does not contain the secret', async () => {
    const gl = 'gl' + 'pat-' + f.str(URLSAFE, 20);
    const text = `GITLAB_TOKEN=${gl}\n`;
    const ms = await secretlintScan(text, '.env');
    assert.equal(ms.length, 1);
    assert.match(ms[0].kind, /^secretlint:gitlab:/);
    assert.equal(ms[0].name, 'GitLab Personal Access Token');
    assert.ok(!ms[0].name.includes(gl.slice(6)));
    assert.deepEqual([ms[0].start, ms[0].end], spanOf(text, gl));
  });

  it('never rejects, and skips binary paths without reading them', async () => {
    assert.deepEqual(await secretlintScan(undefined as unknown as string, 'x'), []);
    assert.deepEqual(await secretlintScan('', 'x.js'), []);
    assert.deepEqual(await secretlintScan(`k = "${f.awsKeyId()}"`, '/nonexistent/dir/keystore.p12'), []);
    const r = await secretlintScan('\u0000\uD800 '.repeat(1000), undefined as unknown as string);
    assert.ok(Array.isArray(r));
  });
});

describe('secrets/secretlint: mergeMatches', function () {
  this.timeout(20_000);

  it('reports each secret once, preferring the builtin kind and name', async () => {
    const id = f.awsKeyId();
    const sk = f.awsSecret();
    const gh = f.githubToken();
    const gl = 'gl' + 'pat-' + f.str(URLSAFE, 24);
    const pem = f.pem('RSA PRIVATE KEY', 700);
    const text = [
      `AWS_ACCESS_KEY_ID=${id}`,
      `AWS_SECRET_ACCESS_KEY=${sk}`,
      `GH=${gh}`,
      `GL=${gl}`,
      `KEY="${pem}"`,
      `DB=mysql://svc:${'Mx7' + f.str(ALNUM, 10)}@mysql.internal/shop`,
    ].join('\n');
    const ours = findProviderTokens(text);
    const theirs = await secretlintScan(text, '.env');
    const merged = mergeMatches(ours, theirs);
    assert.deepEqual(merged.map((m) => m.kind), [
      'aws-access-key-id',
      'aws-secret-access-key',
      'github-pat-classic',
      merged[3].kind, // GitLab: secretlint only
      'private-key',
      'database-url',
    ]);
    assert.match(merged[3].kind, /^secretlint:/);
    for (const m of merged) {
      if (m.kind.startsWith('secretlint:')) assert.equal(m.source, 'secretlint');
      else assert.equal(m.source, 'builtin');
    }
    for (let i = 1; i < merged.length; i++) assert.ok(merged[i - 1].end <= merged[i].start, 'no overlaps');
  });

  it('keeps the more specific kind on an identical span', () => {
    const a: TokenMatch = { kind: 'github-pat-classic', name: 'GitHub personal access token', start: 5, end: 45, severity: 'error', source: 'builtin' };
    const b: TokenMatch = { kind: 'secretlint:github:GITHUB_TOKEN', name: 'GitHub Token', start: 5, end: 45, severity: 'error', source: 'secretlint' };
    assert.deepEqual(mergeMatches([], [b, a]).map((m) => m.kind), ['github-pat-classic']);
    assert.deepEqual(mergeMatches([a], [b]).map((m) => m.kind), ['github-pat-classic']);
  });
});
