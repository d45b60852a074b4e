import { estree } from '../parse/estree';
import type { SourceFile } from '../source';
import { walk } from '../parse/tree';
import type { Finding, Fix } from '../types';
import { insertEdit } from './edits';

export const IGNORE_DIRECTIVE = 'serverless-guard-ignore-next-line';

const DIRECTIVE = /^\s*(?:\/\/|#|\/\*|\*|<!--)\s*serverless-guard-ignore-next-line\b([^\r\n]*)/;

/** Comment syntax for a file, or undefined where comments are not allowed (plain JSON). */
export function lineCommentPrefix(file: SourceFile): string | undefined {
  const c = file.classification;
  if (c.role === 'ignored') return undefined;
  switch (c.language) {
    case 'javascript':
    case 'typescript':
      return '//';
    case 'python':
    case 'yaml':
    case 'text':
      return '#';
    default:
      return undefined;
  }
}

/**
 * Rules silenced on each line by a `serverless-guard-ignore-next-line [rule, ...]` comment on the line
 * above (no rule list: every rule). Returns line -> rule ids (empty set = all).
 */
export function suppressedLines(file: SourceFile): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>();
  if (!file.text.includes(IGNORE_DIRECTIVE)) return out;
  const lines = file.lines;
  for (let line = 0; line < lines.lineCount; line++) {
    const m = DIRECTIVE.exec(lines.lineText(line));
    if (!m) continue;
    const rest = m[1].replace(/\*\/.*$|-->.*$/, '').split(/\s+--\s+/)[0];
    const ids = rest.split(/[\s,]+/).filter((s) => /^[a-z][\w-]*$/.test(s));
    out.set(line + 1, new Set(ids));
  }
  return out;
}

export function isSuppressed(finding: Finding, suppressed: Map<number, Set<string>>): boolean {
  const ids = suppressed.get(finding.range.start.line);
  return !!ids && (ids.size === 0 || ids.has(finding.ruleId));
}

/** A fix that adds the ignore comment above the finding's line, indented like it. */
export function suppressFix(file: SourceFile, finding: Finding): Fix | undefined {
  const prefix = lineCommentPrefix(file);
  if (!prefix) return undefined;
  const line = finding.range.start.line;
  const lineText = file.lines.lineText(line);
  const indent = /^[ \t]*/.exec(lineText)?.[0] ?? '';
  const at = file.lines.lineStart(line);
  // A comment line inserted inside a multi-line string would change the string: decline instead.
  if (insideMultilineToken(file, at)) return undefined;
  const text = `${indent}${prefix} ${IGNORE_DIRECTIVE} ${finding.ruleId}${file.lines.eol()}`;
  return {
    title: `Ignore ${finding.ruleId} on this line`,
    isPreferred: false,
    kind: 'suppress',
    edits: [insertEdit(file, at, text)],
  };
}

const multilineSpans = new WeakMap<SourceFile, Array<[number, number]>>();

/** Spans of strings, templates and scalars that cover a line break, computed once per file version. */
function spansOf(file: SourceFile): Array<[number, number]> {
  let spans = multilineSpans.get(file);
  if (spans) return spans;
  const out: Array<[number, number]> = [];
  const text = file.text;
  const multiline = (s: number, e: number) => {
    const i = text.indexOf('\n', s);
    return i >= 0 && i < e;
  };
  const ast = file.js?.ast;
  if (ast) {
    estree().simpleTraverse(ast, {
      enter(node) {
        if ((node.type === 'Literal' || node.type === 'TemplateLiteral' || node.type === 'JSXText') && multiline(node.range[0], node.range[1])) {
          out.push([node.range[0], node.range[1]]);
        }
      },
    });
  } else if (file.config) {
    for (const root of file.config.roots) {
      walk(root, (n) => {
        if (n.kind === 'scalar' && multiline(n.range[0], n.range[1])) out.push([n.range[0], n.range[1]]);
      });
    }
  } else if (file.classification.role === 'code' && file.classification.language === 'python') {
    // No Python tree yet: triple-quoted strings are the multi-line tokens a comment line would break.
    const re = /("""|\'\'\')[\s\S]*?\1/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) if (multiline(m.index, m.index + m[0].length)) out.push([m.index, m.index + m[0].length]);
  }
  spans = out;
  multilineSpans.set(file, spans);
  return spans;
}

/** Whether `offset` falls strictly inside a string, template or scalar that spans several lines. */
export function insideMultilineToken(file: SourceFile, offset: number): boolean {
  for (const [s, e] of spansOf(file)) if (s < offset && offset < e) return true;
  return false;
}
