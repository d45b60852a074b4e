/**
 * serverless.ts / serverless.js: the configuration is a JavaScript object. This turns the exported object
 * literal into the same format-neutral tree the YAML/JSON parsers produce (exact source ranges kept),
 * so the configuration checks run unchanged. Values the file does not spell out (calls, imports) are
 * left out rather than guessed.
 */
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { bindingsOf, type Bindings, propertyName, unwrap } from '../../code/bindings';
import type { CMap, CNode, CPair, CScalar, CSeq } from '../../parse/tree';

type Node = TSESTree.Node;

const MAX_DEPTH = 64;

/** The tree of the object a serverless.ts/js file exports (`module.exports =`, `export default`, `export =`). */
export function exportedConfigTree(program: TSESTree.Program): CNode | undefined {
  const bindings = bindingsOf(program);
  let exported: Node | undefined;
  for (const st of program.body) {
    if (st.type === 'ExportDefaultDeclaration') exported = st.declaration;
    else if (st.type === 'TSExportAssignment') exported = st.expression;
    else if (st.type === 'ExpressionStatement' && st.expression.type === 'AssignmentExpression') {
      const l = st.expression.left;
      if (l.type === 'MemberExpression' && l.object.type === 'Identifier' && l.object.name === 'module' && propertyName(l) === 'exports') exported = st.expression.right;
    }
  }
  if (!exported) return undefined;
  return new Converter(bindings).convert(exported, 0);
}

class Converter {
  private readonly active = new Set<Node>();
  constructor(private readonly bindings: Bindings) {}

  convert(node: Node, depth: number): CNode | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const e = unwrap(node);
    if (this.active.has(e)) return undefined;
    this.active.add(e);
    try {
      return this.convertFresh(e, depth);
    } finally {
      this.active.delete(e);
    }
  }

  private convertFresh(e: Node, depth: number): CNode | undefined {
    const range: [number, number] = [e.range[0], e.range[1]];
    switch (e.type) {
      case 'ObjectExpression': {
        const m: CMap = { kind: 'map', pairs: [], flow: true, range };
        for (const p of e.properties) {
          if (p.type === 'SpreadElement') {
            const inner = this.convert(p.argument, depth + 1);
            if (inner?.kind === 'map') m.pairs.push(...inner.pairs.map((x) => ({ ...x, merged: true })));
            continue;
          }
          if (p.type !== 'Property') continue;
          const name = propertyName(p);
          if (name === undefined) continue;
          const key: CScalar = { kind: 'scalar', value: name, style: 'plain', range: [p.key.range[0], p.key.range[1]] };
          const value = p.shorthand && p.value.type === 'Identifier' ? this.convert(p.value, depth + 1) : this.convert(p.value, depth + 1);
          const pair: CPair = { key, value, range: [p.range[0], p.range[1]] };
          m.pairs.push(pair);
        }
        return m;
      }
      case 'ArrayExpression': {
        const q: CSeq = { kind: 'seq', items: [], flow: true, range };
        for (const el of e.elements) {
          if (!el || el.type === 'SpreadElement') continue;
          const c = this.convert(el, depth + 1);
          if (c) q.items.push(c);
        }
        return q;
      }
      case 'Literal': {
        const v = e.value;
        if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null) {
          const raw = e.raw ?? '';
          return { kind: 'scalar', value: v, style: raw.startsWith("'") ? 'single' : raw.startsWith('"') ? 'double' : 'plain', range };
        }
        return undefined;
      }
      case 'TemplateLiteral': {
        // Interpolations are kept as `${…}` so a computed host stays unknown while a literal scheme is seen.
        const value = e.quasis.map((q) => q.value.cooked ?? '').join('${}');
        return { kind: 'scalar', value, style: 'plain', range };
      }
      case 'Identifier': {
        const init = this.bindings.constInit(e.name);
        return init ? this.convert(init, depth + 1) : undefined;
      }
      default:
        return undefined;
    }
  }
}
