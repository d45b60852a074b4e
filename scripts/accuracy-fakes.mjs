#!/usr/bin/env node
/**
 * Fake credentials for the accuracy corpus (test/fixtures/accuracy/**).
 *
 * The corpus files hold placeholders instead of token-shaped literals, so that secret scanners and
 * push protection have nothing to find in the repository:
 *
 *   <FAKE:kind:id[,option=value…]>        e.g. <FAKE:github-pat-classic:1>, <FAKE:password:3,sym=%>
 *
 * The accuracy bench copies the corpus to a temporary folder and expands every placeholder there
 * before scanning. Expansion is deterministic: the value is drawn from a seeded generator whose seed
 * depends only on the kind and the id, so the same placeholder always gives the same value, in any
 * file and on any machine, and two ids of one kind give two different values. Every kind has a fixed
 * length (or the one its `len` option sets). The grammar and the kinds are documented in
 * test/fixtures/accuracy/README.md; `node scripts/accuracy-fakes.mjs kinds` lists the kinds.
 *
 * The random parts come from the same generator as test/unit/secrets/fakes.ts (mulberry32, strings
 * that hold every character class of their alphabet and no "test"/"fake"/"example"… marker), and
 * GitHub/npm tokens carry a valid CRC-32 checksum unless `checksum=bad` asks for a wrong one.
 * No value was ever issued by a provider.
 *
 *   node scripts/accuracy-fakes.mjs kinds              # the kinds and their shapes (no values)
 *   node scripts/accuracy-fakes.mjs expand SRC DEST    # copy folder SRC to DEST with placeholders expanded
 */
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export class FakeError extends Error {}

// ---------------------------------------------------------------------------------------------
// Random strings (ported from test/unit/secrets/fakes.ts)
// ---------------------------------------------------------------------------------------------

export const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const AWS_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const LETTERS = ALNUM.slice(10);
export const BASE64 = ALNUM + '+/';
export const HEX = '0123456789abcdef';
export const URLSAFE = ALNUM + '-_';
/** Django's secret-key alphabet without `%`, `$`, `@` and `#` (they could read as format strings or references). */
const DJANGO = ALNUM + '!^&*(-_=+)';
const PASSWORD_SYMBOLS = '!#%&*+=^~';

/**
 * Substrings a fake must not contain: markers that make a value look fake, placeholder words, and
 * runs that the engine treats as masked or sequential (so a generated value never turns into a
 * trap by chance).
 */
const FORBIDDEN = /test|fake|example|dummy|sample|mock|placeholder|redacted|changeme|invalid|notvalid|not[_\-. ]?real|foobar|lorem|ipsum|todo|fixme|your|here$|xxxx|0123456789|123456789|abcdefghij|9876543210/i;

