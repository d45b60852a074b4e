import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import { RULES } from '../engine/rules';
import type { EngineSettings } from '../engine/settings';
import type { Problem, Severity } from '../engine/types';
import { scanPaths, type ScanOptions, type ScanOutput } from '../host/scan';
import { batchV8Flags } from '../host/heap';
import { walkFiles } from '../host/walk';
import { parseArgs, UsageError } from './args';
import { Baseline, buildBaseline, writeBaseline } from './baseline';
import { planDiff, planFixes, preferredFix, sensitiveValues, writeFixes, type FixCandidate } from './fix';
import { formatJson, formatSarif, formatText, relPath, summaryLine, type ReportedFinding, type ReportInput } from './format';

/** Exit codes (docs/cli.md). */
export const SCAN_EXIT = { OK: 0, FINDINGS: 1, USAGE: 2, INTERNAL: 3 } as const;

export interface ScanIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  /** Standard output is a terminal (colours in the text format). */
  isTTY: boolean;
  /** Standard error is a terminal (progress line). */
  stderrIsTTY?: boolean;
}

export const SCAN_HELP = `Scan options:
  --format text|json|sarif       report format (default: text)
  --output FILE                  write the report to FILE instead of standard output
  --fail-on error|warning|info|never
                                 lowest severity that makes the exit code 1 (default: warning)
  --rule ID                      run only this rule (repeatable)
  --disable-rule ID              turn a rule off (repeatable)
  --exclude GLOB                 skip files matching GLOB, relative to each scanned folder (repeatable)
  --max-file-size BYTES          skip larger files (default: 1048576; suffixes k and m accepted)
  --no-gitignore                 do not honour .gitignore files
  --baseline FILE                do not report findings recorded in FILE
  --write-baseline               record the current findings in the --baseline FILE and exit 0
  --fix                          apply every preferred quick fix in place, then report what is left
  --fix-dry-run                  print the fixes as a unified diff on standard output; change nothing
  --jobs N                       worker threads (default: one per extra core; 0 = this thread only)
  --list-files                   print the files that would be scanned, one per line, and exit
  --verbose                      list every skipped file with its reason on standard error
  --color / --no-color           force or disable colour in text output
`;

interface ScanFlags {
  format: 'text' | 'json' | 'sarif';
  failOn: Severity | 'never';
  settings: EngineSettings;
  exclude: string[];
  gitignore: boolean;
  workers: number | 'auto';
  output?: string;
  baseline?: string;
  writeBaseline: boolean;
  fix: boolean;
  dryRun: boolean;
  listFiles: boolean;
  verbose: boolean;
  color: boolean;
}

