import * as nodePath from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Rule } from '../engine/rule';
import type { AnalysisResult, Finding, Severity } from '../engine/types';

export interface ReportInput {
  root: string;
  results: AnalysisResult[];
  rules: readonly Rule[];
  toolVersion: string;
  durationMs: number;
  files: number;
  skipped: number;
}

function rel(root: string, p: string): string {
  const r = nodePath.relative(root, p).split(nodePath.sep).join('/');
  return r === '' ? nodePath.basename(p) : r;
}

function counts(results: AnalysisResult[]): Record<Severity, number> {
  const c: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const r of results) for (const f of r.findings) c[f.severity]++;
  return c;
}

const COLORS = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m', dim: '\x1b[2m', bold: '\x1b[1m', reset: '\x1b[0m' };

export function formatText(input: ReportInput, color: boolean): string {
  const c = (k: keyof typeof COLORS, s: string) => (color ? `${COLORS[k]}${s}${COLORS.reset}` : s);
  const out: string[] = [];
  for (const r of input.results) {
    if (!r.findings.length) continue;
    out.push(c('bold', rel(input.root, r.path)));
    for (const f of r.findings) {
      const pos = `${f.range.start.line + 1}:${f.range.start.character + 1}`;
      out.push(`  ${c('dim', pos.padEnd(8))} ${c(f.severity, f.severity.padEnd(7))} ${f.message}  ${c('dim', f.ruleId)}`);
    }
    out.push('');
  }
  const n = counts(input.results);
  const total = n.error + n.warning + n.info;
  const secs = (input.durationMs / 1000).toFixed(2);
  const summary = total
    ? `${total} finding${total === 1 ? '' : 's'} (${n.error} error${n.error === 1 ? '' : 's'}, ${n.warning} warning${n.warning === 1 ? '' : 's'}${n.info ? `, ${n.info} info` : ''})`
    : 'No findings';
  out.push(`${c(total ? (n.error ? 'error' : 'warning') : 'bold', summary)} in ${input.files} file${input.files === 1 ? '' : 's'} (${input.skipped} skipped), ${secs}s`);
  return out.join('\n') + '\n';
}

export function formatJson(input: ReportInput): string {
  const n = counts(input.results);
  const findings = input.results.flatMap((r) =>
    r.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      file: rel(input.root, f.path),
      line: f.range.start.line + 1,
      column: f.range.start.character + 1,
      endLine: f.range.end.line + 1,
      endColumn: f.range.end.character + 1,
      fixes: f.fixes.filter((x) => x.kind === 'quickfix').map((x) => ({ title: x.title, isPreferred: x.isPreferred })),
    })),
  );
  const problems = input.results.flatMap((r) => r.problems.map((p) => ({ kind: p.kind, file: rel(input.root, p.path), message: p.message, line: p.range ? p.range.start.line + 1 : undefined })));
  return JSON.stringify({ version: input.toolVersion, summary: { files: input.files, skipped: input.skipped, ...n, durationMs: Math.round(input.durationMs) }, findings, problems }, null, 2) + '\n';
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export function formatSarif(input: ReportInput): string {
  const ruleIndex = new Map(input.rules.map((r, i) => [r.meta.id, i]));
  const rootUri = pathToFileURL(input.root.endsWith(nodePath.sep) ? input.root : input.root + nodePath.sep).href;
  const results = input.results.flatMap((r) =>
    r.findings.map((f: Finding) => ({
      ruleId: f.ruleId,
      ruleIndex: ruleIndex.get(f.ruleId),
      level: SARIF_LEVEL[f.severity],
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: encodeURI(rel(input.root, f.path)), uriBaseId: 'SRCROOT' },
            region: {
              startLine: f.range.start.line + 1,
              startColumn: f.range.start.character + 1,
              endLine: f.range.end.line + 1,
              endColumn: f.range.end.character + 1,
            },
          },
        },
      ],
    })),
  );
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'serverless-guard',
            version: input.toolVersion,
            informationUri: 'https://github.com/serverless-guard/serverless-guard',
            rules: input.rules.map((r) => ({
              id: r.meta.id,
              name: r.meta.id,
              shortDescription: { text: r.meta.description },
              fullDescription: { text: r.meta.description },
              helpUri: r.meta.docsUrl,
              help: { text: `${r.meta.description} See ${r.meta.docsUrl}` },
              defaultConfiguration: { level: SARIF_LEVEL[r.meta.defaultSeverity] },
            })),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: rootUri } },
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
