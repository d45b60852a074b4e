/**
 * Context helpers for the hardcoded-secret rule:
 * - `classifyLiteral(value, name?)`: is this string literal a credential, or something that only
 *   looks like one (placeholder, reference, digest, public key, identifier …)?
 * - `redact(value)`: the only form in which a secret may be shown.
 * - `isTestPath(path)` / `isClearlyFake(value)`: the test-file policy (findings in test files are
 *   still reported, except clearly fake values).
 * All functions are total and never throw.
 */

import { isPasswordLikeName, isSecretName, splitNameWords } from './names';
import { findProviderTokens } from './providers';
import type { LiteralClassification } from './types';
import { charClassCount, isDocumentedExample, isReference, placeholderReason, shannonEntropy } from './values';

const SECRET = (reason: string): LiteralClassification => ({ verdict: 'secret', reason });
const NOT = (reason: string): LiteralClassification => ({ verdict: 'not-secret', reason });

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX_DIGEST_RE = /^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{56}|[0-9a-f]{64}|[0-9a-f]{96}|[0-9a-f]{128})$|^(?:[0-9A-F]{32}|[0-9A-F]{40}|[0-9A-F]{56}|[0-9A-F]{64}|[0-9A-F]{96}|[0-9A-F]{128})$/;
const PASSWORD_HASH_RES: RegExp[] = [
  /^\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{53}$/, // bcrypt
  /^\$argon2(?:id|i|d)\$(?:v=\d+\$)?m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/.=-]+\$[A-Za-z0-9+/.=-]+$/, // argon2
  /^\$(?:1|5|6|y|gy|7|sha1|md5)\$[^\s$]*\$?[./A-Za-z0-9$=+-]{8,}$/, // crypt(3) families, scrypt ($7$)
  /^\$scrypt\$[^\s]+$/,
  /^(?:pbkdf2_sha256|pbkdf2_sha1|argon2|bcrypt_sha256|bcrypt|scrypt|sha1|md5)\$[^\s]+\$[^\s]+$/, // Django
  /^\{(?:SSHA|SHA|SSHA256|SSHA512|CRYPT|MD5|SMD5|PBKDF2[\w-]*|ARGON2)\}[A-Za-z0-9+/=.$]+$/i, // LDAP
];
const SRI_RE = /^(?:sha256|sha384|sha512)-[A-Za-z0-9+/]{40,}={0,2}(?:\s+(?:sha256|sha384|sha512)-[A-Za-z0-9+/]{40,}={0,2})*$/;
const DATA_URI_RE = /^data:[\w.+-]+\/[\w.+-]+(?:;[\w.+-]+=[\w.+-]+)*(?:;base64)?,/i;
const IMAGE_B64_RE = /^(?:iVBORw0KGgo|\/9j\/|R0lGOD|UklGR|PHN2Zy|PD94bWwg|Qk0|AAABAA|SUkqAA|TU0AKg)[A-Za-z0-9+/]{60,}={0,2}$/;
const PUBLIC_PEM_RE = /-----BEGIN (?:[A-Z0-9]+ )*(?:PUBLIC KEY|CERTIFICATE|CERTIFICATE REQUEST|X509 CRL|TRUSTED CERTIFICATE|PGP PUBLIC KEY BLOCK|PGP SIGNATURE|PGP MESSAGE|DH PARAMETERS|EC PARAMETERS|PARAMETERS)-----/;
const SSH_PUBLIC_RE = /^(?:ssh-(?:rsa|dss|ed25519|ed448)|ecdsa-sha2-nistp\d{3}|sk-(?:ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com)\s+AAAA[A-Za-z0-9+/]+={0,3}(?:\s+\S.*)?$/;
/** Stripe publishable keys and object ids; none of these grants API access. */
const STRIPE_PUBLIC_RE = /^(?:pk_(?:live|test)_[A-Za-z0-9]{10,}|(?:cus|pi|ch|pm|pmc|prod|price|sub|sub_sched|si|in|il|ii|evt|acct|txn|re|pyr|seti|src|card|ba|tok|btok|plan|cs_live|cs_test|py|po|tr|trr|file|link|le|dp|ipi|ic|cn|fr|promo|di|du|fee|iauth|ich|quote|rcpt|cbtxn|bpc|we|req|ppage|plink|setatt|tax|txr|txi|mbur|ibt|csn|cpmt|fa|fca|fs|acctsess|seti|sf|ss|tu|ts)_[A-Za-z0-9]{8,}(?:_secret_[A-Za-z0-9]+)?)$/;
const VERSION_RE = /^v?\d+(?:\.\d+){1,3}(?:[-+][0-9A-Za-z.-]+)?$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const REGION_RE = /^(?:us|eu|ap|sa|ca|me|af|il|mx|cn)(?:-gov|-iso[a-z]?)?-(?:north|south|east|west|central|northeast|southeast|northwest|southwest)-\d$/;
const ARN_RE = /^arn:aws[\w-]*:[\w-]*:/;
const EMAIL_RE = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;
const NUMERIC_RE = /^[+-]?\d+(?:[.,]\d+)*$/;
const URL_RE = /^[a-z][a-z0-9+.-]{1,30}:\/\/\S+$/i;
const HOSTNAME_RE = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}\.?$/;
const SCREAMING_IDENTIFIER_RE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
const AUTH_SCHEME_RE = /^(?:Bearer|Basic|Token|Digest|Bot|ApiKey|Api-Key|SSWS|Key)\s+(\S.*)$/i;