function readFlags(argv: readonly string[], io: ScanIO): { flags: ScanFlags; paths: string[] } {
  const { flags, positionals } = parseArgs(argv, {
    format: { value: true, choices: ['text', 'json', 'sarif'] },
    output: { value: true },
    'fail-on': { value: true, choices: ['error', 'warning', 'info', 'never'] },
    rule: { value: true, multiple: true },
    'disable-rule': { value: true, multiple: true },
    exclude: { value: true, multiple: true },
    'max-file-size': { value: true },
    'no-gitignore': {},
    baseline: { value: true },
    'write-baseline': {},
    fix: {},
    'fix-dry-run': {},
    jobs: { value: true },
    'list-files': {},
    verbose: {},
    color: {},
    'no-color': {},
  });
  const known = new Set(RULES.map((r) => r.meta.id));
  const only = flags.get('rule') ?? [];
  const disabled = flags.get('disable-rule') ?? [];
  for (const id of [...only, ...disabled]) if (!known.has(id)) throw new UsageError(`unknown rule "${id}" (known: ${[...known].join(', ')})`);
  const settings: EngineSettings = { rules: {} };
  for (const r of RULES) {
    if ((only.length && !only.includes(r.meta.id)) || disabled.includes(r.meta.id)) settings.rules![r.meta.id] = { severity: 'off' };
  }
  const maxRaw = flags.get('max-file-size')?.[0];
  if (maxRaw !== undefined) settings.maxFileSize = parseSize(maxRaw);
  let workers: number | 'auto' = 'auto';
  const jobs = flags.get('jobs')?.[0];
  if (jobs !== undefined) {
    const n = Number(jobs);
    if (!Number.isInteger(n) || n < 0 || n > 64) throw new UsageError(`--jobs needs a whole number from 0 to 64 (got "${jobs}")`);
    workers = n;
  }
  if (flags.has('write-baseline') && !flags.has('baseline')) throw new UsageError('--write-baseline needs --baseline FILE (where to write it)');
  if (flags.has('fix') && flags.has('fix-dry-run')) throw new UsageError('--fix and --fix-dry-run cannot be combined');
  if (flags.has('write-baseline') && (flags.has('fix') || flags.has('fix-dry-run'))) throw new UsageError('--write-baseline cannot be combined with --fix');
  const color = flags.has('color') || (!flags.has('no-color') && !flags.has('output') && io.isTTY && !process.env.NO_COLOR);
  return {
    flags: {
      format: (flags.get('format')?.[0] ?? 'text') as ScanFlags['format'],
      failOn: (flags.get('fail-on')?.[0] ?? 'warning') as ScanFlags['failOn'],
      settings,
      exclude: flags.get('exclude') ?? [],
      gitignore: !flags.has('no-gitignore'),
      workers,
      output: flags.get('output')?.[0],
      baseline: flags.get('baseline')?.[0],
      writeBaseline: flags.has('write-baseline'),
      fix: flags.has('fix'),
      dryRun: flags.has('fix-dry-run'),
      listFiles: flags.has('list-files'),
      verbose: flags.has('verbose'),
      color,
    },
    paths: positionals,
  };
}

/** `1048576`, `512k`, `2m` (binary units). */
export function parseSize(raw: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kKmM]?)[bB]?$/.exec(raw.trim());
  const n = m ? Number(m[1]) * (m[2].toLowerCase() === 'k' ? 1024 : m[2].toLowerCase() === 'm' ? 1024 * 1024 : 1) : NaN;
  if (!Number.isFinite(n) || n < 1) throw new UsageError(`--max-file-size needs a positive number of bytes, like 1048576 or 512k (got "${raw}")`);
  return Math.floor(n);
}

/** A progress line on standard error, redrawn at most every 100 ms, cleared at the end. */
function progressLine(io: ScanIO): { update: (done: number, total: number) => void; clear: () => void } {
  if (!io.stderrIsTTY) return { update: () => undefined, clear: () => undefined };
  let last = 0;
  let shown = false;
  return {
    update(done, total) {
      const now = performance.now();
      if (now - last < 100 && done < total) return;
      last = now;
      shown = true;
      const pct = total ? Math.floor((done / total) * 100) : 100;
      io.stderr(`\r\x1b[Kscanning ${done}/${total} files (${pct}%)`);
    },
    clear() {
      if (shown) io.stderr('\r\x1b[K');
      shown = false;
    },
  };
}

