import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { childNodes } from './code/bindings';
import { replaceEdit } from './fix/edits';
import { isSuppressed, suppressedLines, suppressFix } from './fix/suppress';
import { WorkspaceIndex } from './model/workspace';
import type { CodeVisitor, Rule, RuleContext, RuleListener } from './rule';
import { RULES } from './rules';
import type { EngineSettings } from './settings';
import { SourceCache, SourceFile } from './source';
import type { AnalysisResult, Finding, Problem, Severity } from './types';

export interface AnalyzeInput {
  path: string;
  text: string;
}

export interface AnalyzeOptions {
  index?: WorkspaceIndex;
  settings?: EngineSettings;
  /** Reuse parsed trees across calls (the language server keeps one). */
  cache?: SourceCache;
  /** Rules to run (default: the registry). */
  rules?: readonly Rule[];
}

/** The severity a rule runs at under the settings, or 'off'. */
export function effectiveSeverity(rule: Rule, settings: EngineSettings | undefined, reported?: Severity): Severity | 'off' {
  const s = settings?.rules?.[rule.meta.id]?.severity;
  if (s === 'off') return 'off';
  if (s && s !== 'default') return s;
  return reported ?? rule.meta.defaultSeverity;
}

function mayReport(rule: Rule, file: SourceFile): boolean {
  try {
    return rule.mayReport ? rule.mayReport(file) : true;
  } catch {
    return true;
  }
}

function applies(rule: Rule, file: SourceFile): boolean {
  const c = file.classification;
  const a = rule.meta.appliesTo;
  if (c.role === 'code') return !!a.code?.includes(c.language);
  if (c.role === 'config') return a.config === 'all' || !!a.config?.includes(c.format);
  if (c.role === 'other') return !!a.other?.includes(c.language);
  return false;
}

/** The rules that read `file` under `settings`: enabled, made for its kind, and whose pre-filter lets it through. */
export function rulesFor(file: SourceFile, settings: EngineSettings = {}, rules: readonly Rule[] = RULES): Rule[] {
  return rules.filter((r) => applies(r, file) && effectiveSeverity(r, settings) !== 'off' && mayReport(r, file));
}

/**
 * Analyses one file: classification, parsing (once, shared), every enabled rule that reads this kind of
 * file, suppression comments. Never throws on user input: what goes wrong becomes a Problem.
 */
export async function analyzeFile(input: AnalyzeInput, options: AnalyzeOptions = {}): Promise<AnalysisResult> {
  const settings = options.settings ?? {};
  const file = options.cache
    ? options.cache.get(input.path, input.text, { maxFileSize: settings.maxFileSize })
    : SourceFile.create(input.path, input.text, { maxFileSize: settings.maxFileSize });
  return analyzeSource(file, options);
}

export async function analyzeSource(file: SourceFile, options: AnalyzeOptions = {}): Promise<AnalysisResult> {
  const settings = options.settings ?? {};
  const index = options.index ?? new WorkspaceIndex();
  const result: AnalysisResult = { path: file.path, findings: [], problems: [] };
  const c = file.classification;
  if (c.role === 'ignored') {
    result.problems.push({ kind: 'skipped', path: file.path, message: `skipped: ${c.reason}` });
    return result;
  }
  const rules = rulesFor(file, settings, options.rules);
  // Configuration is always parsed (the model reads it); other files only when a rule reads them.
  if (rules.length === 0) {
    if (c.role === 'config') collectParseProblems(file, result.problems);
    return result;
  }
  collectParseProblems(file, result.problems);

  const listeners: Array<{ rule: Rule; listener: RuleListener }> = [];
  for (const rule of rules) {
    const context = makeContext(rule, file, index, settings, result);
    guard(rule, file, result.problems, () => {
      listeners.push({ rule, listener: rule.create(context) });
    });
  }

  const ast = file.js?.ast;
  if (ast) traverse(ast, listeners, file, result.problems);
  const config = file.config;
  for (const { rule, listener } of listeners) {
    if (config && listener.config) guard(rule, file, result.problems, () => listener.config!(config));
    if (listener.text) guard(rule, file, result.problems, () => listener.text!());
  }
  for (const { rule, listener } of listeners) {
    if (!listener.end) continue;
    try {
      await listener.end();
    } catch (e) {
      result.problems.push(internalError(rule, file, e));
    }
  }

  const suppressed = suppressedLines(file);
  result.findings = result.findings.filter((f) => !isSuppressed(f, suppressed));
  for (const f of result.findings) {
    const s = suppressFix(file, f);
    if (s) f.fixes.push(s);
  }
  result.findings.sort((a, b) => a.range.startOffset - b.range.startOffset || a.ruleId.localeCompare(b.ruleId));
  return result;
}

