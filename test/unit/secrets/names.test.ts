import * as assert from 'node:assert/strict';
import { isSecretName, splitNameWords } from '../../../server/src/engine/secrets';

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
