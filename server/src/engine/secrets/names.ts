/**
 * `isSecretName(name)`: does a variable / property / key / header name say that its value is a
 * credential?
 *
 * The name is split into words (camelCase, PascalCase, snake_case, kebab-case, SCREAMING_CASE,
 * dotted paths, header names) and judged by its *head word*, the last one, as in English
 * compounds: `dbPassword`, `client_secret`, `GITHUB_TOKEN`, `x-api-key` are secret names, while
 * `passwordPolicy`, `passwordMinLength`, `secretArn`, `secretName`, `secret_id`, `tokenUrl`,
 * `TOKEN_TTL`, `authorName`, `authLevel` are names *about* a secret, whose values are not secrets.
 *
 * Decisions on the traps (documented here and tested):
 * - `tokenizer`, `authorizer`, `authorName`, `passwordless`: different words, not secret.
 * - `passwordPolicy`, `passwordMinLength`, `passwordHash`, `secretArn`, `secretName`, `secret_id`,
 *   `tokenUrl`, `TOKEN_TTL`, `private_key_id`: the head is not a credential noun, not secret.
 * - `keyId`, `key`, `keys`, `cacheKey`, `partitionKey`, `publicKey`: a bare or non-credential
 *   "key" is not secret; a key is secret only with a credential modifier (`apiKey`, `privateKey`,
 *   `signingKey`, `secretAccessKey`, `accountKey`, `STRIPE_KEY`, …).
 * - `accessKeyId` / `AWS_ACCESS_KEY_ID`: secret name (listed by the specification: the id is
 *   half of a credential pair and is normally hardcoded together with the secret key).
 * - `nextToken`, `pageToken`, `cancellationToken`, `maxTokens`: pagination/LLM/cancellation
 *   tokens, not secret.
 * - Trailing qualifiers that do not change meaning are skipped: `tokenValue`, `SecretString`,
 *   `PASSWORD_PROD`, `password2` are secret names.
 */

/** Head words that make a name a secret name whatever precedes them. */
const SECRET_HEADS: ReadonlySet<string> = new Set([
  'password', 'passwd', 'passphrase', 'pwd', 'pass', 'pw', 'secret', 'credentials', 'credential',
  'creds', 'auth', 'authorization', 'bearer', 'dsn', 'jwt', 'pat', 'apikey', 'apitoken', 'accesstoken',
  'authtoken', 'authkey', 'secretkey', 'privatekey', 'accesskey', 'signingkey', 'clientsecret', 'connstr',
  'connectionstring', 'sastoken', 'dbpassword', 'dbpass',
]);

/** Words after which "token" is not a credential. */
const NON_SECRET_TOKEN_MODIFIERS: ReadonlySet<string> = new Set([
  'next', 'page', 'pagination', 'continuation', 'cursor', 'cancellation', 'cancel', 'sync', 'start',
  'end', 'eof', 'max', 'min', 'input', 'output', 'completion', 'prompt', 'total', 'count', 'num',
  'special', 'pad', 'padding', 'bos', 'eos', 'unk', 'mask', 'sep', 'cls', 'design', 'css', 'theme',
  'color', 'spacing', 'lexer', 'syntax', 'parser', 'ast', 'last', 'prev', 'previous', 'current', 'word',
  'text', 'type', 'kind', 'lookahead', 'semantic', 'reasoning', 'cached', 'context', 'response', 'request',
]);

/** Words after which "tokens" (plural) still means credentials. */
const SECRET_TOKENS_MODIFIERS: ReadonlySet<string> = new Set([
  'api', 'access', 'auth', 'bearer', 'bot', 'github', 'slack', 'npm', 'personal', 'refresh', 'session', 'oauth',
]);

