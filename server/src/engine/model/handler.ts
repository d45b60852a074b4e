/**
 * Facts about a handler code file that configurations point at: what it exports and which
 * environment variables it reads by name.
 */
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { bindingsOf, childNodes, propertyName, unwrap } from '../code/bindings';
import type { SourceFile } from '../source';
import type { HandlerFacts, Span } from './types';

const cache = new WeakMap<SourceFile, HandlerFacts | null>();

/** The handler facts of a JS/TS/Python file (cached per file version); undefined for other files. */
export function handlerFactsOf(file: SourceFile): HandlerFacts | undefined {
  const hit = cache.get(file);
  if (hit !== undefined) return hit ?? undefined;
  let facts: HandlerFacts | undefined;
  try {
    const c = file.classification;
    if (c.role === 'code') facts = c.language === 'python' ? pythonFacts(file) : jsFacts(file, c.language);
  } catch {
    facts = undefined;
  }
  cache.set(file, facts ?? null);
  return facts;
}

/** Gives a file the handler facts another thread already read from the same text. */
export function adoptHandlerFacts(file: SourceFile, facts: HandlerFacts): void {
  cache.set(file, facts);
}

/** Compares the parts of facts other files depend on (names, not ranges). */
export function sameFacts(a: HandlerFacts | undefined, b: HandlerFacts | undefined): boolean {
  if (!a || !b) return a === b;
  const names = (f: HandlerFacts) => `${f.exports.join(',')}|${[...new Set(f.envReads.map((e) => e.name))].sort().join(',')}`;
  return names(a) === names(b);
}

function jsFacts(file: SourceFile, language: 'javascript' | 'typescript'): HandlerFacts {
  const facts: HandlerFacts = { path: file.path, language, exports: [], envReads: [] };
  const ast = file.js?.ast;
  if (!ast) return facts;
  const exports = new Set<string>();
  const bindings = bindingsOf(ast);
  for (const st of ast.body) {
    if (st.type === 'ExportNamedDeclaration') {
      const d = st.declaration;
      if (d && (d.type === 'FunctionDeclaration' || d.type === 'ClassDeclaration') && d.id) exports.add(d.id.name);
      if (d && d.type === 'VariableDeclaration') for (const v of d.declarations) if (v.id.type === 'Identifier') exports.add(v.id.name);
      for (const s of st.specifiers) {
        const name = s.exported.type === 'Identifier' ? s.exported.name : String(s.exported.value);
        exports.add(name);
      }
    } else if (st.type === 'ExportDefaultDeclaration' || st.type === 'TSExportAssignment') {
      exports.add('default');
    } else if (st.type === 'ExpressionStatement' && st.expression.type === 'AssignmentExpression') {
      const left = st.expression.left;
      if (left.type !== 'MemberExpression') continue;
      const name = propertyName(left);
      const obj = left.object;
      // exports.x = ..., module.exports.x = ...
      if (obj.type === 'Identifier' && obj.name === 'exports' && name) exports.add(name);
      else if (obj.type === 'MemberExpression' && obj.object.type === 'Identifier' && obj.object.name === 'module' && propertyName(obj) === 'exports' && name) exports.add(name);
      else if (obj.type === 'Identifier' && obj.name === 'module' && name === 'exports') {
        // module.exports = {a, b} | fn
        let right: TSESTree.Node = unwrap(st.expression.right);
        if (right.type === 'Identifier') right = unwrap(bindings.constInit(right.name) ?? right);
        if (right.type === 'ObjectExpression') {
          for (const p of right.properties) {
            if (p.type === 'Property') {
              const n = propertyName(p);
              if (n) exports.add(n);
            } else exports.add('*');
          }
        } else if (right.type === 'FunctionExpression' || right.type === 'ArrowFunctionExpression' || right.type === 'Identifier') {
          exports.add('default');
        } else exports.add('*');
      }
    }
  }
  facts.exports = [...exports].sort();
  // process.env.X, process.env['X'], const {X} = process.env
  const stack: TSESTree.Node[] = [ast];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'MemberExpression' && isProcessEnv(n.object)) {
      const name = propertyName(n);
      if (name) facts.envReads.push({ name, range: [n.range[0], n.range[1]] });
    } else if (n.type === 'VariableDeclarator' && n.init && isProcessEnv(unwrap(n.init)) && n.id.type === 'ObjectPattern') {
      for (const p of n.id.properties) {
        if (p.type !== 'Property') continue;
        const name = propertyName(p);
        if (name) facts.envReads.push({ name, range: [p.key.range[0], p.key.range[1]] });
      }
    }
    for (const c of childNodes(n)) stack.push(c);
  }
  facts.envReads.sort((a, b) => a.range[0] - b.range[0]);
  return facts;
}

function isProcessEnv(n: TSESTree.Node): boolean {
  const u = unwrap(n);
  return u.type === 'MemberExpression' && u.object.type === 'Identifier' && u.object.name === 'process' && propertyName(u) === 'env';
}

const PY_DEF = /^(?:async[ \t]+)?def[ \t]+([A-Za-z_]\w*)[ \t]*\(/gm;
const PY_ENV = /\bos\.(?:environ(?:\.get\(|\[|\.setdefault\()|getenv\()\s*(['"])([^'"\\\n]+)\1|\benviron\[\s*(['"])([^'"\\\n]+)\3/g;

function pythonFacts(file: SourceFile): HandlerFacts {
  const facts: HandlerFacts = { path: file.path, language: 'python', exports: [], envReads: [] };
  const exports = new Set<string>();
  for (const m of file.text.matchAll(PY_DEF)) exports.add(m[1]);
  facts.exports = [...exports].sort();
  for (const m of file.text.matchAll(PY_ENV)) {
    const name = m[2] ?? m[4];
    const quote = m[1] ?? m[3];
    const at = m.index! + m[0].lastIndexOf(`${quote}${name}${quote}`);
    const range: Span = [at + 1, at + 1 + name.length];
    facts.envReads.push({ name, range });
  }
  return facts;
}
