/**
 * JavaScript / TypeScript: where a literal is written and what it is given to. Works bottom-up: every
 * string literal, template literal without expressions and `+` chain of literals is followed up
 * through value-preserving wrappers (`as`, `??`/`||` defaults, `? :`, arrays, `Buffer.from`) to the
 * place that names it (variable, property, class field, parameter default, assignment, JSX
 * attribute, a known SDK/jwt argument). Provider-format tokens found anywhere in the text are mapped
 * back to the string node that holds them, for naming and for the fix.
 */
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { bindingsOf, propertyName, unwrap, type Bindings } from '../../code/bindings';
import type { RuleListener } from '../../rule';
import { isSecretName } from '../../secrets';
import { effectiveName } from './naming';

type Node = TSESTree.Node;

/** A string-valued expression written in the code. */
export interface StringLit {
  /** The literal, template or `+` chain. */
  node: TSESTree.Literal | TSESTree.TemplateLiteral | TSESTree.BinaryExpression;
  /** Its value (undefined for a template with expressions). */
  value: string | undefined;
}

/** What a literal is given to. */
export interface Sink {
  name: string;
  /** Name of what holds the sink (`db` in `db.password`), for naming the environment variable. */
  container?: string;
  /** `process.env.X ?? 'literal'`: the variable the code already reads. */
  envName?: string;
  /** Range the code fix replaces (the literal, or the whole `process.env.X ?? '…'`). */
  replace: [number, number];
  /** The sink is a known credential argument (jwt.sign, new Stripe(…)): no secret name needed. */
  implicit?: boolean;
  /** The literal sits in a JSX attribute (`key="…"`): the fix needs braces. */
  jsx?: boolean;
  /** The literal is the initialiser of an enum member: no fix (enum members must be constant). */
  noFix?: boolean;
}

export interface CodeHit {
  lit: StringLit;
  value: string;
  sink: Sink;
}

const JWT_MODULES = new Set(['jsonwebtoken', 'jwt-simple', 'jws']);
const STRIPE_MODULES = new Set(['stripe']);
const SLACK_CLIENTS = new Set(['WebClient']);
const SEQUELIZE = new Set(['sequelize']);

/** Modules whose default export is a client taking a credential as its first (or second) argument. */
function positionalCredential(module: string | undefined, callee: string, index: number, isNew: boolean): string | undefined {
  const m = module ?? '';
  if ((STRIPE_MODULES.has(m) || (!module && callee === 'Stripe')) && index === 0) return 'stripeSecretKey';
  if ((m === 'twilio' || (!module && callee === 'Twilio')) && index === 1) return 'twilioAuthToken';
  if ((m === '@slack/web-api' || (!module && SLACK_CLIENTS.has(callee))) && SLACK_CLIENTS.has(callee) && index === 0) return 'slackToken';
  if ((SEQUELIZE.has(m) || (!module && callee === 'Sequelize')) && index === 2 && isNew) return 'dbPassword';
  if ((m === 'cookie-parser' || (!module && callee === 'cookieParser')) && index === 0) return 'cookieSecret';
  if ((m === 'aws-sdk' || m.startsWith('@aws-sdk/')) && callee === 'Credentials' && isNew) return index === 0 ? 'accessKeyId' : index === 1 ? 'secretAccessKey' : undefined;
  return undefined;
}

/** Readable container name from a module specifier: `@slack/web-api` -> slack, `mysql2/promise` -> mysql. */
function moduleContainer(module: string): string {
  const first = module.startsWith('@') ? module.slice(1).split('/')[0] : module.split('/')[0];
  return first.replace(/^aws-sdk$/, 'aws').replace(/\d+$/, '').replace(/^io(redis)$/, '$1');
}

/**
 * Module bindings and `const` initialisers of the file, collected by the shared traversal (the same
 * facts as `code/bindings.ts`' `Bindings`, without a second walk over the tree): a name declared more
 * than once is unknown rather than guessed.
 */
export class JsDetector {
  /** Every string literal and template literal, in source order (for mapping provider matches). */
  readonly strings: Array<TSESTree.Literal | TSESTree.TemplateLiteral> = [];
  readonly hits: CodeHit[] = [];
  /** Module bindings and const values of the file, shared with the other readers of this tree. */
  private readonly names: Bindings;