/** mulberry32: tiny seeded PRNG (same as test/unit/secrets/fakes.ts). */
export function makeRng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a (32 bit) of a string's UTF-16 code units: the seed of a placeholder. */
export function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE) of an ASCII string. */
export function crc32(text) {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) crc = CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** The 6-character base62 (0-9A-Za-z, zero-padded) CRC-32 that GitHub and npm tokens end with. */
export function githubStyleChecksum(body) {
  let n = crc32(body);
  let out = '';
  while (n > 0) {
    out = ALNUM[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out.padStart(6, '0');
}

export class Fakes {
  constructor(seed) {
    this.rng = makeRng(seed);
  }

  /** Random string; retried until it holds every character class the alphabet offers (like real tokens). */
  str(alphabet, len) {
    if (len <= 0) return '';
    const needs = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((re) => re.test(alphabet));
    for (let attempt = 0; attempt < 1000; attempt++) {
      let s = '';
      for (let i = 0; i < len; i++) s += alphabet[Math.floor(this.rng() * alphabet.length)];
      if (len >= 8 && !needs.every((re) => re.test(s))) continue;
      if (/(.)\1{4,}/.test(s) || FORBIDDEN.test(s)) continue;
      return s;
    }
    throw new FakeError(`could not build a random string of ${len} characters`);
  }

  digits(len) {
    let s = String(1 + Math.floor(this.rng() * 9));
    while (s.length < len) s += String(Math.floor(this.rng() * 10));
    return s;
  }
}

// ---------------------------------------------------------------------------------------------
// Kinds
// ---------------------------------------------------------------------------------------------

/** `start=ABC`: fixed leading characters of the random part (for traps that must carry a marker). */
function started(f, opts, alphabet, len) {
  const start = opts.start ?? '';
  if (start.length > len) throw new FakeError(`start=${start} is longer than the ${len} random characters`);
  return start + f.str(alphabet, len - start.length);
}

function checksummed(f, opts, prefix) {
  const body = started(f, opts, ALNUM, 30);
  const good = githubStyleChecksum(body);
  if (opts.checksum === 'bad') return prefix + body + good.slice(0, 5) + (good[5] === 'a' ? 'b' : 'a');
  return prefix + body + good;
}

function privateKey(label) {
  return (f, opts) => {
    const bodyLen = opts.len ?? 640;
    if (bodyLen < 64) throw new FakeError('len must be at least 64 for a private key');
    const body = 'MII' + f.str(BASE64, bodyLen - 3);
    const nl = opts.nl === 'escaped' ? '\\n' : '\n';
    const lines = [];
    for (let i = 0; i < body.length; i += 64) lines.push(body.slice(i, i + 64));
    return '-----BEGIN ' + label + '-----' + nl + lines.join(nl) + nl + '-----END ' + label + '-----';
  };
}

function generic(alphabet) {
  return (f, opts) => {
    if (opts.len === undefined) throw new FakeError('this kind needs len=<characters>');
    return started(f, opts, alphabet, opts.len);
  };
}

const NEEDS_LEN = ['len'];
const PEM_OPTIONS = ['len', 'nl'];

/**
 * kind -> { shape (for `kinds` and the README), options allowed, make(fakes, options), check (the
 * shape every value must have; verified on each expansion) }.
 */
export const KINDS = {
  'aws-access-key-id': { shape: 'AKIA + 16 [A-Z2-7]', make: (f) => 'AKIA' + f.str(AWS_ID_ALPHABET, 16), check: /^AKIA[A-Z2-7]{16}$/ },
  'aws-temporary-access-key-id': { shape: 'ASIA + 16 [A-Z2-7]', make: (f) => 'ASIA' + f.str(AWS_ID_ALPHABET, 16), check: /^ASIA[A-Z2-7]{16}$/ },
  'aws-role-id': { shape: 'AROA + 16 [A-Z2-7] (a role id, not a credential)', make: (f) => 'AROA' + f.str(AWS_ID_ALPHABET, 16), check: /^AROA[A-Z2-7]{16}$/ },
  'aws-secret-access-key': {
    shape: '40 base64 characters, at least one / or +',
    make: (f) => {
      for (;;) {
        const s = f.str(BASE64, 40);
        if (/[/+]/.test(s)) return s;
      }
    },
    check: /^(?=.*[/+])[A-Za-z0-9+/]{40}$/,
  },
  'stripe-secret-key': { shape: 'sk_live_ + 24 alphanumerics', options: ['start'], make: (f, o) => 'sk_live_' + started(f, o, ALNUM, 24), check: /^sk_live_[A-Za-z0-9]{24}$/ },
  'stripe-restricted-key': { shape: 'rk_live_ + 24 alphanumerics', options: ['start'], make: (f, o) => 'rk_live_' + started(f, o, ALNUM, 24), check: /^rk_live_[A-Za-z0-9]{24}$/ },
  'stripe-publishable-key': { shape: 'pk_live_ + 24 alphanumerics (public)', options: ['start'], make: (f, o) => 'pk_live_' + started(f, o, ALNUM, 24), check: /^pk_live_[A-Za-z0-9]{24}$/ },
  'stripe-webhook-secret': { shape: 'whsec_ + 32 alphanumerics', options: ['start'], make: (f, o) => 'whsec_' + started(f, o, ALNUM, 32), check: /^whsec_[A-Za-z0-9]{32}$/ },
  'github-pat-classic': { shape: 'ghp_ + 30 alphanumerics + 6-character CRC-32 checksum', options: ['checksum', 'start'], make: (f, o) => checksummed(f, o, 'ghp_'), check: /^ghp_[A-Za-z0-9]{36}$/ },
  'github-oauth-token': { shape: 'gho_ + 30 + checksum', options: ['checksum', 'start'], make: (f, o) => checksummed(f, o, 'gho_'), check: /^gho_[A-Za-z0-9]{36}$/ },
  'github-user-token': { shape: 'ghu_ + 30 + checksum', options: ['checksum', 'start'], make: (f, o) => checksummed(f, o, 'ghu_'), check: /^ghu_[A-Za-z0-9]{36}$/ },
  'github-server-token': { shape: 'ghs_ + 30 + checksum', options: ['checksum', 'start'], make: (f, o) => checksummed(f, o, 'ghs_'), check: /^ghs_[A-Za-z0-9]{36}$/ },
  'github-refresh-token': { shape: 'ghr_ + 30 + checksum', options: ['checksum', 'start'], make: (f, o) => checksummed(f, o, 'ghr_'), check: /^ghr_[A-Za-z0-9]{36}$/ },
  'github-pat-fine-grained': {
    shape: 'github_pat_ + 22 + _ + 59 alphanumerics',
    make: (f) => 'github' + '_pat_' + f.str(ALNUM, 22) + '_' + f.str(ALNUM, 59),
    check: /^github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}$/,
  },
  'npm-token': { shape: 'npm_ + 30 + checksum', options: ['checksum', 'start'], make: (f, o) => checksummed(f, o, 'npm_'), check: /^npm_[A-Za-z0-9]{36}$/ },
  'gitlab-pat': { shape: 'glpat- + 20 of [A-Za-z0-9_-]', make: (f) => 'glpat-' + f.str(URLSAFE, 20), check: /^glpat-[A-Za-z0-9_-]{20}$/ },
  'huggingface-token': { shape: 'hf_ + 34 letters', make: (f) => 'hf_' + f.str(LETTERS, 34), check: /^hf_[A-Za-z]{34}$/ },
  'shopify-access-token': { shape: 'shpat_ + 32 hex', make: (f) => 'shpat_' + f.str(HEX, 32), check: /^shpat_[0-9a-f]{32}$/ },
  'slack-bot-token': {
    shape: 'xoxb-<12 digits>-<13 digits>-<24 alphanumerics>',
    make: (f) => 'xo' + 'xb-' + f.digits(12) + '-' + f.digits(13) + '-' + f.str(ALNUM, 24),
    check: /^xoxb-\d{12}-\d{13}-[A-Za-z0-9]{24}$/,
  },
  'slack-user-token': {
    shape: 'xoxp-<12>-<12>-<13 digits>-<32 hex>',
    make: (f) => 'xo' + 'xp-' + f.digits(12) + '-' + f.digits(12) + '-' + f.digits(13) + '-' + f.str(HEX, 32),
    check: /^xoxp-\d{12}-\d{12}-\d{13}-[0-9a-f]{32}$/,
  },
  'slack-webhook-url': {
    shape: 'https://hooks.slack.com/services/T<8>/B<10>/<24>',
    make: (f) => 'https://hooks.' + 'slack.com/services/T' + f.str(UPPER_ALNUM, 8) + '/B' + f.str(UPPER_ALNUM, 10) + '/' + f.str(ALNUM, 24),
    check: /^https:\/\/hooks\.slack\.com\/services\/T[A-Z2-7]{8}\/B[A-Z2-7]{10}\/[A-Za-z0-9]{24}$/,
  },
  'sendgrid-api-key': {
    shape: 'SG. + 22 + . + 43 of [A-Za-z0-9_-]',
    make: (f) => 'S' + 'G.' + f.str(URLSAFE, 22) + '.' + f.str(URLSAFE, 43),
    check: /^SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/,
  },
  'google-api-key': { shape: 'AIza + 35 of [A-Za-z0-9_-]', make: (f) => 'AI' + 'za' + f.str(URLSAFE, 35), check: /^AIza[A-Za-z0-9_-]{35}$/ },
  'openai-api-key': { shape: 'sk- + 48 alphanumerics (legacy format)', make: (f) => 's' + 'k-' + f.str(ALNUM, 48), check: /^sk-[A-Za-z0-9]{48}$/ },
  'openai-project-key': { shape: 'sk-proj- + 120 of [A-Za-z0-9_-]', make: (f) => 's' + 'k-proj-' + f.str(URLSAFE, 120), check: /^sk-proj-[A-Za-z0-9_-]{120}$/ },
  'anthropic-api-key': {
    shape: 'sk-ant-api03- + 93 of [A-Za-z0-9_-] + AA',
    make: (f) => 's' + 'k-ant-api03-' + f.str(URLSAFE, 93) + 'AA',
    check: /^sk-ant-api03-[A-Za-z0-9_-]{93}AA$/,
  },
  'twilio-account-sid': { shape: 'AC + 32 hex (an id, not a credential)', make: (f) => 'A' + 'C' + f.str(HEX, 32), check: /^AC[0-9a-f]{32}$/ },
  'twilio-api-key': { shape: 'SK + 32 hex', make: (f) => 'S' + 'K' + f.str(HEX, 32), check: /^SK[0-9a-f]{32}$/ },
  'twilio-auth-token': { shape: '32 hex', make: (f) => f.str(HEX, 32), check: /^[0-9a-f]{32}$/ },
  'azure-storage-account-key': { shape: '86 base64 + ==', make: (f) => f.str(BASE64, 86) + '==', check: /^[A-Za-z0-9+/]{86}==$/ },
  'azure-shared-access-key': { shape: '43 base64 + = (Service Bus / Event Hubs)', make: (f) => f.str(BASE64, 43) + '=', check: /^[A-Za-z0-9+/]{43}=$/ },
  'django-secret-key': {
    shape: 'django-insecure- + 50 characters',
    make: (f) => 'django-insecure-' + f.str(DJANGO, 50),
    check: /^django-insecure-[A-Za-z0-9!^&*()\-_=+]{50}$/,
  },
  'private-key-rsa': { shape: 'PEM RSA PRIVATE KEY, body of len (640) base64, 64 per line', options: PEM_OPTIONS, make: privateKey('RSA PRIVATE KEY'), check: /^-----BEGIN RSA PRIVATE KEY-----/ },
  'private-key-ec': { shape: 'PEM EC PRIVATE KEY', options: PEM_OPTIONS, make: privateKey('EC PRIVATE KEY'), check: /^-----BEGIN EC PRIVATE KEY-----/ },
  'private-key-openssh': { shape: 'PEM OPENSSH PRIVATE KEY', options: PEM_OPTIONS, make: privateKey('OPENSSH PRIVATE KEY'), check: /^-----BEGIN OPENSSH PRIVATE KEY-----/ },
  'private-key-pkcs8': { shape: 'PEM PRIVATE KEY (PKCS #8)', options: PEM_OPTIONS, make: privateKey('PRIVATE KEY'), check: /^-----BEGIN PRIVATE KEY-----/ },
  password: {
    shape: 'len (13) letters and digits with one symbol from sym (!)',
    options: ['len', 'sym'],
    make: (f, o) => {
      const len = o.len ?? 13;
      if (len < 4) throw new FakeError('a password needs len=4 or more');
      const syms = o.sym ?? '!';
      const sym = syms[Math.floor(f.rng() * syms.length)];
      const base = f.str(ALNUM, len - 1);
      const at = 1 + Math.floor(f.rng() * (len - 2));
      return base.slice(0, at) + sym + base.slice(at);
    },
    check: /^[A-Za-z0-9]+[!#%&*+=^~][A-Za-z0-9]+$/,
  },
  hex: { shape: 'len lower-case hex digits', options: NEEDS_LEN, make: generic(HEX), check: /^[0-9a-f]+$/ },
  alnum: { shape: 'len letters and digits', options: ['len', 'start'], make: generic(ALNUM), check: /^[A-Za-z0-9]+$/ },
  urlsafe: { shape: 'len of [A-Za-z0-9_-]', options: ['len', 'start'], make: generic(URLSAFE), check: /^[A-Za-z0-9_-]+$/ },
  base64: { shape: 'len of [A-Za-z0-9+/] (no padding)', options: NEEDS_LEN, make: generic(BASE64), check: /^[A-Za-z0-9+/]+$/ },
};

/** What each option accepts. Values never contain `,`, `<`, `>` or white space (the grammar's separators). */
const OPTION_VALUES = {
  len: /^[1-9]\d{0,4}$/,
  nl: /^(?:lf|escaped)$/,
  checksum: /^(?:good|bad)$/,
  start: /^[A-Za-z0-9]{1,16}$/,
  sym: new RegExp(`^[${PASSWORD_SYMBOLS.replace(/[\\\]^-]/g, '\\$&')}]{1,9}$`),
};

/**
 * One placeholder: `<FAKE:kind:id`, optional `,name=value` options, `>`. Angle brackets because the
 * placeholder must be valid where the value stands in every corpus format: a YAML plain scalar
 * cannot start with `@`, `%`, `{`, `[`, `&`, `*`, `!`, `|`, `>`, quotes or backquote, and `<…>`
 * also keeps the committed files quiet under a scanner (it reads as a placeholder, and `<` ends a
 * URL password).
 */
export const PLACEHOLDER_RE = /<FAKE:([a-z0-9-]+):([A-Za-z0-9_.-]+)((?:,[a-z]+=[^,<>\s]+)*)>/g;
const ANY_START_RE = /<FAKE:/g;

/** Seeds do not depend on options or on the file: the same kind and id give the same random draw. */
const SEED_SALT = 'serverless-guard accuracy corpus';

/** The value of one placeholder. Throws FakeError for an unknown kind or a bad option. */
export function fakeValue(kind, id, optionText = '') {
  const spec = KINDS[kind];
  if (!spec) throw new FakeError(`unknown kind "${kind}" (node scripts/accuracy-fakes.mjs kinds lists them)`);
  const opts = {};
  for (const part of optionText.split(',').filter(Boolean)) {
    const eq = part.indexOf('=');
    const name = part.slice(0, eq);
    const value = part.slice(eq + 1);
    if (!(spec.options ?? []).includes(name)) throw new FakeError(`kind "${kind}" takes no option "${name}"`);
    if (!OPTION_VALUES[name].test(value)) throw new FakeError(`bad value for ${name}: "${value}"`);
    if (name in opts) throw new FakeError(`option "${name}" given twice`);
    opts[name] = name === 'len' ? Number(value) : value;
  }
  const f = new Fakes(fnv1a(`${SEED_SALT}|${kind}|${id}`));
  const value = spec.make(f, opts);
  if (!spec.check.test(value) || (opts.len !== undefined && !kind.startsWith('private-key') && value.length !== opts.len)) {
    throw new FakeError(`internal: the ${kind} value does not have its documented shape`);
  }
  return value;
}

/**
 * Expands every placeholder in `text`. Returns the text and `lineOf`, which maps a 1-based line of
 * the expanded text to the 1-based line of `text` it came from (multi-line values such as PEM keys
 * with nl=lf add lines; every line they add maps to the placeholder's line). `where` names the
 * file in error messages. Throws FakeError on a malformed placeholder.
 */
export function expandPlaceholders(text, where = 'text') {
  const lineAt = (offset) => text.slice(0, offset).split('\n').length;
  // Every `<FAKE:` must start a well-formed placeholder; a typo is an error, not a literal.
  const wellFormed = new Set();
  PLACEHOLDER_RE.lastIndex = 0;
  for (let m; (m = PLACEHOLDER_RE.exec(text)) !== null; ) wellFormed.add(m.index);
  ANY_START_RE.lastIndex = 0;
  for (let m; (m = ANY_START_RE.exec(text)) !== null; ) {
    if (!wellFormed.has(m.index)) throw new FakeError(`${where}:${lineAt(m.index)}: malformed placeholder (expected <FAKE:kind:id[,option=value…]>)`);
  }
  const lineOf = [0, 1];
  let out = '';
  let last = 0;
  let line = 1;
  /** Appends a piece; each newline in it starts an expanded line that maps to `source(line)`. */
  const append = (piece, advancesSource) => {
    out += piece;
    for (let i = piece.indexOf('\n'); i !== -1; i = piece.indexOf('\n', i + 1)) {
      if (advancesSource) line++;
      lineOf.push(line);
    }
  };
  PLACEHOLDER_RE.lastIndex = 0;
  for (let m; (m = PLACEHOLDER_RE.exec(text)) !== null; ) {
    append(text.slice(last, m.index), true);
    let value;
    try {
      value = fakeValue(m[1], m[2], m[3].slice(1));
    } catch (e) {
      if (e instanceof FakeError) throw new FakeError(`${where}:${line}: ${m[0]}: ${e.message}`);
      throw e;
    }
    append(value, false); // lines a multi-line value adds belong to the placeholder's line
    last = m.index + m[0].length;
  }
  append(text.slice(last), true);
  // lineOf[n] is the source line of expanded line n (lineOf[0] is unused).
  return { text: out, lineOf };
}

/** Every file under `dir`, sorted (also used by bench-accuracy.mjs). */
export function listFiles(dir) {
  const out = [];
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop();
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.isFile()) out.push(p);
    }
  }
  return out.sort();
}

