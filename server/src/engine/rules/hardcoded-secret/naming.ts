/**
 * Names for what the fixes create: the environment variable a literal moves to (`STRIPE_KEY`), the
 * secret-store name derived from it (`stripe-key`), and the human label of a context finding
 * ("password", "API key"). Pure functions over identifiers; never over secret values.
 */
import { splitNameWords } from '../../secrets';

/**
 * Environment variables AWS Lambda sets itself and refuses in a function's configuration; a fix must
 * not try to define them (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html).
 */
const LAMBDA_RESERVED = new Set([
  '_HANDLER', '_X_AMZN_TRACE_ID', 'AWS_DEFAULT_REGION', 'AWS_REGION', 'AWS_EXECUTION_ENV', 'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME', 'AWS_LAMBDA_LOG_STREAM_NAME', 'AWS_ACCESS_KEY', 'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_LAMBDA_RUNTIME_API', 'LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR',
]);

/** Names too vague to be an environment variable on their own (`key`, `token`, `password`). */
const GENERIC_WORDS = new Set([
  'key', 'token', 'secret', 'password', 'passwd', 'pwd', 'pass', 'pw', 'passphrase', 'auth', 'authorization',
  'bearer', 'credential', 'credentials', 'creds', 'api', 'value', 'apikey', 'x', 'access', 'private', 'client',
  'secretkey', 'accesskey', 'privatekey', 'authtoken', 'accesstoken', 'apitoken', 'signing', 'jwt', 'dsn', 'pat',
  'connection', 'string', 'conn', 'str', 'connectionstring',
]);

/** Container names that add nothing to a variable name (`config.password` is just PASSWORD). */
const NOISE_CONTAINERS = new Set([
  'config', 'configuration', 'conf', 'cfg', 'options', 'opts', 'settings', 'params', 'parameters', 'props',
  'properties', 'env', 'environment', 'values', 'variables', 'vars', 'data', 'this', 'self', 'module', 'exports',
  'default', 'defaults', 'init', 'args', 'input', 'body', 'headers', 'header', 'common', 'auth', 'credentials',
  'creds', 'secrets', 'keys', 'tokens', 'constants', 'consts', 'app', 'process', 'global', 'globals', 'window',
]);

/**
 * The name a value is judged under: a bare `key` takes its container's word (`jwt: { key }` is a JWT
 * key, `Smtp: { Key }` an SMTP key, `cache: { key }` stays a cache key), everything else is itself.
 */
export function effectiveName(name: string, container: string | undefined, isSecret: (n: string) => boolean): string {
  if (isSecret(name) || !container || !/^key$/i.test(name.trim())) return name;
  const joined = `${container}Key`;
  return isSecret(joined) ? joined : name;
}

/** Words of an identifier / key, lower case (`stripeSecretKey` -> stripe, secret, key). */
export function nameWords(name: string): string[] {
  return splitNameWords(name);
}

/** True when the name's words are all generic credential words (`apiKey`, `password`, `x-api-key`). */
export function isGenericName(name: string | undefined): boolean {
  if (!name) return true;
  const words = nameWords(name);
  return words.length === 0 || words.every((w) => GENERIC_WORDS.has(w));
}

export function isNoiseContainer(name: string): boolean {
  const words = nameWords(name);
  return words.length === 0 || words.every((w) => NOISE_CONTAINERS.has(w));
}

/** A valid environment variable name from an identifier: `stripeKey` -> STRIPE_KEY, `x-api-key` -> X_API_KEY. */
export function toEnvName(name: string): string | undefined {
  const words = nameWords(name).filter((w) => w.length > 0);
  if (words.length === 0) return undefined;
  let env = words.join('_').toUpperCase().replace(/[^A-Z0-9_]/g, '_').replace(/_+/g, '_');
  if (!/^[A-Z]/.test(env)) env = `SECRET_${env}`;
  if (env.length > 60) env = env.slice(0, 60).replace(/_+$/, '');
  return fixReserved(env);
}

/** Variables the Lambda runtime sets itself (a configuration may not define them). */
export function isLambdaReserved(env: string): boolean {
  return LAMBDA_RESERVED.has(env) || env.startsWith('AWS_LAMBDA_');
}

/** Lambda refuses its own variable names; prefix those so the fix deploys. */
export function fixReserved(env: string): string {
  return isLambdaReserved(env) ? `APP_${env}` : env;
}