  constructor(program: TSESTree.Program) {
    this.names = bindingsOf(program);
  }
  private readonly localFunctions = new Map<string, string[] | null>();
  /** Collected during the traversal, judged in `finish()` once every declaration is known. */
  private readonly literals: StringLit[] = [];
  private readonly identifierValues: Array<[Node, Node]> = [];
  private readonly calls: Array<TSESTree.CallExpression | TSESTree.NewExpression> = [];
  private readonly secretNameCache = new Map<string, boolean>();

  /** `isSecretName`, memoised: the same keys (`region`, `headers`, …) recur all over a file. */
  private secretName(name: string): boolean {
    let v = this.secretNameCache.get(name);
    if (v === undefined) {
      v = isSecretName(name);
      this.secretNameCache.set(name, v);
    }
    return v;
  }

  listeners(): NonNullable<RuleListener['code']> {
    return {
      VariableDeclarator: (n) => {
        const d = n as TSESTree.VariableDeclarator;
        if (d.init) this.identifierValues.push([d.init, d]);
      },
      FunctionDeclaration: (n) => this.onFunction(n as TSESTree.FunctionDeclaration),
      Literal: (n) => this.onLiteral(n as TSESTree.Literal),
      TemplateLiteral: (n) => this.onTemplate(n as TSESTree.TemplateLiteral),
      BinaryExpression: (n) => this.onBinary(n as TSESTree.BinaryExpression),
      Property: (n) => {
        const p = n as TSESTree.Property;
        if (p.value.type === 'Identifier' || p.value.type === 'TSAsExpression') this.identifierValues.push([p.value, p]);
      },
      AssignmentExpression: (n) => this.identifierValues.push([(n as TSESTree.AssignmentExpression).right, n]),
      CallExpression: (n) => this.calls.push(n as TSESTree.CallExpression),
      NewExpression: (n) => this.calls.push(n as TSESTree.NewExpression),
    };
  }

  /** Call after the traversal: judges what was collected, now that every declaration is known. */
  finish(): void {
    for (const lit of this.literals) this.consider(lit);
    for (const [value, sinkNode] of this.identifierValues) this.onIdentifierValue(value, sinkNode);
    for (const call of this.calls) this.onCall(call);
    for (const call of this.calls) {
      if (call.type !== 'CallExpression') continue;
      const callee = unwrap(call.callee);
      if (callee.type !== 'Identifier' || call.arguments.length === 0 || this.names.moduleOf(callee.name)) continue;
      if (!call.arguments.some((a) => a.type === 'Literal' || a.type === 'TemplateLiteral' || a.type === 'BinaryExpression')) continue;
      const params = this.localFunctions.get(callee.name) ?? this.arrowParams(callee.name);
      if (!params) continue;
      call.arguments.forEach((arg, i) => {
        const pname = params[i];
        if (!pname || !this.secretName(pname)) return;
        this.fromArgument(arg, { name: pname });
      });
    }
  }

  // -----------------------------------------------------------------------------------------------

  private onLiteral(node: TSESTree.Literal): void {
    if (typeof node.value !== 'string') return;
    this.strings.push(node);
    const p = node.parent;
    // Keys, module names and types are never values.
    if (!p) return;
    if ((p.type === 'Property' || p.type === 'PropertyDefinition' || p.type === 'MethodDefinition' || p.type === 'TSPropertySignature') && p.key === node && !p.computed) return;
    if (p.type === 'ImportDeclaration' || p.type === 'ExportAllDeclaration' || p.type === 'ExportNamedDeclaration' || p.type === 'ImportExpression' || p.type === 'TSLiteralType' || p.type === 'TSExternalModuleReference' || p.type === 'TSImportType' || p.type === 'ImportAttribute') return;
    if (p.type === 'BinaryExpression' && p.operator === '+') return; // part of a chain: handled at its top
    if (p.type === 'ExpressionStatement' && (p as TSESTree.ExpressionStatement).directive !== undefined) return;
    if (node.value.length >= 3) this.literals.push({ node, value: node.value });
  }

  private onTemplate(node: TSESTree.TemplateLiteral): void {
    this.strings.push(node);
    if (node.expressions.length > 0) return;
    const p = node.parent;
    if (p && p.type === 'BinaryExpression' && p.operator === '+') return;
    if (p && p.type === 'TaggedTemplateExpression') return;
    const value = node.quasis[0]?.value.cooked;
    if (typeof value === 'string' && value.length >= 3) this.literals.push({ node, value });
  }

  private onBinary(node: TSESTree.BinaryExpression): void {
    if (node.operator !== '+') return;
    const p = node.parent;
    if (p && p.type === 'BinaryExpression' && p.operator === '+') return; // not the top of the chain
    const value = concatValue(node);
    if (value !== undefined) this.literals.push({ node, value });
  }

