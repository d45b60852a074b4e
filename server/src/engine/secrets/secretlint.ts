/**
 * secretlint integration: run `@secretlint/core`'s `lintSource` with the recommended preset over a
 * text and map its messages to `TokenMatch`es with corrected offsets.
 *
 * Loading: both packages are ESM-only. We load them with a plain `import('…')` expression with a
 * string literal, inside an async function:
 * - esbuild (client/server/CLI bundles) sees the literal specifier and inlines both packages into
 *   the CommonJS bundle, so the bundle needs neither node_modules nor require(esm) at run time
 *   (checked with esbuild 0.28 and `--no-experimental-require-module`).
 * - tsc with `module: commonjs` rewrites the expression to `Promise.resolve().then(() =>
 *   require('…'))`. That works on Node >= 20.19 / 22.12, where require() of an ES module without
 *   top-level await is enabled by default (this repo's Node 20.20 included); the tests run that way.
 * - On an older runtime running the unbundled tsc output, the load fails: the rejection is caught,
 *   `secretlintScan` resolves to [] and `secretlintLoadError()` reports why. The built-in table
 *   (`findProviderTokens`) does not depend on secretlint.
 * We did not use `new Function('s', 'return import(s)')`: it hides the import from esbuild (the
 * bundle would then need node_modules at run time) and needs `unsafe-eval`-style evaluation.
 *
 * No I/O: the source is passed as text with `noPhysicFilePath`, binary (.p12) paths are skipped,
 * so secretlint's GCP .p12 check (the only rule that reads a file) never runs.
 */

import { verifyGithubStyleChecksum } from './checksum';
import { dedupeMatches, kindPriority } from './providers';
import type { TokenMatch } from './types';
import { isDocumentedExample } from './values';

/** Minimal shapes of the secretlint API we use (kept local so that no ESM types leak into CJS). */
interface SecretlintMessage {
  ruleId: string;
  messageId: string;
  message: string;
  range: readonly [number, number];
  data?: Record<string, unknown>;
  severity?: string;
}
interface SecretlintResult {
  messages: SecretlintMessage[];
}
type LintSource = (args: {
  source: { content: string; filePath: string; ext: string; contentType: 'text' | 'binary' };
  options: { config: { rules: unknown[] }; locale?: string; maskSecrets?: boolean; noPhysicFilePath?: boolean };
}) => Promise<SecretlintResult>;

interface Loaded {
  lintSource: LintSource;
  presetCreator: { meta: { id: string } };
}

let loading: Promise<Loaded | undefined> | undefined;
let loadError: string | undefined;

async function loadSecretlint(): Promise<Loaded | undefined> {
  if (!loading) {
    loading = (async () => {
      try {
        const core = (await import('@secretlint/core')) as unknown as { lintSource?: LintSource; default?: { lintSource?: LintSource } };
        const preset = (await import('@secretlint/secretlint-rule-preset-recommend')) as unknown as {
          creator?: Loaded['presetCreator'];
          default?: { creator?: Loaded['presetCreator'] };
        };
        const lintSource = core.lintSource ?? core.default?.lintSource;
        const presetCreator = preset.creator ?? preset.default?.creator;
        if (typeof lintSource !== 'function' || !presetCreator) {
          loadError = 'secretlint packages loaded but did not export lintSource/creator';
          return undefined;
        }
        return { lintSource, presetCreator };
      } catch (e) {
        loadError = `secretlint could not be loaded: ${e instanceof Error ? e.message : String(e)}`;
        return undefined;
      }
    })();
  }
  return loading;
}

/** Why secretlint is unavailable, or undefined when it loaded (or has not been tried yet). */
export function secretlintLoadError(): string | undefined {
  return loadError;
}

/** Loads secretlint (once); resolves to true when `secretlintScan` can use it. */
export async function secretlintAvailable(): Promise<boolean> {
  return (await loadSecretlint()) !== undefined;
}

/**
 * The configuration: the recommend preset, with the AWS rule's `enableIDScanRule` turned on (it
 * adds the access-key-id check, which is off by default) and its account-id message suppressed
 * (an account id is not a secret).
 */