/** Words that make a following "key"/"keys" a credential. */
const SECRET_KEY_MODIFIERS: ReadonlySet<string> = new Set([
  // generic credential words
  'api', 'private', 'secret', 'signing', 'sign', 'encryption', 'encrypt', 'decryption', 'decrypt',
  'master', 'access', 'account', 'shared', 'client', 'app', 'application', 'auth', 'authentication',
  'hmac', 'jwt', 'session', 'ssh', 'subscription', 'service', 'license', 'licence', 'webhook', 'cookie',
  'crypto', 'cipher', 'aes', 'rsa', 'gpg', 'pgp', 'root', 'admin', 'consumer', 'developer', 'server',
  'write', 'ingest', 'ingestion', 'sas', 'deploy', 'deployment', 'integration', 'dev', 'prod', 'live',
  'restricted', 'management', 'primary_account', 'storage_account', 'rest', 'sdk', 'mobile', 'browser',
  'partner', 'merchant', 'payment', 'billing', 'bot', 'tls', 'ssl', 'pem', 'pkcs',
  // vendors whose API keys are often named <VENDOR>_KEY
  'aws', 'azure', 'gcp', 'google', 'maps', 'gmaps', 'firebase', 'stripe', 'openai', 'anthropic', 'claude',
  'sendgrid', 'mailgun', 'mailchimp', 'mandrill', 'twilio', 'algolia', 'datadog', 'dd', 'newrelic',
  'slack', 'github', 'gitlab', 'npm', 'pusher', 'mapbox', 'segment', 'amplitude', 'mixpanel', 'heroku',
  'openweather', 'weather', 'recaptcha', 'captcha', 'hcaptcha', 'turnstile', 'paypal', 'braintree',
  'square', 'shopify', 'contentful', 'airtable', 'notion', 'linear', 'vercel', 'cloudflare', 'cf',
  'digitalocean', 'okta', 'auth0', 'supabase', 'pinecone', 'cohere', 'huggingface', 'hf', 'groq',
  'mistral', 'gemini', 'replicate', 'elevenlabs', 'deepgram', 'assemblyai', 'together', 'fireworks',
  'perplexity', 'xai', 'jira', 'atlassian', 'zendesk', 'hubspot', 'salesforce', 'intercom', 'postmark',
  'resend', 'brevo', 'sendinblue', 'sparkpost', 'cloudinary', 'bugsnag', 'rollbar', 'honeycomb',
  'launchdarkly', 'optimizely', 'statsig', 'posthog', 'telegram', 'discord', 'sentry', 'snyk', 'circleci',
  'travis', 'bitbucket', 'dropbox', 'box', 'zoom', 'spotify', 'twitter', 'facebook', 'fb', 'instagram',
  'linkedin', 'youtube', 'giphy', 'tmdb', 'omdb', 'nasa', 'alpha', 'vantage', 'polygon', 'finnhub',
]);

/** Trailing words that do not change what a name refers to. */
const TRANSPARENT_SUFFIXES: ReadonlySet<string> = new Set([
  'value', 'val', 'str', 'string', 'text', 'raw', 'b64', 'base64', 'hex', 'plain', 'plaintext', 'literal',
  'prod', 'production', 'dev', 'development', 'stage', 'staging', 'qa', 'uat', 'local', 'test',
  'default', 'old', 'new', 'current', 'primary', 'secondary', 'backup', 'override', 'fallback', 'v',
]);

/** Split an identifier / key / header name into lower-case words. */
const wordCache = new Map<string, string[]>();

/** Names repeat a lot across a workspace (keys of every JSON/YAML file): results are memoised. */
export function splitNameWords(name: string): string[] {
  const hit = wordCache.get(name);
  if (hit) return hit;
  const words = splitNameWordsUncached(name);
  if (wordCache.size > 20000) wordCache.clear();
  wordCache.set(name, words);
  return words;
}

function splitNameWordsUncached(name: string): string[] {
  const spaced = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
  const words: string[] = [];
  for (const raw of spaced.split(/[^A-Za-z0-9]+/)) {
    if (!raw) continue;
    const w = raw.toLowerCase().replace(/\d+$/, ''); // password2 -> password, auth0 stays "auth" (fine)
    if (!w) continue;
    words.push(w);
  }
  return words;
}

function endsWithWords(words: string[], tail: string[]): boolean {
  if (words.length < tail.length) return false;
  for (let i = 0; i < tail.length; i++) {
    if (words[words.length - tail.length + i] !== tail[i]) return false;
  }
  return true;
}

/** Lower-case single words that end in a credential noun (`dbpassword`, `githubtoken`). */
const COMPOUND_SUFFIXES = [
  'password', 'passwd', 'passphrase', 'secret', 'apikey', 'apitoken', 'accesstoken', 'authtoken',
  'secretkey', 'privatekey', 'accesskey', 'signingkey', 'credentials', 'connectionstring',
];
const COMPOUND_EXCEPTIONS: ReadonlySet<string> = new Set(['nonsecret', 'topsecret']);

