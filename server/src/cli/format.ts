import * as nodePath from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Rule } from '../engine/rule';
import type { Finding, Problem, Severity } from '../engine/types';
import type { WalkSkip } from '../host/walk';

export interface ReportedFinding {
  finding: Finding;
  /** Hash of the rule and the reported text (see `fingerprintOf`); stable across line moves. */
  fingerprint: string;
}

export interface ReportInput {
  /** Folder the report's paths are relative to. */
  root: string;
  /** Findings to report (the baseline's already removed), sorted by file and position. */
  findings: ReportedFinding[];
  /** Parse errors and internal errors met in analysed files. */
  problems: Problem[];
  skipped: WalkSkip[];
  /** Rules that ran. */
  rules: readonly Rule[];
  toolVersion: string;
  durationMs: number;
  /** Files selected / analysed. */
  files: number;
  analysed: number;
  bytes: number;
  /** Findings the baseline accepted (not reported). */
  baselined: number;
  /** Threads that analysed. */
  threads?: number;
}

export function relPath(root: string, p: string): string {
  const r = nodePath.relative(root, p).split(nodePath.sep).join('/');
  return r === '' ? nodePath.basename(p) : r;
}

export function countBySeverity(findings: readonly ReportedFinding[]): Record<Severity, number> {
  const c: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const { finding } of findings) c[finding.severity]++;
  return c;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const COLORS = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m', dim: '\x1b[2m', bold: '\x1b[1m', underline: '\x1b[4m', green: '\x1b[32m', reset: '\x1b[0m' };

/** The one-line summary that ends the text report (and that `--fix-dry-run` prints on standard error). */
export function summaryLine(input: ReportInput, color = false): string {
  const c = (k: keyof typeof COLORS, s: string) => (color ? `${COLORS[k]}${s}${COLORS.reset}` : s);
  const n = countBySeverity(input.findings);
  const total = n.error + n.warning + n.info;
  const head = total
    ? `${plural(total, 'finding')} (${plural(n.error, 'error')}, ${plural(n.warning, 'warning')}${n.info ? `, ${n.info} info` : ''})`
    : 'No findings';
  const extra = [`${input.skipped.length} skipped`];
  if (input.baselined) extra.push(`${input.baselined} accepted by the baseline`);
  const secs = (input.durationMs / 1000).toFixed(2);
  return `${c(total ? (n.error ? 'error' : n.warning ? 'warning' : 'info') : 'green', head)} in ${plural(input.files, 'file')} (${extra.join(', ')}), ${secs}s`;
}

/** Grouped by file, one line per finding (line:column, severity, message, rule), then the summary line. */
export function formatText(input: ReportInput, color: boolean): string {
  const c = (k: keyof typeof COLORS, s: string) => (color ? `${COLORS[k]}${s}${COLORS.reset}` : s);
  const out: string[] = [];
  let current: string | undefined;
  for (const { finding: f } of input.findings) {
    if (f.path !== current) {
      if (current !== undefined) out.push('');
      current = f.path;
      out.push(c('underline', relPath(input.root, f.path)));
    }
    const pos = `${f.range.start.line + 1}:${f.range.start.character + 1}`;
    out.push(`  ${c('dim', pos.padEnd(8))} ${c(f.severity, f.severity.padEnd(7))} ${f.message}  ${c('dim', f.ruleId)}`);
  }
  if (current !== undefined) out.push('');
  out.push(summaryLine(input, color));
  return out.join('\n') + '\n';
}

export function formatJson(input: ReportInput): string {
  const n = countBySeverity(input.findings);
  const findings = input.findings.map(({ finding: f, fingerprint }) => ({
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    file: relPath(input.root, f.path),
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
    fingerprint,
    fixes: f.fixes.filter((x) => x.kind === 'quickfix').map((x) => ({ title: x.title, isPreferred: x.isPreferred, files: [...new Set(x.edits.map((e) => relPath(input.root, e.path)))] })),
  }));
  const problems = input.problems.map((p) => ({ kind: p.kind, file: relPath(input.root, p.path), message: p.message, line: p.range ? p.range.start.line + 1 : undefined }));
  const skipped = input.skipped.map((s) => ({ file: relPath(input.root, s.path), reason: s.reason }));
  const summary = {
    files: input.files,
    analysed: input.analysed,
    skipped: input.skipped.length,
    ...n,
    baselined: input.baselined,
    bytes: input.bytes,
    durationMs: Math.round(input.durationMs),
  };
  return JSON.stringify({ version: input.toolVersion, root: input.root, summary, findings, problems, skipped }, null, 2) + '\n';
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
/** GitHub code scanning ranks security alerts by `security-severity` (0-10): high, medium, low. */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.5', info: '3.0' };
/** GitHub's limit on notifications is generous, but a report should stay readable. */
const MAX_NOTIFICATIONS = 1000;

function ruleHelp(rule: Rule): { text: string; markdown: string } {
  const m = rule.meta;
  const fix = m.fixable ? 'A quick fix is offered (in the editor, and by `serverless-guard scan --fix`).' : 'No automatic fix.';
  const text = [
    m.description,
    `Default severity: ${m.defaultSeverity}. ${fix.replace(/`/g, '')}`,
    `To accept one finding, put "serverless-guard-ignore-next-line ${m.id}" in a comment on the line above it.`,
    `Documentation: ${m.docsUrl}`,
  ].join('\n');
  const markdown = [
    `**${m.id}**: ${m.description}`,
    '',
    `Default severity: \`${m.defaultSeverity}\`. ${fix}`,
    '',
    `To accept one finding, put \`serverless-guard-ignore-next-line ${m.id}\` in a comment on the line above it.`,
    '',
    `[Documentation](${m.docsUrl})`,
  ].join('\n');
  return { text, markdown };
}

/** `a/b c.js` -> `a/b%20c.js`: a relative URI reference, segment by segment. */
function relUri(rel: string): string {
  return rel.split('/').map(encodeURIComponent).join('/');
}

/**
 * SARIF 2.1.0 as GitHub code scanning reads it: one run, rules with help and security severity, results
 * with a location relative to `SRCROOT` (declared in `originalUriBaseIds`), 1-based regions in UTF-16
 * columns, and a line-independent partial fingerprint. Skipped files and analysis problems are tool
 * execution notifications.
 */
export function formatSarif(input: ReportInput): string {
  const rootUri = pathToFileURL(input.root.endsWith(nodePath.sep) ? input.root : input.root + nodePath.sep).href;
  const ruleIndex = new Map(input.rules.map((r, i) => [r.meta.id, i]));
  const location = (path: string) => {
    const rel = nodePath.relative(input.root, path).split(nodePath.sep).join('/');
    return rel.startsWith('..') || nodePath.isAbsolute(rel) ? { uri: pathToFileURL(path).href } : { uri: relUri(rel || nodePath.basename(path)), uriBaseId: 'SRCROOT' };
  };
  const results = input.findings.map(({ finding: f, fingerprint }) => {
    const idx = ruleIndex.get(f.ruleId);
    return {
      ruleId: f.ruleId,
      ...(idx === undefined ? {} : { ruleIndex: idx }),
      level: SARIF_LEVEL[f.severity],
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: location(f.path),
            region: {
              startLine: f.range.start.line + 1,
              startColumn: f.range.start.character + 1,
              endLine: f.range.end.line + 1,
              endColumn: f.range.end.character + 1,
            },
          },
        },
      ],
      partialFingerprints: { 'serverlessGuardFingerprint/v1': fingerprint },
    };
  });
  const notifications: object[] = [];
  for (const s of input.skipped) {
    notifications.push({ level: 'note', message: { text: `Skipped: ${s.reason}` }, locations: [{ physicalLocation: { artifactLocation: location(s.path) } }], descriptor: { id: 'skipped-file' } });
  }
  for (const p of input.problems) {
    const level = p.kind === 'internal-error' ? 'error' : 'note';
    notifications.push({
      level,
      message: { text: p.message },
      locations: [{ physicalLocation: { artifactLocation: location(p.path), ...(p.range ? { region: { startLine: p.range.start.line + 1, startColumn: p.range.start.character + 1 } } : {}) } }],
      descriptor: { id: p.kind },
    });
  }
  if (notifications.length > MAX_NOTIFICATIONS) {
    const more = notifications.length - MAX_NOTIFICATIONS;
    notifications.length = MAX_NOTIFICATIONS;
    notifications.push({ level: 'note', message: { text: `${more} more notifications left out` } });
  }
  const sarif = {
    $schema: 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'serverless-guard',
            version: input.toolVersion,
            semanticVersion: input.toolVersion,
            informationUri: 'https://github.com/serverless-guard/serverless-guard',
            rules: input.rules.map((r) => ({
              id: r.meta.id,
              name: r.meta.id,
              shortDescription: { text: r.meta.description },
              fullDescription: { text: r.meta.description },
              helpUri: r.meta.docsUrl,
              help: ruleHelp(r),
              defaultConfiguration: { level: SARIF_LEVEL[r.meta.defaultSeverity] },
              properties: {
                tags: ['security', 'serverless'],
                precision: 'high',
                'problem.severity': r.meta.defaultSeverity === 'info' ? 'recommendation' : r.meta.defaultSeverity,
                'security-severity': SECURITY_SEVERITY[r.meta.defaultSeverity],
              },
            })),
          },
        },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        originalUriBaseIds: { SRCROOT: { uri: rootUri, description: { text: 'The folder result locations are relative to.' } } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
