/**
 * Text edits on statement lists (`Action`, `Resource`, `Policies`) that keep the file's formatting:
 * YAML block and flow lists and scalars, JSON arrays and strings, JavaScript / TypeScript arrays
 * (serverless.ts, CDK). An edit is offered only where the value is written in place: a value reached
 * through a YAML alias, a merge key, `${self:...}`, `Fn::If` or a JSON string is left alone (an edit
 * there would change other uses, or would need escaping), and the caller gets `undefined`.
 */
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { ModelValue, Span, ValueList } from '../../model';
import { walk, type CMap, type CNode, type CPair, type CScalar } from '../../parse/tree';
import type { SourceFile } from '../../source';

/** A value to write: a string, or a CloudFormation reference to a resource of the same template. */
export type NewValue =
  | { kind: 'string'; value: string }
  | { kind: 'ref'; id: string }
  | { kind: 'getatt'; id: string; attr: string }
  | { kind: 'sub'; text: string }
  | { kind: 'map'; entries: Array<[string, NewValue | NewValue[]]> };

export interface RawEdit {
  start: number;
  end: number;
  text: string;
}

export const str = (value: string): NewValue => ({ kind: 'string', value });

type Syntax = 'yaml' | 'json' | 'js';

function syntaxOf(file: SourceFile): Syntax | undefined {
  const c = file.classification;
  if (c.role === 'ignored') return undefined;
  if (c.language === 'yaml') return 'yaml';
  if (c.language === 'json') return 'json';
  if (c.language === 'javascript' || c.language === 'typescript') return 'js';
  return undefined;
}

/** True when the syntax can hold CloudFormation intrinsics written by the fix (not CDK code). */
export function canWriteIntrinsics(file: SourceFile): boolean {
  const c = file.classification;
  return c.role === 'config' && (c.format === 'serverless' || c.format === 'sam' || c.format === 'cloudformation');
}

/**
 * Replaces `item` of `list` (or the whole value when the list is a single value) by `values`, or
 * removes it when `values` is empty and other items remain. Undefined when no safe edit exists.
 */
export function replaceListItem(file: SourceFile, list: ValueList, item: ModelValue, values: readonly NewValue[], options: { asList?: boolean } = {}): RawEdit[] | undefined {
  try {
    const syntax = syntaxOf(file);
    if (!syntax) return undefined;
    if (item.kind !== 'literal' || !sameSpan(item.range, item.definedAt ?? item.range) || item.when?.length) return undefined;
    const edits = syntax === 'js' ? jsEdit(file, list, item, values) : treeEdit(file, syntax, list, item, values, options.asList ?? false);
    // New lines end the way the file's lines do.
    if (edits && /\r\n/.test(file.text)) for (const e of edits) e.text = e.text.replace(/\r?\n/g, '\r\n');
    return edits;
  } catch {
    return undefined;
  }
}

function sameSpan(a: Span, b: Span): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

function tidy(text: string, span: Span): Span {
  let end = span[1];
  while (end > span[0] && /\s/.test(text[end - 1])) end--;
  return [span[0], end];
}

// ---------------------------------------------------------------------------------------------
// YAML and JSON

/** The pair whose key is written at `keyRange`, and the map holding it. */
export function findPair(file: SourceFile, keyRange: Span): { pair: CPair; map: CMap } | undefined {
  let found: { pair: CPair; map: CMap } | undefined;
  for (const root of file.config?.roots ?? []) {
    walk(root, (n) => {
      if (found || n.kind !== 'map') return;
      for (const p of n.pairs) if (sameSpan(p.key.range, keyRange)) found = { pair: p, map: n };
    });
    if (found) break;
  }
  return found;
}

