/**
 * Provider token formats: a data-driven table of credential formats with their regexes and
 * validators, and `findProviderTokens(text)` which runs it.
 *
 * Cost model: every entry lists `quick` literals; a single pre-filter regex built from all of them
 * rejects text that contains none, so text without any candidate costs one regex scan. Entries run
 * only when one of their own literals occurs. All regexes use bounded quantifiers (no nested
 * unbounded repetition), so the scan is linear in the input.
 */

import { verifyGithubStyleChecksum } from './checksum';
import type { SecretSeverity, TokenMatch, TokenPattern } from './types';
import {
  charClassCount,
  isDocumentedExample,
  isPlaceholder,
  isReference,
  looksMaskedOrTemplated,
  shannonEntropy,
} from './values';

const ERROR: SecretSeverity = 'error';

/** The value is not masked/templated and is not a documented example. */
function plausible(value: string): boolean {
  return !looksMaskedOrTemplated(value) && !isDocumentedExample(value);
}

/** A base64-ish value that looks machine generated (mixed classes, high entropy). */
function looksRandom(value: string, minEntropy: number): boolean {
  if (!plausible(value)) return false;
  if (charClassCount(value) < 3) return false;
  return shannonEntropy(value) >= minEntropy;
}

/** Connectors between a key and its value: `: `, `=`, `=>`, `:=`, `", "` (tuples / function arguments). */
const CONNECT = String.raw`["']?\s{0,8}(?::=|=>|:|=|,)\s{0,8}["']?`;

// ---------------------------------------------------------------------------------------------
// AWS
// ---------------------------------------------------------------------------------------------

/**
 * Access key id prefixes that denote credentials (AWS IAM "unique identifiers" table): AKIA (access
 * key), ASIA (temporary STS access key), ABIA (STS service bearer token), ACCA (context-specific
 * credential). AIDA/AROA/AGPA/AIPA/ANPA/ANVA/APKA/ASCA identify users, roles, groups, instance
 * profiles, policies, public keys and certificates: they are not secret and are not reported.
 */
const AWS_KEY_ID_RE = /(?<![A-Za-z0-9])((?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})(?![A-Za-z0-9])/g;

function awsKeyIdOk(value: string): boolean {
  return plausible(value) && !/(.)\1{5,}/.test(value.slice(4));
}

const AWS_SECRET_NAMED_RE = new RegExp(
  String.raw`(?:aws[_\-.]?secret(?:[_\-.]?access)?(?:[_\-.]?key)?|secret[_\-.]?access[_\-.]?key)` +
    CONNECT +
    String.raw`([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])`,
  'gid',
);
const BASE64_40_RE = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;

function awsSecretValueOk(value: string): boolean {
  if (!plausible(value)) return false;
  if (/^[0-9a-f]{40}$/i.test(value)) return false; // a SHA-1 / git commit id
  return /[A-Z]/.test(value) && /[a-z]/.test(value) && /[0-9/+]/.test(value) && shannonEntropy(value) >= 4.0;
}