function isSecretWordList(words: string[]): boolean {
  if (words.length === 0) return false;
  // Compounds that span several words, checked before trailing words are dropped.
  if (
    endsWithWords(words, ['connection', 'string']) ||
    endsWithWords(words, ['conn', 'str']) ||
    endsWithWords(words, ['conn', 'string']) ||
    endsWithWords(words, ['connection', 'str']) ||
    endsWithWords(words, ['access', 'key', 'id']) ||
    endsWithWords(words, ['secret', 'key', 'base']) ||
    endsWithWords(words, ['secret', 'or', 'key'])
  ) {
    return true;
  }
  let w = words.slice();
  while (w.length > 1 && TRANSPARENT_SUFFIXES.has(w[w.length - 1])) w = w.slice(0, -1);
  if (w.length === 1 && TRANSPARENT_SUFFIXES.has(w[0]) ) return false;
  if (endsWithWords(w, ['connection', 'string']) || endsWithWords(w, ['conn', 'str'])) return true;

  const head = w[w.length - 1];
  const prev = w.length > 1 ? w[w.length - 2] : undefined;

  if (SECRET_HEADS.has(head)) return true;
  if (head === 'token') {
    return prev === undefined || !NON_SECRET_TOKEN_MODIFIERS.has(prev);
  }
  if (head === 'tokens') {
    return prev !== undefined && SECRET_TOKENS_MODIFIERS.has(prev);
  }
  if (head === 'key' || head === 'keys') {
    if (prev === undefined) return false;
    if (SECRET_KEY_MODIFIERS.has(prev)) return true;
    // "secret access key", "shared access key", "storage account key" …
    const prev2 = w.length > 2 ? w[w.length - 3] : undefined;
    return prev2 !== undefined && (prev === 'access' || prev === 'account') && SECRET_KEY_MODIFIERS.has(prev2);
  }
  if (head === 'secrets') {
    // `clientSecrets`, `jwtSecrets` hold secrets; a bare `secrets` is usually a client or a map.
    return prev !== undefined && !['aws', 'manager', 'github', 'k8s', 'kubernetes'].includes(prev);
  }
  if (w.length === 1 && !COMPOUND_EXCEPTIONS.has(head)) {
    for (const suffix of COMPOUND_SUFFIXES) {
      if (head.length > suffix.length && head.endsWith(suffix)) return true;
    }
    if (/^[a-z]+token$/.test(head) && !/^(next|page|cancel|cancellation|continuation|sync|max|csrf)token$/.test(head)) {
      return head.length > 'token'.length;
    }
  }
  return false;
}

const PASSWORD_LIKE_HEADS: ReadonlySet<string> = new Set([
  'password', 'passwd', 'pwd', 'pass', 'pw', 'passphrase', 'secret', 'clientsecret', 'dbpassword', 'dbpass',
]);

/**
 * True for names whose head is a password or a "secret" (`dbPassword`, `JWT_SECRET`,
 * `clientSecret`): for these even a single made-up word (`SuperSecret`) is a credential, while
 * under `token`/`auth`/`apiKey` a bare word (`Bearer`, `anonymous`) is usually a type or mode.
 */
export function isPasswordLikeName(name: unknown): boolean {
  if (typeof name !== 'string' || !isSecretName(name)) return false;
  let w = splitNameWords(name.trim());
  while (w.length > 1 && TRANSPARENT_SUFFIXES.has(w[w.length - 1])) w = w.slice(0, -1);
  const head = w[w.length - 1] ?? '';
  return PASSWORD_LIKE_HEADS.has(head) || /^[a-z]+(password|passwd|secret)$/.test(head);
}

/**
 * True when `name` (an identifier, object key, YAML key, env var or header name) names a
 * credential. Total: non-strings and empty strings give false.
 */
