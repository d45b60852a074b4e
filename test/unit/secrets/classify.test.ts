import * as assert from 'node:assert/strict';
import {
  AWS_EXAMPLE_ACCESS_KEY_ID,
  AWS_EXAMPLE_SECRET_ACCESS_KEY,
  AZURITE_ACCOUNT_KEY,
  classifyLiteral,
  isClearlyFake,
  isTestPath,
  redact,
} from '../../../server/src/engine/secrets';
import { Fakes, mask } from './fakes';

const f = new Fakes(99);

interface Row {
  value: string;
  name?: string;
  reason?: string; // expected reason (prefix match when it ends with ':')
  title?: string;
}

function check(rows: Row[], verdict: 'secret' | 'not-secret'): void {
  for (const r of rows) {
    // Titles never show a whole secret-like value.
    const shown = verdict === 'secret' || r.value.length >= 16 ? redact(r.value) : r.value;
    const label = r.title ?? `${r.name ? r.name + ' = ' : ''}${JSON.stringify(shown)}`;
    it(`${verdict}: ${label}`, () => {
      const c = classifyLiteral(r.value, r.name);
      assert.equal(c.verdict, verdict, `reason was ${c.reason} for ${mask(r.value)}`);
      assert.ok(c.reason.length > 0);
      if (r.reason) {
        if (r.reason.endsWith(':')) assert.ok(c.reason.startsWith(r.reason), `reason ${c.reason}`);
        else assert.equal(c.reason, r.reason);
      }
    });
  }
}

