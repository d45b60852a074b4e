/**
 * Edits that add (or replace) an environment variable of a deployed function in its configuration,
 * for quick fixes that move a hardcoded secret out of code: `KEY: ${ssm:/app/key}` in serverless.yml,
 * `Environment.Variables.KEY` of a SAM/CloudFormation function (YAML or JSON), the `environment`
 * object of a CDK function or serverless.ts, `Values` of an Azure local.settings.json. The edits keep
 * the file's formatting and comments (they only insert text, or replace the old value) and produce
 * valid YAML/JSON/JS: missing levels (`environment:`, `Environment: Variables:`) are created.
 */
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { childNodes, propertyName, unwrap } from '../code/bindings';
import { insertEdit, replaceEdit } from '../fix/edits';
import { get, getPair, isMap, type CMap, type CNode, type CPair } from '../parse/tree';
import { parseYaml } from '../parse/yaml';
import type { SourceFile } from '../source';
import type { TextEdit } from '../types';
import { tidySpan } from './strings';
import type { FunctionModel } from './types';

/** A value to write: a string (quoted as the format needs) or raw text in the file's syntax (`!Ref Key`, `process.env.X`). */
export type EnvValue = string | { raw: string };

export type EnvEditResult =
  | { ok: true; edits: TextEdit[]; /** The key existed in the function's own environment: its value is replaced. */ replaced: boolean }
  | { ok: false; reason: string };

/**
 * The edits that give `fn` (declared in `file`) the environment variable `key` with `value`. `file`
 * must be the text the function was modelled from (`index.configFile(fn.path)`).
 */
export function environmentEntryEdits(file: SourceFile, fn: FunctionModel, key: string, value: EnvValue): EnvEditResult {
  try {
    if (file.path !== fn.path) return { ok: false, reason: 'the function is declared in another file' };
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key)) return { ok: false, reason: `"${key}" is not a valid environment variable name` };
    switch (fn.format) {
      case 'serverless':
        if (file.config) return configEdits(file, fn, ['environment'], key, value);
        return jsServerlessEdits(file, fn, key, value);
      case 'sam':
      case 'cloudformation':
        return configEdits(file, fn, ['Properties', 'Environment', 'Variables'], key, value);
      case 'cdk':
        return cdkEdits(file, fn, key, value);
      default:
        return { ok: false, reason: `functions of ${fn.format} files get their settings from local.settings.json (use localSettingEdits)` };
    }
  } catch (e) {
    return { ok: false, reason: `could not compute the edit: ${(e as Error).message}` };
  }
}

/** The edits that add `key` to `Values` of an Azure local.settings.json. */
export function localSettingEdits(file: SourceFile, key: string, value: EnvValue): EnvEditResult {
  try {
    const root = file.config?.roots[0];
    if (!isMap(root)) return { ok: false, reason: 'local.settings.json is not an object' };
    return mapEdits(file, root, ['Values'], key, value, root.range);
  } catch (e) {
    return { ok: false, reason: `could not compute the edit: ${(e as Error).message}` };
  }
}

// ------------------------------------------------------------------ YAML and JSON

function configEdits(file: SourceFile, fn: FunctionModel, path: string[], key: string, value: EnvValue): EnvEditResult {
  const root = file.config?.roots[0];
  const def = findMapAt(file.text, root, fn.range);
  if (!def) return { ok: false, reason: `the definition of ${fn.name} is not a map written in this file` };
  return mapEdits(file, def, path, key, value, fn.range);
}

/** Descends `path` from `start`, creating what is missing, and adds or replaces `key`. */
function mapEdits(file: SourceFile, start: CMap, path: string[], key: string, value: EnvValue, own: readonly [number, number]): EnvEditResult {
  const json = file.config?.language === 'json';
  let map = start;
  for (let i = 0; i < path.length; i++) {
    const pair = getPair(map, path[i]);
    if (!pair) return { ok: true, replaced: false, edits: [json ? jsonAppend(file, map, path.slice(i), key, value) : yamlAppend(file, map, path.slice(i), key, value)] };
    if (pair.merged || pair.key.range[0] < own[0] || pair.key.range[1] > own[1]) {
      return { ok: false, reason: `${path.slice(0, i + 1).join('.')} comes from a YAML anchor shared with other definitions` };
    }
    const v = pair.value;
    if (!v || (v.kind === 'scalar' && v.value === null && !v.tag)) {
      // `environment:` with nothing after it.
      if (json) return { ok: false, reason: `${path.slice(0, i + 1).join('.')} is null` };
      return { ok: true, replaced: false, edits: [yamlFillEmpty(file, pair, path.slice(i + 1), key, value)] };
    }
    if (!isMap(v) || v.tag) return { ok: false, reason: `${path.slice(0, i + 1).join('.')} is not a map written in the file (${file.text.slice(v.range[0], Math.min(v.range[1], v.range[0] + 60))})` };
    const vr = tidySpan(file.text, v.range);
    if (vr[0] < own[0] || vr[1] > own[1]) return { ok: false, reason: `${path.slice(0, i + 1).join('.')} is a YAML alias shared with other definitions` };
    map = v;
  }
  const existing = getPair(map, key);
  if (existing && !existing.merged && existing.value) {
    const text = json ? jsonValue(value) : yamlValue(value, map.flow);
    return { ok: true, replaced: true, edits: [replaceEdit(file, existing.value.range[0], valueEnd(file, existing.value), text)] };
  }
  return { ok: true, replaced: false, edits: [json ? jsonAppend(file, map, [], key, value) : yamlAppend(file, map, [], key, value)] };
}

