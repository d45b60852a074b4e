/**
 * Reading values out of configuration trees: literals, Serverless Framework variables, CloudFormation
 * intrinsic functions (short and long form), `Fn::Sub` strings, dynamic references, code expressions
 * (from serverless.ts and CDK files). Also the structural helpers that expand `Fn::If` and resolve
 * `${self:...}` where a map or list is expected.
 */
import { parseJson } from '../parse/json';
import { get, isMap, isScalar, isSeq, stringValue, type CMap, type CNode, type CScalar, type CSeq, type Span } from '../parse/tree';
import { mappedSource, scalarSource, setScalarSource, sourceFromText, tidySpan, type StringSource } from './strings';
import type { BranchCondition, ModelProblem, ModelValue, ValuePart, VariableRef } from './types';

/** Tag given to scalars that stand for a code expression (serverless.ts, CDK). */
export const CODE_TAG = '!code';

export interface Intrinsic {
  /** Long-form name: `Ref`, `Fn::GetAtt`, `Fn::Sub`, ... */
  name: string;
  /** The function's argument (for the short form: the tagged node without its tag). */
  arg: CNode | undefined;
  node: CNode;
}

/** The intrinsic function a node is, in short (`!Ref X`) or long (`{Ref: X}`, `{"Fn::Sub": ...}`) form. */
export function intrinsicOf(node: CNode | undefined): Intrinsic | undefined {
  if (!node) return undefined;
  if (node.tag && node.tag !== CODE_TAG) {
    const short = node.tag.slice(1);
    const name = short === 'Ref' || short === 'Condition' ? short : `Fn::${short}`;
    return { name, arg: { ...node, tag: undefined } as CNode, node };
  }
  if (node.kind === 'map' && node.pairs.length === 1) {
    const k = node.pairs[0].key.value;
    if (k === 'Ref' || (typeof k === 'string' && k.startsWith('Fn::'))) return { name: k, arg: node.pairs[0].value, node };
  }
  return undefined;
}

/** `!Ref AWS::NoValue`: the property is left out. */
export function isNoValue(node: CNode | undefined): boolean {
  const i = intrinsicOf(node);
  return !!i && i.name === 'Ref' && stringValue(i.arg) === 'AWS::NoValue';
}

export function isCode(node: CNode | undefined): boolean {
  return !!node && node.tag === CODE_TAG;
}

/** A node reached through `Fn::If` branches, with the branches taken. */
export interface Alt<T extends CNode = CNode> {
  node: T;
  when: BranchCondition[];
  /** Position in the list it was an item of (for `items`/`mapItems`). */
  index?: number;
}

export interface ReaderOptions {
  text: string;
  path: string;
  problems: ModelProblem[];
  /** Recognise Serverless Framework `${source:address}` variables in strings. */
  serverless?: boolean;
  /**
   * Serverless: what a `${self:address}` names: the node, or the variable the path runs into (the
   * address goes through `${file(...)}` or another value the model cannot read); undefined when
   * nothing is there.
   */
  self?: (address: string) => SelfTarget;
  /** CloudFormation `Mappings`, for `Fn::FindInMap` over literal keys. */
  mappings?: CNode;
}

export type SelfTarget = { node: CNode } | { blockedBy: CNode } | undefined;

interface SubScope {
  vars: CMap | undefined;
}

const MAX_DEPTH = 40;

/** A value `${self:...}` may legitimately leave unset (the framework fills it in). */
const FRAMEWORK_FILLED = /^(provider\.(stage|region|runtime|profile|deploymentBucket)|service|app|org)(\.|$)/;

/** Reads values of one file; shares the file's problem list. */
export class Reader {
  private depth = 0;
  private readonly resolving = new Set<string>();

  constructor(
    readonly opts: ReaderOptions,
    private readonly sub?: SubScope,
  ) {}

  get path(): string {
    return this.opts.path;
  }

  problem(kind: ModelProblem['kind'], message: string, range?: Span): void {
    if (this.opts.problems.length >= 200) return;
    if (this.opts.problems.some((p) => p.message === message && p.range?.[0] === range?.[0])) return;
    this.opts.problems.push({ kind, path: this.opts.path, message, range });
  }