describe('secrets/classify: classifyLiteral', () => {
  describe('secrets', () => {
    check(
      [
        { value: 'hunter2-SuperSecret', name: 'password', reason: 'literal-under-secret-name', title: 'a value merely containing "secret" is not a placeholder' },
        { value: 'hunter22', name: 'dbPassword' },
        { value: 'Pr0d!Passw0rd#2024', name: 'DB_PASSWORD' },
        { value: 'p@ss-' + f.str('abcdefghjkmnpqrstuvwxyz23456789', 10), name: 'MasterUserPassword' },
        { value: f.base64(32), name: 'jwtSecret' },
        { value: f.hex(64), name: 'webhookSecret', reason: 'hex-value-under-secret-name', title: 'a 64-hex value under a secret name (openssl rand -hex 32)' },
        { value: f.hex(32), name: 'DATADOG_API_KEY', reason: 'hex-value-under-secret-name' },
        { value: f.githubToken(), reason: 'provider-format:github-pat-classic', title: 'a GitHub token, no name needed' },
        { value: f.stripe('sk_live_'), name: 'stripeKey', reason: 'provider-format:stripe-secret-key' },
        { value: 'Bearer ' + f.str('0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', 40), name: 'Authorization', reason: 'auth-header:', title: 'a Bearer header value' },
        { value: 'postgres://app:' + 'S3cure-' + f.str('abcdefghjkmnpqrstuvwxyz', 6) + '@db/app', name: 'DATABASE_URL', reason: 'provider-format:database-url' },
        { value: 'https://api.example.org/v1?api_key=' + f.str('0123456789abcdefABCDEF', 32), name: 'endpoint', reason: 'secret-in-url-query' },
        { value: f.str('0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', 28), reason: 'high-entropy', title: 'a random value without a name' },
        { value: 'kP9vQ2xZ7mW4rT8y', name: 'secret', title: 'letters and digits under a secret name' },
        { value: 'SuperSecret', name: 'dbPassword', title: 'one made-up word under a password name' },
        { value: 'mysupersecretkey', name: 'JWT_SECRET', title: 'one made-up word under a secret name' },
      ],
      'secret',
    );
  });

  describe('placeholders', () => {
    check(
      [
        { value: 'changeme', name: 'password' },
        { value: 'CHANGE_ME', name: 'password' },
        { value: '<YOUR_KEY>', name: 'apiKey' },
        { value: '<your-api-key-here>', name: 'apiKey' },
        { value: 'xxxxxxxxxxxxxxxx', name: 'token' },
        { value: 'XXXX-XXXX-XXXX', name: 'token' },
        { value: 'TODO', name: 'secret' },
        { value: 'TODO: set me', name: 'secret' },
        { value: 'dummy', name: 'password' },
        { value: 'dummy-token-value', name: 'token' },
        { value: 'example', name: 'apiKey' },
        { value: 'my-example-secret-123', name: 'secret' },
        { value: 'your-api-key', name: 'apiKey' },
        { value: 'YOUR_API_KEY_HERE', name: 'API_KEY' },
        { value: 'replace-with-your-token', name: 'token' },
        { value: '***', name: 'password' },
        { value: '********', name: 'password' },
        { value: '', name: 'password', reason: 'empty' },
        { value: '   ', name: 'password', reason: 'empty' },
        { value: 'abc', name: 'password' },
        { value: 'pw1', name: 'password', reason: 'too-short' },
        { value: 'password', name: 'password', title: 'password assigned the string "password"' },
        { value: 'secret', name: 'clientSecret' },
        { value: 'api-key', name: 'apiKey', title: 'value repeating the name' },
        { value: 'aaaaaaaa', name: 'password' },
        { value: 'abcabcabc', name: 'password' },
        { value: '123456', name: 'pin' },
        { value: '{password}', name: 'password' },
        { value: 'sk-...', name: 'openaiKey', title: 'a truncated example sk-...' },
        { value: 'AIza…', name: 'apiKey', title: 'a truncated example AIza…' },
      ],
      'not-secret',
    );
  });

  describe('references to secrets kept elsewhere', () => {
    check(
      [
        { value: '${ssm:/prod/db/password}', name: 'password' },
        { value: '${env:DB_PASSWORD}', name: 'password' },
        { value: '${self:custom.secrets.apiKey}', name: 'apiKey' },
        { value: "${file(./secrets.yml):token}", name: 'token' },
        { value: '{{resolve:ssm:/prod/token:1}}', name: 'token' },
        { value: '{{resolve:secretsmanager:prod/db:SecretString:password}}', name: 'MasterUserPassword' },
        { value: '@Microsoft.KeyVault(SecretUri=https://vault.vault.azure.net/secrets/db/)', name: 'DbPassword' },
        { value: '$(DB_PASSWORD)', name: 'password' },
        { value: '$DB_PASSWORD', name: 'password' },
        { value: '${{ secrets.NPM_TOKEN }}', name: 'token' },
        { value: '{{ .Values.password }}', name: 'password' },
        { value: 'postgres://app:${DB_PASS}@db/app', name: 'url' },
      ].map((r) => ({ ...r, reason: 'reference' })),
      'not-secret',
    );
  });

  describe('values that are not credentials', () => {
    check(
      [
        { value: AWS_EXAMPLE_ACCESS_KEY_ID, name: 'accessKeyId', reason: 'documented-example' },
        { value: AWS_EXAMPLE_SECRET_ACCESS_KEY, name: 'secretAccessKey', reason: 'documented-example' },
        { value: AZURITE_ACCOUNT_KEY, name: 'AccountKey', reason: 'documented-example' },
        { value: '3f2b8c1e-4d5a-4b6c-9e7f-1a2b3c4d5e6f', name: 'apiKey', reason: 'uuid' },
        { value: f.hex(32), name: 'checksum', reason: 'hex-digest', title: 'md5 digest' },
        { value: f.hex(40), reason: 'hex-digest', title: 'sha1 digest without a name' },
        { value: f.hex(64), name: 'sha256', reason: 'hex-digest', title: 'sha256 digest' },
        { value: '$2b$12$' + f.str('./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 53), name: 'password', reason: 'password-hash', title: 'bcrypt hash' },
        { value: '$argon2id$v=19$m=65536,t=3,p=4$' + f.base64(22).replace(/[+/]/g, 'a') + '$' + f.base64(43).replace(/[+/]/g, 'b'), name: 'password', reason: 'password-hash', title: 'argon2 hash' },
        { value: 'sha384-' + f.base64(64), name: 'integrity', reason: 'sri-hash', title: 'SRI hash' },
        { value: 'data:image/png;base64,iVBORw0KGgo' + f.base64(120), name: 'token', reason: 'data-uri-or-image', title: 'base64 data URI' },
        { value: 'iVBORw0KGgo' + f.base64(200), name: 'secret', reason: 'data-uri-or-image', title: 'raw base64 PNG' },
        { value: f.pem('PUBLIC KEY', 300), name: 'key', reason: 'public-key-or-certificate', title: 'PEM public key' },
        { value: f.pem('CERTIFICATE', 600), name: 'privateKey', reason: 'public-key-or-certificate', title: 'PEM certificate' },
        { value: 'ssh-rsa AAAAB3NzaC1yc2E' + f.base64(300) + ' deploy@ci', name: 'sshKey', reason: 'public-key-or-certificate', title: 'ssh-rsa public key' },
        { value: f.stripe('pk_live_'), name: 'stripeKey', reason: 'stripe-public-id', title: 'Stripe publishable key' },
        { value: 'cus_' + f.str('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 14), name: 'customerToken', reason: 'stripe-public-id', title: 'Stripe customer id' },
        { value: 'pi_' + f.str('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 24), name: 'secret', reason: 'stripe-public-id', title: 'Stripe PaymentIntent id' },
        { value: 'ch_' + f.str('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 24), name: 'token', reason: 'stripe-public-id', title: 'Stripe charge id' },
        { value: '1.24.3', name: 'token', reason: 'version-or-date' },
        { value: 'v20.11.1-beta.2', name: 'secret', reason: 'version-or-date' },
        { value: '2012-10-17', name: 'secret', reason: 'version-or-date' },
        { value: 'https://auth.example.org/oauth2/token', name: 'tokenUrl', reason: 'url' },
        { value: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=abc&scope=openid', name: 'auth', reason: 'url' },
        { value: '/etc/secrets/db-password', name: 'password', reason: 'file-path' },
        { value: './keys/private.pem', name: 'privateKey', reason: 'file-path' },
        { value: 'C:\\secrets\\api.key', name: 'apiKey', reason: 'file-path' },
        { value: 'config/secrets.json', name: 'secret', reason: 'file-path' },
        { value: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf', name: 'secret', reason: 'arn' },
        { value: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab', name: 'signingKey', reason: 'arn' },
        { value: 'Authorization', name: 'authHeader', reason: 'identifier' },
        { value: 'my-secret-name', name: 'secret', reason: 'identifier' },
        { value: 'prod/database/credentials', name: 'secret' },
        { value: 'DB_PASSWORD', name: 'passwordEnvVar', reason: 'identifier', title: 'an env var name' },
        { value: 'Please enter your password', name: 'password' },
        { value: 'Password must be at least 8 characters long!', name: 'password', reason: 'prose' },
        { value: 'anonymous', name: 'auth', reason: 'identifier' },
        { value: 'Bearer', name: 'token', reason: 'identifier', title: 'a token type, not a token' },
        { value: 'us-east-1', name: 'secret', reason: 'region' },
        { value: 'smtp.gmail.com', name: 'auth', reason: 'hostname' },
        { value: 'ops@example.org', name: 'credentials' },
        { value: '86400', name: 'token' },
        { value: '1234567890123', name: 'token', reason: 'numeric' },
      ],
      'not-secret',
    );
  });

  it('never throws on odd input', () => {
    for (const v of [undefined, null, 1, {}, [], '\u0000', '\uD800', 'a'.repeat(200_000), '${', '%', '\\'] as unknown[]) {
      const c = classifyLiteral(v, v);
      assert.ok(c.verdict === 'secret' || c.verdict === 'not-secret');
    }
  });
});

describe('secrets/classify: redact', () => {
  it('shows the first four characters and an ellipsis', () => {
    const tok = f.githubToken();
    assert.equal(redact(tok), tok.slice(0, 4) + '…');
    assert.equal(redact('hunter2-SuperSecret'), 'hunt…');
    assert.equal(redact('abcde'), 'abcd…');
  });
  it('shows nothing but the ellipsis for four characters or fewer', () => {
    for (const v of ['', 'a', 'ab', 'abc', 'abcd']) assert.equal(redact(v), '…');
  });
  it('never returns the whole value and handles non-strings and surrogate pairs', () => {
    assert.equal(redact(undefined), '…');
    assert.equal(redact(12345), '…');
    assert.equal(redact('😀😀😀😀😀'), '😀😀😀😀…');
    for (let n = 0; n < 50; n++) {
      const v = 'k'.repeat(n);
      assert.notEqual(redact(v), v);
    }
  });
});

describe('secrets/classify: isTestPath', () => {
  const tests = [
    'test/handler.test.ts', 'src/__tests__/auth.ts', 'tests/unit/db.py', 'src/handler.spec.js', 'src/api.test.mjs',
    'services/orders/test_handler.py', 'pkg/db_test.go', 'spec/models/user_spec.rb', 'conftest.py',
    'fixtures/template.yaml', 'src/__mocks__/aws-sdk.js', 'C:\\repo\\test\\x.ts', 'e2e/login.ts',
    'src/main/java/FooTest.java', 'testdata/creds.json',
  ];
  const notTests = [
    'src/handler.ts', 'serverless.yml', 'template.yaml', 'src/testimonials/handler.ts', 'src/latest.ts',
    'contest/app.py', 'src/attestation.ts', 'docs/testing-guide.md.bak', '', 'src/protest.js',
  ];
  for (const p of tests) it(`test path: ${p}`, () => assert.equal(isTestPath(p), true));
  for (const p of notTests) it(`not a test path: ${JSON.stringify(p)}`, () => assert.equal(isTestPath(p), false));
  it('is total', () => assert.equal(isTestPath(undefined), false));
});

describe('secrets/classify: isClearlyFake', () => {
  const fake = [
    AWS_EXAMPLE_ACCESS_KEY_ID,
    'AKIA' + 'FAKE' + f.str('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 12),
    'sk_test_' + f.str('ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789', 24),
    'fake-password-123',
    'test-token',
    'my_dummy_secret',
    'sample-api-key-' + f.hex(8),
    'mock_jwt_secret',
    'ghp_' + 'a'.repeat(36),
    '0123456789abcdef0123456789abcdef',
    'changeme',
    'x',
    '-----BEGIN RSA PRIVATE KEY-----\nMIIEFAKEKEYFORTESTS\n-----END RSA PRIVATE KEY-----',
  ];
  const notFake = [
    f.githubToken(),
    f.stripe('sk_live_'),
    'hunter2-SuperSecret',
    f.awsSecret(),
    f.pem('OPENSSH PRIVATE KEY', 600).replace('MII', 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAAB'),
  ];
  for (const v of fake) it(`fake: ${redact(v)} (${v.length} chars)`, () => assert.equal(isClearlyFake(v), true));
  for (const v of notFake) it(`not fake: ${redact(v)} (${v.length} chars)`, () => assert.equal(isClearlyFake(v), false));
});