function buildConfig(presetCreator: Loaded['presetCreator']): { rules: unknown[] } {
  return {
    rules: [
      {
        id: presetCreator.meta.id,
        rule: presetCreator,
        rules: [
          {
            id: '@secretlint/secretlint-rule-aws',
            options: { enableIDScanRule: true },
            allowMessageIds: ['AWSAccountID'],
          },
        ],
      },
    ],
  };
}

/** Our kind id and name for secretlint message ids (others keep a kind derived from the rule). */
const MESSAGE_KINDS: Readonly<Record<string, [string, string]>> = {
  AWSAccessKeyID: ['aws-access-key-id', 'AWS access key id'],
  AWSSecretAccessKey: ['aws-secret-access-key', 'AWS secret access key'],
  NPM_ACCESS_TOKEN: ['npm-token', 'npm access token'],
  Npmrc_authToken: ['npmrc-auth', 'npm registry credential (.npmrc)'],
  SLACK_TOKEN: ['slack-token', 'Slack token'],
  IncomingWebhook: ['slack-webhook-url', 'Slack webhook URL'],
  BasicAuth: ['url-credentials', 'URL with embedded credentials'],
  OPENAI_TOKEN: ['openai-api-key', 'OpenAI API key'],
  ANTHROPIC_API_KEY: ['anthropic-api-key', 'Anthropic API key'],
  PrivateKey: ['private-key', 'Private key'],
  SENDGRID_KEY: ['sendgrid-api-key', 'SendGrid API key'],
  STRIPE_SECRET_KEY_LIVE: ['stripe-secret-key', 'Stripe live secret key'],
  STRIPE_RESTRICTED_KEY_LIVE: ['stripe-restricted-key', 'Stripe live restricted key'],
  STRIPE_SECRET_KEY_TEST: ['stripe-test-secret-key', 'Stripe test-mode secret key'],
  STRIPE_RESTRICTED_KEY_TEST: ['stripe-test-secret-key', 'Stripe test-mode secret key'],
  MongoDBConnection: ['database-url', 'MongoDB connection URL with an inline password'],
  MySQLConnection: ['database-url', 'MySQL connection URL with an inline password'],
  PostgreSQLConnection: ['database-url', 'PostgreSQL connection URL with an inline password'],
};

const GITHUB_KINDS: Readonly<Record<string, [string, string]>> = {
  ghp: ['github-pat-classic', 'GitHub personal access token'],
  gho: ['github-oauth-token', 'GitHub OAuth access token'],
  ghu: ['github-user-to-server-token', 'GitHub user-to-server token'],
  ghs: ['github-server-to-server-token', 'GitHub server-to-server token'],
  ghr: ['github-refresh-token', 'GitHub refresh token'],
};

function shortRuleName(ruleId: string): string {
  return ruleId.replace(/^@secretlint\/secretlint-rule-/, '').replace(/[^a-z0-9-]/gi, '-');
}

/** "found Hugging Face User Access Token: hf_…" → "Hugging Face User Access Token". Never includes the secret. */
function nameFromMessage(message: string, messageId: string): string {
  const m = /^found\s+(.+?):\s/.exec(message);
  if (m && m[1].length <= 80) return m[1];
  return messageId.replace(/_/g, ' ').toLowerCase().replace(/^./, (c) => c.toUpperCase());
}