export async function scanCommand(argv: readonly string[], io: ScanIO): Promise<number> {
  const { flags, paths: given } = readFlags(argv, io);
  const paths = (given.length ? given : ['.']).map((p) => nodePath.resolve(io.cwd, p));
  for (const p of paths) {
    try {
      await fs.stat(p);
    } catch {
      throw new UsageError(`no such file or folder: ${p}`);
    }
  }
  const root = await reportRoot(paths, io.cwd);

  if (flags.listFiles) {
    for (const p of paths) {
      const w = await walkFiles(p, { exclude: flags.exclude, gitignore: flags.gitignore });
      for (const f of w.files) io.stdout(`${relPath(root, f)}\n`);
      for (const s of w.skipped) io.stderr(`serverless-guard: skipped ${relPath(root, s.path)}: ${s.reason}\n`);
    }
    return SCAN_EXIT.OK;
  }

  const baseline = flags.baseline && !flags.writeBaseline ? await Baseline.load(nodePath.resolve(io.cwd, flags.baseline)) : undefined;
  const progress = progressLine(io);
  const scanOptions: ScanOptions = {
    v8Flags: batchV8Flags(),
    settings: flags.settings,
    exclude: flags.exclude,
    gitignore: flags.gitignore,
    workers: flags.workers,
    withFixData: flags.fix || flags.dryRun,
    onProgress: progress.update,
    log: (m) => io.stderr(`${m}\n`),
  };
  let out: ScanOutput;
  try {
    out = await scanPaths(paths, scanOptions);
  } finally {
    progress.clear();
  }
  let report = collect(out, baseline);

  if (flags.writeBaseline) {
    const location = nodePath.resolve(io.cwd, flags.baseline!);
    const data = buildBaseline(location, report.all.map(({ finding, fingerprint }) => ({ path: finding.path, ruleId: finding.ruleId, fingerprint })), versionOf());
    await writeBaseline(location, data);
    io.stderr(`serverless-guard: wrote ${report.all.length} finding${report.all.length === 1 ? '' : 's'} (${data.findings.length} entries) to ${flags.baseline}\n`);
    logSkips(io, root, out, flags.verbose);
    return SCAN_EXIT.OK;
  }

  if (flags.fix || flags.dryRun) {
    const byPath = new Map(out.outcomes.map((o) => [o.path, o]));
    const candidates: FixCandidate[] = [];
    for (const { finding } of report.reported) {
      const edits = preferredFix(finding);
      if (!edits) continue;
      const outcome = byPath.get(finding.path);
      candidates.push({ finding, edits, digests: outcome?.digests ?? {} });
    }
    const plan = planFixes(candidates);
    for (const d of plan.dropped) {
      io.stderr(`serverless-guard: not fixed: ${relPath(root, d.finding.path)}:${d.finding.range.start.line + 1} ${d.finding.ruleId}: ${d.reason}\n`);
    }
    if (flags.dryRun) {
      io.stdout(planDiff(plan, root, sensitiveValues(plan, report.all.map((r) => r.finding))));
      const input = reportInput(out, report, root, flags);
      io.stderr(`serverless-guard: ${plan.applied} fix${plan.applied === 1 ? '' : 'es'} in ${plan.files.length} file${plan.files.length === 1 ? '' : 's'} (dry run, nothing written)\n`);
      io.stderr(`${summaryLine(input)}\n`);
      if (flags.output) await fs.writeFile(nodePath.resolve(io.cwd, flags.output), render(flags, input));
      logSkips(io, root, out, flags.verbose);
      return exitCode(report.reported.map((r) => r.finding.severity), flags.failOn);
    }
    const written = writeFixes(plan);
    for (const p of written.changed) io.stderr(`serverless-guard: not fixed: ${relPath(root, p)} changed while fixes were prepared\n`);
    for (const f of written.failed) io.stderr(`serverless-guard: could not write ${relPath(root, f.path)}: ${f.reason}\n`);
    io.stderr(`serverless-guard: applied ${plan.applied} fix${plan.applied === 1 ? '' : 'es'} to ${written.written.length} file${written.written.length === 1 ? '' : 's'}\n`);
    if (written.written.length) {
      // Report what is left: scan again (fixes may touch configurations, which changes the model).
      const again = await scanPaths(paths, { ...scanOptions, withFixData: false, onProgress: undefined });
      const baselineAgain = flags.baseline ? await Baseline.load(nodePath.resolve(io.cwd, flags.baseline)) : undefined;
      out = again;
      report = collect(again, baselineAgain);
    }
  }

  const input = reportInput(out, report, root, flags);
  const text = render(flags, input);
  if (flags.output) await fs.writeFile(nodePath.resolve(io.cwd, flags.output), text);
  else io.stdout(text);
  logSkips(io, root, out, flags.verbose);
  for (const p of report.problems) {
    if (p.kind === 'internal-error') io.stderr(`serverless-guard: ${relPath(root, p.path)}: ${p.message}\n`);
    else if (flags.verbose) io.stderr(`serverless-guard: ${relPath(root, p.path)}${p.range ? `:${p.range.start.line + 1}` : ''}: ${p.message}\n`);
  }
  return exitCode(report.reported.map((r) => r.finding.severity), flags.failOn);
}

