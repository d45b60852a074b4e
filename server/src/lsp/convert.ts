import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeAction,
  CodeActionKind,
  Diagnostic,
  DiagnosticSeverity,
  type Range as LspRange,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
  type OptionalVersionedTextDocumentIdentifier,
} from 'vscode-languageserver';
import { ruleById } from '../engine/rules';
import { normalizePath } from '../engine/paths';
import type { Finding, Fix, Problem, Range, Severity } from '../engine/types';

export const SOURCE = 'serverless-guard';
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.serverlessGuard`;

/** Engine path of a document URI: the file system path for `file:` URIs, the URI itself otherwise. */
export function uriToPath(uri: string): string {
  if (uri.startsWith('file:')) {
    try {
      return normalizePath(fileURLToPath(uri));
    } catch {
      return uri;
    }
  }
  return uri;
}

export function pathToUri(path: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(path) && !/^[a-z]:[\\/]/i.test(path) ? path : pathToFileURL(path).href;
}

export function toLspRange(r: Range): LspRange {
  return { start: { ...r.start }, end: { ...r.end } };
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export interface DiagnosticData {
  ruleId: string;
  /** Offsets of the finding, to match a diagnostic back to the finding that made it. */
  start: number;
  end: number;
}

export function toDiagnostic(f: Finding): Diagnostic {
  const rule = ruleById(f.ruleId);
  const d: Diagnostic = {
    range: toLspRange(f.range),
    severity: SEVERITY[f.severity],
    code: f.ruleId,
    source: SOURCE,
    message: f.message,
    data: { ruleId: f.ruleId, start: f.range.startOffset, end: f.range.endOffset } satisfies DiagnosticData,
  };
  if (rule) d.codeDescription = { href: rule.meta.docsUrl };
  return d;
}

/** Problems worth showing in the editor: syntax errors, as hints at their position. */
export function problemDiagnostic(p: Problem): Diagnostic | undefined {
  if (p.kind !== 'parse-error' || !p.range) return undefined;
  return {
    range: toLspRange(p.range),
    severity: DiagnosticSeverity.Hint,
    source: SOURCE,
    message: `Serverless Guard could not parse this: ${p.message}`,
  };
}

export interface EditTarget {
  uri: string;
  /** Version of the open document, or null when the file is not open. */
  version: number | null;
}

/** A workspace edit from engine edits (one or several files), versioned where the client supports it. */
export function toWorkspaceEdit(fix: Pick<Fix, 'edits'>, target: (path: string) => EditTarget, documentChanges: boolean): WorkspaceEdit {
  const byUri = new Map<string, { target: EditTarget; edits: LspTextEdit[] }>();
  for (const e of fix.edits) {
    const t = target(e.path);
    const entry = byUri.get(t.uri) ?? { target: t, edits: [] };
    entry.edits.push({ range: toLspRange(e.range), newText: e.newText });
    byUri.set(t.uri, entry);
  }
  if (documentChanges) {
    return {
      documentChanges: [...byUri.values()].map(({ target: t, edits }) => ({
        textDocument: { uri: t.uri, version: t.version } satisfies OptionalVersionedTextDocumentIdentifier,
        edits,
      })),
    };
  }
  return { changes: Object.fromEntries([...byUri.entries()].map(([uri, v]) => [uri, v.edits])) };
}

/** Client-side commands that fixes may ask for (registered by the extension; other clients may lack them). */
export const CLIENT_COMMANDS = { allowHost: 'serverlessGuard.allowHost' } as const;

export function toCodeAction(fix: Fix, diagnostic: Diagnostic | undefined, edit: WorkspaceEdit): CodeAction {
  const action = CodeAction.create(fix.title, CodeActionKind.QuickFix);
  if (fix.edits.length) action.edit = edit;
  if (fix.command) action.command = { title: fix.title, command: CLIENT_COMMANDS[fix.command.name], arguments: fix.command.args };
  if (diagnostic) action.diagnostics = [diagnostic];
  if (fix.isPreferred && fix.kind === 'quickfix') action.isPreferred = true;
  return action;
}
