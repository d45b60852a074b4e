import * as assert from 'node:assert/strict';
import {
  AWS_EXAMPLE_ACCESS_KEY_ID,
  AWS_EXAMPLE_SECRET_ACCESS_KEY,
  AZURITE_ACCOUNT_KEY,
  findProviderTokens,
  type TokenMatch,
} from '../../../server/src/engine/secrets';
import { Fakes, mask } from './fakes';

const f = new Fakes(7);

function kinds(text: string): string[] {
  return findProviderTokens(text).map((m) => m.kind);
}

/** The single match of `kind` in `text`; fails when there is not exactly one. */
function only(text: string, kind: string): TokenMatch {
  const ms = findProviderTokens(text).filter((m) => m.kind === kind);
  assert.equal(ms.length, 1, `expected one ${kind} in ${mask(text.slice(0, 80))}, got ${JSON.stringify(findProviderTokens(text).map((m) => m.kind))}`);
  return ms[0];
}

/** Asserts that `secret` (which occurs once in `text`) is reported as `kind` with exactly its span. */
function assertSpan(text: string, secret: string, kind: string): TokenMatch {
  const m = only(text, kind);
  const start = text.indexOf(secret);
  assert.ok(start >= 0);
  assert.deepEqual([m.start, m.end], [start, start + secret.length], `span of ${kind}`);
  return m;
}

interface Case {
  title: string;
  text: string;
  kind?: string; // expected kind (positive) or undefined (trap: nothing at all)
  secret?: string; // exact span to check
}

function runTable(cases: Case[]): void {
  for (const c of cases) {
    it(`${c.kind ? 'finds' : 'ignores'}: ${c.title}`, () => {
      if (c.kind) {
        if (c.secret) assertSpan(c.text, c.secret, c.kind);
        else only(c.text, c.kind);
      } else {
        assert.deepEqual(kinds(c.text), [], `expected nothing in ${mask(c.text.slice(0, 120))}`);
      }
    });
  }
}