const TRAILING_JUNK_RE = /["'`;,)\]}>\\]+$/;

/**
 * secretlint's `range` is off for some rules (for the AWS secret key and .npmrc token it starts at
 * the key name; URI matches can include a closing quote). Re-locate the secret value from the
 * message data and trim trailing punctuation.
 */
function exactSpan(text: string, msg: SecretlintMessage): { start: number; end: number; value: string } {
  let [start, end] = msg.range;
  start = Math.max(0, Math.min(start, text.length));
  end = Math.max(start, Math.min(end, text.length));
  const data = msg.data ?? {};
  const candidates = Object.values(data).filter((x): x is string => typeof x === 'string' && x.length >= 6);
  for (const raw of candidates) {
    const value = raw.replace(TRAILING_JUNK_RE, '');
    if (value.length < 6) continue;
    const at = text.indexOf(value, start);
    if (at !== -1 && at <= end + 64) {
      return { start: at, end: at + value.length, value };
    }
    const before = text.lastIndexOf(value, start);
    if (before !== -1 && before + value.length >= start) {
      return { start: before, end: before + value.length, value };
    }
  }
  let slice = text.slice(start, end);
  const trimmed = slice.replace(TRAILING_JUNK_RE, '');
  end -= slice.length - trimmed.length;
  slice = trimmed;
  return { start, end, value: slice };
}

function mapMessage(text: string, msg: SecretlintMessage): TokenMatch | undefined {
  if (msg.messageId === 'AWSAccountID') return undefined;
  const { start, end, value } = exactSpan(text, msg);
  if (end <= start) return undefined;
  let kind: string;
  let name: string;
  if (msg.messageId === 'GITHUB_TOKEN') {
    const classic = /^(gh[pousr])_([A-Za-z0-9]{36})$/.exec(value);
    if (classic) {
      // secretlint does not verify the checksum; a token that fails it is not a GitHub token.
      if (!verifyGithubStyleChecksum(classic[2])) return undefined;
      [kind, name] = GITHUB_KINDS[classic[1]];
    } else if (value.startsWith('github_pat_')) {
      [kind, name] = ['github-pat-fine-grained', 'GitHub fine-grained personal access token'];
    } else {
      [kind, name] = ['github-app-installation-token', 'GitHub App installation token'];
    }
  } else if (MESSAGE_KINDS[msg.messageId]) {
    [kind, name] = MESSAGE_KINDS[msg.messageId];
  } else {
    kind = `secretlint:${shortRuleName(msg.ruleId)}:${msg.messageId}`;
    name = nameFromMessage(msg.message, msg.messageId);
  }
  if (msg.messageId === 'NPM_ACCESS_TOKEN') {
    const npm = /^npm_([A-Za-z0-9]{36})$/.exec(value);
    if (npm && !verifyGithubStyleChecksum(npm[1])) return undefined;
  }
  if (msg.messageId === 'AWSAccessKeyID') {
    // Only credential prefixes; AIDA/AROA/AGPA… identify users, roles and groups.
    if (!/^(?:AKIA|ASIA|ABIA|ACCA)/.test(value)) return undefined;
    if (value.startsWith('ASIA')) name = 'AWS temporary access key id';
  }
  if (isDocumentedExample(value)) return undefined;
  return { kind, name, start, end, severity: 'error', value, source: 'secretlint' };
}

/**
 * Scan `text` (the content of `filePath`) with secretlint's recommended preset. Resolves to the
 * mapped matches sorted by offset; resolves to [] when secretlint is unavailable or fails (see
 * `secretlintLoadError()`). Never rejects.
 */
export async function secretlintScan(text: string, filePath: string): Promise<TokenMatch[]> {
  try {
    if (typeof text !== 'string' || text.length === 0) return [];
    const path = typeof filePath === 'string' && filePath !== '' ? filePath : 'untitled.txt';
    const extMatch = /(\.[^./\\]+)$/.exec(path);
    const ext = extMatch ? extMatch[1].toLowerCase() : '';
    if (ext === '.p12' || ext === '.pfx') return []; // binary; the GCP rule would read the file
    const loaded = await loadSecretlint();
    if (!loaded) return [];
    const result = await loaded.lintSource({
      source: { content: text, filePath: path, ext, contentType: 'text' },
      options: { config: buildConfig(loaded.presetCreator), locale: 'en', maskSecrets: false, noPhysicFilePath: true },
    });
    const out: TokenMatch[] = [];
    for (const msg of result.messages ?? []) {
      const mapped = mapMessage(text, msg);
      if (mapped) out.push(mapped);
    }
    return dedupeMatches(out);
  } catch {
    return [];
  }
}

/**
 * Merge our matches with secretlint's: a secretlint match overlapping one of ours is dropped (ours
 * carry the more specific name and the stricter validation); the rest are de-duplicated (same span
 * → more specific kind; contained → outer kept) and sorted by offset.
 */
export function mergeMatches(builtin: readonly TokenMatch[], fromSecretlint: readonly TokenMatch[]): TokenMatch[] {
  const ours = builtin.slice();
  const theirs = fromSecretlint.filter((s) => !ours.some((b) => b.start < s.end && s.start < b.end));
  const all = [...ours, ...theirs];
  // On identical spans prefer the builtin table's order, then secretlint.
  all.sort((a, b) => a.start - b.start || b.end - a.end || kindPriority(a.kind) - kindPriority(b.kind));
  return dedupeMatches(all);
}
