/**
 * One extra pass over a JS/TS file, run only when the file mentions a cleartext scheme: the facts the
 * plain-http rule needs to follow a URL beyond a `const` (function parameters back to call sites,
 * class fields, destructured constants, loop variables) and the HTTP mocks a test sets up.
 */
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { childNodes, propertyName, unwrap } from '../../code/bindings';

type Node = TSESTree.Node;
export type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

export interface CodeIndex {
  /** Calls and `new` expressions whose callee is a plain name, by that name. */
  callsByName: Map<string, Array<TSESTree.CallExpression | TSESTree.NewExpression>>;
  /** `this.name(...)` calls, by method name, with the class body they are in. */
  thisCalls: Map<string, Array<{ call: TSESTree.CallExpression; body: TSESTree.ClassBody }>>;
  /** Functions declared with a name (`function f`, `const f = () => …`), by that name. */
  functions: Map<string, FunctionNode[]>;
  /** Per class body: values written to `this.name` (field initialisers and assignments). */
  classFields: Map<TSESTree.ClassBody, Map<string, Node[]>>;
  /** Classes by name (for `new Name(...)` call sites of a constructor). */
  classes: Map<string, TSESTree.ClassBody>;
  /** `const { key: local } = init` at any depth: local -> init and key. */
  destructured: Map<string, Array<{ init: Node; key: string; defaultValue?: Node }>>;
  /** Names declared by `for (const x of iterable)`: name -> iterables. */
  loopVars: Map<string, Node[]>;
  /** Names assigned after their declaration (`name = value`, `name += …`, `name++`): never followed. */
  assigned: Set<string>;
  /** Initialisers of `let`/`var` declarations, by name (followed only when declared once and never assigned). */
  letInits: Map<string, Node[]>;
}