/** Secret-looking query parameter names inside a URL (`?key=AIza…`, `&sig=…`, `access_token=…`). */
const SECRET_QUERY_PARAM_RE = /[?&;](?:key|api[_-]?key|apikey|token|access[_-]?token|auth|auth[_-]?token|secret|client[_-]?secret|password|pwd|pass|sig|signature|code|x-amz-signature|x-amz-security-token)=([^&#\s]{16,})/i;

function isFilePath(v: string): boolean {
  if (/\s/.test(v) && !/^[A-Za-z]:\\/.test(v)) return false;
  if (/^(?:\.{1,2}\/|~\/|[A-Za-z]:[\\/]|\\\\|file:)/.test(v)) return true;
  if (v.startsWith('/')) {
    if (/[+=]/.test(v)) return false;
    const segs = v.split('/').filter(Boolean);
    if (segs.length < 1 || segs.some((s) => s.length > 64)) return false;
    if (/\.[A-Za-z0-9]{1,6}$/.test(v)) return true;
    return segs.length >= 2 && segs.every((s) => /^[a-z0-9._-]+$/.test(s) || isWordy(s));
  }
  // relative path with an extension: config/secrets.json, keys\prod.pem
  return /^[\w.-]+(?:[\\/][\w.-]+)+\.[A-Za-z0-9]{1,6}$/.test(v);
}

/** Words of an identifier-like string (camelCase, snake, kebab, dotted, spaced). */
function identifierWords(v: string): string[] {
  return v
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s._:/-]+/)
    .filter(Boolean);
}

/** A word that reads like language, not like random characters. */
function isWordy(word: string): boolean {
  if (!/^[A-Za-z]+$/.test(word)) return false;
  if (word.length <= 2) return true;
  if (!/[aeiouyAEIOUY]/.test(word)) return false;
  // Random strings switch case in the middle of words; identifiers only at word starts.
  return !/[a-z][A-Z]/.test(word) && !/[A-Z]{2}[a-z]/.test(word.slice(1));
}

/** Letters-only words / identifiers / prose: `Authorization`, `my-secret-name`, `Please enter a password`. */
function isPlainWords(v: string): boolean {
  if (!/^[A-Za-z][A-Za-z ._:/-]*$/.test(v)) return false;
  const words = identifierWords(v);
  if (words.length === 0) return false;
  const wordy = words.filter(isWordy).length;
  const avgLen = words.reduce((n, w) => n + w.length, 0) / words.length;
  return wordy / words.length >= 0.8 && avgLen >= 2.5;
}