function findMapAt(text: string, root: CNode | undefined, range: readonly [number, number]): CMap | undefined {
  if (!root) return undefined;
  const stack: CNode[] = [root];
  const seen = new Set<CNode>();
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    if (n.range[0] === range[0] && isMap(n) && tidySpan(text, n.range)[1] === range[1]) return n;
    if (n.range[1] < range[0] || n.range[0] > range[1]) continue;
    if (n.kind === 'map') for (const p of n.pairs) if (p.value) stack.push(p.value);
    if (n.kind === 'seq') for (const c of n.items) stack.push(c);
  }
  return undefined;
}

/** End of a value without the line break a block scalar's range includes. */
function valueEnd(file: SourceFile, v: CNode): number {
  let end = v.range[1];
  while (end > v.range[0] && /[\r\n]/.test(file.text[end - 1])) end--;
  return end;
}

function ownPairs(map: CMap): CPair[] {
  return map.pairs.filter((p) => !p.merged && p.key.range[0] >= map.range[0] && p.key.range[1] <= map.range[1]);
}

function indentUnit(file: SourceFile): number {
  const lines = file.text.split(/\r?\n|\r/);
  for (let i = 0; i + 1 < lines.length; i++) {
    const a = /^( *)\S/.exec(lines[i]);
    if (!a || /^\s*#/.test(lines[i]) || !/[:{[]\s*(#.*)?$/.test(lines[i])) continue;
    for (let j = i + 1; j < lines.length; j++) {
      if (!lines[j].trim() || /^\s*#/.test(lines[j])) continue;
      const b = /^( *)\S/.exec(lines[j]);
      if (b && b[1].length > a[1].length) return Math.min(8, b[1].length - a[1].length);
      break;
    }
  }
  return 2;
}

function column(file: SourceFile, offset: number): number {
  return file.lines.positionAt(offset).character;
}

function yamlKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key) ? key : JSON.stringify(key);
}

/** A YAML scalar for a string: plain when that reads back as the same string, else double-quoted. */
export function yamlValue(value: EnvValue, flow: boolean): string {
  if (typeof value !== 'string') return value.raw;
  if (value && !/[\r\n]/.test(value) && !(flow && /[,[\]{}]/.test(value))) {
    try {
      const parsed = parseYaml(`k: ${value}\n`);
      const root = parsed.documents[0]?.root;
      const v = get(root, 'k');
      if (!parsed.errors.length && v && v.kind === 'scalar' && !v.tag && v.value === value && v.style === 'plain') return value;
    } catch {
      // quote it
    }
  }
  return JSON.stringify(value);
}

function yamlBlock(path: string[], key: string, value: EnvValue, indent: number, step: number, eol: string): string {
  let out = '';
  let ind = indent;
  for (const p of path) {
    out += `${' '.repeat(ind)}${yamlKey(p)}:${eol}`;
    ind += step;
  }
  return `${out}${' '.repeat(ind)}${yamlKey(key)}: ${yamlValue(value, false)}`;
}

function yamlAppend(file: SourceFile, map: CMap, path: string[], key: string, value: EnvValue): TextEdit {
  const eol = file.lines.eol();
  if (map.flow) {
    // `{a: 1}` -> `{a: 1, KEY: value}` (nested levels written as flow maps too).
    let entry = `${yamlKey(key)}: ${yamlValue(value, true)}`;
    for (let i = path.length - 1; i >= 0; i--) entry = `${yamlKey(path[i])}: {${entry}}`;
    const pairs = ownPairs(map);
    const last = pairs[pairs.length - 1];
    if (last) return insertEdit(file, valueEnd(file, last.value ?? last.key), `, ${entry}`);
    return insertEdit(file, map.range[0] + 1, entry);
  }
  const pairs = ownPairs(map);
  const last = pairs[pairs.length - 1];
  const indent = pairs.length ? column(file, pairs[0].key.range[0]) : column(file, map.range[0]);
  const step = indentUnit(file);
  const end = last ? valueEnd(file, last.value ?? last.key) : valueEnd(file, map);
  const at = file.lines.lineEnd(file.lines.positionAt(Math.max(end - 1, 0)).line);
  return insertEdit(file, at, eol + yamlBlock(path, key, value, indent, step, eol));
}

