import * as nodeFs from 'node:fs';
import * as nodePath from 'node:path';
import { applyEdits } from '../engine/fix/edits';
import { normalizePath } from '../engine/paths';
import type { Finding, TextEdit } from '../engine/types';
import { encodeText, readTextFileSync, textDigest, type ReaderFs } from '../host/read';
import { unifiedDiff } from './diff';

/** A preferred fix of one finding, with the digests of the texts its edits were computed against. */
export interface FixCandidate {
  finding: Finding;
  edits: TextEdit[];
  /** path -> digest of the text the engine analysed (from the scan). */
  digests: Record<string, string>;
}

export interface PlannedFile {
  path: string;
  before: string;
  after: string;
  /** Fixes applied to this file (a cross-file fix counts in each file it edits). */
  fixes: number;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
  bom: boolean;
}

export interface FixPlan {
  files: PlannedFile[];
  /** Fixes accepted (each counted once, whatever the number of files it edits). */
  applied: number;
  /** Fixes left out, with the reason (overlap, file changed since it was read...). */
  dropped: Array<{ finding: Finding; reason: string }>;
}

/** The preferred quick fix of a finding, if it has one that edits text. */
export function preferredFix(f: Finding): TextEdit[] | undefined {
  const fix = f.fixes.find((x) => x.isPreferred && x.kind === 'quickfix' && x.edits.length > 0);
  return fix?.edits;
}

const overlaps = (a: TextEdit, b: TextEdit) =>
  a.range.startOffset < b.range.endOffset && b.range.startOffset < a.range.endOffset ||
  // Two insertions at one place (or an insertion at the edge of a replacement) have no defined order.
  (a.range.startOffset === b.range.startOffset && (a.range.startOffset === a.range.endOffset || b.range.startOffset === b.range.endOffset));

const sameEdit = (a: TextEdit, b: TextEdit) =>
  a.range.startOffset === b.range.startOffset && a.range.endOffset === b.range.endOffset && a.newText === b.newText;

/**
 * Chooses which fixes to apply and computes the new texts, without writing anything: fixes in file and
 * position order, each all-or-nothing across the files it edits; a fix that overlaps one already taken
 * is left out (an identical edit, two findings asking for the same change, is taken once). Every file
 * an edit touches is read again and must still be the text the scan analysed (same digest), else the
 * fixes touching it are left out.
 */