/**
 * Copies folder `src` to `dest` (which must not exist yet) and expands the placeholders of every
 * copied file except those named in `skip` (file names such as README.md, which may show the
 * syntax). Returns Map<path relative to dest with `/` separators, lineOf> for the files it changed.
 */
export function expandTree(src, dest, skip = new Set()) {
  if (existsSync(dest)) throw new FakeError(`${dest} already exists`);
  cpSync(src, dest, { recursive: true });
  const maps = new Map();
  for (const abs of listFiles(dest)) {
    const rel = relative(dest, abs).split(sep).join('/');
    if (skip.has(rel.split('/').pop())) continue;
    const buf = readFileSync(abs);
    if (buf.includes(0) || !buf.includes('<FAKE:')) continue; // binary, or nothing to expand
    const { text, lineOf } = expandPlaceholders(buf.toString('utf8'), rel);
    writeFileSync(abs, text);
    maps.set(rel, lineOf);
  }
  return maps;
}

function main(argv) {
  const [cmd, ...rest] = argv;
  if (cmd === 'kinds') {
    const rows = Object.entries(KINDS).map(([k, s]) => `${k.padEnd(28)} ${s.shape}${s.options ? `  [options: ${s.options.join(', ')}]` : ''}`);
    process.stdout.write(rows.join('\n') + '\n');
    return 0;
  }
  if (cmd === 'expand' && rest.length === 2) {
    const maps = expandTree(resolve(rest[0]), resolve(rest[1]));
    process.stdout.write(`expanded placeholders in ${maps.size} file${maps.size === 1 ? '' : 's'} into ${resolve(rest[1])}\n`);
    return 0;
  }
  process.stderr.write('usage: node scripts/accuracy-fakes.mjs kinds | expand SRC DEST\n');
  return 2;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof FakeError)) throw e;
    process.stderr.write(`accuracy-fakes: ${e.message}\n`);
    process.exitCode = 2;
  }
}