/** `environment:` (or `Variables:`) with no value: write the entry (and missing levels) under it. */
function yamlFillEmpty(file: SourceFile, pair: CPair, path: string[], key: string, value: EnvValue): TextEdit {
  const eol = file.lines.eol();
  const indent = column(file, pair.key.range[0]) + indentUnit(file);
  // After the colon (and any `null`/`~` written there), before a trailing comment.
  const keyLine = file.lines.positionAt(pair.key.range[1]).line;
  const lineText = file.lines.lineText(keyLine);
  const lineStart = file.lines.lineStart(keyLine);
  const colon = file.text.indexOf(':', pair.key.range[1]);
  let cut = colon + 1;
  const rest = lineText.slice(cut - lineStart);
  const m = /^(\s*(?:null|~)?)\s*(#.*)?$/.exec(rest);
  if (m && pair.value && pair.value.range[1] > pair.value.range[0]) {
    // `environment: null` / `environment: ~`: replace the null (and the space before it).
    return replaceEdit(file, cut, pair.value.range[1], `${eol}${yamlBlock(path, key, value, indent, indentUnit(file), eol)}`);
  }
  // After the key's line, so a comment there stays where it is.
  cut = lineStart + lineText.length;
  return insertEdit(file, cut, `${eol}${yamlBlock(path, key, value, indent, indentUnit(file), eol)}`);
}

export function jsonValue(value: EnvValue): string {
  return typeof value === 'string' ? JSON.stringify(value) : value.raw;
}

function jsonBlock(path: string[], key: string, value: EnvValue, indent: number, step: number, eol: string): string {
  // `"Environment": {\n  "Variables": {\n    "KEY": "v"\n  }\n}` starting at `indent` (first line unindented).
  if (!path.length) return `${JSON.stringify(key)}: ${jsonValue(value)}`;
  const inner = jsonBlock(path.slice(1), key, value, indent + step, step, eol);
  return `${JSON.stringify(path[0])}: {${eol}${' '.repeat(indent + step)}${inner}${eol}${' '.repeat(indent)}}`;
}

function lineIndent(file: SourceFile, offset: number): number {
  const line = file.lines.positionAt(offset).line;
  return /^[ \t]*/.exec(file.lines.lineText(line))![0].length;
}

function jsonAppend(file: SourceFile, map: CMap, path: string[], key: string, value: EnvValue): TextEdit {
  const eol = file.lines.eol();
  const step = indentUnit(file);
  const last = map.pairs[map.pairs.length - 1];
  if (last) {
    const startsLine = /^\s*$/.test(file.text.slice(file.lines.lineStart(file.lines.positionAt(last.range[0]).line), last.range[0]));
    const indent = startsLine ? column(file, last.range[0]) : 0;
    const body = jsonBlock(path, key, value, indent, step, eol);
    return insertEdit(file, last.range[1], startsLine ? `,${eol}${' '.repeat(indent)}${body}` : `, ${body}`);
  }
  // `{}` in the middle of a line (a one-line document): stay on one line.
  const lineEnd = file.lines.lineEnd(file.lines.positionAt(map.range[1]).line);
  if (/[^\s,]/.test(file.text.slice(map.range[1], lineEnd))) {
    let inline = `${JSON.stringify(key)}: ${jsonValue(value)}`;
    for (let i = path.length - 1; i >= 0; i--) inline = `${JSON.stringify(path[i])}: {${inline}}`;
    return replaceEdit(file, map.range[0], map.range[1], `{${inline}}`);
  }
  const outer = lineIndent(file, map.range[0]);
  const body = jsonBlock(path, key, value, outer + step, step, eol);
  return replaceEdit(file, map.range[0], map.range[1], `{${eol}${' '.repeat(outer + step)}${body}${eol}${' '.repeat(outer)}}`);
}

// ------------------------------------------------------------------ JavaScript / TypeScript

type Node = TSESTree.Node;

function findNode(ast: Node, range: readonly [number, number], type: string): Node | undefined {
  const stack: Node[] = [ast];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.range[1] < range[0] || n.range[0] > range[1]) continue;
    if ((n.type as string) === type && n.range[0] === range[0] && n.range[1] === range[1]) return n;
    for (const c of childNodes(n)) stack.push(c);
  }
  return undefined;
}