declare const SERVERLESS_GUARD_VERSION: string | undefined;
function versionOf(): string {
  return typeof SERVERLESS_GUARD_VERSION === 'string' ? SERVERLESS_GUARD_VERSION : '0.0.0-dev';
}

interface Collected {
  /** Every finding, sorted by file and position. */
  all: ReportedFinding[];
  /** Those the baseline does not accept. */
  reported: ReportedFinding[];
  baselined: number;
  problems: Problem[];
}

function collect(out: ScanOutput, baseline: Baseline | undefined): Collected {
  const all: ReportedFinding[] = [];
  const problems: Problem[] = [];
  for (const o of out.outcomes) {
    if (!o.result) continue;
    o.result.findings.forEach((finding, i) => all.push({ finding, fingerprint: o.fingerprints?.[i] ?? '' }));
    problems.push(...o.result.problems.filter((p) => p.kind !== 'skipped'));
  }
  const reported = baseline ? all.filter((f) => !baseline.accepts({ path: f.finding.path, ruleId: f.finding.ruleId, fingerprint: f.fingerprint })) : all;
  return { all, reported, baselined: all.length - reported.length, problems };
}

function reportInput(out: ScanOutput, c: Collected, root: string, flags: ScanFlags): ReportInput {
  const rules = RULES.filter((r) => flags.settings.rules?.[r.meta.id]?.severity !== 'off');
  return {
    root,
    findings: c.reported,
    problems: c.problems,
    skipped: out.skipped,
    rules,
    toolVersion: versionOf(),
    durationMs: out.durationMs,
    files: out.files,
    analysed: out.analysed,
    bytes: out.bytes,
    baselined: c.baselined,
    threads: out.threads,
  };
}

function render(flags: ScanFlags, input: ReportInput): string {
  return flags.format === 'json' ? formatJson(input) : flags.format === 'sarif' ? formatSarif(input) : formatText(input, flags.color);
}

/** Skipped files on standard error: each one with --verbose, otherwise counts by reason. */
function logSkips(io: ScanIO, root: string, out: ScanOutput, verbose: boolean): void {
  if (!out.skipped.length) return;
  if (verbose) {
    for (const s of out.skipped) io.stderr(`serverless-guard: skipped ${relPath(root, s.path)}: ${s.reason}\n`);
    return;
  }
  const byReason = new Map<string, number>();
  for (const s of out.skipped) {
    const r = s.reason.replace(/\s*\(.*\)\s*$/, '');
    byReason.set(r, (byReason.get(r) ?? 0) + 1);
  }
  const parts = [...byReason.entries()].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${n} ${r}`);
  io.stderr(`serverless-guard: skipped ${out.skipped.length} file${out.skipped.length === 1 ? '' : 's'}: ${parts.join('; ')} (--verbose lists them)\n`);
}

function exitCode(severities: readonly Severity[], failOn: Severity | 'never'): number {
  if (failOn === 'never') return SCAN_EXIT.OK;
  const order: Severity[] = ['info', 'warning', 'error'];
  const threshold = order.indexOf(failOn);
  return severities.some((s) => order.indexOf(s) >= threshold) ? SCAN_EXIT.FINDINGS : SCAN_EXIT.OK;
}

/**
 * The folder report paths are relative to: the working directory when every scanned path is inside it
 * (so paths match the repository in CI), otherwise the deepest folder that holds them all.
 */
export async function reportRoot(paths: readonly string[], cwd: string): Promise<string> {
  const inside = (p: string, dir: string) => {
    const r = nodePath.relative(dir, p);
    return r === '' || (!r.startsWith('..') && !nodePath.isAbsolute(r));
  };
  const absCwd = nodePath.resolve(cwd);
  if (paths.every((p) => inside(p, absCwd))) return absCwd;
  const dirs = await Promise.all(
    paths.map(async (p) => {
      const st = await fs.stat(p).catch(() => undefined);
      return st?.isDirectory() ? p : nodePath.dirname(p);
    }),
  );
  const split = dirs.map((p) => p.split(nodePath.sep));
  const first = split[0];
  let i = 0;
  while (i < first.length && split.every((s) => s[i] === first[i])) i++;
  return first.slice(0, i).join(nodePath.sep) || nodePath.sep;
}
