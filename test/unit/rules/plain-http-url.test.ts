import * as assert from 'node:assert/strict';
import {
  displayUrl,
  hostAllowed,
  isExemptHost,
  isIdentifierUrl,
  isLocalHost,
  isMetadataHost,
  isS3WebsiteHost,
  parseCleartextUrl,
  parseStorageConnection,
  schemeEndIn,
  secureSuffix,
} from '../../../server/src/engine/net/url';

describe('plain-http: URL facts (engine/net/url)', () => {
  it('reads scheme, host, credentials and token parameters', () => {
    const cases: Array<[string, { scheme: string; host: string | undefined; hasCredentials: boolean; tokenParam?: string } | undefined]> = [
      ['http://api.example.com/x', { scheme: 'http', host: 'api.example.com', hasCredentials: false }],
      ['  HTTP://API.Example.COM:8080', { scheme: 'http', host: 'api.example.com', hasCredentials: false }],
      ['ws://stream.example.com', { scheme: 'ws', host: 'stream.example.com', hasCredentials: false }],
      ['http://user:pass@api.example.com', { scheme: 'http', host: 'api.example.com', hasCredentials: true }],
      ['http://user@api.example.com', { scheme: 'http', host: 'api.example.com', hasCredentials: false }],
      ['http://${u}:${p}@api.example.com', { scheme: 'http', host: 'api.example.com', hasCredentials: true }],
      ['http://${auth}@api.example.com', { scheme: 'http', host: 'api.example.com', hasCredentials: false }],
      ['http://${host}/x', { scheme: 'http', host: undefined, hasCredentials: false }],
      ['http://api.${domain}/x', { scheme: 'http', host: undefined, hasCredentials: false }],
      ['http://localhost:${port}/x', { scheme: 'http', host: 'localhost', hasCredentials: false }],
      ['http://169.254.170.2${uri}', { scheme: 'http', host: '169.254.170.2', hasCredentials: false }],
      ['http://api${suffix}.example.com', { scheme: 'http', host: undefined, hasCredentials: false }],
      ['http://[::1]:8080/x', { scheme: 'http', host: '[::1]', hasCredentials: false }],
      ['http://', { scheme: 'http', host: undefined, hasCredentials: false }],
      ['http://a.example.com/x?access_token=abc', { scheme: 'http', host: 'a.example.com', hasCredentials: false, tokenParam: 'access_token' }],
      ['http://a.example.com/x?page=2&api_key=', { scheme: 'http', host: 'a.example.com', hasCredentials: false, tokenParam: 'api_key' }],
      ['http://a.example.com/x?key=&page=2', { scheme: 'http', host: 'a.example.com', hasCredentials: false }],
      ['http://a.example.com/x?page=2', { scheme: 'http', host: 'a.example.com', hasCredentials: false }],
      ['https://api.example.com', undefined],
      ['wss://api.example.com', undefined],
      ['see http://api.example.com', undefined],
      ['ftp://files.example.com', undefined],
    ];
    for (const [input, expected] of cases) {
      const u = parseCleartextUrl(input);
      if (!expected) {
        assert.equal(u, undefined, input);
        continue;
      }
      assert.ok(u, input);
      assert.equal(u.scheme, expected.scheme, input);
      assert.equal(u.host, expected.host, input);
      assert.equal(u.hasCredentials, expected.hasCredentials, input);
      assert.equal(u.tokenParam, expected.tokenParam, input);
    }
  });

  it('knows local, metadata and identifier hosts', () => {
    for (const h of ['localhost', 'api.localhost', '127.0.0.1', '127.255.0.9', '[::1]', '0.0.0.0', 'host.docker.internal', 'sandbox.localdomain', 'LOCALHOST.']) assert.ok(isLocalHost(h), h);
    for (const h of ['10.0.0.1', '192.168.1.1', 'api.example.com', 'localhost.example.com', '127.0.0.1.nip.io']) assert.ok(!isLocalHost(h), h);
    for (const h of ['169.254.169.254', '169.254.170.2', '[fd00:ec2::254]']) assert.ok(isMetadataHost(h), h);
    for (const h of ['www.w3.org', 'w3.org', 'json-schema.org', 'schemas.xmlsoap.org', 'purl.org', 'xmlns.com']) assert.ok(isIdentifierUrl(h), h);
    assert.ok(!isIdentifierUrl('api.w3.org.example.com'));
    assert.ok(isS3WebsiteHost('site.s3-website-eu-west-1.amazonaws.com'));
    assert.ok(isS3WebsiteHost('site.s3-website.eu-west-1.amazonaws.com'));
    assert.ok(!isS3WebsiteHost('site.s3.eu-west-1.amazonaws.com'));
  });

  it('matches allowed hosts exactly or by wildcard, ignoring scheme, port and case', () => {
    assert.ok(hostAllowed('legacy.example.com', ['legacy.example.com']));
    assert.ok(hostAllowed('LEGACY.example.com', [' legacy.EXAMPLE.com ']));
    assert.ok(hostAllowed('legacy.example.com', ['http://legacy.example.com:8080/']));
    assert.ok(hostAllowed('a.b.example.com', ['*.example.com']));
    assert.ok(!hostAllowed('example.com', ['*.example.com']));
    assert.ok(!hostAllowed('badexample.com', ['*.example.com']));
    assert.ok(!hostAllowed('other.example.com', ['legacy.example.com']));
    assert.ok(!hostAllowed('x', undefined));
    assert.ok(isExemptHost('legacy.example.com', ['legacy.example.com']));
    assert.ok(isExemptHost('localhost', []));
  });

  it('finds the scheme to fix and keeps its case', () => {
    assert.equal(schemeEndIn(`'http://a'`), 5);
    assert.equal(schemeEndIn('`ws://a`'), 3);
    assert.equal(schemeEndIn(`'\\x68ttp://a'`), -1);
    assert.equal(schemeEndIn(`\${env:A, 'http://a'}`, 9), 14);
    assert.equal(secureSuffix('HTTP://A', 4), 'S');
    assert.equal(secureSuffix('http://a', 4), 's');
    assert.equal(displayUrl(parseCleartextUrl('http://u:p@a.example.com/secret/path')!), 'http://a.example.com');
  });

  it('reads Azure Storage connection strings that select http', () => {
    const c = parseStorageConnection('DefaultEndpointsProtocol=http;AccountName=acme;AccountKey=abc;EndpointSuffix=core.windows.net');
    assert.ok(c);
    assert.equal(c.account, 'acme');
    assert.equal(c.hasKey, true);
    assert.equal('DefaultEndpointsProtocol=http;'.slice(c.protocolAt, c.protocolAt + 4), 'http');
    assert.equal(parseStorageConnection('DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=abc'), undefined);
    assert.equal(parseStorageConnection('DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=abc'), undefined);
    assert.equal(parseStorageConnection('DefaultEndpointsProtocol=http;AccountName=x;BlobEndpoint=http://127.0.0.1:10000/x'), undefined);
    assert.equal(parseStorageConnection('UseDevelopmentStorage=true'), undefined);
  });
});
