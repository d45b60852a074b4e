/** Types shared by the secret-detection helpers. Plain data only. */

export type SecretSeverity = 'error' | 'warning';

/** One detected credential in a text. Offsets are UTF-16 code unit indices into the scanned text. */
export interface TokenMatch {
  /** Stable id of the format, e.g. 'aws-access-key-id', 'github-pat-classic', 'private-key'. */
  kind: string;
  /** Human name, e.g. 'GitHub personal access token'. Never contains the secret. */
  name: string;
  /** Start of the highlighted span (inclusive). */
  start: number;
  /** End of the highlighted span (exclusive). */
  end: number;
  severity: SecretSeverity;
  /**
   * The secret material itself (for most formats the same text as the span; for a database URL
   * the password, for `AccountKey=…` the key). For internal checks only: never print it, use
   * `redact()`.
   */
  value?: string;
  /** Which detector found it. Matches from our own table are 'builtin'. */
  source?: 'builtin' | 'secretlint';
}

/**
 * One entry of the provider table. Either `regex` (+ optional `validate`) or `scan` is given.
 * `quick` lists literal strings (or cheap regexes) of which at least one must occur in the text
 * for the entry to be run at all.
 */
export interface TokenPattern {
  id: string;
  name: string;
  severity: SecretSeverity;
  quick: ReadonlyArray<string | RegExp>;
  /** Must have the global flag. */
  regex?: RegExp;
  /** Capture group holding the secret value (default 0 = whole match). The span is the whole match unless `spanGroup` is set. */
  valueGroup?: number;
  /** Capture group whose extent is reported as the span (default 0 = whole match). */
  spanGroup?: number;
  /** Name for one match when it depends on the match (e.g. the URL scheme); default `name`. */
  nameFor?: (match: RegExpExecArray) => string;
  /** Extra check on a regex match; return false to drop it. */
  validate?: (value: string, match: RegExpExecArray, text: string) => boolean;
  /** Other kinds a `scan` function may report besides `id` (for de-duplication ranking). */
  alsoEmits?: readonly string[];
  /** Custom scanner for formats that need context (proximity, pairing). */
  scan?: (text: string) => TokenMatch[];
}

export type LiteralVerdict = 'secret' | 'not-secret';

export interface LiteralClassification {
  verdict: LiteralVerdict;
  /** Short machine-readable reason, e.g. 'placeholder', 'reference', 'uuid', 'provider-format:stripe-secret-key'. */
  reason: string;
}