function makeContext(rule: Rule, file: SourceFile, index: WorkspaceIndex, settings: EngineSettings, result: AnalysisResult): RuleContext {
  const seen = new Set<string>();
  return {
    file,
    index,
    settings,
    replace: (start, end, text) => replaceEdit(file, start, end, text),
    report(spec) {
      const severity = effectiveSeverity(rule, settings, spec.severity);
      if (severity === 'off') return;
      const key = `${spec.start}:${spec.end}:${spec.messageId}`;
      if (seen.has(key)) return; // the same value reached twice (e.g. through two sinks)
      seen.add(key);
      const template = rule.meta.messages[spec.messageId] ?? spec.messageId;
      const finding: Finding = {
        ruleId: rule.meta.id,
        severity,
        messageId: spec.messageId,
        message: fillTemplate(template, spec.data),
        path: file.path,
        range: file.lines.range(spec.start, spec.end),
        fixes: (spec.fixes ?? []).map((f, i) => ({
          title: f.title,
          isPreferred: f.isPreferred ?? i === 0,
          kind: f.kind ?? ('quickfix' as const),
          edits: f.edits,
          ...(f.command ? { command: f.command } : {}),
        })),
      };
      result.findings.push(finding);
    },
  };
}

export function fillTemplate(template: string, data: Record<string, string | number> | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k: string) => (data && k in data ? String(data[k]) : m));
}

function traverse(ast: TSESTree.Program, listeners: Array<{ rule: Rule; listener: RuleListener }>, file: SourceFile, problems: Problem[]): void {
  const enter = new Map<string, Array<[Rule, CodeVisitor]>>();
  const exit = new Map<string, Array<[Rule, CodeVisitor]>>();
  for (const { rule, listener } of listeners) {
    for (const [key, fn] of Object.entries(listener.code ?? {})) {
      if (!fn) continue;
      const isExit = key.endsWith(':exit');
      const map = isExit ? exit : enter;
      const type = isExit ? key.slice(0, -5) : key;
      const list = map.get(type) ?? [];
      list.push([rule, fn as CodeVisitor]);
      map.set(type, list);
    }
  }
  if (enter.size === 0 && exit.size === 0) return;
  const failed = new Set<Rule>();
  const call = (list: Array<[Rule, CodeVisitor]> | undefined, node: TSESTree.Node) => {
    if (!list) return;
    for (const [rule, fn] of list) {
      if (failed.has(rule)) continue;
      try {
        fn(node);
      } catch (e) {
        failed.add(rule);
        problems.push(internalError(rule, file, e));
      }
    }
  };
  // Iterative depth-first walk: deep trees (long `+` chains, generated code) cannot overflow the stack.
  const stack: Array<TSESTree.Node | { exit: TSESTree.Node }> = [ast];
  while (stack.length) {
    const item = stack.pop()!;
    if ('exit' in item && !('type' in item)) {
      call(exit.get(item.exit.type), item.exit);
      continue;
    }
    const node = item as TSESTree.Node;
    call(enter.get(node.type), node);
    if (exit.has(node.type)) stack.push({ exit: node });
    const children = childNodes(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}

function guard(rule: Rule, file: SourceFile, problems: Problem[], fn: () => void): void {
  try {
    fn();
  } catch (e) {
    problems.push(internalError(rule, file, e));
  }
}

function internalError(rule: Rule, file: SourceFile, e: unknown): Problem {
  return { kind: 'internal-error', path: file.path, message: `rule ${rule.meta.id} failed: ${(e as Error)?.message ?? String(e)}` };
}

function collectParseProblems(file: SourceFile, problems: Problem[]): void {
  const js = file.js;
  if (js) {
    for (const e of js.errors) {
      const partial = js.ast ? ' (the rest of the file was analysed)' : '';
      problems.push({ kind: 'parse-error', path: file.path, message: `${e.message}${partial}`, range: file.lines.range(e.offset, e.offset) });
    }
  }
  const config = file.config;
  if (config) {
    for (const e of config.errors.slice(0, 20)) {
      problems.push({ kind: 'parse-error', path: file.path, message: e.message, range: file.lines.range(e.offset, Math.max(e.offset, e.endOffset)) });
    }
  }
}
