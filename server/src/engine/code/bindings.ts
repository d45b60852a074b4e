import type { TSESTree } from '@typescript-eslint/typescript-estree';

type Node = TSESTree.Node;
type Expression = TSESTree.Expression;

/** Where a local name comes from when it is bound to a module: `import x from 'm'`, `const {a: x} = require('m')`. */
export interface ModuleBinding {
  module: string;
  /** 'default', '*' (namespace / whole `require`), or the imported export's name. */
  imported: string;
}

/**
 * Static facts about the names of one JS/TS file, computed in one pass: which names are bound to
 * modules, and which are `const` declarations (with their initialisers), so rules can follow a value
 * from where it is written to where it is used. A name declared more than once (in different scopes)
 * is treated as unknown rather than guessed.
 */
export class Bindings {
  readonly modules = new Map<string, ModuleBinding>();
  private readonly consts = new Map<string, Expression | null>();
  private readonly declaredCount = new Map<string, number>();

  constructor(program: TSESTree.Program) {
    this.collect(program);
  }

  /** The initialiser of a `const` declared exactly once in the file. */
  constInit(name: string): Expression | undefined {
    if ((this.declaredCount.get(name) ?? 0) !== 1) return undefined;
    return this.consts.get(name) ?? undefined;
  }

  /** The module a name is bound to, if it is bound only once. */
  moduleOf(name: string): ModuleBinding | undefined {
    if ((this.declaredCount.get(name) ?? 0) > 1) return undefined;
    return this.modules.get(name);
  }

  /** True when the name is declared anywhere in the file (so a global of that name is shadowed). */
  isDeclared(name: string): boolean {
    return (this.declaredCount.get(name) ?? 0) > 0;
  }

  private declare(name: string): void {
    this.declaredCount.set(name, (this.declaredCount.get(name) ?? 0) + 1);
  }

  private collect(program: TSESTree.Program): void {
    const stack: Node[] = [program];
    while (stack.length) {
      const node = stack.pop()!;
      switch (node.type) {
        case 'ImportDeclaration': {
          const module = String(node.source.value);
          for (const s of node.specifiers) {
            this.declare(s.local.name);
            if (s.type === 'ImportDefaultSpecifier') this.modules.set(s.local.name, { module, imported: 'default' });
            else if (s.type === 'ImportNamespaceSpecifier') this.modules.set(s.local.name, { module, imported: '*' });
            else {
              const imported = s.imported.type === 'Identifier' ? s.imported.name : String(s.imported.value);
              this.modules.set(s.local.name, { module, imported });
            }
          }
          continue;
        }
        case 'TSImportEqualsDeclaration': {
          this.declare(node.id.name);
          const ref = node.moduleReference;
          if (ref.type === 'TSExternalModuleReference' && ref.expression.type === 'Literal') {
            this.modules.set(node.id.name, { module: String(ref.expression.value), imported: '*' });
          }
          continue;
        }
        case 'VariableDeclaration':
          for (const d of node.declarations) this.declarator(d, node.kind === 'const');
          break;
        case 'FunctionDeclaration':
        case 'ClassDeclaration':
          if (node.id) this.declare(node.id.name);
          break;
        default:
          break;
      }
      for (const c of childNodes(node)) stack.push(c);
    }
  }

  private declarator(node: TSESTree.VariableDeclarator, isConst: boolean): void {
    const init = node.init ? unwrap(node.init) : undefined;
    const req = init ? requireCall(init) : undefined;
    if (node.id.type === 'Identifier') {
      this.declare(node.id.name);
      if (isConst) this.consts.set(node.id.name, node.init ?? null);
      if (req) this.modules.set(node.id.name, { module: req.module, imported: req.member ?? '*' });
      return;
    }
    if (node.id.type === 'ObjectPattern') {
      for (const p of node.id.properties) {
        if (p.type === 'RestElement') {
          if (p.argument.type === 'Identifier') this.declare(p.argument.name);
          continue;
        }
        const local = p.value.type === 'Identifier' ? p.value : p.value.type === 'AssignmentPattern' && p.value.left.type === 'Identifier' ? p.value.left : undefined;
        if (!local) continue;
        this.declare(local.name);
        const key = p.key.type === 'Identifier' ? p.key.name : p.key.type === 'Literal' ? String(p.key.value) : undefined;
        if (req && key) this.modules.set(local.name, { module: req.module, imported: key });
      }
      return;
    }
    for (const name of patternNames(node.id)) this.declare(name);
  }
}