/** Canonical variable names by provider kind, for literals that have no usable name of their own. */
const KIND_ENV: Readonly<Record<string, string>> = {
  'private-key': 'PRIVATE_KEY',
  'github-pat-classic': 'GITHUB_TOKEN',
  'github-oauth-token': 'GITHUB_TOKEN',
  'github-user-to-server-token': 'GITHUB_TOKEN',
  'github-server-to-server-token': 'GITHUB_TOKEN',
  'github-refresh-token': 'GITHUB_REFRESH_TOKEN',
  'github-app-installation-token': 'GITHUB_TOKEN',
  'github-pat-fine-grained': 'GITHUB_TOKEN',
  'npm-token': 'NPM_TOKEN',
  'npmrc-auth': 'NPM_TOKEN',
  // AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY are reserved by Lambda (and mean the function's own role there).
  'aws-access-key-id': 'ACCESS_KEY_ID',
  'aws-secret-access-key': 'SECRET_ACCESS_KEY',
  'stripe-secret-key': 'STRIPE_SECRET_KEY',
  'stripe-restricted-key': 'STRIPE_RESTRICTED_KEY',
  'stripe-test-secret-key': 'STRIPE_SECRET_KEY',
  'stripe-webhook-secret': 'STRIPE_WEBHOOK_SECRET',
  'slack-token': 'SLACK_TOKEN',
  'slack-app-token': 'SLACK_APP_TOKEN',
  'slack-webhook-url': 'SLACK_WEBHOOK_URL',
  'sendgrid-api-key': 'SENDGRID_API_KEY',
  'google-api-key': 'GOOGLE_API_KEY',
  'anthropic-api-key': 'ANTHROPIC_API_KEY',
  'openai-api-key': 'OPENAI_API_KEY',
  'twilio-api-key': 'TWILIO_API_KEY',
  'twilio-auth-token': 'TWILIO_AUTH_TOKEN',
  'azure-storage-account-key': 'STORAGE_CONNECTION_STRING',
  'azure-shared-access-key': 'SERVICE_BUS_CONNECTION_STRING',
  'azure-sas-signature': 'STORAGE_SAS_URL',
  'database-url': 'DATABASE_URL',
  'url-credentials': 'SERVICE_URL',
  'connection-string-password': 'DB_CONNECTION_STRING',
  'url-query-secret': 'SECRET_URL',
};

export function envNameForKind(kind: string | undefined): string {
  if (kind && KIND_ENV[kind]) return KIND_ENV[kind];
  if (kind) {
    const tail = kind.replace(/^secretlint:/, '').split(':').pop() ?? '';
    const env = toEnvName(tail);
    if (env) return env;
  }
  return 'APP_SECRET';
}

/**
 * The variable a literal moves to: its own name when that says what it is (`stripeKey`), else the
 * provider's canonical name (`STRIPE_SECRET_KEY`), else the container's name joined to it
 * (`db.password` -> DB_PASSWORD), else the generic name itself (`PASSWORD`).
 */
export function chooseEnvName(opts: { name?: string; container?: string; kind?: string }): string {
  const { name, container, kind } = opts;
  if (name && !isGenericName(name)) {
    const env = toEnvName(name);
    if (env) return env;
  }
  if (kind) return envNameForKind(kind);
  if (name && container && !isNoiseContainer(container)) {
    const env = toEnvName(`${container}_${name}`);
    if (env) return env;
  }
  if (name) {
    const env = toEnvName(name);
    if (env) return env;
  }
  return 'APP_SECRET';
}

/** `STRIPE_KEY` -> `stripe-key` (SSM path segment, Secrets Manager and Key Vault secret name). */
export function storeName(envName: string): string {
  const s = envName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return s || 'secret';
}

/** "password", "API key", "token" …: what a secret-named sink holds, for messages. */
export function labelForName(name: string | undefined): string {
  if (!name) return 'secret';
  const words = nameWords(name);
  const joined = words.join('');
  const last = words[words.length - 1] ?? '';
  const has = (w: string) => words.includes(w);
  if (/connectionstring$|connstr(ing)?$/.test(joined) || (has('connection') && has('string'))) return 'connection string';
  if (['password', 'passwd', 'pwd', 'pass', 'pw'].includes(last) || /password$|passwd$/.test(last)) return 'password';
  if (last === 'passphrase') return 'passphrase';
  if (has('private') && (last === 'key' || last === 'privatekey')) return 'private key';
  if (last === 'privatekey') return 'private key';
  if (has('access') && has('key') && has('id')) return 'access key id';
  if (has('api') && last === 'key') return 'API key';
  if (last === 'apikey') return 'API key';
  if (last === 'key' || last === 'keys' || /key$/.test(last)) return has('secret') ? 'secret key' : 'key';
  if (last === 'token' || last === 'tokens' || /token$/.test(last) || last === 'pat' || last === 'jwt') return 'token';
  if (last === 'dsn') return 'DSN';
  if (['auth', 'authorization', 'bearer'].includes(last)) return 'credential';
  if (['credentials', 'credential', 'creds'].includes(last)) return 'credential';
  if (/secret$/.test(last) || /secrets$/.test(last)) return 'secret';
  return 'secret';
}

/** A name safe to show in a message: short identifier-like text, nothing that could itself be a value. */
export function displayName(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const n = name.trim();
  if (n.length === 0 || n.length > 60) return undefined;
  if (!/^[A-Za-z_$@][\w$.@:-]*$/.test(n)) return undefined;
  return n;
}
