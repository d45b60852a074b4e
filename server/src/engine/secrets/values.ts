/**
 * Low-level predicates on candidate secret values: references to secret stores, placeholders,
 * publicly documented example credentials. Shared by the provider table and by classifyLiteral.
 * All functions are total: any input (including non-strings) gives an answer, never an exception.
 */

/**
 * Publicly documented, non-secret example credentials. Written in pieces so that this source file
 * does not itself look like it holds credentials.
 */
export const AWS_EXAMPLE_ACCESS_KEY_ID = 'AKIA' + 'IOSFODNN7' + 'EXAMPLE';
export const AWS_EXAMPLE_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/' + 'bPxRfiCY' + 'EXAMPLEKEY';
/** Azurite / Azure Storage Emulator account key of the public `devstoreaccount1` account. */
export const AZURITE_ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/' + 'K1SZFPTOtr/KBHBeksoGMGw==';
/** Azure Cosmos DB emulator key (public, identical on every installation). */
export const COSMOS_EMULATOR_KEY =
  'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/' + 'Jw==';

const DOCUMENTED_EXAMPLES: ReadonlySet<string> = new Set([
  AWS_EXAMPLE_ACCESS_KEY_ID,
  AWS_EXAMPLE_SECRET_ACCESS_KEY,
  AZURITE_ACCOUNT_KEY,
  COSMOS_EMULATOR_KEY,
]);

/** True for credentials that vendors publish in their documentation or emulators. */
export function isDocumentedExample(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const v = value.trim();
  if (DOCUMENTED_EXAMPLES.has(v)) return true;
  // Every access key id in the AWS documentation ends in EXAMPLE, every secret key in EXAMPLEKEY.
  if (/^A[A-Z0-9]{3}[A-Z0-9]{9}EXAMPLE$/.test(v)) return true;
  if (/^[A-Za-z0-9/+]{30}EXAMPLEKEY$/.test(v)) return true;
  return false;
}

/**
 * True when the value refers to a secret kept elsewhere instead of holding it: Serverless
 * `${ssm:…}`/`${env:…}`/`${self:…}`/`${file(…)}`, CloudFormation `{{resolve:…}}`, Azure
 * `@Microsoft.KeyVault(…)`, shell `$(…)`/`$VAR`, templating `{{ … }}`, `%s` format strings.
 */