  private consider(lit: StringLit): void {
    if (lit.value === undefined || lit.value.length < 3) return;
    let sink = this.sinkOf(lit.node);
    if (!sink) return;
    if (!sink.implicit && /^key$/i.test(sink.name)) {
      // `jwt: { key: '…' }`: the container says which key (computed only for bare `key`).
      const container = this.sinkContainer(lit.node);
      const name = effectiveName(sink.name, container, (n) => this.secretName(n));
      if (name !== sink.name) sink = { ...sink, name, container: undefined };
    }
    if (!sink.implicit && !this.secretName(sink.name)) return;
    this.hits.push({ lit, value: lit.value, sink });
  }

  /** `{ password: P }`, `const password = P`, `x.password = P` with `const P = '…'` elsewhere. */
  private onIdentifierValue(value: Node | null | undefined, sinkNode: Node): void {
    if (!value) return;
    const v = unwrap(value);
    if (v.type !== 'Identifier') return;
    const name = this.nameAtSink(sinkNode, value);
    if (!name || !this.secretName(name.name)) return;
    this.fromConst(v.name, { name: name.name, container: name.container });
  }

  private fromConst(identifier: string, sink: Omit<Sink, 'replace'>): void {
    const init = this.names.constInit(identifier);
    if (!init) return;
    const lit = literalOf(init);
    if (!lit || lit.value === undefined) return;
    this.hits.push({ lit, value: lit.value, sink: { ...sink, replace: [lit.node.range[0], lit.node.range[1]] } });
  }

  private fromArgument(arg: Node, sink: Omit<Sink, 'replace'>): void {
    const a = unwrap(arg);
    if (a.type === 'Identifier') {
      this.fromConst(a.name, sink);
      return;
    }
    const lit = literalOf(a);
    if (!lit || lit.value === undefined) return;
    this.hits.push({ lit, value: lit.value, sink: { ...sink, replace: [lit.node.range[0], lit.node.range[1]] } });
  }

  private onFunction(node: TSESTree.FunctionDeclaration): void {
    if (!node.id) return;
    const name = node.id.name;
    const params = node.params.map((p) => paramName(p) ?? '');
    this.localFunctions.set(name, this.localFunctions.has(name) ? null : params);
  }

  private arrowParams(name: string): string[] | undefined {
    const init = this.names.constInit(name);
    if (!init) return undefined;
    const f = unwrap(init);
    if (f.type !== 'ArrowFunctionExpression' && f.type !== 'FunctionExpression') return undefined;
    return f.params.map((p) => paramName(p) ?? '');
  }

  private onCall(node: TSESTree.CallExpression | TSESTree.NewExpression): void {
    // Identifiers passed to credential arguments (`jwt.sign(p, SECRET)` with `const SECRET = '…'`).
    node.arguments.forEach((arg, i) => {
      const a = unwrap(arg);
      if (a.type !== 'Identifier') return;
      const implicit = this.implicitArgName(node, i);
      if (implicit) this.fromConst(a.name, { name: implicit.name, container: implicit.container, implicit: true });
    });
  }