  /** A reader for strings inside `Fn::Sub` (where `${Name}` is a CloudFormation variable). */
  inSub(vars: CMap | undefined): Reader {
    const r = new Reader(this.opts, { vars });
    return r;
  }

  /** The source text of a node, shortened for messages and `expression` values. */
  textOf(node: CNode | Span, max = 200): string {
    const range = Array.isArray(node) ? node : (node as CNode).range;
    const t = this.opts.text.slice(range[0], range[1]).replace(/\s+/g, ' ').trim();
    return t.length > max ? `${t.slice(0, max - 1)}…` : t;
  }

  // ---------------------------------------------------------------- structure

  /**
   * Serverless: a scalar that is exactly one `${self:...}` stands for the node it names (recursively);
   * other nodes are returned as they are.
   */
  deref(node: CNode | undefined): CNode | undefined {
    let cur = node;
    for (let i = 0; i < 10 && cur && this.opts.serverless && this.opts.self; i++) {
      if (cur.kind !== 'scalar' || typeof cur.value !== 'string' || cur.tag) return cur;
      const m = /^\$\{\s*self:([^,}]*?)\s*\}$/.exec(cur.value.trim());
      if (!m || m[1].includes('${')) return cur;
      const target = this.opts.self(m[1]);
      if (!target || !('node' in target) || target.node === cur) return cur;
      cur = target.node;
    }
    return cur;
  }

  /** Every node `node` may be, `Fn::If` branches expanded, `AWS::NoValue` dropped, `${self:}` followed. */
  alternatives(node: CNode | undefined, when: BranchCondition[] = []): Alt[] {
    const n = this.deref(node);
    if (!n || isNoValue(n)) return [];
    const i = intrinsicOf(n);
    if (i?.name === 'Fn::If' && isSeq(i.arg) && i.arg.items.length === 3 && this.depth < MAX_DEPTH) {
      const cond = stringValue(i.arg.items[0]) ?? this.textOf(i.arg.items[0]);
      this.depth++;
      try {
        return [
          ...this.alternatives(i.arg.items[1], [...when, { condition: cond, branch: true }]),
          ...this.alternatives(i.arg.items[2], [...when, { condition: cond, branch: false }]),
        ];
      } finally {
        this.depth--;
      }
    }
    return [{ node: n, when }];
  }

  /** The maps `node` may be (after `Fn::If` and `${self:}`); other shapes are reported. */
  maps(node: CNode | undefined, what: string, when: BranchCondition[] = []): Array<Alt<CMap>> {
    const out: Array<Alt<CMap>> = [];
    for (const a of this.alternatives(node, when)) {
      if (isMap(a.node) && !intrinsicOf(a.node)) out.push(a as Alt<CMap>);
      else this.unreadable(a.node, what);
    }
    return out;
  }

  /** The items of a list (a single value counts as a one-item list), `Fn::If` expanded at both levels. */
  items(node: CNode | undefined, when: BranchCondition[] = []): Alt[] {
    const out: Alt[] = [];
    for (const a of this.alternatives(node, when)) {
      if (isSeq(a.node) && !intrinsicOf(a.node)) {
        a.node.items.forEach((item, index) => {
          for (const x of this.alternatives(item, a.when)) out.push({ ...x, index });
        });
      } else {
        out.push(a);
      }
    }
    return out;
  }

  /** Items that must be maps (statements, policies); others are reported. */
  mapItems(node: CNode | undefined, what: string, when: BranchCondition[] = []): Array<Alt<CMap>> {
    const out: Array<Alt<CMap>> = [];
    for (const a of this.items(node, when)) {
      if (isMap(a.node) && !intrinsicOf(a.node)) out.push(a as Alt<CMap>);
      else this.unreadable(a.node, what);
    }
    return out;
  }

  /** Records why a part could not be read. */
  unreadable(node: CNode | undefined, what: string): void {
    if (!node) {
      this.problem('invalid', `${what} is missing`);
      return;
    }
    const v = this.value(node);
    if (v && v.ref?.syntax === 'code') {
      this.problem('unresolved', `${what} is the expression \`${this.textOf(node, 80)}\`, which the model does not evaluate`, node.range);
    } else if (v && (v.kind === 'reference' || v.kind === 'template' || v.kind === 'expression')) {
      const text = this.textOf(node, 80);
      this.problem('unresolved', `${what} is ${text}, which the model cannot read`, node.range);
    } else {
      this.problem('invalid', `${what} has an unexpected shape (${describe(node)})`, node.range);
    }
  }

  // ---------------------------------------------------------------- values

  /** The value of a node (scalar, intrinsic, variable string); undefined for a missing node. */
  value(node: CNode | undefined, when?: BranchCondition[]): ModelValue | undefined {
    if (!node) return undefined;
    if (this.depth > MAX_DEPTH) return { kind: 'expression', range: node.range, text: this.textOf(node) };
    this.depth++;
    try {
      const v = this.valueOf(node);
      if (when && when.length) v.when = when;
      return v;
    } finally {
      this.depth--;
    }
  }

  private valueOf(node: CNode): ModelValue {
    if (node.tag === CODE_TAG) {
      const text = typeof (node as CScalar).value === 'string' ? String((node as CScalar).value) : this.textOf(node);
      return { kind: 'reference', range: node.range, ref: { syntax: 'code', source: codeSource(text), address: text, text, range: node.range } };
    }
    const intr = intrinsicOf(node);
    if (intr) return this.intrinsic(intr);
    if (node.kind === 'scalar') {
      if (typeof node.value === 'string') {
        const src = scalarSource(this.opts.text, node) ?? mappedSource(node.value, node.range, undefined, undefined);
        return this.string(src, 0, src.value.length);
      }
      return { kind: 'literal', range: node.range, value: node.value, definedAt: node.range };
    }
    return { kind: 'structure', range: this.span(node) };
  }

  /** A node's range without trailing whitespace (YAML block collections end after their line break). */
  span(node: CNode): Span {
    const s = tidySpan(this.opts.text, node.range);
    return node.tag && node.tag !== CODE_TAG ? [tagStart(this.opts.text, s[0], node.tag), s[1]] : s;
  }

  private intrinsic(i: Intrinsic): ModelValue {
    const range = this.span(i.node);
    const text = this.textOf(range);
    const ref = (source: string, address: string): ModelValue => ({ kind: 'reference', range, ref: { syntax: 'cloudformation', source, address, text, range } });
    const arg = i.arg;
    switch (i.name) {
      case 'Ref':
        return ref('Ref', stringValue(arg) ?? this.textOf(arg ?? i.node));
      case 'Fn::GetAtt': {
        if (isSeq(arg)) return ref('Fn::GetAtt', arg.items.map((x) => stringValue(x) ?? this.textOf(x)).join('.'));
        return ref('Fn::GetAtt', stringValue(arg) ?? this.textOf(arg ?? i.node));
      }
      case 'Fn::ImportValue': {
        const inner = this.value(arg);
        const address = inner?.kind === 'literal' ? String(inner.value) : this.textOf(arg ?? i.node);
        return ref('Fn::ImportValue', address);
      }
      case 'Fn::Sub': {
        let tmpl: CNode | undefined = arg;
        let vars: CMap | undefined;
        if (isSeq(arg)) {
          tmpl = arg.items[0];
          vars = isMap(arg.items[1]) ? arg.items[1] : undefined;
        }
        if (isScalar(tmpl) && typeof tmpl.value === 'string' && !tmpl.tag) {
          const v = this.inSub(vars).value(tmpl)!;
          // The Sub's own range: keep the string's pieces but report the whole intrinsic as the value.
          return { ...v, range, ...(v.kind === 'literal' ? { definedAt: v.definedAt ?? tmpl.range } : {}) };
        }
        return { kind: 'expression', range, text };
      }
      case 'Fn::Join':
        return this.join(i, range, text);
      case 'Fn::If': {
        if (!isSeq(arg) || arg.items.length !== 3) return { kind: 'expression', range, text };
        const alternatives: ModelValue[] = [];
        for (const a of this.alternatives(i.node)) {
          const v = this.value(a.node, a.when);
          if (v) alternatives.push(v);
        }
        return { kind: 'conditional', range, alternatives };
      }
      case 'Fn::FindInMap': {
        const found = this.findInMap(arg);
        if (found) {
          const v = this.value(found);
          if (v && v.kind === 'literal') return { ...v, range, definedAt: v.definedAt ?? found.range };
        }
        const keys = isSeq(arg) ? arg.items.map((x) => stringValue(x) ?? this.textOf(x)).join('.') : text;
        return ref('Fn::FindInMap', keys);
      }
      default:
        return ref(i.name, text);
    }
  }

  private findInMap(arg: CNode | undefined): CNode | undefined {
    if (!isSeq(arg) || arg.items.length < 3 || !this.opts.mappings) return undefined;
    const keys = arg.items.slice(0, 3).map((x) => {
      const v = this.value(x);
      return v?.kind === 'literal' ? String(v.value) : undefined;
    });
    if (keys.some((k) => k === undefined)) return undefined;
    return get(get(get(this.opts.mappings, keys[0]!), keys[1]!), keys[2]!);
  }

  private join(i: Intrinsic, range: Span, text: string): ModelValue {
    const arg = i.arg;
    if (!isSeq(arg) || arg.items.length !== 2) return { kind: 'expression', range, text };
    const delimNode = arg.items[0];
    const list = arg.items[1];
    const delim = isScalar(delimNode) && !delimNode.tag ? String(delimNode.value ?? '') : undefined;
    if (delim === undefined || !isSeq(list) || intrinsicOf(list)) return { kind: 'expression', range, text };
    const parts: ValuePart[] = [];
    list.items.forEach((item, k) => {
      if (k > 0 && delim) parts.push({ text: delim, range: delimNode.range });
      const v = this.value(item);
      if (!v) return;
      appendParts(parts, v, this);
    });
    return compose(parts, range);
  }

  /**
   * The value of `src.value.slice(start, end)`: literal text, Serverless variables (resolved inside the
   * file where possible), `Fn::Sub` variables, dynamic references.
   */
  string(src: StringSource, start: number, end: number): ModelValue {
    const range = start === 0 && end === src.value.length ? src.range : src.span(start, end);
    const parts = this.scan(src, start, end);
    if (parts.length === 0) return { kind: 'literal', range, value: '', definedAt: range };
    if (parts.length === 1) {
      const p = parts[0];
      if ('text' in p) return { kind: 'literal', range, value: p.text, definedAt: range };
      if (p.resolved) return { ...p.resolved, range, when: undefined };
      return { kind: 'reference', range, ref: p.ref };
    }
    const flat: ValuePart[] = [];
    for (const p of parts) {
      if ('text' in p) flat.push(p);
      else if (p.resolved) appendParts(flat, p.resolved, this);
      else flat.push({ ref: p.ref });
    }
    return compose(flat, range);
  }

  private scan(src: StringSource, start: number, end: number): Array<{ text: string; range: Span } | { ref: VariableRef; resolved?: ModelValue }> {
    const s = src.value;
    const out: Array<{ text: string; range: Span } | { ref: VariableRef; resolved?: ModelValue }> = [];
    let textStart = start;
    let buf = '';
    const flush = (at: number) => {
      if (buf) out.push({ text: buf, range: src.span(textStart, at) });
      buf = '';
    };
    let i = start;
    while (i < end) {
      if (s.startsWith('{{resolve:', i)) {
        const close = s.indexOf('}}', i);
        if (close > 0 && close + 2 <= end) {
          flush(i);
          const inner = s.slice(i + 2, close);
          const service = inner.split(':')[1] ?? '';
          const range = src.span(i, close + 2);
          out.push({ ref: { syntax: 'dynamic', source: service, address: inner.slice(inner.indexOf(':', 8) + 1), text: s.slice(i, close + 2), range } });
          i = close + 2;
          textStart = i;
          continue;
        }
      }
      if (s[i] === '$' && s[i + 1] === '{') {
        const close = matchBrace(s, i + 1, end);
        if (close > 0) {
          const inner = s.slice(i + 2, close);
          if (this.sub && inner.startsWith('!')) {
            // `${!Literal}` is the literal text `${Literal}` in Fn::Sub.
            if (!buf) textStart = i;
            buf += '${' + inner.slice(1) + '}';
            i = close + 1;
            continue;
          }
          const isSlsVar = this.opts.serverless && SLS_SOURCE.test(inner.trim());
          if (isSlsVar || this.sub || this.opts.serverless) {
            flush(i);
            const range = src.span(i, close + 1);
            const varText = s.slice(i, close + 1);
            if (isSlsVar || (!this.sub && this.opts.serverless)) {
              out.push(this.serverlessVar(src, i + 2, close, range, varText));
            } else {
              out.push(this.subVar(inner.trim(), range, varText));
            }
            i = close + 1;
            textStart = i;
            continue;
          }
        }
      }
      if (!buf) textStart = i;
      buf += s[i];
      i++;
    }
    flush(end);
    return out;
  }

  private subVar(name: string, range: Span, text: string): { ref: VariableRef; resolved?: ModelValue } {
    const ref: VariableRef = { syntax: 'cloudformation', source: 'Fn::Sub', address: name, text, range };
    const bound = this.sub?.vars ? get(this.sub.vars, name) : undefined;
    if (bound) {
      const outer = new Reader(this.opts);
      const v = outer.value(bound);
      if (v) return { ref, resolved: v.kind === 'literal' ? v : { ...v } };
    }
    return { ref };
  }

  /** One `${...}` of a Serverless configuration; `[a, b)` is the text between the braces. */
  private serverlessVar(src: StringSource, a: number, b: number, range: Span, text: string): { ref: VariableRef; resolved?: ModelValue } {
    const segs = splitTopLevel(src.value, a, b);
    const [p0, p1] = trimSeg(src.value, segs[0][0], segs[0][1]);
    const primary = src.value.slice(p0, p1);
    const m = /^AWS::/.test(primary) ? null : /^([a-zA-Z][\w-]*)(\([^)]*\))?:?/.exec(primary);
    const source = m && (primary.includes(':') || m[2]) ? m[1] : '';
    const addrStart = m && source ? p0 + m[0].length : p0;
    let address = source && source !== 'self' ? primary.slice(source.length).replace(/^:/, '').trim() : src.value.slice(addrStart, p1).trim();
    if (source && source !== 'self' && address.includes('${')) {
      // `${ssm:/app/${self:custom.stage}/key}`: show the address with what resolves inside the file.
      const inner = this.string(src, p0 + primary.indexOf(address), p1);
      if (inner.kind === 'literal') address = String(inner.value);
      else if (inner.kind === 'template' && inner.parts) address = inner.parts.map((p) => ('text' in p ? p.text : p.ref.text)).join('');
      else if (inner.kind === 'reference' && inner.ref) address = inner.ref.text;
    }
    const ref: VariableRef = { syntax: 'serverless', source, address, text, range };
    const fallbacks = segs.slice(1).map(([x, y]) => trimSeg(src.value, x, y));
    if (fallbacks.length) ref.fallback = this.fallbackValue(src, fallbacks[0][0], fallbacks[0][1]);
    if (source !== 'self') return { ref };
    // ${self:address}: look it up in the file.
    let selfAddress = ref.address;
    if (selfAddress.includes('${')) {
      const inner = this.string(src, addrStart, p1);
      if (inner.kind !== 'literal') return { ref };
      selfAddress = String(inner.value).trim();
    }
    const key = `${range[0]}:${selfAddress}`;
    if (this.resolving.has(key) || this.resolving.size > 20 || !this.opts.self) return { ref };
    this.resolving.add(key);
    try {
      const found = this.opts.self(selfAddress);
      if (found && 'blockedBy' in found) return { ref };
      const target = found?.node;
      if (target) {
        const v = this.value(target);
        if (!v) return { ref };
        if (v.kind === 'literal') return { ref, resolved: { ...v, range, definedAt: v.definedAt ?? target.range } };
        if (v.kind === 'structure') return { ref, resolved: { kind: 'structure', range } };
        return { ref, resolved: v };
      }
      // Missing: the first fallback that resolves is the value.
      for (const [x, y] of fallbacks) {
        const fb = this.fallbackValue(src, x, y);
        if (fb.kind === 'literal') return { ref, resolved: { ...fb, range } };
        if (fb.kind === 'reference' && fb.ref?.syntax === 'serverless' && fb.ref.source === 'self') continue;
        return { ref, resolved: fb };
      }
      if (!fallbacks.length && !FRAMEWORK_FILLED.test(selfAddress)) {
        this.problem('unresolved', `\${self:${selfAddress}} does not name a value in this file`, range);
      }
      return { ref };
    } finally {
      this.resolving.delete(key);
    }
  }

  /** A fallback of `${a, b}`: a quoted string, a number/boolean/null, or another variable. */
  private fallbackValue(src: StringSource, x: number, y: number): ModelValue {
    const t = src.value.slice(x, y);
    const range = src.span(x, y);
    const q = /^(['"])([\s\S]*)\1$/.exec(t);
    if (q) return { kind: 'literal', range, value: q[2], definedAt: src.span(x + 1, y - 1) };
    if (/^-?\d+(\.\d+)?$/.test(t)) return { kind: 'literal', range, value: Number(t), definedAt: range };
    if (t === 'true' || t === 'false') return { kind: 'literal', range, value: t === 'true', definedAt: range };
    if (t === 'null') return { kind: 'literal', range, value: null, definedAt: range };
    if (t.startsWith('${')) return this.string(src, x, y);
    if (SLS_SOURCE.test(t)) {
      const r = this.serverlessVar(src, x, y, range, t);
      return r.resolved ?? { kind: 'reference', range, ref: r.ref };
    }
    return { kind: 'literal', range, value: t, definedAt: range };
  }

  // ---------------------------------------------------------------- embedded documents

  /**
   * A JSON document written inside a string (a Logs resource policy, `PolicyDocument.fromJson` text):
   * parsed with ranges mapped back into the file (strings of a `Fn::Sub` read as Sub templates).
   * Undefined when the node is not a string; null when the text is not JSON (a problem is recorded).
   */
  embeddedJson(node: CNode): { root: CNode | undefined; reader: Reader } | undefined | null {
    let str: CScalar | undefined;
    let reader: Reader = this;
    const intr = intrinsicOf(node);
    if (intr?.name === 'Fn::Sub') {
      let tmpl = intr.arg;
      let vars: CMap | undefined;
      if (isSeq(tmpl)) {
        vars = isMap(tmpl.items[1]) ? tmpl.items[1] : undefined;
        tmpl = tmpl.items[0];
      }
      if (isScalar(tmpl)) str = { ...tmpl, tag: undefined };
      reader = this.inSub(vars);
    } else if (isScalar(node) && !node.tag) {
      str = node;
    }
    if (!str || typeof str.value !== 'string') return undefined;
    const src = scalarSource(this.opts.text, str);
    if (!src) return undefined;
    const parsed = parseJson(src.value);
    if (parsed.errors.length || !parsed.root) {
      this.problem('invalid', `the policy text is not valid JSON${parsed.errors[0] ? ` (${parsed.errors[0].message})` : ''}`, str.range);
      return null;
    }
    return { root: remap(parsed.root, src.value, src), reader };
  }
}

/** Where a short-form tag (`!Ref`) written before a node starts (YAML ranges start after the tag). */
function tagStart(text: string, start: number, tag: string): number {
  let i = start;
  while (i > 0 && /[ \t]/.test(text[i - 1])) i--;
  return text.startsWith(tag, i - tag.length) ? i - tag.length : start;
}

/** Serverless variable sources: `self:`, `opt:`, `file(...)`, `ssm(us-east-1):`, `strToBool(...)`. */
const SLS_SOURCE = /^(?:[a-zA-Z][\w-]*\([^)]*\)|[a-zA-Z][\w-]*:(?!:))/;