export function isReference(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const v = value.trim();
  if (v === '') return false;
  if (v.includes('${')) return true; // ${ssm:..} ${env:..} ${self:..} ${file(..)} ${VAR}
  if (/\{\{\s*resolve:/i.test(v)) return true; // {{resolve:ssm:..}} {{resolve:secretsmanager:..}}
  if (/@Microsoft\.KeyVault\s*\(/i.test(v)) return true;
  if (/\$\(\s*[^)]*\)/.test(v)) return true; // $(VAR) / $(command)
  if (/\{\{[^{}]*\}\}/.test(v)) return true; // {{ secrets.X }}, handlebars, Helm
  if (/#\{[^}]*\}/.test(v)) return true; // #{Var} (Octopus, Ruby)
  if (/<%=?[\s\S]*%>/.test(v)) return true; // ERB/EJS
  if (/%\(\w+\)[sd]/.test(v) || /(^|[^%])%[sdv]\b/.test(v)) return true; // Python/Go format strings
  if (/^\$[A-Za-z_][A-Za-z0-9_]*$/.test(v)) return true; // $VAR
  if (/^%[A-Za-z_][A-Za-z0-9_]*%$/.test(v)) return true; // %VAR%
  if (/^!(Ref|Sub|GetAtt|ImportValue|FindInMap|Join|Select|If)\b/.test(v)) return true;
  if (/\b(process\.env|os\.environ|os\.getenv|System\.getenv|Environment\.GetEnvironmentVariable)\b/.test(v)) return true;
  if (/^(ssm|secretsmanager|env|vault|kms|keyvault|resolve):\S/i.test(v)) return true;
  return false;
}

/** Exact (normalised: lower case, letters and digits only) placeholder values. */
const PLACEHOLDER_WORDS: ReadonlySet<string> = new Set([
  'changeme', 'changeit', 'changethis', 'changeme123', 'password', 'passwd', 'pass', 'pwd', 'secret',
  'secrets', 'token', 'apikey', 'key', 'yourkey', 'yourapikey', 'yoursecret', 'yourpassword', 'yourtoken',
  'yoursecretkey', 'mysecret', 'mypassword', 'mytoken', 'myapikey', 'mykey', 'secretkey', 'accesskey',
  'privatekey', 'example', 'examplekey', 'sample', 'samplekey', 'dummy', 'dummykey', 'dummypassword', 'todo',
  'tbd', 'fixme', 'placeholder', 'none', 'null', 'nil', 'undefined', 'empty', 'redacted', 'removed',
  'hidden', 'notset', 'unset', 'unknown', 'test', 'testing', 'tester', 'testpassword', 'testkey',
  'foo', 'bar', 'foobar', 'baz', 'qux', 'admin', 'administrator', 'root', 'default', 'guest', 'user',
  'username', 'qwerty', 'letmein', 'abc', 'abc123', 'abcdef', 'abcd1234', 'password1', 'password123',
  'pass123', 'secret123', 'admin123', 'na', 'tmp', 'temp', 'string', 'value', 'insertkeyhere', 'keyhere',
  'tokenhere', 'secrethere', 'passwordhere', 'replaceme', 'fillme', 'required', 'optional', 'sometoken',
  'somesecret', 'somepassword', 'somekey', 'xyz', 'abcxyz', 'asdf', 'asdfgh', 'qwertyuiop',
]);

const PLACEHOLDER_FRAGMENTS: RegExp[] = [
  /change[_\-. ]?me/i,
  /change[_\-. ]?it\b/i,
  /replace[_\-. ]?(me|with|this)/i,
  /\byour[_\-. ]?(own[_\-. ]?)?(api[_\-. ]?|access[_\-. ]?|secret[_\-. ]?|private[_\-. ]?|client[_\-. ]?|app[_\-. ]?|account[_\-. ]?|auth[_\-. ]?)?(key|token|secret|password|passwd|pass|pwd|id|credential|credentials)/i,
  /(^|[^a-z])your[_\-.]/i,
  /(^|[^a-z])(insert|enter|put|add|paste)[_\-. ]?(your|the|a|key|token|secret|password)/i,
  /[_\-. ]here$/i,
  /goes[_\-. ]?here/i,
  /(^|[^A-Za-z])TODO([^A-Za-z]|$)/,
  /(^|[^A-Za-z])FIXME([^A-Za-z]|$)/,
  /example/i,
  /placeholder/i,
  /dummy/i,
  /redacted/i,
  /x{5,}/i,
  /\*{3,}/,
  /•{3,}/,
  /\.{3}|…/, // truncated examples: `sk-...`, `AIza…`
  /<\s*(your|my|insert|enter|replace|put|add|secret|token|password|api|key)[^<>]*>/i,
];

/** The placeholder reason for `value`, or undefined when it does not look like a placeholder. */
export function placeholderReason(value: unknown, minLength = 6): string | undefined {
  if (typeof value !== 'string') return 'empty';
  const v = value.trim();
  if (v.length === 0) return 'empty';
  const norm = v.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (PLACEHOLDER_WORDS.has(norm)) return 'placeholder';
  if (/^[*xX•#.\-_0\s?]+$/.test(v)) return 'placeholder';
  if (/^<[^<>]{0,100}>$/.test(v) || /^\[[^\[\]]{0,100}\]$/.test(v) || /^\{[\w\s.:-]{0,100}\}$/.test(v)) return 'placeholder';
  if (/^(.)\1+$/.test(v)) return 'placeholder';
  if (v.length >= 6 && /^(.{1,4})\1{2,}$/.test(v)) return 'placeholder';
  for (const re of PLACEHOLDER_FRAGMENTS) {
    if (re.test(v)) return 'placeholder';
  }
  if (v.length < minLength) return 'too-short';
  return undefined;
}

export function isPlaceholder(value: unknown, minLength = 6): boolean {
  return placeholderReason(value, minLength) !== undefined;
}

/**
 * Masked or templated text inside a token-shaped match (`sk_live_xxxxx…`, `ghp_****`), or a long
 * run of one character (`AKIA0000000000000000`).
 */
export function looksMaskedOrTemplated(value: string): boolean {
  return /x{5,}|X{5,}|\*{3,}|•{3,}|<|>|\$\{|\{\{/.test(value) || /(.)\1{7,}/.test(value);
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (!value) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  const n = [...value].length;
  for (const c of counts.values()) {
    const p = c / n;
    h -= p * Math.log2(p);
  }
  return h;
}

/** How many of: lower case letter, upper case letter, digit, other character occur. */
export function charClassCount(value: string): number {
  let n = 0;
  if (/[a-z]/.test(value)) n++;
  if (/[A-Z]/.test(value)) n++;
  if (/[0-9]/.test(value)) n++;
  if (/[^A-Za-z0-9]/.test(value)) n++;
  return n;
}