function scanAwsSecretKeys(text: string): TokenMatch[] {
  const out: TokenMatch[] = [];
  const push = (start: number, value: string): void => {
    out.push({ kind: 'aws-secret-access-key', name: 'AWS secret access key', start, end: start + value.length, severity: ERROR, value, source: 'builtin' });
  };
  // 1. Under a key named like aws_secret_access_key / secretAccessKey / AWS_SECRET_KEY.
  if (/secret/i.test(text)) {
    AWS_SECRET_NAMED_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = AWS_SECRET_NAMED_RE.exec(text)) !== null) {
      const value = m[1];
      const start = m.indices?.[1]?.[0] ?? m.index + m[0].length - value.length;
      if (awsSecretValueOk(value)) push(start, value);
    }
  }
  // 2. A 40-character base64 value near an access key id (the usual "key id + secret" pair).
  AWS_KEY_ID_RE.lastIndex = 0;
  let k: RegExpExecArray | null;
  while ((k = AWS_KEY_ID_RE.exec(text)) !== null) {
    if (!awsKeyIdOk(k[1])) continue;
    const from = Math.max(0, k.index - 300);
    const to = Math.min(text.length, k.index + k[0].length + 300);
    const window = text.slice(from, to);
    BASE64_40_RE.lastIndex = 0;
    let b: RegExpExecArray | null;
    while ((b = BASE64_40_RE.exec(window)) !== null) {
      if (awsSecretValueOk(b[0])) push(from + b.index, b[0]);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Twilio
// ---------------------------------------------------------------------------------------------

const TWILIO_SID_RE = /(?<![A-Za-z0-9])AC[0-9a-f]{32}(?![A-Za-z0-9])/g;
const HEX32_RE = /(?<![A-Za-z0-9])[0-9a-f]{32}(?![A-Za-z0-9])/g;
const TWILIO_NAMED_RE = new RegExp(String.raw`twilio[_\-.]?auth[_\-.]?token` + CONNECT + String.raw`([0-9a-f]{32})(?![A-Za-z0-9])`, 'gid');

function hexTokenOk(value: string): boolean {
  return plausible(value) && /[0-9]/.test(value) && /[a-f]/.test(value) && !/(.)\1{5,}/.test(value);
}

function scanTwilioAuthTokens(text: string): TokenMatch[] {
  const out: TokenMatch[] = [];
  const push = (start: number, value: string): void => {
    out.push({ kind: 'twilio-auth-token', name: 'Twilio auth token', start, end: start + value.length, severity: ERROR, value, source: 'builtin' });
  };
  if (/twilio/i.test(text)) {
    TWILIO_NAMED_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = TWILIO_NAMED_RE.exec(text)) !== null) {
      const start = m.indices?.[1]?.[0] ?? m.index + m[0].length - m[1].length;
      if (hexTokenOk(m[1])) push(start, m[1]);
    }
  }
  TWILIO_SID_RE.lastIndex = 0;
  let s: RegExpExecArray | null;
  while ((s = TWILIO_SID_RE.exec(text)) !== null) {
    const from = Math.max(0, s.index - 300);
    const to = Math.min(text.length, s.index + s[0].length + 300);
    const window = text.slice(from, to);
    HEX32_RE.lastIndex = 0;
    let h: RegExpExecArray | null;
    while ((h = HEX32_RE.exec(window)) !== null) {
      if (hexTokenOk(h[0])) push(from + h.index, h[0]);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Private keys (PEM and PGP armour)
// ---------------------------------------------------------------------------------------------

const PEM_BEGIN_RE = /-----BEGIN ([A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?)-----/g;
const PEM_MAX_BODY = 20000;

function privateKeyName(label: string): string {
  const l = label.trim();
  if (l.startsWith('RSA ')) return 'RSA private key';
  if (l.startsWith('EC ')) return 'EC private key';
  if (l.startsWith('DSA ')) return 'DSA private key';
  if (l.startsWith('OPENSSH ')) return 'OpenSSH private key';
  if (l.startsWith('ENCRYPTED ') || l.includes('ENCRYPTED')) return 'Encrypted private key';
  if (l.startsWith('PGP ')) return 'PGP private key block';
  return 'Private key';
}

/** Count of base64 characters in a PEM body, ignoring `\n` escapes, quotes, `+` joins and armour headers. */
function pemBodyStrength(body: string): { b64: number; placeholder: boolean } {
  const unescaped = body.replace(/\\[nrt]/g, '\n');
  if (/\.\.\.|<|>|YOUR|your_|REPLACE|[xX]{5,}|\*{3,}|PLACEHOLDER|placeholder/.test(unescaped)) {
    return { b64: 0, placeholder: true };
  }
  let b64 = 0;
  for (const line of unescaped.split('\n')) {
    if (/^\s*[A-Za-z][A-Za-z-]*:\s/.test(line)) continue; // Proc-Type:, DEK-Info:, Version:, Comment:
    const m = line.match(/[A-Za-z0-9+/=]/g);
    if (m) b64 += m.length;
  }
  return { b64, placeholder: false };
}

function scanPrivateKeys(text: string): TokenMatch[] {
  const out: TokenMatch[] = [];
  PEM_BEGIN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = PEM_BEGIN_RE.exec(text)) !== null) {
    const label = m[1];
    const start = m.index;
    const headerEnd = m.index + m[0].length;
    const endMarker = `-----END ${label}-----`;
    const endIdx = text.indexOf(endMarker, headerEnd);
    let end: number;
    let body: string;
    if (endIdx !== -1 && endIdx - headerEnd <= PEM_MAX_BODY) {
      end = endIdx + endMarker.length;
      body = text.slice(headerEnd, endIdx);
    } else {
      // No END marker (truncated or split): take the base64 run that follows the header.
      const run = /^(?:[A-Za-z0-9+/=\s"'`,]|\\[nrt]){0,20000}/.exec(text.slice(headerEnd, headerEnd + PEM_MAX_BODY));
      body = run ? run[0] : '';
      const trimmed = body.replace(/(?:\s|\\[nrt]|["'`,+])+$/, '');
      end = headerEnd + trimmed.length;
      body = trimmed;
    }
    const strength = pemBodyStrength(body);
    if (strength.placeholder || strength.b64 < 64) continue;
    out.push({ kind: 'private-key', name: privateKeyName(label), start, end, severity: ERROR, value: text.slice(start, end), source: 'builtin' });
    PEM_BEGIN_RE.lastIndex = Math.max(PEM_BEGIN_RE.lastIndex, end);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// URLs with an inline password
// ---------------------------------------------------------------------------------------------

const DB_SCHEMES: Readonly<Record<string, string>> = {
  postgres: 'PostgreSQL',
  postgresql: 'PostgreSQL',
  mysql: 'MySQL',
  mysqlx: 'MySQL',
  mariadb: 'MariaDB',
  mongodb: 'MongoDB',
  'mongodb+srv': 'MongoDB',
  redis: 'Redis',
  rediss: 'Redis',
  amqp: 'AMQP (RabbitMQ)',
  amqps: 'AMQP (RabbitMQ)',
  mssql: 'SQL Server',
  sqlserver: 'SQL Server',
  cockroachdb: 'CockroachDB',
  clickhouse: 'ClickHouse',
  neo4j: 'Neo4j',
  'neo4j+s': 'Neo4j',
  bolt: 'Neo4j',
};

/** From `://` on: optional user, `:`, password, `@`, host[:port]. Sticky: run at each `://`. */
const USERINFO_RE = /:\/\/([^\s:\/@'"\x60<>{}]{0,128}):([^\s@\/'"\x60<>]{1,256})@([^\s\/'"\x60?#<>,;)\\]{1,255})/y;
const SCHEME_CHAR_RE = /[A-Za-z0-9+.\-]/;

function urlPasswordOk(user: string, password: string): boolean {
  let pw = password;
  try {
    pw = decodeURIComponent(password);
  } catch {
    /* keep raw */
  }
  if (isReference(pw) || isReference(password) || isReference(user)) return false;
  if (isPlaceholder(pw, 4)) return false;
  if (user !== '' && user === pw) return false; // guest:guest, postgres:postgres — default local credentials
  if (/^\d{1,5}$/.test(pw)) return false; // host:port@ mis-parse
  return true;
}

/**
 * URLs with `user:password@` in them. Runs from each `://` (found with indexOf) instead of trying
 * a scheme regex at every position. Database schemes give 'database-url', others 'url-credentials'.
 */
function scanUrlCredentials(text: string): TokenMatch[] {
  const out: TokenMatch[] = [];
  let i = text.indexOf('://');
  let guard = 0;
  while (i !== -1 && guard++ < 100_000) {
    let s = i;
    while (s > 0 && i - s < 31 && SCHEME_CHAR_RE.test(text[s - 1])) s--;
    const scheme = text.slice(s, i);
    USERINFO_RE.lastIndex = i;
    const m = scheme.length >= 2 && /^[A-Za-z]/.test(scheme) ? USERINFO_RE.exec(text) : null;
    if (m) {
      const [, user, password] = m;
      const db = DB_SCHEMES[scheme.toLowerCase()];
      if ((db || user !== '') && urlPasswordOk(user, password)) {
        out.push({
          kind: db ? 'database-url' : 'url-credentials',
          name: db ? `${db} connection URL with an inline password` : 'URL with embedded credentials',
          start: s,
          end: i + m[0].length,
          severity: ERROR,
          value: password,
          source: 'builtin',
        });
      }
    }
    i = text.indexOf('://', i + 3);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The table. Order matters for de-duplication: on an identical span the earlier entry wins.
// ---------------------------------------------------------------------------------------------

const GITHUB_CLASSIC: ReadonlyArray<[string, string, string]> = [
  ['ghp', 'github-pat-classic', 'GitHub personal access token'],
  ['gho', 'github-oauth-token', 'GitHub OAuth access token'],
  ['ghu', 'github-user-to-server-token', 'GitHub user-to-server token'],
  ['ghs', 'github-server-to-server-token', 'GitHub server-to-server token'],
  ['ghr', 'github-refresh-token', 'GitHub refresh token'],
];

export const PROVIDER_PATTERNS: readonly TokenPattern[] = [
  {
    id: 'private-key',
    name: 'Private key',
    severity: ERROR,
    quick: ['PRIVATE KEY'],
    scan: scanPrivateKeys,
  },
  ...GITHUB_CLASSIC.map(([prefix, id, name]): TokenPattern => ({
    id,
    name,
    severity: ERROR,
    quick: [prefix + '_'],
    regex: new RegExp(String.raw`(?<![A-Za-z0-9_])${prefix}_([A-Za-z0-9]{36})(?![A-Za-z0-9_])`, 'g'),
    // The last 6 characters are the base62 CRC-32 of the 30 before them.
    validate: (_v, m) => verifyGithubStyleChecksum(m[1]),
  })),
  {
    id: 'github-app-installation-token',
    name: 'GitHub App installation token',
    severity: ERROR,
    quick: ['ghs_'],
    regex: /(?<![A-Za-z0-9_])ghs_\d{1,20}_[A-Za-z0-9_-]{10,1000}\.[A-Za-z0-9_-]{10,10000}\.[A-Za-z0-9_-]{10,1000}(?![A-Za-z0-9_-])/g,
    validate: (v) => plausible(v),
  },
  {
    id: 'github-pat-fine-grained',
    name: 'GitHub fine-grained personal access token',
    severity: ERROR,
    quick: ['github_pat_'],
    regex: /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}(?![A-Za-z0-9_])/g,
    validate: (v) => plausible(v) && charClassCount(v.slice(11)) >= 3,
  },
  {
    id: 'npm-token',
    name: 'npm access token',
    severity: ERROR,
    quick: ['npm_'],
    regex: /(?<![A-Za-z0-9_])npm_([A-Za-z0-9]{36})(?![A-Za-z0-9_])/g,
    validate: (_v, m) => verifyGithubStyleChecksum(m[1]),
  },
  {
    id: 'aws-access-key-id',
    name: 'AWS access key id',
    severity: ERROR,
    quick: ['AKIA', 'ASIA', 'ABIA', 'ACCA'],
    regex: AWS_KEY_ID_RE,
    nameFor: (m) => (m[1].startsWith('ASIA') ? 'AWS temporary access key id' : 'AWS access key id'),
    validate: (v) => awsKeyIdOk(v),
  },
  {
    id: 'aws-secret-access-key',
    name: 'AWS secret access key',
    severity: ERROR,
    // Either an access key id nearby, or a name AWS_SECRET_NAMED_RE reads (`secret` then `access`/`key`, or `aws` then `secret`).
    quick: ['AKIA', 'ASIA', 'ABIA', 'ACCA', /[Ss]ecret[_\-.]?(?:[Aa]ccess|[Kk]ey)|SECRET[_\-.]?(?:ACCESS|KEY)|[Aa][Ww][Ss][_\-.]?[Ss][Ee][Cc][Rr][Ee][Tt](?![Ss])/],
    scan: scanAwsSecretKeys,
  },
  {
    id: 'stripe-secret-key',
    name: 'Stripe live secret key',
    severity: ERROR,
    quick: ['sk_live_'],
    regex: /(?<![A-Za-z0-9_])sk_live_[A-Za-z0-9]{20,247}(?![A-Za-z0-9_])/g,
    validate: (v) => plausible(v) && charClassCount(v.slice(8)) >= 2,
  },
  {
    id: 'stripe-restricted-key',
    name: 'Stripe live restricted key',
    severity: ERROR,
    quick: ['rk_live_'],
    regex: /(?<![A-Za-z0-9_])rk_live_[A-Za-z0-9]{20,247}(?![A-Za-z0-9_])/g,
    validate: (v) => plausible(v) && charClassCount(v.slice(8)) >= 2,
  },
  {
    id: 'stripe-test-secret-key',
    name: 'Stripe test-mode secret key',
    severity: ERROR,
    quick: ['sk_test_', 'rk_test_'],
    regex: /(?<![A-Za-z0-9_])[sr]k_test_[A-Za-z0-9]{20,247}(?![A-Za-z0-9_])/g,
    validate: (v) => plausible(v) && charClassCount(v.slice(8)) >= 2,
  },
  {
    id: 'stripe-webhook-secret',
    name: 'Stripe webhook signing secret',
    severity: ERROR,
    quick: ['whsec_'],
    regex: /(?<![A-Za-z0-9_])whsec_[A-Za-z0-9+/]{24,128}={0,2}(?![A-Za-z0-9+/=])/g,
    validate: (v) => plausible(v) && charClassCount(v.slice(6)) >= 2,
  },
  {
    id: 'slack-token',
    name: 'Slack token',
    severity: ERROR,
    quick: ['xox'],
    regex: /(?<![A-Za-z0-9_-])(?:xoxe\.)?xox([bpaorse])-[0-9A-Za-z]{1,40}(?:-[0-9A-Za-z]{1,80}){1,5}(?![A-Za-z0-9_-])/g,
    nameFor: (m) =>
      m[1] === 'b' ? 'Slack bot token' : m[1] === 'p' ? 'Slack user token' : m[1] === 'r' || m[1] === 'e' ? 'Slack refresh token' : 'Slack token',
    validate: (v) => v.length >= 24 && /\d/.test(v) && plausible(v) && !/-(?:x{3,}|X{3,}|\.{3})/.test(v),
  },
  {
    id: 'slack-app-token',
    name: 'Slack app-level token',
    severity: ERROR,
    quick: ['xapp-'],
    regex: /(?<![A-Za-z0-9_-])xapp-\d-[A-Za-z0-9]{1,40}-\d{1,20}-[A-Za-z0-9]{20,100}(?![A-Za-z0-9_-])/g,
    validate: (v) => plausible(v),
  },
  {
    id: 'slack-webhook-url',
    name: 'Slack webhook URL',
    severity: ERROR,
    quick: ['hooks.slack.com'],
    regex: /https?:\/\/hooks\.slack\.com\/(services|workflows|triggers)\/([A-Za-z0-9_\/-]{20,250})/g,
    validate: (v, m) => plausible(v) && (m[1] !== 'services' || /^T[A-Z0-9]{6,}\/B[A-Z0-9]{6,}\/[A-Za-z0-9]{16,}$/.test(m[2])),
  },
  {
    id: 'sendgrid-api-key',
    name: 'SendGrid API key',
    severity: ERROR,
    quick: ['SG.'],
    regex: /(?<![A-Za-z0-9_-])SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g,
    validate: (v) => plausible(v) && charClassCount(v.slice(3)) >= 3,
  },
  {
    id: 'google-api-key',
    name: 'Google API key',
    severity: ERROR,
    quick: ['AIza'],
    regex: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g,
    validate: (v) => plausible(v) && charClassCount(v.slice(4)) >= 2,
  },
  {
    id: 'anthropic-api-key',
    name: 'Anthropic API key',
    severity: ERROR,
    quick: ['sk-ant-'],
    regex: /(?<![A-Za-z0-9_-])sk-ant-(api|admin|oat|ort|sid)\d{2}-[A-Za-z0-9_-]{32,300}(?![A-Za-z0-9_-])/g,
    nameFor: (m) => (m[1] === 'api' ? 'Anthropic API key' : m[1] === 'admin' ? 'Anthropic admin API key' : 'Anthropic token'),
    validate: (v) => plausible(v),
  },
  {
    id: 'openai-api-key',
    name: 'OpenAI API key',
    severity: ERROR,
    quick: ['sk-'],
    regex: /(?<![A-Za-z0-9_-])sk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,300}|[A-Za-z0-9]{48})(?![A-Za-z0-9_-])/g,
    nameFor: (m) =>
      m[0].startsWith('sk-proj-') ? 'OpenAI project API key' : m[0].startsWith('sk-svcacct-') ? 'OpenAI service account key' : m[0].startsWith('sk-admin-') ? 'OpenAI admin key' : 'OpenAI API key',
    validate: (v) => plausible(v) && charClassCount(v.replace(/^sk-(?:proj-|svcacct-|admin-)?/, '')) >= 2,
  },
  {
    id: 'twilio-api-key',
    name: 'Twilio API key',
    severity: ERROR,
    quick: [/SK[0-9a-fA-F]{32}/],
    regex: /(?<![A-Za-z0-9])SK[0-9a-fA-F]{32}(?![A-Za-z0-9])/g,
    validate: (v) => hexTokenOk(v.slice(2).toLowerCase()),
  },
  {
    id: 'twilio-auth-token',
    name: 'Twilio auth token',
    severity: ERROR,
    quick: [/AC[0-9a-f]{32}/, 'twilio', 'Twilio', 'TWILIO'],
    scan: scanTwilioAuthTokens,
  },
  {
    id: 'azure-storage-account-key',
    name: 'Azure Storage account key',
    severity: ERROR,
    quick: [/AccountKey\s{0,4}=/],
    regex: /(?<![A-Za-z0-9])AccountKey\s{0,4}=\s{0,4}([A-Za-z0-9+/]{40,100}={0,2})(?![A-Za-z0-9+/=])/gd,
    valueGroup: 1,
    spanGroup: 1,
    validate: (v) => looksRandom(v, 4.0),
  },
  {
    id: 'azure-shared-access-key',
    name: 'Azure Service Bus / Event Hubs shared access key',
    severity: ERROR,
    quick: [/SharedAccessKey\s{0,4}=/],
    regex: /(?<![A-Za-z0-9])SharedAccessKey\s{0,4}=\s{0,4}([A-Za-z0-9+/]{20,100}={0,2})(?![A-Za-z0-9+/=])/gd,
    valueGroup: 1,
    spanGroup: 1,
    validate: (v) => looksRandom(v, 3.8),
  },
  {
    id: 'azure-sas-signature',
    name: 'Azure shared access signature',
    severity: ERROR,
    quick: ['sig='],
    regex: /[?&;]sig=([A-Za-z0-9%+/]{30,150}(?:%3D|%3d|=){0,2})/gd,
    valueGroup: 1,
    spanGroup: 1,
    validate: (v, m, text) => {
      const before = text.slice(Math.max(0, m.index - 600), m.index + 600);
      return /[?&;"'\s]sv=\d{4}-\d{2}-\d{2}/.test(before) && looksRandom(decodeSafe(v), 3.8);
    },
  },
  {
    id: 'database-url',
    name: 'Database URL with an inline password',
    severity: ERROR,
    // A user-info part with a password (what USERINFO_RE reads), not every URL.
    quick: [/:\/\/[^\s:\/@'"\x60<>{}]{0,128}:[^\s@\/'"\x60<>]{1,256}@/],
    alsoEmits: ['url-credentials'],
    scan: scanUrlCredentials,
  },
  {
    id: 'npmrc-auth',
    name: 'npm registry credential (.npmrc)',
    severity: ERROR,
    quick: ['_auth', '_password'],
    regex: /(?<![A-Za-z0-9_])(?:_authToken|_auth|_password)\s{0,4}=\s{0,4}"?([A-Za-z0-9._~+/=:-]{8,2048})(?=["'\s;#]|$)/gd,
    valueGroup: 1,
    spanGroup: 1,
    validate: (v) => !isReference(v) && !isPlaceholder(v, 8) && plausible(v),
  },
];

function decodeSafe(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function quickKey(q: string | RegExp): string {
  return typeof q === 'string' ? q : `/${q.source}/`;
}

/**
 * One regex made of every entry's quick literals. A single pass over the text collects which of
 * them occur; if none does, no entry can match and the text costs just that pass.
 */
const QUICK_SOURCES: ReadonlyArray<[string, string]> = [
  ...new Map(
    PROVIDER_PATTERNS.flatMap((p) => p.quick.map((q): [string, string] => [quickKey(q), typeof q === 'string' ? escapeRegExp(q) : q.source])),
  ),
];
const PREFILTER_G: RegExp = new RegExp(QUICK_SOURCES.map(([, src]) => `(${src})`).join('|'), 'g');

/** The quick keys present in `text` (a literal also counts as present when a longer hit contains it). */
function quickHits(text: string): Set<string> {
  const hits = new Set<string>();
  PREFILTER_G.lastIndex = 0;
  let m: RegExpExecArray | null;
  let guard = 0;
  while ((m = PREFILTER_G.exec(text)) !== null && guard++ < 1_000_000) {
    for (let g = 1; g < m.length; g++) {
      if (m[g] !== undefined) {
        hits.add(QUICK_SOURCES[g - 1][0]);
        break;
      }
    }
    PREFILTER_G.lastIndex = m.index + 1;
    if (hits.size === QUICK_SOURCES.length) break;
  }
  return hits;
}

function quickHit(p: TokenPattern, hits: Set<string>): boolean {
  for (const q of p.quick) {
    const key = quickKey(q);
    if (hits.has(key)) return true;
    if (typeof q === 'string') {
      for (const h of hits) if (h.length > q.length && h.includes(q)) return true;
    }
  }
  return false;
}

const PRIORITY: ReadonlyMap<string, number> = (() => {
  const m = new Map<string, number>();
  PROVIDER_PATTERNS.forEach((p, i) => {
    m.set(p.id, i);
    for (const k of p.alsoEmits ?? []) if (!m.has(k)) m.set(k, i + 0.5);
  });
  return m;
})();

/** Rank of a kind for de-duplication: lower is more specific. Unknown kinds rank last. */
export function kindPriority(kind: string): number {
  return PRIORITY.get(kind) ?? 10_000;
}

function runRegexEntry(p: TokenPattern, text: string, out: TokenMatch[]): void {
  const re = p.regex;
  if (!re) return;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  let guard = 0;
  while ((m = re.exec(text)) !== null) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    if (++guard > 10_000) break;
    const value = m[p.valueGroup ?? 0] ?? m[0];
    if (p.validate && !p.validate(value, m, text)) continue;
    let start = m.index;
    let end = m.index + m[0].length;
    if (p.spanGroup) {
      const span = m.indices?.[p.spanGroup];
      if (span) [start, end] = span;
    }
    out.push({ kind: p.id, name: p.nameFor ? p.nameFor(m) : p.name, start, end, severity: p.severity, value, source: 'builtin' });
  }
}

/**
 * Sort by position and drop duplicates: of matches with the same span the more specific one
 * (earlier table entry) is kept; a match inside another match is dropped.
 */
export function dedupeMatches(matches: TokenMatch[]): TokenMatch[] {
  const sorted = matches
    .slice()
    .sort((a, b) => a.start - b.start || b.end - a.end || kindPriority(a.kind) - kindPriority(b.kind));
  const kept: TokenMatch[] = [];
  // Sorted by start, so a match is inside an earlier one exactly when it ends no later than the
  // furthest end seen so far (that earlier match starts no later and ends no earlier).
  let maxEnd = -1;
  for (const m of sorted) {
    if (m.end <= maxEnd) continue;
    kept.push(m);
    maxEnd = m.end;
  }
  return kept;
}

/**
 * Every provider-format credential in `text`, sorted by start offset, de-duplicated.
 * Never throws; returns [] for non-string input.
 */
/** True when the text holds at least one literal a provider format starts with (the pre-filter alone). */
export function mayHoldProviderToken(text: string): boolean {
  PREFILTER_G.lastIndex = 0;
  return PREFILTER_G.test(text);
}

export function findProviderTokens(text: string): TokenMatch[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  try {
    const hits = quickHits(text);
    if (hits.size === 0) return [];
    const out: TokenMatch[] = [];
    for (const p of PROVIDER_PATTERNS) {
      if (!quickHit(p, hits)) continue;
      if (p.scan) out.push(...p.scan(text));
      else runRegexEntry(p, text, out);
    }
    return dedupeMatches(out);
  } catch {
    return [];
  }
}