  /** The credential a call's argument is (`jwt.sign(payload, secret)` -> secret), or undefined. */
  implicitArgName(call: TSESTree.CallExpression | TSESTree.NewExpression, index: number): { name: string; container?: string } | undefined {
    const callee = unwrap(call.callee);
    const isNew = call.type === 'NewExpression';
    if (callee.type === 'MemberExpression') {
      const method = propertyName(callee);
      const obj = unwrap(callee.object);
      const objName = obj.type === 'Identifier' ? obj.name : undefined;
      const mod = objName ? this.names.moduleOf(objName) : undefined;
      if (!method) return undefined;
      // jwt.sign(payload, secret) / jwt.verify(token, secret)
      if ((method === 'sign' || method === 'verify' || method === 'decode' || method === 'encode') && index === 1) {
        if ((mod && JWT_MODULES.has(mod.module)) || (!mod && objName && /^(jwt|jsonwebtoken|jws)$/i.test(objName))) return { name: 'jwtSecret', container: undefined };
      }
      // crypto.createHmac(alg, key), crypto.createCipheriv(alg, key, iv)
      if ((mod?.module === 'crypto' || mod?.module === 'node:crypto' || (!mod && objName === 'crypto')) && index === 1) {
        if (method === 'createHmac') return { name: 'hmacKey' };
        if (method === 'createCipheriv' || method === 'createDecipheriv') return { name: 'encryptionKey' };
      }
      // sgMail.setApiKey('…'), client.setAccessToken('…'), setPassword('…')
      const setter = /^set([A-Z]\w*)$/.exec(method);
      if (setter && index === 0 && call.arguments.length === 1 && this.secretName(setter[1])) {
        return { name: setter[1][0].toLowerCase() + setter[1].slice(1), container: mod ? moduleContainer(mod.module) : objName };
      }
      // headers.set('Authorization', '…'), res.setHeader('x-api-key', '…'), config.set('apiKey', '…')
      if (index === 1 && /^(set|append|setHeader|header|add|put|setItem|setdefault)$/.test(method)) {
        const k = call.arguments[0];
        if (k && k.type === 'Literal' && typeof k.value === 'string' && this.secretName(k.value)) return { name: k.value };
      }
      // new AWS.Credentials(id, secret), new stripe.Stripe(key)
      if (mod) {
        const n = positionalCredential(mod.module, method, index, isNew);
        if (n) return { name: n, container: moduleContainer(mod.module) };
      }
      return undefined;
    }
    if (callee.type === 'Identifier') {
      const mod = this.names.moduleOf(callee.name);
      if (mod && (mod.imported === 'sign' || mod.imported === 'verify') && JWT_MODULES.has(mod.module) && index === 1) return { name: 'jwtSecret' };
      const n = positionalCredential(mod?.module, mod && mod.imported !== 'default' && mod.imported !== '*' ? mod.imported : callee.name, index, isNew);
      if (n) return { name: n, container: mod ? moduleContainer(mod.module) : undefined };
      return undefined;
    }
    // require('stripe')('sk_…')
    if (callee.type === 'CallExpression' && callee.callee.type === 'Identifier' && callee.callee.name === 'require') {
      const a = callee.arguments[0];
      if (a && a.type === 'Literal' && typeof a.value === 'string') return positionalCredential(a.value, a.value, index, isNew) ? { name: positionalCredential(a.value, a.value, index, isNew)!, container: moduleContainer(a.value) } : undefined;
    }
    return undefined;
  }

  /** The container of the object literal a property value sits in (`jwt` for `jwt: { key: … }`). */
  private sinkContainer(lit: Node): string | undefined {
    let n: Node = lit;
    while (n.parent && isWrapper(n.parent, n)) n = n.parent;
    const p = n.parent;
    return p?.type === 'Property' && p.parent?.type === 'ObjectExpression' ? this.containerOf(p.parent) : undefined;
  }

  /** The name at a sink node for a value (declarator id, property key, assignment target). */
  private nameAtSink(sinkNode: Node, value: Node): { name: string; container?: string } | undefined {
    switch (sinkNode.type) {
      case 'VariableDeclarator':
        return sinkNode.id.type === 'Identifier' && sinkNode.init === value ? { name: sinkNode.id.name } : undefined;
      case 'Property': {
        if (sinkNode.value !== value || sinkNode.parent?.type !== 'ObjectExpression') return undefined;
        const name = propertyName(sinkNode);
        return name ? { name, container: this.containerOf(sinkNode.parent) } : undefined;
      }
      case 'AssignmentExpression': {
        if (sinkNode.right !== value) return undefined;
        return targetName(sinkNode.left);
      }
      default:
        return undefined;
    }
  }

  /** The name of what an object literal is given to (`const db = {…}` -> db, `new Pool({…})` -> pg). */
  private containerOf(obj: Node, depth = 0): string | undefined {
    if (depth > 2) return undefined;
    let n: Node = obj;
    while (n.parent && isWrapper(n.parent, n)) n = n.parent;
    const p = n.parent;
    if (!p) return undefined;
    if (p.type === 'VariableDeclarator' && p.id.type === 'Identifier') return p.id.name;
    if (p.type === 'Property' && p.value === n) {
      const k = propertyName(p);
      if (k && !/^(credentials|creds|auth|options|config|headers)$/i.test(k)) return k;
      return p.parent ? this.containerOf(p.parent, depth + 1) ?? k : k;
    }
    if (p.type === 'AssignmentExpression' && p.right === n) return targetName(p.left)?.name;
    if ((p.type === 'CallExpression' || p.type === 'NewExpression') && p.arguments.includes(n as TSESTree.CallExpressionArgument)) {
      const c = unwrap(p.callee);
      const id = c.type === 'Identifier' ? c.name : c.type === 'MemberExpression' ? (unwrap(c.object).type === 'Identifier' ? (unwrap(c.object) as TSESTree.Identifier).name : propertyName(c)) : undefined;
      const mod = id ? this.names.moduleOf(id) : undefined;
      if (mod) return moduleContainer(mod.module);
      return id;
    }
    return undefined;
  }