function normaliseForCompare(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function classifyInner(value: string, name: string | undefined, depth: number): LiteralClassification {
  const v = value.trim();
  if (v.length === 0) return NOT('empty');

  if (isReference(v)) return NOT('reference');
  if (isDocumentedExample(v)) return NOT('documented-example');

  // Known provider formats decide first (they carry their own placeholder/checksum checks).
  const tokens = findProviderTokens(v);
  if (tokens.length > 0) return SECRET(`provider-format:${tokens[0].kind}`);

  if (PUBLIC_PEM_RE.test(v) && !/PRIVATE KEY/.test(v)) return NOT('public-key-or-certificate');
  if (SSH_PUBLIC_RE.test(v)) return NOT('public-key-or-certificate');

  // URLs: credentials in the userinfo were handled by the provider table; look at the query.
  if (URL_RE.test(v)) {
    const q = SECRET_QUERY_PARAM_RE.exec(v);
    if (q && !isReference(q[1]) && !placeholderReason(q[1], 8) && charClassCount(q[1]) >= 2) return SECRET('secret-in-url-query');
    return NOT('url');
  }

  const ph = placeholderReason(v, 6);
  if (ph) return NOT(ph);

  if (name && normaliseForCompare(name) === normaliseForCompare(v)) return NOT('placeholder');
  if (name) {
    // `password: "password"`, `API_KEY: "api-key"`: the value only repeats the name's words.
    const nameWords = new Set(splitNameWords(name));
    const valueWords = splitNameWords(v);
    if (valueWords.length > 0 && valueWords.every((w) => nameWords.has(w))) return NOT('placeholder');
  }

  const auth = AUTH_SCHEME_RE.exec(v);
  if (auth && depth === 0) {
    const inner = classifyInner(auth[1], name, depth + 1);
    return inner.verdict === 'secret' ? SECRET(`auth-header:${inner.reason}`) : inner;
  }

  if (UUID_RE.test(v)) return NOT('uuid');
  for (const re of PASSWORD_HASH_RES) if (re.test(v)) return NOT('password-hash');
  if (SRI_RE.test(v)) return NOT('sri-hash');
  if (DATA_URI_RE.test(v) || IMAGE_B64_RE.test(v)) return NOT('data-uri-or-image');
  if (STRIPE_PUBLIC_RE.test(v)) return NOT('stripe-public-id');
  if (VERSION_RE.test(v) || DATE_RE.test(v)) return NOT('version-or-date');
  if (ARN_RE.test(v)) return NOT('arn');
  if (REGION_RE.test(v)) return NOT('region');
  if (EMAIL_RE.test(v)) return NOT('email');
  if (NUMERIC_RE.test(v)) return NOT('numeric');
  if (isFilePath(v)) return NOT('file-path');
  if (HEX_DIGEST_RE.test(v)) {
    // A digest unless a credential name holds it: `openssl rand -hex 32` secrets and many API
    // keys (Datadog, Twilio auth tokens, Mailgun) are plain hex too.
    if (!(name && isSecretName(name))) return NOT('hex-digest');
    return SECRET('hex-value-under-secret-name');
  }
  if (HOSTNAME_RE.test(v)) return NOT('hostname');
  if (SCREAMING_IDENTIFIER_RE.test(v) && (v.match(/\d/g)?.length ?? 0) / v.length < 0.3) return NOT('identifier');
  if (isPlainWords(v)) {
    // One made-up word under a password/secret name (`password: 'SuperSecret'`) is a password.
    if (name && v.length >= 6 && /^[A-Za-z]+$/.test(v) && isPasswordLikeName(name)) return SECRET('literal-under-secret-name');
    return NOT(/\s/.test(v) ? 'prose' : 'identifier');
  }
  // Sentences with a few non-letters ("Password must have 8 characters!").
  if ((v.match(/\s+/g)?.length ?? 0) >= 3 && /^[\w\s.,;:!?'"()%-]+$/.test(v) && isPlainWords(v.replace(/[^A-Za-z\s]/g, ' ').replace(/\s+/g, ' ').trim())) {
    return NOT('prose');
  }

  if (name && isSecretName(name)) return SECRET('literal-under-secret-name');
  // No credential name to go by: only values that look machine-generated.
  if (v.length >= 16 && !/\s/.test(v) && charClassCount(v) >= 2 && shannonEntropy(v) >= 3.5) return SECRET('high-entropy');
  return NOT('low-entropy');
}

/**
 * Decide whether a string literal is a hardcoded credential. `name` is the variable / property /
 * key it is assigned to, when known (it makes short human passwords count, and hex values under a
 * credential name count as secrets rather than digests).
 */
export function classifyLiteral(value: unknown, name?: unknown): LiteralClassification {
  try {
    if (typeof value !== 'string') return NOT('empty');
    if (value.length > 100_000) {
      const tokens = findProviderTokens(value);
      return tokens.length > 0 ? SECRET(`provider-format:${tokens[0].kind}`) : NOT('too-long');
    }
    return classifyInner(value, typeof name === 'string' && name.trim() !== '' ? name : undefined, 0);
  } catch {
    return NOT('error');
  }
}

/** First four characters then an ellipsis; values of four characters or fewer show only the ellipsis. */
export function redact(value: unknown): string {
  if (typeof value !== 'string') return '…';
  const chars = Array.from(value);
  if (chars.length <= 4) return '…';
  return chars.slice(0, 4).join('') + '…';
}

const TEST_DIRS: ReadonlySet<string> = new Set([
  'test', 'tests', '__tests__', '__test__', 'spec', 'specs', '__specs__', 'fixtures', '__fixtures__',
  'fixture', 'testdata', 'test-data', 'test_data', 'testing', 'e2e', 'integration-tests', 'mocks',
  '__mocks__', 'mock', 'cypress', 'playwright', 'jest', 'unittest', 'unittests', 'unit-tests',
]);

/** True for paths of test code or test data (by directory or by file name convention). */
export function isTestPath(path: unknown): boolean {
  if (typeof path !== 'string' || path === '') return false;
  const segs = path.replace(/\\/g, '/').split('/').filter(Boolean);
  if (segs.length === 0) return false;
  const file = segs[segs.length - 1];
  for (const dir of segs.slice(0, -1)) {
    if (TEST_DIRS.has(dir.toLowerCase())) return true;
  }
  return (
    /\.(?:test|spec|e2e|it|tests|specs)\.[cm]?[jt]sx?$/i.test(file) ||
    /^test_.*\.py$/i.test(file) ||
    /_test\.(?:py|go|rb|js|ts)$/i.test(file) ||
    /_spec\.rb$/i.test(file) ||
    /^conftest\.py$/i.test(file) ||
    /(?:Test|Tests|Spec)\.(?:java|kt|cs|scala|groovy|swift)$/.test(file) ||
    /\.(?:test|spec)\.(?:ya?ml|json)$/i.test(file)
  );
}

const FAKE_MARKERS_RE = /example|fake|test|dummy|sample|mock|placeholder|not[_\-. ]?real|notvalid|invalid|redacted|changeme|xxxx|foobar|lorem|ipsum/i;

/**
 * True when a value announces itself as fake (EXAMPLE/FAKE/TEST/DUMMY… markers, placeholders,
 * long runs of one character, ascending runs like `0123456789`/`abcdefghij`).
 */
export function isClearlyFake(value: unknown): boolean {
  try {
    if (typeof value !== 'string') return false;
    const v = value.trim();
    if (v === '') return true;
    if (isDocumentedExample(v)) return true;
    const isPem = v.includes('-----BEGIN');
    const body = isPem ? v.replace(/-----(?:BEGIN|END) [A-Z0-9 ]+-----/g, '') : v;
    if (FAKE_MARKERS_RE.test(body)) return true;
    if (!isPem) {
      if (placeholderReason(v, 1)) return true;
      if (/(.)\1{5,}/.test(v)) return true;
    }
    if (/0123456789|123456789|abcdefghij|ABCDEFGHIJ|9876543210/.test(body)) return true;
    return false;
  } catch {
    return false;
  }
}
