/**
 * Reads JavaScript/TypeScript object literals as configuration trees, statically (nothing is ever
 * executed): literals become scalars with their exact ranges, `const` names declared once in the file
 * are followed to their initialisers, spreads of known objects are merged, template literals with
 * expressions become `Fn::Join`-like lists, and every other expression becomes a scalar tagged
 * `!code` holding its source text (a reference, never a value).
 */
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { Bindings, propertyName, unwrap } from '../code/bindings';
import type { CMap, CNode, CPair, CScalar, CSeq, Span } from '../parse/tree';
import { setScalarSource, sourceFromText } from './strings';
import { CODE_TAG } from './values';

type Node = TSESTree.Node;

export interface JsTreeProblem {
  message: string;
  range: Span;
}

export class JsTree {
  private readonly following = new Set<string>();
  private depth = 0;
  readonly problems: JsTreeProblem[] = [];

  constructor(
    private readonly text: string,
    readonly bindings: Bindings,
  ) {}

  /** The tree of an expression; undefined for `undefined`. */
  convert(node: Node): CNode | undefined {
    if (this.depth > 200) return this.code(node);
    this.depth++;
    try {
      return this.convertFresh(unwrap(node));
    } finally {
      this.depth--;
    }
  }

  /** The `const` initialiser an identifier stands for (declared once), unwrapped. */
  resolveIdentifier(node: Node): Node | undefined {
    const n = unwrap(node);
    if (n.type !== 'Identifier') return n;
    const init = this.bindings.constInit(n.name);
    return init ? unwrap(init) : undefined;
  }

  code(node: Node): CScalar {
    const raw = this.text.slice(node.range[0], node.range[1]).replace(/\s+/g, ' ').trim();
    const value = raw.length > 200 ? `${raw.slice(0, 199)}…` : raw;
    return { kind: 'scalar', value, style: 'plain', range: [node.range[0], node.range[1]], tag: CODE_TAG };
  }

  string(value: string, range: Span, contentStart: number, contentEnd: number): CScalar {
    const s: CScalar = { kind: 'scalar', value, style: 'double', range };
    setScalarSource(s, sourceFromText(this.text, contentStart, contentEnd, value, 'yaml', range));
    return s;
  }

  private convertFresh(node: Node): CNode | undefined {
    const range: Span = [node.range[0], node.range[1]];
    switch (node.type) {
      case 'Literal': {
        if (typeof node.value === 'string') return this.string(node.value, range, range[0] + 1, range[1] - 1);
        if (typeof node.value === 'number' || typeof node.value === 'boolean' || node.value === null) {
          return { kind: 'scalar', value: node.value, style: 'plain', range };
        }
        return this.code(node);
      }
      case 'TemplateLiteral':
        return this.template(node);
      case 'Identifier': {
        if (node.name === 'undefined') return undefined;
        const init = this.bindings.constInit(node.name);
        if (!init || this.following.has(node.name)) return this.code(node);
        this.following.add(node.name);
        try {
          return this.convert(init);
        } finally {
          this.following.delete(node.name);
        }
      }
      case 'MemberExpression': {
        const known = enumMember(node);
        if (known !== undefined) return { kind: 'scalar', value: known, style: 'plain', range };
        if (!node.computed || node.property.type === 'Literal') {
          const name = propertyName(node);
          const obj = this.convert(node.object);
          if (name !== undefined && obj && obj.kind === 'map' && !obj.tag) {
            for (let i = obj.pairs.length - 1; i >= 0; i--) if (obj.pairs[i].key.value === name) return obj.pairs[i].value;
          }
        }
        return this.code(node);
      }
      case 'ObjectExpression':
        return this.object(node);
      case 'ArrayExpression': {
        const q: CSeq = { kind: 'seq', items: [], flow: true, range };
        for (const el of node.elements) {
          if (!el) continue;
          if (el.type === 'SpreadElement') {
            const inner = this.convert(el.argument);
            if (inner && inner.kind === 'seq' && !inner.tag) q.items.push(...inner.items);
            else q.items.push(this.code(el));
            continue;
          }
          const c = this.convert(el);
          if (c) q.items.push(c);
        }
        return q;
      }
      default:
        return this.code(node);
    }
  }

  private object(node: TSESTree.ObjectExpression): CMap {
    const m: CMap = { kind: 'map', pairs: [], flow: true, range: [node.range[0], node.range[1]] };
    for (const p of node.properties) {
      if (p.type === 'SpreadElement') {
        const inner = this.convert(p.argument);
        if (inner && inner.kind === 'map' && !inner.tag) {
          for (const q of inner.pairs) m.pairs.push({ ...q, merged: true });
        } else {
          this.problems.push({ message: `the spread ${this.code(p.argument).value} cannot be read statically`, range: [p.range[0], p.range[1]] });
        }
        continue;
      }
      if (p.type !== 'Property' || p.kind !== 'init' || p.method) continue;
      const name = propertyName(p);
      if (name === undefined) {
        this.problems.push({ message: `a computed key (${this.code(p.key).value}) cannot be read statically`, range: [p.key.range[0], p.key.range[1]] });
        continue;
      }
      const keyRange: Span = [p.key.range[0], p.key.range[1]];
      const key: CScalar = { kind: 'scalar', value: name, style: 'plain', range: keyRange };
      const value = this.convert(p.value as Node);
      const pair: CPair = { key, value, range: [p.range[0], p.range[1]] };
      m.pairs.push(pair);
    }
    return m;
  }