export function isSecretName(name: unknown): boolean {
  if (typeof name !== 'string') return false;
  const trimmed = name.trim().replace(/^['"`$@]+|['"`:=]+$/g, '');
  if (trimmed.length === 0 || trimmed.length > 200) return false;
  try {
    return isSecretWordList(splitNameWords(trimmed));
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Text pre-filter: could any name in this text be a secret name?
// ---------------------------------------------------------------------------------------------

/**
 * Could `word` be the head of a secret name? `inner` is the word before it inside the same identifier
 * (undefined when it starts the identifier); `prev` and `prev2` are the words before it, reaching
 * into the identifier just before (for names written in several parts: `API Key`, `db.password`).
 */
function mayBeSecretHead(word: string, inner: string | undefined, prev: string | undefined, prev2: string | undefined): boolean {
  if (SECRET_HEADS.has(word)) return true;
  switch (word) {
    case 'id':
      return prev === 'key' && prev2 === 'access';
    case 'base':
      return prev === 'key' && prev2 === 'secret';
    case 'token':
      // A modifier inside the same identifier (`nextToken`) decides; otherwise the name may be `token` alone.
      return inner === undefined || !NON_SECRET_TOKEN_MODIFIERS.has(inner);
    case 'tokens':
      return prev !== undefined && SECRET_TOKENS_MODIFIERS.has(prev);
    case 'key':
    case 'keys':
      // `apiKey`, `API Key`, `storage account key`, `secret or key`; a bare `key` is judged under its
      // container's name (`stripe: { key }`), which may be anywhere above it, so it always counts.
      if (inner === undefined) return true;
      return SECRET_KEY_MODIFIERS.has(inner) || inner === 'access' || inner === 'account' || inner === 'or';
    case 'secrets':
      return true;
    case 'string':
    case 'strings':
    case 'str':
      return prev === 'connection' || prev === 'conn';
  }
  for (const suffix of COMPOUND_SUFFIXES) {
    if (word.length > suffix.length && word.endsWith(suffix)) return true;
  }
  return word.length > 5 && word.endsWith('token');
}

/** The stems every secret head contains (found first; the identifier around each is read after). */
const STEM_G = /pass|pw|secret|cred|auth|bearer|dsn|jwt|pat|token|key|conn|str/gi;
const ID_CHAR = /[A-Za-z0-9_$-]/;
const MAX_NAME = 200;

/**
 * A cheap, conservative test of a whole text: false only when no name written in it can be a secret
 * name for `isSecretName` (so a rule that reports values under secret names has nothing to report).
 * It reads the identifiers around credential stems the way `splitNameWords` does and, for each word
 * that could be the head of a name (every later word of its identifier being a qualifier such as
 * `Value`), applies the head rules with the words before it, inside the identifier or, for names
 * written in several parts (`API Key`, `db.password`), just before it. A bare `key` always counts:
 * it may be judged under a container name that is not next to it. Linear in the text.
 */
export function mayContainSecretName(text: string): boolean {
  STEM_G.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = STEM_G.exec(text)) !== null) {
    let s = m.index;
    while (s > 0 && m.index - s <= MAX_NAME && ID_CHAR.test(text[s - 1])) s--;
    let e = m.index + m[0].length;
    while (e < text.length && e - s <= MAX_NAME && ID_CHAR.test(text[e])) e++;
    STEM_G.lastIndex = e;
    if (e - s > MAX_NAME) {
      // Longer than any name: skip the rest of the run.
      while (STEM_G.lastIndex < text.length && ID_CHAR.test(text[STEM_G.lastIndex])) STEM_G.lastIndex++;
      continue;
    }
    const words = splitNameWords(text.slice(s, e));
    let outside: string | undefined | null = null;
    const before = (): string | undefined => (outside === null ? (outside = wordBefore(text, s)) : outside);
    for (let i = words.length - 1; i >= 0; i--) {
      const w = words[i];
      const prev = i >= 1 ? words[i - 1] : before();
      const prev2 = i >= 2 ? words[i - 2] : i === 1 ? before() : undefined;
      if (mayBeSecretHead(w, words[i - 1], prev, prev2)) return true;
      // A word followed (in its identifier) by anything but a qualifier is not a head.
      if (!TRANSPARENT_SUFFIXES.has(w)) break;
    }
  }
  return false;
}

/** The last word of the identifier just before `offset` (across separators such as spaces, dots, quotes). */
function wordBefore(text: string, offset: number): string | undefined {
  let e = offset;
  let skipped = 0;
  while (e > 0 && !/[A-Za-z0-9]/.test(text[e - 1]) && skipped++ < 8) e--;
  let s = e;
  while (s > 0 && /[A-Za-z0-9]/.test(text[s - 1]) && e - s < 64) s--;
  if (s === e) return undefined;
  const words = splitNameWords(text.slice(s, e));
  return words[words.length - 1];
}
