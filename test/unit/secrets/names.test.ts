import * as assert from 'node:assert/strict';
import { isSecretName, mayContainSecretName, splitNameWords } from '../../../server/src/engine/secrets';

const SECRET_NAMES: string[] = [];

describe('secrets/names: isSecretName', () => {
  const secretNames = [
    // passwords
    'password', 'PASSWORD', 'Password', 'dbPassword', 'db_password', 'DB_PASSWORD', 'db-password', 'passwd',
    'pwd', 'MYSQL_PWD', 'SMTP_PASS', 'masterUserPassword', 'MasterUserPassword', 'confirmPassword', 'passphrase',
    'password2', 'PASSWORD_PROD', 'dbpassword', 'adminpassword',
    // secrets and tokens
    'secret', 'SECRET', 'clientSecret', 'client_secret', 'CLIENT_SECRET', 'jwtSecret', 'JWT_SECRET',
    'signingSecret', 'SECRET_KEY', 'secret_key_base', 'secretOrKey', 'SecretString', 'token', 'TOKEN',
    'accessToken', 'access_token', 'authToken', 'GITHUB_TOKEN', 'botToken', 'refresh_token', 'sessionToken',
    'bearerToken', 'idToken', 'tokenValue', 'githubtoken', 'apiTokens',
    // keys
    'apiKey', 'api_key', 'API_KEY', 'ApiKey', 'APIKey', 'apikey', 'x-api-key', 'X-API-Key', 'privateKey',
    'private_key', 'PRIVATE_KEY', 'signingKey', 'JWT_SIGNING_KEY', 'encryptionKey', 'masterKey', 'accountKey',
    'AccountKey', 'SharedAccessKey', 'secretAccessKey', 'aws_secret_access_key', 'AWS_SECRET_ACCESS_KEY',
    'accessKeyId', 'aws_access_key_id', 'AWS_ACCESS_KEY_ID', 'STRIPE_KEY', 'OPENAI_KEY', 'SENDGRID_KEY',
    'Ocp-Apim-Subscription-Key', 'storageAccountKey', 'apiKeys', 'secretkey', 'privatekey',
    // auth and connection strings
    'auth', 'basicAuth', 'REDIS_AUTH', 'authorization', 'Authorization', 'bearer', 'credentials', 'creds',
    'googleCredentials', 'connectionString', 'ConnectionString', 'connection_string', 'DB_CONNECTION_STRING',
    'conn_str', 'connStr', 'dsn', 'SENTRY_DSN', 'X-Auth-Token', 'config.db.password', '"password"', 'jwt',
  ];
  // Exported for the pre-filter's test below.
  SECRET_NAMES.push(...secretNames);
  const notSecretNames = [
    // the traps named in the specification
    'tokenizer', 'passwordPolicy', 'passwordMinLength', 'secretArn', 'secretName', 'secret_id', 'SecretId',
    'tokenUrl', 'authorName', 'TOKEN_TTL', 'keyId', 'key',
    // more names about secrets rather than holding one
    'passwordHash', 'password_file', 'passwordResetUrl', 'secretsManager', 'secretsManagerClient', 'SECRET_ARN',
    'tokenEndpoint', 'tokenType', 'token_expiry', 'nextToken', 'NextToken', 'pageToken', 'cancellationToken',
    'maxTokens', 'max_tokens', 'inputTokens', 'authLevel', 'authType', 'authorizer', 'authorizationUrl',
    'private_key_id', 'kmsKeyId', 'publicKey', 'public_key', 'partitionKey', 'sortKey', 'cacheKey', 'keys',
    'idempotencyKey', 'ExclusiveStartKey', 'LastEvaluatedKey', 'objectKey', 's3Key', 'bearerFormat',
    'passwordless', 'username', 'userName', 'clientId', 'client_id', 'accountSid', 'region', 'secrets',
    'keyboard', 'monkey', 'turkey', 'passport', 'compass', 'bypass', 'author', 'authority', '', '   ',
  ];
  for (const n of secretNames) {
    it(`secret name: ${JSON.stringify(n)}`, () => assert.equal(isSecretName(n), true));
  }
  for (const n of notSecretNames) {
    it(`not a secret name: ${JSON.stringify(n)}`, () => assert.equal(isSecretName(n), false));
  }
  it('is total on non-strings', () => {
    for (const x of [undefined, null, 1, {}, [], true] as unknown[]) assert.equal(isSecretName(x), false);
  });
  it('splits all naming styles into the same words', () => {
    const expected = ['aws', 'secret', 'access', 'key'];
    for (const n of ['awsSecretAccessKey', 'AWS_SECRET_ACCESS_KEY', 'aws-secret-access-key', 'AwsSecretAccessKey', 'aws.secret.access.key']) {
      assert.deepEqual(splitNameWords(n), expected, n);
    }
    assert.deepEqual(splitNameWords('APIKey'), ['api', 'key']);
  });
});