function jsQuote(file: SourceFile): string {
  const single = (file.text.match(/'/g) ?? []).length;
  const double = (file.text.match(/"/g) ?? []).length;
  return single >= double ? "'" : '"';
}

function jsString(file: SourceFile, value: EnvValue): string {
  if (typeof value !== 'string') return value.raw;
  const q = jsQuote(file);
  const body = JSON.stringify(value).slice(1, -1);
  return q === '"' ? `"${body}"` : `'${body.replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

function jsKey(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : `'${key}'`;
}

function objectOf(n: Node | undefined): TSESTree.ObjectExpression | undefined {
  const u = n ? unwrap(n) : undefined;
  return u && u.type === 'ObjectExpression' ? u : undefined;
}

function propertyOf(obj: TSESTree.ObjectExpression, name: string): TSESTree.Property | undefined {
  let found: TSESTree.Property | undefined;
  for (const p of obj.properties) if (p.type === 'Property' && propertyName(p) === name) found = p;
  return found;
}

/** Adds `key: value` to an object literal (or replaces the value of an existing `key`). */
function jsObjectEdits(file: SourceFile, obj: TSESTree.ObjectExpression, key: string, valueText: string): EnvEditResult {
  const existing = propertyOf(obj, key);
  if (existing && !existing.shorthand) {
    return { ok: true, replaced: true, edits: [replaceEdit(file, existing.value.range[0], existing.value.range[1], valueText)] };
  }
  const entry = `${jsKey(key)}: ${valueText}`;
  const props = obj.properties;
  const eol = file.lines.eol();
  if (!props.length) {
    const inner = file.text.slice(obj.range[0] + 1, obj.range[1] - 1);
    if (inner.trim() === '') return { ok: true, replaced: false, edits: [replaceEdit(file, obj.range[0], obj.range[1], `{ ${entry} }`)] };
    return { ok: true, replaced: false, edits: [insertEdit(file, obj.range[0] + 1, ` ${entry},`)] };
  }
  const last = props[props.length - 1];
  const after = file.text.slice(last.range[1], obj.range[1] - 1);
  const hasComma = /^\s*,/.test(after);
  const lastLine = file.lines.positionAt(last.range[0]).line;
  const multiline = file.lines.positionAt(obj.range[0]).line !== lastLine;
  if (multiline) {
    const indent = column(file, last.range[0]);
    const insertAt = hasComma ? last.range[1] + after.indexOf(',') + 1 : last.range[1];
    return { ok: true, replaced: false, edits: [insertEdit(file, insertAt, `${hasComma ? '' : ','}${eol}${' '.repeat(indent)}${entry}${hasComma ? ',' : ''}`)] };
  }
  const insertAt = hasComma ? last.range[1] + after.indexOf(',') + 1 : last.range[1];
  return { ok: true, replaced: false, edits: [insertEdit(file, insertAt, `${hasComma ? '' : ','} ${entry}`)] };
}

function jsEnvironmentEdits(file: SourceFile, props: TSESTree.ObjectExpression, envKey: string, key: string, value: EnvValue): EnvEditResult {
  const valueText = jsString(file, value);
  const env = propertyOf(props, envKey);
  if (env) {
    const obj = objectOf(env.value as Node);
    if (!obj) return { ok: false, reason: `${envKey} is not an object literal` };
    return jsObjectEdits(file, obj, key, valueText);
  }
  return jsObjectEdits(file, props, envKey, `{ ${jsKey(key)}: ${valueText} }`);
}

function cdkEdits(file: SourceFile, fn: FunctionModel, key: string, value: EnvValue): EnvEditResult {
  const ast = file.js?.ast;
  if (!ast) return { ok: false, reason: 'the file could not be parsed' };
  const n = findNode(ast, fn.range, 'NewExpression') as TSESTree.NewExpression | undefined;
  if (!n) return { ok: false, reason: `the construct of ${fn.name} was not found` };
  const arg = n.arguments[2];
  const props = arg && arg.type !== 'SpreadElement' ? objectOf(arg) : undefined;
  if (!props) return { ok: false, reason: `the properties of ${fn.name} are not an object literal` };
  return jsEnvironmentEdits(file, props, 'environment', key, value);
}

function jsServerlessEdits(file: SourceFile, fn: FunctionModel, key: string, value: EnvValue): EnvEditResult {
  const ast = file.js?.ast;
  if (!ast) return { ok: false, reason: 'the file could not be parsed' };
  const def = findNode(ast, fn.range, 'ObjectExpression') as TSESTree.ObjectExpression | undefined;
  if (!def) return { ok: false, reason: `the definition of ${fn.name} is not an object literal of this file` };
  return jsEnvironmentEdits(file, def, 'environment', key, value);
}