const cache = new WeakMap<TSESTree.Program, Bindings>();

/**
 * The bindings of a tree, computed once and shared: the model, the handler facts, the SDK inference
 * and every rule read the same file version, and each used to walk the whole tree for its own copy.
 */
export function bindingsOf(program: TSESTree.Program): Bindings {
  let b = cache.get(program);
  if (!b) {
    b = new Bindings(program);
    cache.set(program, b);
  }
  return b;
}

/** `require('m')`, `require('m').x`, `require('m').default`, `(await import('m'))` -> module and member. */
export function requireCall(e: Node): { module: string; member?: string } | undefined {
  let node: Node = unwrap(e);
  let member: string | undefined;
  if (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier') {
    member = node.property.name === 'default' ? 'default' : node.property.name;
    node = unwrap(node.object);
  }
  if (node.type === 'AwaitExpression') node = unwrap(node.argument);
  if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'require') {
    const a = node.arguments[0];
    if (a && a.type === 'Literal' && typeof a.value === 'string') return { module: a.value, member };
  }
  if (node.type === 'ImportExpression' && node.source.type === 'Literal' && typeof node.source.value === 'string') {
    return { module: node.source.value, member };
  }
  return undefined;
}

/** Strips parentheses-free wrappers that do not change a value: `x as T`, `x!`, `<T>x`, `x satisfies T`. */
export function unwrap<T extends Node>(e: T): Node {
  let n: Node = e;
  for (;;) {
    if (n.type === 'TSAsExpression' || n.type === 'TSNonNullExpression' || n.type === 'TSTypeAssertion' || n.type === 'TSSatisfiesExpression') {
      n = n.expression;
    } else if (n.type === 'ChainExpression') {
      n = n.expression;
    } else return n;
  }
}

/** Every name a binding pattern declares (`a`, `{ b: [c] }`, `...d`, `e = 1`, constructor parameter properties). */
export function patternNames(p: Node): string[] {
  switch (p.type) {
    case 'Identifier':
      return [p.name];
    case 'ArrayPattern':
      return p.elements.flatMap((e) => (e ? patternNames(e) : []));
    case 'AssignmentPattern':
      return patternNames(p.left);
    case 'RestElement':
      return patternNames(p.argument);
    case 'ObjectPattern':
      return p.properties.flatMap((q) => (q.type === 'RestElement' ? patternNames(q.argument) : patternNames(q.value)));
    case 'TSParameterProperty':
      return patternNames(p.parameter);
    default:
      return [];
  }
}

/** A node's child nodes in source order (any property holding a node or an array of nodes), not `parent`. */
export function childNodes(node: Node): Node[] {
  const out: Node[] = [];
  for (const key in node) {
    if (key === 'parent' || key === 'range' || key === 'loc') continue;
    const v = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(v)) {
      for (const c of v) if (c && typeof c === 'object' && typeof (c as Node).type === 'string') out.push(c as Node);
    } else if (v && typeof v === 'object' && typeof (v as Node).type === 'string') {
      out.push(v as Node);
    }
  }
  return out;
}

/** The name of a property key when it is static: `a`, `'a'`, `[\`a\`]`. */
export function propertyName(p: TSESTree.Property | TSESTree.PropertyDefinition | TSESTree.MemberExpression): string | undefined {
  const key = p.type === 'MemberExpression' ? p.property : p.key;
  if (key.type === 'Identifier' && !p.computed) return key.name;
  if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number')) return String(key.value);
  if (key.type === 'TemplateLiteral' && key.expressions.length === 0) return key.quasis[0].value.cooked ?? undefined;
  return undefined;
}

/** The property of an object literal with a static key (the last one wins, as at run time). */
export function objectProperty(obj: Node, name: string): TSESTree.Property | undefined {
  if (obj.type !== 'ObjectExpression') return undefined;
  let found: TSESTree.Property | undefined;
  for (const p of obj.properties) {
    if (p.type === 'Property' && propertyName(p) === name) found = p;
  }
  return found;
}