describe('secrets/names: mayContainSecretName (the text pre-filter)', () => {
  // Whatever the surrounding syntax, a text holding a secret name must pass: a false here would hide a
  // finding. Names are also written in several parts, and a bare `key` is judged under its container.
  const forms: Array<(n: string) => string> = [
    (n) => `const ${n.replace(/[^A-Za-z0-9_$]/g, '_')} = "v";`,
    (n) => `{ "${n}": "v" }`,
    (n) => `${n}: v\n`,
    (n) => `headers['${n}'] = v`,
    (n) => `export ${n}=v`,
    (n) => `os.environ.get("${n}", "v")`,
  ];
  for (const n of ['password', 'dbPassword', 'SECRET_KEY', 'secret_key_base', 'secretOrKey', 'accessKeyId', 'AWS_ACCESS_KEY_ID', 'githubtoken', 'apiTokens', 'X-API-Key', 'connStr', 'dsn', 'jwt']) {
    it(`passes a text naming ${n}`, () => {
      for (const form of forms) assert.equal(mayContainSecretName(form(n)), true, form(n));
    });
  }
  it('passes every name isSecretName accepts, in every form', () => {
    assert.ok(SECRET_NAMES.length > 50);
    for (const n of SECRET_NAMES) for (const form of forms) assert.equal(mayContainSecretName(form(n)), true, form(n));
  });
  it('passes names written in several parts and keys judged under their container', () => {
    for (const text of ['API Key: abc', 'Access Key Id: x', 'db.password = x', 'Connection String: x', 'ConnectionStrings: {}', 'stripe:\n  mode: live\n  key: sk', 'Next Token: x']) {
      assert.equal(mayContainSecretName(text), true, text);
    }
  });
  it('stops texts with no secret name at all (the common case it exists for)', () => {
    const texts = [
      '{ "name": "orders", "version": "1.0.0", "scripts": { "build": "tsc" }, "keywords": ["aws"] }',
      'Resources:\n  Table:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      KeySchema:\n        - AttributeName: pk\n          KeyType: HASH\n      KmsKeyId: alias/x\n',
      'import boto3\nclient = boto3.client("s3")\npaginator = client.get_paginator("list_objects_v2")\nfor page in paginator.paginate(Bucket=b, ContinuationToken=t):\n    print(page["NextToken"])\n',
      'Effect: Allow\nAction: iam:PassRole\nResource: "*"\nPassthroughBehavior: WHEN_NO_MATCH\nAuthorizer: Cognito\npartitionKey: id\nsecretArn: arn\n',
      'const max_tokens = 100; const passwordPolicy = {}; const tokenizer = new Tokenizer(); const author = "me";',
    ];
    for (const t of texts) assert.equal(mayContainSecretName(t), false, t);
  });
  it('is linear on long runs of identifier characters', () => {
    const t = 'a'.repeat(2_000_000) + 'key' + 'b'.repeat(2_000_000);
    const started = process.hrtime.bigint();
    mayContainSecretName(t);
    // Not a timing assertion on the machine's speed: a quadratic scan of 4 MB would take minutes.
    assert.ok(Number(process.hrtime.bigint() - started) / 1e9 < 20);
  });
});