  private template(node: TSESTree.TemplateLiteral): CNode {
    const range: Span = [node.range[0], node.range[1]];
    const quasiContent = (q: TSESTree.TemplateElement): [number, number] => [q.range[0] + 1, q.range[1] - (q.tail ? 1 : 2)];
    if (node.expressions.length === 0) {
      const q = node.quasis[0];
      const [a, b] = quasiContent(q);
      return this.string(q.value.cooked ?? q.value.raw, range, a, b);
    }
    // Modelled as `Fn::Join ['', [pieces]]` so values get parts with ranges.
    const items: CNode[] = [];
    node.quasis.forEach((q, i) => {
      const cooked = q.value.cooked ?? q.value.raw;
      if (cooked) {
        const [a, b] = quasiContent(q);
        items.push(this.string(cooked, [a, b], a, b));
      }
      const e = node.expressions[i];
      if (e) items.push(this.convert(e) ?? this.code(e));
    });
    const delim: CScalar = { kind: 'scalar', value: '', style: 'plain', range: [range[0], range[0]] };
    const list: CSeq = { kind: 'seq', items, flow: true, range };
    return { kind: 'seq', items: [delim, list], flow: true, range, tag: '!Join' };
  }
}

/**
 * The object a configuration module exports: `module.exports = {...}`, `export default {...}`,
 * `export = {...}`, through a `const`, `satisfies`/`as`, or an arrow function returning an object.
 */
export function exportedObject(program: TSESTree.Program, tree: JsTree): { node: Node | undefined; problem?: string; range?: Span } {
  let exported: Node | undefined;
  for (const st of program.body) {
    if (st.type === 'ExpressionStatement' && st.expression.type === 'AssignmentExpression') {
      const left = st.expression.left;
      if (left.type === 'MemberExpression' && left.object.type === 'Identifier' && left.object.name === 'module' && propertyName(left) === 'exports') {
        exported = st.expression.right;
      }
    } else if (st.type === 'ExportDefaultDeclaration') {
      exported = st.declaration as Node;
    } else if (st.type === 'TSExportAssignment') {
      exported = st.expression;
    }
  }
  if (!exported) return { node: undefined, problem: 'the file exports no configuration object' };
  let n: Node | undefined = unwrap(exported);
  for (let i = 0; i < 5 && n; i++) {
    if (n.type === 'Identifier') {
      const init = tree.bindings.constInit(n.name);
      if (!init) return { node: undefined, problem: `the exported ${n.name} is not a const declared in this file`, range: [n.range[0], n.range[1]] };
      n = unwrap(init);
      continue;
    }
    if (n.type === 'ArrowFunctionExpression' || n.type === 'FunctionExpression') {
      const body: Node = n.body;
      if (body.type === 'BlockStatement') {
        const ret: TSESTree.ReturnStatement | undefined = body.body.find((s): s is TSESTree.ReturnStatement => s.type === 'ReturnStatement');
        if (!ret?.argument) return { node: undefined, problem: 'the exported function returns no object literal', range: [n.range[0], n.range[1]] };
        n = unwrap(ret.argument);
      } else n = unwrap(body);
      continue;
    }
    if (n.type === 'AwaitExpression') {
      n = unwrap(n.argument);
      continue;
    }
    break;
  }
  if (!n || n.type !== 'ObjectExpression') {
    return { node: undefined, problem: 'the exported configuration is not an object literal (it would have to be executed)', range: n ? [n.range[0], n.range[1]] : undefined };
  }
  return { node: n };
}

/** CDK enum members whose value is the CloudFormation literal: `iam.Effect.DENY`, `FunctionUrlAuthType.NONE`. */
const ENUMS: Record<string, Record<string, string>> = {
  Effect: { ALLOW: 'Allow', DENY: 'Deny' },
  FunctionUrlAuthType: { NONE: 'NONE', AWS_IAM: 'AWS_IAM' },
};

export function enumMember(node: TSESTree.MemberExpression): string | undefined {
  if (node.computed || node.property.type !== 'Identifier') return undefined;
  const obj = node.object;
  const enumName = obj.type === 'Identifier' ? obj.name : obj.type === 'MemberExpression' && !obj.computed && obj.property.type === 'Identifier' ? obj.property.name : undefined;
  return enumName ? ENUMS[enumName]?.[node.property.name] : undefined;
}