describe('secrets/providers: findProviderTokens', () => {
  describe('AWS access key ids', () => {
    const akia = f.awsKeyId('AKIA');
    const asia = f.awsKeyId('ASIA');
    runTable([
      { title: 'AKIA key id in a JS string', text: `const id = "${akia}";`, kind: 'aws-access-key-id', secret: akia },
      { title: 'ASIA temporary key id in YAML', text: `AWS_ACCESS_KEY_ID: ${asia}\n`, kind: 'aws-access-key-id', secret: asia },
      { title: 'ABIA bearer token id', text: `x = '${f.awsKeyId('ABIA')}'`, kind: 'aws-access-key-id' },
      { title: 'AIDA user unique id (not a credential)', text: `UserId: ${f.awsKeyId('AIDA')}` },
      { title: 'AROA role unique id (not a credential)', text: `"RoleId": "${f.awsKeyId('AROA')}"` },
      { title: 'AGPA group unique id (not a credential)', text: `GroupId: ${f.awsKeyId('AGPA')}` },
      { title: 'the documented example key id', text: `aws_access_key_id = ${AWS_EXAMPLE_ACCESS_KEY_ID}` },
      { title: 'a key id glued inside a longer word', text: `id = "X${akia}"` },
      { title: 'too short', text: `id = "${akia.slice(0, 19)}"` },
      { title: 'masked key id', text: `id = "AKIA${'X'.repeat(16)}"` },
    ]);
    it('names ASIA ids as temporary', () => {
      assert.equal(only(`k=${asia}`, 'aws-access-key-id').name, 'AWS temporary access key id');
    });
  });

  describe('AWS secret access keys', () => {
    const id = f.awsKeyId();
    const sk = f.awsSecret();
    runTable([
      { title: 'INI credentials file', text: `[default]\naws_access_key_id = ${id}\naws_secret_access_key = ${sk}\n`, kind: 'aws-secret-access-key', secret: sk },
      { title: 'JS object secretAccessKey', text: `new S3Client({ credentials: { secretAccessKey: '${sk}' } })`, kind: 'aws-secret-access-key', secret: sk },
      { title: 'YAML SecretAccessKey', text: `Properties:\n  SecretAccessKey: "${sk}"\n`, kind: 'aws-secret-access-key', secret: sk },
      { title: 'env AWS_SECRET_KEY=', text: `AWS_SECRET_KEY=${sk}\n`, kind: 'aws-secret-access-key', secret: sk },
      { title: 'unnamed value next to a key id', text: `const creds = ["${id}", "${sk}"];`, kind: 'aws-secret-access-key', secret: sk },
      { title: 'documented example secret', text: `aws_secret_access_key = ${AWS_EXAMPLE_SECRET_ACCESS_KEY}` },
      { title: 'a 40-char value without an AWS name and no key id near', text: `const blob = "${sk}";` },
      { title: 'a git commit id next to a key id is not a secret key', text: `// ${f.awsKeyId('AIDA')} ${f.hex(40)}` },
      { title: 'generic secret_key (no aws/access in the name)', text: `secret_key = "${sk}"` },
    ]);
    it('finds the key id and the secret key of a pair, once each', () => {
      const text = `aws_access_key_id=${id}\naws_secret_access_key=${sk}\n`;
      assert.deepEqual(kinds(text), ['aws-access-key-id', 'aws-secret-access-key']);
    });
  });

  describe('GitHub tokens', () => {
    const prefixes: Array<[string, string]> = [
      ['ghp', 'github-pat-classic'],
      ['gho', 'github-oauth-token'],
      ['ghu', 'github-user-to-server-token'],
      ['ghs', 'github-server-to-server-token'],
      ['ghr', 'github-refresh-token'],
    ];
    for (const [prefix, kind] of prefixes) {
      const tok = f.githubToken(prefix);
      runTable([
        { title: `${prefix}_ with a valid CRC32 checksum`, text: `token: "${tok}"`, kind, secret: tok },
        { title: `${prefix}_ with a broken checksum`, text: `token: "${f.githubTokenBadChecksum(prefix)}"` },
      ]);
    }
    const fg = f.githubFineGrained();
    runTable([
      { title: 'fine-grained github_pat_', text: `GITHUB_TOKEN=${fg}`, kind: 'github-pat-fine-grained', secret: fg },
      { title: 'fine-grained with a short second part', text: `t = "${fg.slice(0, -3)}"` },
      { title: 'classic token glued to a word', text: `x${f.githubToken()}` },
      { title: 'classic token one char too long', text: `t = "${f.githubToken()}a"` },
    ]);
  });

  describe('npm tokens', () => {
    const tok = f.npmToken();
    const uuid = '4f1c2b7a-9d3e-4c21-8a6b-1f0e9d8c7b6a';
    runTable([
      { title: 'npm_ token with a valid checksum', text: `const t = '${tok}'`, kind: 'npm-token', secret: tok },
      { title: 'npm_ token with a broken checksum', text: `const t = '${tok.slice(0, -1)}${tok.endsWith('a') ? 'b' : 'a'}'` },
      { title: '.npmrc _authToken line (legacy UUID token)', text: `//registry.npmjs.org/:_authToken=${uuid}\n`, kind: 'npmrc-auth', secret: uuid },
      { title: '.npmrc _authToken from the environment', text: '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n' },
      { title: '.npmrc _authToken placeholder', text: '//registry.npmjs.org/:_authToken=YOUR_NPM_TOKEN\n' },
    ]);
    it('an npm_ token in an _authToken line is reported once, as npm-token', () => {
      const text = `//registry.npmjs.org/:_authToken=${tok}\n`;
      assert.deepEqual(kinds(text), ['npm-token']);
    });
  });

  describe('Stripe', () => {
    const sk = f.stripe('sk_live_');
    const rk = f.stripe('rk_live_');
    const wh = f.stripeWebhookSecret();
    runTable([
      { title: 'sk_live_ secret key', text: `stripe(${JSON.stringify(sk)})`, kind: 'stripe-secret-key', secret: sk },
      { title: 'rk_live_ restricted key', text: `STRIPE_KEY=${rk}`, kind: 'stripe-restricted-key', secret: rk },
      { title: 'whsec_ webhook secret', text: `endpointSecret = '${wh}'`, kind: 'stripe-webhook-secret', secret: wh },
      { title: 'sk_test_ test-mode key', text: `k = '${f.stripe('sk_test_')}'`, kind: 'stripe-test-secret-key' },
      { title: 'pk_live_ publishable key', text: `pk = '${f.stripe('pk_live_')}'` },
      { title: 'masked sk_live_', text: `k = 'sk_live_${'x'.repeat(24)}'` },
      { title: 'too short', text: `k = 'sk_live_abc123'` },
    ]);
  });

  describe('Slack', () => {
    const bot = f.slackBot();
    const user = f.slackUser();
    const hook = f.slackWebhook();
    runTable([
      { title: 'xoxb bot token', text: `SLACK_BOT_TOKEN=${bot}`, kind: 'slack-token', secret: bot },
      { title: 'xoxp user token', text: `token: '${user}'`, kind: 'slack-token', secret: user },
      { title: 'incoming webhook URL', text: `await fetch("${hook}", {method:"POST"})`, kind: 'slack-webhook-url', secret: hook },
      { title: 'xoxb placeholder', text: `SLACK_BOT_TOKEN=xoxb-your-token-here` },
      { title: 'webhook placeholder path', text: `url: https://hooks.slack.com/services/XXXXXXXXX/YYYYYYYYY/ZZZZZZZZZZZZZZZZZZZZZZZZ` },
      { title: 'the bare Slack hooks host', text: `const host = "https://hooks.slack.com/services/";` },
    ]);
    it('names bot and user tokens', () => {
      assert.equal(only(`t=${bot}`, 'slack-token').name, 'Slack bot token');
      assert.equal(only(`t=${user}`, 'slack-token').name, 'Slack user token');
    });
  });

  describe('SendGrid and Google', () => {
    const sg = f.sendgrid();
    const g = f.googleApiKey();
    const sgWithDashes = 'S' + 'G.' + 'a-b_' + sg.slice(7);
    runTable([
      { title: 'SendGrid SG. key', text: `sgMail.setApiKey('${sg}')`, kind: 'sendgrid-api-key', secret: sg },
      { title: 'SendGrid key with - and _ in segments', text: `k="${sgWithDashes}"`, kind: 'sendgrid-api-key', secret: sgWithDashes },
      { title: 'SendGrid wrong segment length', text: `k="${sg.slice(0, -2)}"` },
      { title: 'Google AIza key', text: `const key = "${g}";`, kind: 'google-api-key', secret: g },
      { title: 'Google key one char short', text: `const key = "${g.slice(0, -1)}";` },
    ]);
  });

  describe('OpenAI and Anthropic', () => {
    const legacy = f.openaiLegacy();
    const proj = f.openaiProject();
    const ant = f.anthropic();
    runTable([
      { title: 'legacy sk- key', text: `OPENAI_API_KEY=${legacy}`, kind: 'openai-api-key', secret: legacy },
      { title: 'project sk-proj- key', text: `new OpenAI({ apiKey: "${proj}" })`, kind: 'openai-api-key', secret: proj },
      { title: 'Anthropic sk-ant- key', text: `ANTHROPIC_API_KEY="${ant}"`, kind: 'anthropic-api-key', secret: ant },
      { title: 'sk- prefix in ordinary words', text: `const task-list = "risk-assessment disk-usage"` },
      { title: 'sk- too short', text: `key = "sk-abc123def456"` },
    ]);
    it('an Anthropic key is not also reported as OpenAI', () => {
      assert.deepEqual(kinds(`k=${ant}`), ['anthropic-api-key']);
    });
  });

  describe('private keys', () => {
    const rsa = f.pem('RSA PRIVATE KEY');
    const yamlBlock = 'tls:\n  key: |\n' + f.pem('EC PRIVATE KEY', 300).split('\n').map((l) => '    ' + l).join('\n') + '\n';
    const escaped = f.pem('PRIVATE KEY', 900, '\\n');
    runTable([
      { title: 'RSA PEM block', text: `const key = \`${rsa}\`;`, kind: 'private-key', secret: rsa },
      { title: 'PKCS#8 block with literal \\n escapes inside a JSON string', text: `{"private_key": "${escaped}\\n"}`, kind: 'private-key', secret: escaped },
      { title: 'EC key as a YAML block scalar', text: yamlBlock, kind: 'private-key' },
      { title: 'OPENSSH block', text: f.pem('OPENSSH PRIVATE KEY', 600), kind: 'private-key' },
      { title: 'ENCRYPTED PKCS#8 block', text: f.pem('ENCRYPTED PRIVATE KEY', 600), kind: 'private-key' },
      { title: 'PGP private key block', text: f.pem('PGP PRIVATE KEY BLOCK', 600), kind: 'private-key' },
      { title: 'public key block', text: f.pem('PUBLIC KEY', 300) },
      { title: 'certificate', text: f.pem('CERTIFICATE', 900) },
      { title: 'header-only check in code', text: `if (pem.startsWith('-----BEGIN PRIVATE KEY-----')) { parse(pem) }` },
      { title: 'placeholder body', text: '-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----' },
      { title: 'placeholder text body', text: '"-----BEGIN PRIVATE KEY-----\\n<your private key goes here, replace this whole line>\\n-----END PRIVATE KEY-----"' },
    ]);
    it('names the key type', () => {
      assert.equal(only(rsa, 'private-key').name, 'RSA private key');
      assert.equal(only(f.pem('OPENSSH PRIVATE KEY', 600), 'private-key').name, 'OpenSSH private key');
      assert.equal(only(f.pem('PGP PRIVATE KEY BLOCK', 600), 'private-key').name, 'PGP private key block');
    });
    it('a block without END marker is reported up to the end of its base64', () => {
      const trunc = rsa.slice(0, rsa.indexOf('-----END'));
      const m = only(`k = "${trunc}"`, 'private-key');
      assert.equal(m.start, 5);
      assert.ok(m.end > 5 + 100 && m.end <= 5 + trunc.length);
    });
  });

  describe('database URLs with an inline password', () => {
    const pw = 'Tr0ub4dor-' + f.str('abcdefghijkmnpqrstuvwxyz23456789', 8);
    const pg = `postgres://app_user:${pw}@db.prod.internal:5432`;
    runTable([
      { title: 'postgres://', text: `const url = "${pg}/orders";`, kind: 'database-url', secret: pg },
      { title: 'postgresql://', text: `DATABASE_URL=postgresql://app:${pw}@10.0.0.5/app`, kind: 'database-url' },
      { title: 'mysql://', text: `mysql://admin:${pw}@mysql.internal:3306/shop`, kind: 'database-url' },
      { title: 'mongodb://', text: `mongoose.connect('mongodb://svc:${pw}@mongo-0,mongo-1/db?replicaSet=rs0')`, kind: 'database-url' },
      { title: 'mongodb+srv://', text: `MONGO_URI: "mongodb+srv://svc:${pw}@cluster0.ab1cd.mongodb.net/app"`, kind: 'database-url' },
      { title: 'redis://:pass@ (no user)', text: `redis://:${pw}@cache.internal:6379/0`, kind: 'database-url' },
      { title: 'rediss://', text: `rediss://default:${pw}@cache.upstash.io:6380`, kind: 'database-url' },
      { title: 'amqp://', text: `amqp://broker:${pw}@mq.internal:5672/vhost`, kind: 'database-url' },
      { title: 'password from an env reference', text: 'postgres://app:${DB_PASSWORD}@db/app' },
      { title: 'password is the word password', text: 'postgres://user:password@localhost:5432/db' },
      { title: 'default local credentials user==password', text: 'postgres://postgres:postgres@localhost/db' },
      { title: 'RabbitMQ guest:guest', text: 'amqp://guest:guest@localhost:5672' },
      { title: 'no credentials', text: 'postgres://db.internal:5432/app' },
      { title: 'redis without password', text: 'redis://localhost:6379' },
      { title: 'angle-bracket placeholders', text: 'mongodb://<user>:<password>@host/db' },
      { title: 'format string', text: 'postgres://%s:%s@%s/%s' },
      { title: 'masked password', text: 'postgres://app:****@db/app' },
    ]);
    it('names the database and keeps the password as value', () => {
      const m = only(`const url = "${pg}/orders";`, 'database-url');
      assert.equal(m.name, 'PostgreSQL connection URL with an inline password');
      assert.equal(m.value, pw);
    });
    it('other URLs with user:password@ are reported as url-credentials', () => {
      const url = `https://deploy:${pw}@git.example.org`;
      assertSpan(`git clone ${url}/repo.git`, url, 'url-credentials');
      assert.deepEqual(kinds('https://user@host.example.org/x and http://localhost:8080/a'), []);
    });
  });

  describe('Azure', () => {
    const key = f.azureAccountKey();
    const sak = f.azureSharedAccessKey();
    runTable([
      {
        title: 'storage connection string AccountKey=',
        text: `"DefaultEndpointsProtocol=https;AccountName=prodstore;AccountKey=${key};EndpointSuffix=core.windows.net"`,
        kind: 'azure-storage-account-key',
        secret: key,
      },
      {
        title: 'Service Bus SharedAccessKey=',
        text: `Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${sak}`,
        kind: 'azure-shared-access-key',
        secret: sak,
      },
      {
        title: 'the public Azurite development key',
        text: `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${AZURITE_ACCOUNT_KEY};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;`,
      },
      { title: 'UseDevelopmentStorage', text: 'AzureWebJobsStorage: "UseDevelopmentStorage=true"' },
      { title: 'AccountKey placeholder', text: 'AccountKey=<your-account-key>;' },
      { title: 'SharedAccessKeyName alone', text: 'SharedAccessKeyName=RootManageSharedAccessKey;' },
    ]);
    it('finds the sig= of a SAS URL', () => {
      const sig = encodeURIComponent(f.base64(43) + '=');
      const url = `https://acct.blob.core.windows.net/c/b.txt?sv=2022-11-02&ss=b&srt=o&sp=r&se=2030-01-01T00:00:00Z&sig=${sig}`;
      assertSpan(url, sig, 'azure-sas-signature');
    });
  });

  describe('Twilio', () => {
    const sid = f.twilioSid();
    const token = f.hex(32);
    const apiKey = f.twilioApiKey();
    runTable([
      { title: 'account SID alone is not a secret', text: `accountSid = '${sid}'` },
      { title: 'API key SK…', text: `const apiKey = '${apiKey}';`, kind: 'twilio-api-key', secret: apiKey },
      { title: 'auth token next to a SID', text: `const client = twilio('${sid}', '${token}');`, kind: 'twilio-auth-token', secret: token },
      { title: 'TWILIO_AUTH_TOKEN= without a SID', text: `TWILIO_AUTH_TOKEN=${token}\n`, kind: 'twilio-auth-token', secret: token },
      { title: '32-hex value far from any SID', text: `const sid = '${sid}';\n${'// filler\n'.repeat(60)}const etag = '${token}';` },
      { title: 'an md5 digest with no Twilio context', text: `const md5 = '${token}';` },
    ]);
  });

  describe('pre-filter and robustness', () => {
    it('ordinary code yields nothing', () => {
      const code = 'export async function handler(event) {\n  const body = JSON.parse(event.body);\n  return { statusCode: 200, body: JSON.stringify({ ok: true, task: body.task }) };\n}\n';
      assert.deepEqual(findProviderTokens(code), []);
    });
    it('never throws and returns [] on non-strings and empty text', () => {
      for (const bad of [undefined, null, 42, {}, [], '', Symbol('x')] as unknown[]) {
        assert.deepEqual(findProviderTokens(bad as string), []);
      }
    });
    it('stays fast on adversarial input', () => {
      const nasty =
        'postgres://' + 'a:'.repeat(50_000) + '\n' + '-----BEGIN PRIVATE KEY-----'.repeat(2000) + 'AKIA'.repeat(20_000) + 'x://u:p'.repeat(20_000) + 'sig='.repeat(20_000);
      const t0 = process.hrtime.bigint();
      const r = findProviderTokens(nasty);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      assert.ok(Array.isArray(r));
      assert.ok(ms < 2000, `took ${ms.toFixed(0)} ms`);
    });
    it('results are sorted, non-overlapping and carry name/severity/value', () => {
      const text = [f.githubToken(), f.stripe('sk_live_'), f.googleApiKey(), f.sendgrid()].join(' ; ');
      const ms = findProviderTokens(text);
      assert.equal(ms.length, 4);
      for (let i = 0; i < ms.length; i++) {
        assert.equal(ms[i].severity, 'error');
        assert.ok(ms[i].name.length > 0);
        assert.equal(ms[i].value, text.slice(ms[i].start, ms[i].end));
        if (i > 0) assert.ok(ms[i - 1].end <= ms[i].start);
      }
    });
  });
});