  /** Follows a literal up to the place that names it. */
  sinkOf(lit: Node): Sink | undefined {
    let n: Node = lit;
    let envName: string | undefined;
    let replace: [number, number] = [lit.range[0], lit.range[1]];
    for (let guard = 0; guard < 12; guard++) {
      const p = n.parent;
      if (!p) return undefined;
      if (p.type === 'LogicalExpression' && (p.operator === '??' || p.operator === '||') && p.right === n) {
        const env = envRead(p.left);
        if (env) {
          envName = env;
          replace = [p.range[0], p.range[1]];
        }
        n = p;
        continue;
      }
      if (isWrapper(p, n)) {
        n = p;
        continue;
      }
      switch (p.type) {
        case 'VariableDeclarator':
          if (p.init === n && p.id.type === 'Identifier') return { name: p.id.name, envName, replace };
          return undefined;
        case 'Property': {
          if (p.value !== n) return undefined;
          if (p.parent?.type === 'ObjectPattern') return undefined;
          const name = propertyName(p);
          // The container only names the variable of a secret-named key: skip the lookup for the rest.
          return name ? { name, container: p.parent && this.secretName(name) ? this.containerOf(p.parent) : undefined, envName, replace } : undefined;
        }
        case 'PropertyDefinition': {
          if (p.value !== n) return undefined;
          const name = propertyName(p);
          const cls = p.parent?.parent;
          const container = cls && (cls.type === 'ClassDeclaration' || cls.type === 'ClassExpression') && cls.id ? cls.id.name : undefined;
          return name ? { name, container, envName, replace } : undefined;
        }
        case 'AssignmentExpression': {
          if (p.right !== n) return undefined;
          const t = targetName(p.left);
          return t ? { ...t, envName, replace } : undefined;
        }
        case 'AssignmentPattern': {
          if (p.right !== n) return undefined;
          const own = p.left.type === 'Identifier' ? p.left.name : undefined;
          const key = p.parent?.type === 'Property' ? propertyName(p.parent) : undefined;
          const name = own && this.secretName(own) ? own : key ?? own;
          return name ? { name, envName, replace } : undefined;
        }
        case 'JSXAttribute': {
          const name = p.name.type === 'JSXIdentifier' ? p.name.name : undefined;
          return name ? { name, envName, replace, jsx: n.type === 'Literal' } : undefined;
        }
        case 'JSXExpressionContainer':
          n = p;
          continue;
        case 'TSEnumMember': {
          const name = p.id.type === 'Identifier' ? p.id.name : typeof (p.id as TSESTree.StringLiteral).value === 'string' ? (p.id as TSESTree.StringLiteral).value : undefined;
          return name ? { name, envName, replace, noFix: true } : undefined;
        }
        case 'CallExpression':
        case 'NewExpression': {
          const idx = p.arguments.indexOf(n as TSESTree.CallExpressionArgument);
          if (idx < 0) return undefined;
          // Buffer.from('…'), new TextEncoder().encode('…'): the value passes through.
          if (idx === 0 && isPassThroughCall(p)) {
            n = p;
            continue;
          }
          const implicit = this.implicitArgName(p, idx);
          return implicit ? { name: implicit.name, container: implicit.container, envName, replace, implicit: true } : undefined;
        }
        default:
          // `process.env.X ?? '…'` used directly (returned, passed on): the variable names it.
          return envName ? { name: envName, envName, replace } : undefined;
      }
    }
    return undefined;
  }

  /** The innermost string node holding [start, end), or undefined (comments, regexes, identifiers). */
  stringAt(start: number, end: number): TSESTree.Literal | TSESTree.TemplateLiteral | undefined {
    const s = this.strings;
    let lo = 0;
    let hi = s.length - 1;
    let idx = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid].range[0] <= start) {
        idx = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    for (let i = idx; i >= 0 && i > idx - 64; i--) {
      if (s[i].range[0] <= start && end <= s[i].range[1]) return s[i];
    }
    return undefined;
  }
}