/** The value of a pair, when it is written right after its key (not an alias, anchor or merge). */
export function inPlaceValue(file: SourceFile, pair: CPair): CNode | undefined {
  const v = pair.value;
  if (!v || pair.merged || v.tag) return undefined;
  if (v.range[0] < pair.key.range[1]) return undefined;
  const gap = file.text.slice(pair.key.range[1], v.range[0]);
  if (!/^[ \t]*:[ \t]*(?:#[^\r\n]*)?(?:\r?\n[ \t]*(?:#[^\r\n]*)?)*[ \t]*$/.test(gap)) return undefined;
  if (isIntrinsicMap(v)) return undefined;
  return v;
}

function isIntrinsicMap(n: CNode): boolean {
  if (n.kind !== 'map' || n.pairs.length !== 1) return false;
  const k = n.pairs[0].key.value;
  return k === 'Ref' || (typeof k === 'string' && k.startsWith('Fn::'));
}

function treeEdit(file: SourceFile, syntax: 'yaml' | 'json', list: ValueList, item: ModelValue, values: readonly NewValue[], asList: boolean): RawEdit[] | undefined {
  const text = file.text;
  const found = findPair(file, list.keyRange);
  if (!found) return undefined;
  const value = inPlaceValue(file, found.pair);
  if (!value || !sameSpan(tidy(text, value.range), list.range)) return undefined;
  if (value.kind === 'seq') {
    const node = value.items.find((n) => sameSpan(tidy(text, n.range), item.range));
    if (!node || node.kind !== 'scalar' || node.tag) return undefined;
    if (node.range[0] < value.range[0] || node.range[1] > value.range[1]) return undefined;
    if (values.length === 0) return value.items.length > 1 ? removeSeqItem(file, syntax, value.flow, node) : undefined;
    if (syntax === 'json') return [{ start: item.range[0], end: item.range[1], text: joinInline(text, item.range[0], values.map((v) => renderJson(v, lineIndent(text, item.range[0])))) }];
    if (value.flow) return [{ start: item.range[0], end: item.range[1], text: values.map((v) => renderYaml(v, 'flow', node)).join(', ') }];
    const dash = dashBefore(text, item.range[0]);
    if (dash === undefined) return undefined;
    const col = dash - lineStart(text, dash);
    const pad = ' '.repeat(col);
    const out = values.map((v, i) => (i === 0 ? '' : `\n${pad}- `) + renderYaml(v, 'block', node, col + 2)).join('');
    return [{ start: item.range[0], end: item.range[1], text: out }];
  }
  if (value.kind === 'scalar' && sameSpan(tidy(text, value.range), item.range)) {
    if (values.length === 0) return undefined;
    if (syntax === 'json') {
      const ind = lineIndent(text, found.pair.key.range[0]);
      const rendered = values.map((v) => renderJson(v, ind));
      return [{ start: item.range[0], end: item.range[1], text: rendered.length === 1 && !asList ? rendered[0] : `[${rendered.join(', ')}]` }];
    }
    if (found.map.flow) {
      const r = values.map((v) => renderYaml(v, 'flow', value));
      return [{ start: item.range[0], end: item.range[1], text: r.length === 1 && !asList ? r[0] : `[${r.join(', ')}]` }];
    }
    const keyCol = found.pair.key.range[0] - lineStart(text, found.pair.key.range[0]);
    if (values.length === 1 && !asList) return [{ start: item.range[0], end: item.range[1], text: renderYaml(values[0], 'block', value, keyCol + 2) }];
    // A block list under the key, indented the way the file indents its lists.
    const colon = text.indexOf(':', found.pair.key.range[1]);
    if (colon < 0 || colon > item.range[0]) return undefined;
    const col = keyCol + seqIndent(file);
    const pad = ' '.repeat(col);
    const out = values.map((v) => `\n${pad}- ${renderYaml(v, 'block', value, col + 2)}`).join('');
    return [{ start: colon + 1, end: item.range[1], text: out }];
  }
  return undefined;
}

/** Removes one item of a list with others left: its line (block), or it and a comma (flow, JSON). */
function removeSeqItem(file: SourceFile, syntax: 'yaml' | 'json', flow: boolean, node: CNode): RawEdit[] | undefined {
  const text = file.text;
  const [s, e] = tidy(text, node.range);
  if (syntax === 'yaml' && !flow) {
    const dash = dashBefore(text, s);
    if (dash === undefined) return undefined;
    const start = lineStart(text, dash);
    let end = e;
    while (end < text.length && text[end] !== '\n') end++;
    if (end < text.length) end++;
    return [{ start, end, text: '' }];
  }
  return removeCommaItem(text, s, e);
}

/** Removes `[s, e)` with the comma after it (or before it, for the last item). */
function removeCommaItem(text: string, s: number, e: number): RawEdit[] | undefined {
  let j = e;
  while (j < text.length && /\s/.test(text[j])) j++;
  if (text[j] === ',') {
    j++;
    while (j < text.length && /\s/.test(text[j])) j++;
    return [{ start: s, end: j, text: '' }];
  }
  let i = s;
  while (i > 0 && /\s/.test(text[i - 1])) i--;
  if (text[i - 1] !== ',') return undefined;
  return [{ start: i - 1, end: e, text: '' }];
}

/** Offset of the `- ` introducing a block list item at `offset`, when only indentation precedes it. */
function dashBefore(text: string, offset: number): number | undefined {
  let i = offset;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  if (text[i - 1] !== '-') return undefined;
  const dash = i - 1;
  if (!/^[ \t]*$/.test(text.slice(lineStart(text, dash), dash))) return undefined;
  return dash;
}

export function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

/** The leading whitespace of the line holding `offset`. */
export function lineIndent(text: string, offset: number): string {
  const s = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(s))![0];
}

/** `, ` between items on one line; a line break and the item's indentation when items have lines of their own. */
function joinInline(text: string, itemStart: number, rendered: string[]): string {
  const before = text.slice(lineStart(text, itemStart), itemStart);
  const ownLine = /^[ \t]*$/.test(before);
  return rendered.join(ownLine ? `,\n${before}` : ', ');
}

/** How far the file indents a block list under its key (0 or 2, usually): read from the first one. */
export function seqIndent(file: SourceFile): number {
  const text = file.text;
  let found: number | undefined;
  for (const root of file.config?.roots ?? []) {
    walk(root, (n) => {
      if (found !== undefined || n.kind !== 'map' || n.flow) return;
      for (const p of n.pairs) {
        const v = p.value;
        if (found !== undefined || !v || v.kind !== 'seq' || v.flow || v.tag || v.items.length === 0) continue;
        if (v.range[0] < p.key.range[1]) continue;
        const dash = dashBefore(text, v.items[0].range[0]);
        if (dash === undefined || lineStart(text, dash) === lineStart(text, p.key.range[0])) continue;
        found = dash - lineStart(text, dash) - (p.key.range[0] - lineStart(text, p.key.range[0]));
      }
    });
  }
  return found !== undefined && found >= 0 && found <= 8 ? found : 2;
}

// ---------------------------------------------------------------------------------------------
// Rendering

const YAML_SPECIAL = /^(?:true|false|yes|no|on|off|null|~|y|n)$/i;

/** True when the string reads back as itself written as a plain YAML scalar. */
function plainSafe(value: string, context: 'flow' | 'block'): boolean {
  return (
    value !== '' &&
    !/^[\s\-?:,[\]{}#&*!|>'"%@`]/.test(value) &&
    !/\s$/.test(value) &&
    !/: |\s#|:$/.test(value) &&
    !(context === 'flow' && /[,[\]{}]/.test(value)) &&
    !YAML_SPECIAL.test(value) &&
    !/^[-+]?(\d|\.\d)/.test(value) &&
    !/[\n\r\t]/.test(value)
  );
}

/**
 * A YAML scalar for a string, quoted the way `like` is (the value it replaces) unless `like` was quoted
 * only because it had to be (`"*"`); plain when that reads back as the same string, else double-quoted.
 */
export function yamlString(value: string, context: 'flow' | 'block', like?: CNode): string {
  const likeValue = like && like.kind === 'scalar' ? like.value : undefined;
  const style = like && like.kind === 'scalar' && typeof likeValue === 'string' && plainSafe(likeValue, context) ? (like as CScalar).style : 'plain';
  if (style === 'single') return `'${value.replace(/'/g, "''")}'`;
  if (style === 'double') return JSON.stringify(value);
  return plainSafe(value, context) ? value : JSON.stringify(value);
}

/** A value in YAML; maps are written as block maps starting at the cursor, later lines at `col`. */
export function renderYaml(v: NewValue, context: 'flow' | 'block', like?: CNode, col = 0): string {
  switch (v.kind) {
    case 'string':
      return yamlString(v.value, context, like);
    case 'ref':
      return `!Ref ${v.id}`;
    case 'getatt':
      return `!GetAtt ${v.id}.${v.attr}`;
    case 'sub':
      return `!Sub ${JSON.stringify(v.text)}`;
    case 'map': {
      if (context === 'flow') {
        return `{${v.entries.map(([k, x]) => `${k}: ${Array.isArray(x) ? `[${x.map((y) => renderYaml(y, 'flow', like)).join(', ')}]` : renderYaml(x, 'flow', like)}`).join(', ')}}`;
      }
      const pad = ' '.repeat(col);
      return v.entries
        .map(([k, x], i) => {
          const head = `${i === 0 ? '' : `\n${pad}`}${k}:`;
          if (Array.isArray(x)) {
            const itemPad = ' '.repeat(col + 2);
            return head + x.map((y) => `\n${itemPad}- ${renderYaml(y, 'block', like, col + 4)}`).join('');
          }
          if (x.kind === 'map') return `${head}\n${' '.repeat(col + 2)}${renderYaml(x, 'block', like, col + 2)}`;
          return `${head} ${renderYaml(x, 'block', like, col + 2)}`;
        })
        .join('');
    }
  }
}

/** A value in JSON; maps are written over several lines, continuation lines indented by `indent` + two spaces per level. */
export function renderJson(v: NewValue, indent: string, unit = '  '): string {
  switch (v.kind) {
    case 'string':
      return JSON.stringify(v.value);
    case 'ref':
      return `{ "Ref": ${JSON.stringify(v.id)} }`;
    case 'getatt':
      return `{ "Fn::GetAtt": [${JSON.stringify(v.id)}, ${JSON.stringify(v.attr)}] }`;
    case 'sub':
      return `{ "Fn::Sub": ${JSON.stringify(v.text)} }`;
    case 'map': {
      const inner = indent + unit;
      const body = v.entries.map(([k, x]) => {
        const val = Array.isArray(x)
          ? `[\n${x.map((y) => inner + unit + renderJson(y, inner + unit, unit)).join(',\n')}\n${inner}]`
          : renderJson(x, inner, unit);
        return `${inner}${JSON.stringify(k)}: ${val}`;
      });
      return `{\n${body.join(',\n')}\n${indent}}`;
    }
  }
}

/** A value in JavaScript / TypeScript, strings quoted with `quote`. */
export function renderJs(v: NewValue, quote: string): string | undefined {
  const q = (s: string) => (quote === '"' ? JSON.stringify(s) : `${quote}${s.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), `\\${quote}`)}${quote}`);
  switch (v.kind) {
    case 'string':
      return q(v.value);
    case 'ref':
      return `{ Ref: ${q(v.id)} }`;
    case 'getatt':
      return `{ ${q('Fn::GetAtt')}: [${q(v.id)}, ${q(v.attr)}] }`;
    case 'sub':
      return `{ ${q('Fn::Sub')}: ${q(v.text)} }`;
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// JavaScript / TypeScript

type Node = TSESTree.Node;

/** The innermost node written exactly at `range`. */
export function jsNodeAt(file: SourceFile, range: Span): Node | undefined {
  const ast = file.js?.ast;
  if (!ast) return undefined;
  let cur: Node | undefined = ast;
  let best: Node | undefined;
  while (cur) {
    if (cur.range[0] === range[0] && cur.range[1] === range[1]) best = cur;
    let next: Node | undefined;
    for (const child of childrenOf(cur)) {
      if (child.range[0] <= range[0] && child.range[1] >= range[1]) {
        next = child;
        break;
      }
    }
    cur = next;
  }
  return best;
}

function childrenOf(n: Node): Node[] {
  const out: Node[] = [];
  for (const [k, v] of Object.entries(n)) {
    if (k === 'parent' || k === 'range' || k === 'loc') continue;
    if (Array.isArray(v)) {
      for (const x of v) if (x && typeof x === 'object' && typeof (x as Node).type === 'string' && Array.isArray((x as Node).range)) out.push(x as Node);
    } else if (v && typeof v === 'object' && typeof (v as Node).type === 'string' && Array.isArray((v as Node).range)) {
      out.push(v as Node);
    }
  }
  return out;
}

function jsEdit(file: SourceFile, list: ValueList, item: ModelValue, values: readonly NewValue[]): RawEdit[] | undefined {
  const text = file.text;
  const node = jsNodeAt(file, item.range);
  if (!node) return undefined;
  const isString = (node.type === 'Literal' && typeof node.value === 'string') || (node.type === 'TemplateLiteral' && node.expressions.length === 0);
  if (!isString) return undefined;
  const quote = text[node.range[0]];
  const rendered: string[] = [];
  for (const v of values) {
    const r = renderJs(v, quote === '`' ? "'" : quote);
    if (r === undefined) return undefined;
    rendered.push(r);
  }
  const parent = node.parent;
  if (!parent) return undefined;
  if (parent.type === 'ArrayExpression' && sameSpan(list.range, [parent.range[0], parent.range[1]])) {
    if (values.length === 0) return parent.elements.length > 1 ? removeCommaItem(text, node.range[0], node.range[1]) : undefined;
    return [{ start: node.range[0], end: node.range[1], text: joinInline(text, node.range[0], rendered) }];
  }
  if (parent.type === 'CallExpression' && parent.arguments.includes(node as TSESTree.CallExpressionArgument)) {
    // `statement.addActions('s3:*')`: the arguments are the list.
    if (values.length === 0) return parent.arguments.length > 1 ? removeCommaItem(text, node.range[0], node.range[1]) : undefined;
    return [{ start: node.range[0], end: node.range[1], text: rendered.join(', ') }];
  }
  if (parent.type === 'Property' && parent.value === node && sameSpan(list.range, item.range)) {
    if (values.length === 0) return undefined;
    return [{ start: node.range[0], end: node.range[1], text: rendered.length === 1 ? rendered[0] : `[${rendered.join(', ')}]` }];
  }
  return undefined;
}