function codeSource(text: string): string {
  if (/^[A-Za-z_$][\w$]*$/.test(text)) return 'identifier';
  if (/^[A-Za-z_$][\w$.]*$/.test(text)) return 'member';
  if (/\)\s*$/.test(text)) return 'call';
  return 'expression';
}

function describe(node: CNode): string {
  if (node.kind === 'map') return intrinsicOf(node) ? `intrinsic ${intrinsicOf(node)!.name}` : 'a map';
  if (node.kind === 'seq') return 'a list';
  return node.value === null ? 'empty' : `the ${typeof node.value} value`;
}

function matchBrace(s: string, open: number, end: number): number {
  let depth = 0;
  for (let i = open; i < end; i++) {
    const c = s[i];
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function splitTopLevel(s: string, a: number, b: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let depth = 0;
  let quote = '';
  let start = a;
  for (let i = a; i < b; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === '{' || c === '(') depth++;
    else if (c === '}' || c === ')') depth--;
    else if (c === ',' && depth === 0) {
      out.push([start, i]);
      start = i + 1;
    }
  }
  out.push([start, b]);
  return out;
}

function trimSeg(s: string, a: number, b: number): [number, number] {
  while (a < b && /\s/.test(s[a])) a++;
  while (b > a && /\s/.test(s[b - 1])) b--;
  return [a, b];
}

function appendParts(parts: ValuePart[], v: ModelValue, r: Reader): void {
  if (v.kind === 'literal') parts.push({ text: v.value === null ? '' : String(v.value), range: v.definedAt ?? v.range });
  else if (v.kind === 'template' && v.parts) parts.push(...v.parts);
  else if (v.kind === 'reference' && v.ref) parts.push({ ref: v.ref });
  else {
    const text = r.textOf(v.range);
    parts.push({ ref: { syntax: 'cloudformation', source: 'expression', address: text, text, range: v.range } });
  }
}

/** Parts to a value: a literal when every part is text, else a template. */
function compose(parts: ValuePart[], range: Span): ModelValue {
  if (parts.every((p) => 'text' in p)) {
    const value = parts.map((p) => (p as { text: string }).text).join('');
    const definedAt = parts.length === 1 ? (parts[0] as { range: Span }).range : range;
    return { kind: 'literal', range, value, definedAt };
  }
  const merged: ValuePart[] = [];
  for (const p of parts) {
    const last = merged[merged.length - 1];
    if ('text' in p && last && 'text' in last && last.range[1] === p.range[0]) {
      merged[merged.length - 1] = { text: last.text + p.text, range: [last.range[0], p.range[1]] };
    } else merged.push(p);
  }
  return { kind: 'template', range, parts: merged };
}

/** Moves a tree parsed from `inner` (a string's value) into the coordinates of the file. */
function remap(node: CNode, inner: string, outer: StringSource): CNode {
  const span = (r: Span): Span => outer.span(r[0], r[1]);
  const conv = (n: CNode): CNode => {
    if (n.kind === 'scalar') {
      const s: CScalar = { ...n, range: span(n.range) };
      if (typeof n.value === 'string') {
        // Characters of the inner JSON string -> file offsets, through the inner alignment.
        const innerSrc = sourceFromText(inner, n.range[0] + 1, n.range[1] - 1, n.value, 'json', n.range);
        const starts: number[] = [];
        const ends: number[] = [];
        if (innerSrc.exact) {
          for (let k = 0; k < n.value.length; k++) {
            const [a, b] = innerSrc.span(k, k + 1);
            starts.push(outer.span(a, a + 1)[0]);
            ends.push(outer.span(b - 1, b)[1]);
          }
        }
        setScalarSource(s, mappedSource(n.value, s.range, innerSrc.exact && outer.exact ? starts : undefined, innerSrc.exact && outer.exact ? ends : undefined));
      }
      return s;
    }
    if (n.kind === 'map') {
      return { ...n, range: span(n.range), pairs: n.pairs.map((p) => ({ ...p, key: conv(p.key) as CScalar, value: p.value ? conv(p.value) : undefined, range: span(p.range) })) };
    }
    return { ...n, range: span(n.range), items: (n as CSeq).items.map(conv) };
  };
  return conv(node);
}

/** Every value a (possibly conditional) value may take. */
export function leaves(v: ModelValue | undefined): ModelValue[] {
  if (!v) return [];
  if (v.kind === 'conditional') return (v.alternatives ?? []).flatMap(leaves);
  return [v];
}

/** The literal string of a value, when it is one. */
export function literalString(v: ModelValue | undefined): string | undefined {
  return v && v.kind === 'literal' && typeof v.value === 'string' ? v.value : undefined;
}

/** The literal of a value as text (numbers and booleans included). */
export function literalText(v: ModelValue | undefined): string | undefined {
  return v && v.kind === 'literal' && v.value !== null && v.value !== undefined ? String(v.value) : undefined;
}