export function planFixes(candidates: readonly FixCandidate[], fs?: ReaderFs): FixPlan {
  const dropped: FixPlan['dropped'] = [];
  const ordered = [...candidates].sort((a, b) => {
    const pa = a.finding.path;
    const pb = b.finding.path;
    return pa < pb ? -1 : pa > pb ? 1 : a.finding.range.startOffset - b.finding.range.startOffset;
  });
  // Current texts, read once per file and checked against the digest the scan saw.
  const current = new Map<string, { text: string; encoding: PlannedFile['encoding']; bom: boolean } | { error: string }>();
  const load = (path: string, digest: string | undefined) => {
    const key = normalizePath(path);
    let c = current.get(key);
    if (!c) {
      const r = readTextFileSync(path, Number.MAX_SAFE_INTEGER, fs);
      c = r.ok ? { text: r.text, encoding: r.encoding, bom: r.bom } : { error: r.reason };
      current.set(key, c);
    }
    if ('error' in c) return `${nodePath.basename(path)} cannot be read (${c.error})`;
    if (digest === undefined) return `${nodePath.basename(path)} was not read by the scan`;
    if (textDigest(c.text) !== digest) return `${nodePath.basename(path)} changed since it was read`;
    return undefined;
  };
  const accepted = new Map<string, TextEdit[]>();
  const perFileFixes = new Map<string, number>();
  let applied = 0;
  for (const c of ordered) {
    let reason: string | undefined;
    for (const e of c.edits) {
      reason = load(e.path, c.digests[e.path] ?? c.digests[normalizePath(e.path)]);
      if (reason) break;
    }
    if (!reason) {
      for (const e of c.edits) {
        const taken = accepted.get(normalizePath(e.path)) ?? [];
        if (taken.some((t) => !sameEdit(t, e) && overlaps(t, e))) {
          reason = 'overlaps another fix';
          break;
        }
      }
    }
    if (reason) {
      dropped.push({ finding: c.finding, reason });
      continue;
    }
    applied++;
    const files = new Set<string>();
    for (const e of c.edits) {
      const key = normalizePath(e.path);
      const taken = accepted.get(key) ?? [];
      if (!taken.some((t) => sameEdit(t, e))) taken.push(e);
      accepted.set(key, taken);
      files.add(key);
    }
    for (const f of files) perFileFixes.set(f, (perFileFixes.get(f) ?? 0) + 1);
  }
  const files: PlannedFile[] = [];
  for (const [path, edits] of [...accepted.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const c = current.get(path);
    if (!c || 'error' in c) continue;
    files.push({ path, before: c.text, after: applyEdits(c.text, edits), fixes: perFileFixes.get(path) ?? 0, encoding: c.encoding, bom: c.bom });
  }
  return { files, applied, dropped };
}

export interface WriteOutcome {
  written: string[];
  /** Files not written because they changed between planning and writing. */
  changed: string[];
  failed: Array<{ path: string; reason: string }>;
}

/** Writes planned files, checking each one once more just before writing (same text as planned from). */
export function writeFixes(plan: FixPlan, fs: ReaderFs & Pick<typeof nodeFs, 'writeFileSync'> = nodeFs): WriteOutcome {
  const out: WriteOutcome = { written: [], changed: [], failed: [] };
  for (const f of plan.files) {
    if (f.before === f.after) continue;
    const now = readTextFileSync(f.path, Number.MAX_SAFE_INTEGER, fs);
    if (!now.ok || now.text !== f.before) {
      out.changed.push(f.path);
      continue;
    }
    try {
      fs.writeFileSync(f.path, encodeText(f.after, f.encoding, f.bom));
      out.written.push(f.path);
    } catch (e) {
      out.failed.push({ path: f.path, reason: (e as NodeJS.ErrnoException).code ?? String(e) });
    }
  }
  return out;
}

/**
 * The texts of findings that must not be printed: a finding whose message shows its value only as the
 * first characters and an ellipsis (how the engine reports secrets) marks that value as sensitive.
 * Values are taken from the planned files' texts, which are what the findings' offsets refer to.
 */
export function sensitiveValues(plan: FixPlan, findings: readonly Finding[]): string[] {
  const texts = new Map(plan.files.map((f) => [normalizePath(f.path), f.before]));
  const out = new Set<string>();
  for (const f of findings) {
    const text = texts.get(normalizePath(f.path));
    if (text === undefined) continue;
    const raw = text.slice(f.range.startOffset, f.range.endOffset);
    const value = raw.replace(/^(['"`])([\s\S]*)\1$/, '$2');
    if (value.length > 4 && f.message.includes(`${Array.from(value).slice(0, 4).join('')}…`)) out.add(value);
  }
  return [...out].sort((a, b) => b.length - a.length);
}

/** `sk_live_abc...` -> `sk_l…` (never more than four characters of a secret). */
function redacted(value: string): string {
  return `${Array.from(value).slice(0, 4).join('')}…`;
}

/**
 * The plan as a unified diff, paths relative to `root` (a/ and b/ prefixes, as git prints them).
 * Sensitive values (see `sensitiveValues`) are shown redacted on every line, removed or kept, so a
 * dry run never prints a secret; such a diff is for reading, and `--fix` applies the real change.
 */
export function planDiff(plan: FixPlan, root: string, sensitive: readonly string[] = []): string {
  const hide = (text: string) => sensitive.reduce((t, v) => t.split(v).join(redacted(v)), text);
  let out = '';
  for (const f of plan.files) {
    const rel = nodePath.relative(root, f.path).split(nodePath.sep).join('/');
    out += unifiedDiff(hide(f.before), hide(f.after), `a/${rel}`, `b/${rel}`);
  }
  return out;
}