/** Nodes a value passes through unchanged (for naming): TS wrappers, `? :` branches, arrays, templates, `+`. */
function isWrapper(p: Node, child: Node): boolean {
  switch (p.type) {
    case 'TSAsExpression':
    case 'TSNonNullExpression':
    case 'TSSatisfiesExpression':
    case 'TSTypeAssertion':
    case 'ChainExpression':
      return true;
    case 'ConditionalExpression':
      return p.consequent === child || p.alternate === child;
    case 'ArrayExpression':
      return true;
    case 'BinaryExpression':
      return p.operator === '+';
    case 'TemplateLiteral':
      return true;
    default:
      return false;
  }
}

function isPassThroughCall(call: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  const c = unwrap(call.callee);
  if (c.type === 'Identifier') return c.name === 'String';
  if (c.type !== 'MemberExpression') return false;
  const m = propertyName(c);
  const o = unwrap(c.object);
  if (m === 'from' && o.type === 'Identifier' && o.name === 'Buffer') return true;
  if (m === 'encode' && o.type === 'NewExpression' && o.callee.type === 'Identifier' && o.callee.name === 'TextEncoder') return true;
  return false;
}

/** `process.env.X`, `process.env['X']`, `import.meta.env.X`, `Deno.env.get('X')` -> X. */
export function envRead(e: Node): string | undefined {
  const n = unwrap(e);
  if (n.type === 'MemberExpression') {
    const prop = propertyName(n);
    const obj = unwrap(n.object);
    if (prop && obj.type === 'MemberExpression' && propertyName(obj) === 'env') {
      const root = unwrap(obj.object);
      if (root.type === 'Identifier' && root.name === 'process') return prop;
      if (root.type === 'MetaProperty') return prop;
    }
  }
  return undefined;
}

function targetName(left: Node): { name: string; container?: string } | undefined {
  const l = unwrap(left);
  if (l.type === 'Identifier') return { name: l.name };
  if (l.type === 'MemberExpression') {
    const name = propertyName(l);
    if (!name) return undefined;
    const obj = unwrap(l.object);
    const container = obj.type === 'Identifier' ? obj.name : obj.type === 'MemberExpression' ? propertyName(obj) : undefined;
    return { name, container: container === 'env' ? undefined : container };
  }
  return undefined;
}

function paramName(p: TSESTree.Parameter): string | undefined {
  if (p.type === 'Identifier') return p.name;
  if (p.type === 'AssignmentPattern' && p.left.type === 'Identifier') return p.left.name;
  if (p.type === 'TSParameterProperty') return paramName(p.parameter as TSESTree.Parameter);
  return undefined;
}

/** Value of a chain of `+` over string/number literals and expression-free templates, else undefined. */
export function concatValue(e: Node): string | undefined {
  const n = unwrap(e);
  if (n.type === 'Literal') return typeof n.value === 'string' || typeof n.value === 'number' ? String(n.value) : undefined;
  if (n.type === 'TemplateLiteral') return n.expressions.length === 0 ? n.quasis[0]?.value.cooked ?? undefined : undefined;
  if (n.type === 'BinaryExpression' && n.operator === '+') {
    // Iterative over the left spine: long chains must not overflow the stack.
    const parts: string[] = [];
    let cur: Node = n;
    while (cur.type === 'BinaryExpression' && cur.operator === '+') {
      const r = concatValue(cur.right);
      if (r === undefined) return undefined;
      parts.push(r);
      cur = unwrap(cur.left);
    }
    const l = cur.type === 'Literal' || cur.type === 'TemplateLiteral' ? concatValue(cur) : undefined;
    if (l === undefined) return undefined;
    parts.push(l);
    const value = parts.reverse().join('');
    // At least one string: `1 + 2` is arithmetic.
    return containsString(n) ? value : undefined;
  }
  return undefined;
}

function containsString(n: Node): boolean {
  const stack: Node[] = [n];
  while (stack.length) {
    const c = stack.pop()!;
    if (c.type === 'Literal' && typeof c.value === 'string') return true;
    if (c.type === 'TemplateLiteral') return true;
    if (c.type === 'BinaryExpression') stack.push(c.left, c.right);
  }
  return false;
}

/** The literal an initialiser is: a string, template without expressions, or `+` chain of literals. */
export function literalOf(e: Node): StringLit | undefined {
  const n = unwrap(e);
  if (n.type === 'Literal' && typeof n.value === 'string') return { node: n, value: n.value };
  if (n.type === 'TemplateLiteral' && n.expressions.length === 0) return { node: n, value: n.quasis[0]?.value.cooked ?? undefined };
  if (n.type === 'BinaryExpression' && n.operator === '+') {
    const v = concatValue(n);
    return v === undefined ? undefined : { node: n, value: v };
  }
  return undefined;
}