export function buildCodeIndex(program: TSESTree.Program): CodeIndex {
  const ix: CodeIndex = {
    callsByName: new Map(),
    thisCalls: new Map(),
    functions: new Map(),
    classFields: new Map(),
    classes: new Map(),
    destructured: new Map(),
    loopVars: new Map(),
    assigned: new Set(),
    letInits: new Map(),
  };
  const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => {
    const list = m.get(k);
    if (list) list.push(v);
    else m.set(k, [v]);
  };
  const stack: Node[] = [program];
  while (stack.length) {
    const node = stack.pop()!;
    switch (node.type) {
      case 'CallExpression':
      case 'NewExpression': {
        const callee = unwrap(node.callee);
        if (callee.type === 'Identifier') push(ix.callsByName, callee.name, node);
        else if (node.type === 'CallExpression' && callee.type === 'MemberExpression' && callee.object.type === 'ThisExpression') {
          const name = propertyName(callee);
          const body = enclosingClassBody(node);
          if (name && body) push(ix.thisCalls, name, { call: node, body });
        }
        break;
      }
      case 'FunctionDeclaration':
        if (node.id) push(ix.functions, node.id.name, node);
        break;
      case 'VariableDeclarator': {
        const init = node.init ? unwrap(node.init) : undefined;
        if (node.id.type === 'Identifier' && node.parent?.type === 'VariableDeclaration' && node.parent.kind !== 'const') {
          push(ix.letInits, node.id.name, node.init ?? node.id);
        }
        if (node.id.type === 'Identifier' && init && (init.type === 'ArrowFunctionExpression' || init.type === 'FunctionExpression')) {
          push(ix.functions, node.id.name, init);
        }
        if (node.id.type === 'Identifier' && init && init.type === 'ClassExpression') ix.classes.set(node.id.name, init.body);
        if (node.id.type === 'ObjectPattern' && node.init && node.parent?.type === 'VariableDeclaration' && node.parent.kind === 'const') {
          for (const p of node.id.properties) {
            if (p.type !== 'Property') continue;
            const key = propertyName(p);
            const local = p.value.type === 'Identifier' ? p.value : p.value.type === 'AssignmentPattern' && p.value.left.type === 'Identifier' ? p.value.left : undefined;
            const defaultValue = p.value.type === 'AssignmentPattern' ? p.value.right : undefined;
            if (key && local) push(ix.destructured, local.name, { init: node.init, key, defaultValue });
          }
        }
        break;
      }
      case 'ForOfStatement': {
        const left = node.left;
        if (left.type === 'VariableDeclaration' && left.kind === 'const') {
          for (const d of left.declarations) if (d.id.type === 'Identifier') push(ix.loopVars, d.id.name, node.right);
        }
        break;
      }
      case 'ClassDeclaration':
        if (node.id) ix.classes.set(node.id.name, node.body);
        break;
      case 'PropertyDefinition': {
        const name = propertyName(node);
        const body = node.parent?.type === 'ClassBody' ? node.parent : undefined;
        if (name && body && node.value && !node.static) push(fieldsOf(ix, body), name, node.value);
        break;
      }
      case 'TSParameterProperty': {
        const p = node.parameter;
        const id = p.type === 'Identifier' ? p : p.type === 'AssignmentPattern' && p.left.type === 'Identifier' ? p.left : undefined;
        const body = enclosingClassBody(node);
        if (id && body) push(fieldsOf(ix, body), id.name, id);
        break;
      }
      case 'AssignmentExpression': {
        const left = node.left;
        if (left.type === 'MemberExpression' && left.object.type === 'ThisExpression') {
          const name = propertyName(left);
          const body = enclosingClassBody(node);
          if (name && body) push(fieldsOf(ix, body), name, node.right);
        } else if (left.type === 'Identifier') {
          ix.assigned.add(left.name);
        }
        break;
      }
      case 'UpdateExpression':
        if (node.argument.type === 'Identifier') ix.assigned.add(node.argument.name);
        break;
      default:
        break;
    }
    const children = childNodes(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return ix;
}

function fieldsOf(ix: CodeIndex, body: TSESTree.ClassBody): Map<string, Node[]> {
  let m = ix.classFields.get(body);
  if (!m) ix.classFields.set(body, (m = new Map()));
  return m;
}

/** The body of the class a node is written in (methods, fields, constructor), if any. */
export function enclosingClassBody(node: Node): TSESTree.ClassBody | undefined {
  let cur: Node | undefined = node.parent;
  while (cur) {
    if (cur.type === 'ClassBody') return cur;
    cur = cur.parent;
  }
  return undefined;
}

/** Where a name used at `id` is a parameter: the function, the parameter's position, a destructured key, its default. */
export interface ParamRef {
  fn: FunctionNode;
  index: number;
  /** For `function f({ url })`: the property of the argument object. */
  key?: string;
  defaultValue?: Node;
}

export function paramOf(id: TSESTree.Identifier): ParamRef | undefined {
  let cur: Node | undefined = id.parent;
  while (cur) {
    if (cur.type === 'FunctionDeclaration' || cur.type === 'FunctionExpression' || cur.type === 'ArrowFunctionExpression') {
      const found = findParam(cur, id.name);
      if (found) return found;
    }
    cur = cur.parent;
  }
  return undefined;
}

function findParam(fn: FunctionNode, name: string): ParamRef | undefined {
  for (let index = 0; index < fn.params.length; index++) {
    let p: Node = fn.params[index];
    if (p.type === 'TSParameterProperty') p = p.parameter;
    let defaultValue: Node | undefined;
    if (p.type === 'AssignmentPattern') {
      defaultValue = p.right;
      p = p.left;
    }
    if (p.type === 'Identifier' && p.name === name) return { fn, index, defaultValue };
    if (p.type === 'ObjectPattern') {
      for (const q of p.properties) {
        if (q.type !== 'Property') continue;
        let v: Node = q.value;
        let dv: Node | undefined;
        if (v.type === 'AssignmentPattern') {
          dv = v.right;
          v = v.left;
        }
        const key = propertyName(q);
        if (v.type === 'Identifier' && v.name === name && key) return { fn, index, key, defaultValue: dv };
      }
    }
  }
  return undefined;
}

/** The name a function can be called by in this file, and whether it is a class constructor. */
export function functionName(fn: FunctionNode): { name: string; kind: 'function' | 'constructor' | 'method'; body?: TSESTree.ClassBody } | undefined {
  if (fn.type === 'FunctionDeclaration') return fn.id ? { name: fn.id.name, kind: 'function' } : undefined;
  const parent = fn.parent;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return { name: parent.id.name, kind: 'function' };
  if (parent?.type === 'MethodDefinition' && parent.parent?.type === 'ClassBody') {
    const body = parent.parent;
    if (parent.kind === 'constructor') {
      const cls = body.parent;
      let name: string | undefined;
      if (cls?.type === 'ClassDeclaration' && cls.id) name = cls.id.name;
      else if (cls?.type === 'ClassExpression' && cls.parent?.type === 'VariableDeclarator' && cls.parent.id.type === 'Identifier') name = cls.parent.id.name;
      return name ? { name, kind: 'constructor', body } : undefined;
    }
    const m = propertyName(parent as unknown as TSESTree.PropertyDefinition);
    return m ? { name: m, kind: 'method', body } : undefined;
  }
  return undefined;
}

/** Expressions a function returns (arrow expression body, or `return x` not inside a nested function). */
export function returnedExpressions(fn: FunctionNode): Node[] {
  if (fn.body && fn.body.type !== 'BlockStatement') return [fn.body];
  const out: Node[] = [];
  const stack: Node[] = fn.body ? [fn.body] : [];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'ReturnStatement') {
      if (n.argument) out.push(n.argument);
      continue;
    }
    if (n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression' || n.type === 'ClassDeclaration' || n.type === 'ClassExpression') continue;
    for (const c of childNodes(n)) stack.push(c);
  }
  return out;
}
