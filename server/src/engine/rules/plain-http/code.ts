/**
 * plain-http in JavaScript/TypeScript: finds `http://` and `ws://` URLs that reach a network call
 * (fetch, undici, axios, got, ky, superagent, request, needle, node:http, WebSocket, EventSource,
 * socket.io-client, graphql-request, Apollo, MQTT over WebSocket, AWS SDK client endpoints) and
 * reports them where they are written, following the value through constants, concatenation, template
 * literals, `new URL()`, configuration objects, wrappers, class fields and loops.
 */
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { bindingsOf, type Bindings, childNodes, objectProperty, propertyName, requireCall, unwrap, type ModuleBinding } from '../../code/bindings';
import { hasScheme, isExemptHost, parseCleartextUrl, schemeEndIn, type CleartextUrl } from '../../net/url';
import type { RuleContext, RuleListener } from '../../rule';
import { cdkListener } from './cdk';
import { buildCodeIndex, enclosingClassBody, functionName, paramOf, returnedExpressions, type CodeIndex, type FunctionNode } from './code-index';
import { Collector, urlData } from './report';

type Node = TSESTree.Node;

/** A cleartext URL where it is written, and the file offset where the fix inserts `s` (undefined: no safe edit). */
export interface UrlSite {
  node: TSESTree.Literal | TSESTree.TemplateLiteral;
  url: CleartextUrl;
  schemeEnd: number | undefined;
}

const MAX_DEPTH = 10;
/** Resolution steps allowed per call site (wrappers called from many places fan out). */
const MAX_STEPS = 5000;

const AXIOS_URL_CONFIG = new Set(['get', 'delete', 'head', 'options']);
const AXIOS_URL_DATA_CONFIG = new Set(['post', 'put', 'patch', 'postForm', 'putForm', 'patchForm']);
const GOT_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'stream', 'paginate']);
const KY_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head']);
const SUPERAGENT_METHODS = new Set(['get', 'post', 'put', 'patch', 'del', 'delete', 'head', 'options']);
const REQUEST_MODULES = new Set(['request', 'request-promise', 'request-promise-native', 'postman-request', 'requestretry']);
const FETCH_MODULES = new Set(['node-fetch', 'cross-fetch', 'isomorphic-fetch', 'isomorphic-unfetch', 'unfetch', 'make-fetch-happen', 'undici', 'ofetch']);
const HTTP_MODULES = new Set(['http', 'node:http']);
const WS_MODULES = new Set(['ws', 'isomorphic-ws', 'reconnecting-websocket', 'websocket']);
const APOLLO_MODULES = new Set(['@apollo/client', '@apollo/client/core', '@apollo/client/link/http', 'apollo-boost', 'apollo-link-http']);
const MSW_MODULES = new Set(['msw', 'msw/node', 'msw/browser', 'msw/native']);

/** Request headers that carry a credential. */
const AUTH_HEADER = /^(?:authorization|proxy-authorization|x-api-key|api-key|apikey|x-auth-token|x-access-token|x-amz-security-token|x-functions-key|cookie|private-token|x-vault-token)$/i;
/** Keys of a request body that carry a credential. */
const SECRET_BODY_KEY = /^(?:password|passwd|client_?secret|clientSecret|refresh_?token|refreshToken|api_?key|apiKey|private_?key)$/i;
/** Environment variables that name a host on the local machine or sandbox (the Lambda Runtime API, LocalStack). */
const LOCAL_ENV = new Set(['AWS_LAMBDA_RUNTIME_API', 'LOCALSTACK_HOSTNAME', 'LOCALSTACK_HOST']);

/** A call the rule knows sends a request, described uniformly. */
interface SinkCall {
  sink: string;
  /** Expressions holding the URL. */
  urls: Node[];
  /** Config objects and the keys in them that hold a URL. */
  configs: Array<{ node: Node; keys: readonly string[] }>;
  /** Whether "add an s" keeps the code working (not for node:http, which rejects https: URLs). */
  fixable: boolean;
  /** Request options to search for credentials: `{ headers: { Authorization } }`, `{ auth }`. */
  options: Node[];
  /** Request bodies given apart from the options (axios `post(url, data)`, needle `post(url, data)`). */
  bodies?: Node[];
  /** The call or `new` expression (superagent-style chains hang `.set('Authorization', …)` off it). */
  call: TSESTree.CallExpression | TSESTree.NewExpression;
  /** Extra check for node:http option objects (no URL string). */
  httpOptions?: Node;
  /** AWS SDK client configuration. */
  awsConfig?: Node;
  /** `const api = axios.create(...)`: calls on `api` are requests with this base. */
  instance?: 'axios' | 'got' | 'ky' | 'ofetch';
}

interface Instance {
  sites: UrlSite[];
  sink: string;
  auth?: string;
}

export function codeListener(context: RuleContext, collector: Collector): RuleListener {
  const file = context.file;
  const ast = file.js?.ast;
  if (!ast) return {};
  // Nothing to find in a file that never writes a cleartext scheme or turns TLS off (the common case).
  if (!/ttp:|ws:|sslEnabled|\btls\b|ALLOW_ALL|HTTP_ONLY|['"](?:node:)?http['"]/i.test(file.text)) return {};
  const allowed = context.settings.plainHttp?.allowedHosts;
  let bindings: Bindings | undefined;
  let codeIndex: CodeIndex | undefined;
  const b = () => (bindings ??= bindingsOf(ast));
  const ix = () => (codeIndex ??= buildCodeIndex(ast));

  const instances = new Map<string, Instance>();
  const authedInstances = new Map<string, string>();
  const mockedHosts = new Set<string>();
  let steps = 0;

  // ---------------------------------------------------------------- value resolution

  /** Every cleartext URL literal the expression can evaluate to (as far as the file shows). */
  function resolve(expr: Node | undefined | null, depth = 0, seen: Set<Node> = new Set()): UrlSite[] {
    if (!expr || depth > MAX_DEPTH || ++steps > MAX_STEPS) return [];
    const e = unwrap(expr);
    if (seen.has(e)) return [];
    seen.add(e);
    const next = (n: Node | undefined | null) => resolve(n, depth + 1, seen);
    switch (e.type) {
      case 'Literal':
        return typeof e.value === 'string' ? siteOf(e) : [];
      case 'TemplateLiteral': {
        const head = e.quasis[0]?.value.cooked ?? '';
        // `${BASE_URL}/path`: the scheme comes from the first interpolated value.
        if (head.trim() === '' && e.expressions.length) return next(e.expressions[0]);
        if (/:\/\/$/.test(head) && e.expressions.length && mentionsLocalEnv(e.expressions[0], 0)) return [];
        return siteOf(e);
      }
      case 'Identifier':
        return resolveName(e, depth, seen);
      case 'BinaryExpression': {
        if (e.operator !== '+') return [];
        const parts = flattenPlus(e);
        const first = unwrap(parts[0]);
        // 'http://' + process.env.AWS_LAMBDA_RUNTIME_API + '/…' is the local Runtime API.
        if (first.type === 'Literal' && typeof first.value === 'string' && /:\/\/$/.test(first.value) && parts[1] && mentionsLocalEnv(parts[1], 0)) return [];
        if (first.type === 'Literal' && typeof first.value === 'string') {
          // 'http://' + HOST + ':8080': constant parts are read so that a local host is recognised.
          let text = '';
          for (const part of parts) {
            const v = staticString(part, 0);
            if (v === undefined) {
              text += '${}';
              break;
            }
            text += v;
          }
          return siteOf(first, text);
        }
        return next(parts[0]);
      }
      case 'NewExpression': {
        const callee = unwrap(e.callee);
        if (callee.type === 'Identifier' && (callee.name === 'URL' || callee.name === 'Request') && !b().isDeclared(callee.name)) {
          const [input, base] = e.arguments;
          const direct = next(input);
          if (direct.length || callee.name === 'Request') return direct;
          // new URL('/orders', base): the scheme comes from the base unless the input has its own.
          const inputLit = input ? unwrap(input) : undefined;
          if (inputLit?.type === 'Literal' && typeof inputLit.value === 'string' && hasScheme(inputLit.value)) return [];
          return base ? next(base) : [];
        }
        return [];
      }
      case 'MemberExpression': {
        const name = propertyName(e);
        if (!name) {
          // `ENDPOINTS[service]`: any of the object's values.
          if (!e.computed) return [];
          const out: UrlSite[] = [];
          for (const obj of resolveObjects(e.object, depth + 1)) {
            for (const p of obj.properties) if (p.type === 'Property') out.push(...next(p.value));
          }
          // `MIRRORS[i]`: any element of a constant array.
          for (const el of arrayElements(e.object, depth + 1)) out.push(...next(el));
          return out;
        }
        if (name === 'href' || name === 'origin' || name === 'url') {
          const inner = next(e.object);
          if (inner.length) return inner;
        }
        if (e.object.type === 'ThisExpression') return resolveThisField(e, name, depth, seen);
        const out: UrlSite[] = [];
        for (const obj of resolveObjects(e.object, depth + 1)) {
          const prop = objectProperty(obj, name);
          if (prop) out.push(...next(prop.value));
        }
        return out;
      }
      case 'CallExpression': {
        const callee = unwrap(e.callee);
        if (callee.type === 'MemberExpression') {
          const m = propertyName(callee);
          if (m === 'toString' || m === 'concat' || m === 'trim' || m === 'toLowerCase' || m === 'replace' || m === 'replaceAll') return next(callee.object);
          if (m === 'join') {
            const arr = unwrap(callee.object);
            if (arr.type === 'ArrayExpression' && arr.elements[0]) return next(arr.elements[0]);
          }
          if (m === 'format' && e.arguments[0]) {
            const mod = rootModule(callee.object);
            if (mod && (mod.module === 'util' || mod.module === 'node:util')) return next(e.arguments[0]);
          }
          return [];
        }
        if (callee.type === 'Identifier') {
          if ((callee.name === 'String' || callee.name === 'encodeURI') && !b().isDeclared(callee.name)) return next(e.arguments[0]);
          const mod = b().moduleOf(callee.name);
          if (mod && (mod.module === 'util' || mod.module === 'node:util') && mod.imported === 'format') return next(e.arguments[0]);
          // A local function that builds the URL: follow what it returns.
          const out: UrlSite[] = [];
          for (const fn of ix().functions.get(callee.name) ?? []) for (const r of returnedExpressions(fn)) out.push(...next(r));
          return out;
        }
        return [];
      }
      case 'ConditionalExpression':
        return [...next(e.consequent), ...next(e.alternate)];
      case 'LogicalExpression':
        return [...next(e.left), ...next(e.right)];
      case 'AwaitExpression':
        return next(e.argument);
      case 'SequenceExpression':
        return next(e.expressions[e.expressions.length - 1]);
      default:
        return [];
    }
  }

  function resolveName(id: TSESTree.Identifier, depth: number, seen: Set<Node>): UrlSite[] {
    const next = (n: Node | undefined | null) => resolve(n, depth + 1, seen);
    const name = id.name;
    // A parameter of an enclosing function shadows a constant of the same name elsewhere in the file:
    // follow the arguments of the calls to that function instead.
    const param = paramOf(id);
    if (param) return resolveParam(param.fn, param.index, param.key, param.defaultValue, depth, seen);
    const init = b().constInit(name);
    if (init) return next(init);
    // `let`/`var` declared once and never assigned again behaves like a const.
    const lets = ix().letInits.get(name);
    if (lets && lets.length === 1 && !ix().assigned.has(name) && lets[0].type !== 'Identifier') return next(lets[0]);
    const out: UrlSite[] = [];
    const d = ix().destructured.get(name);
    if (d && d.length === 1 && b().isDeclared(name)) {
      for (const obj of resolveObjects(d[0].init, depth + 1)) {
        const prop = objectProperty(obj, d[0].key);
        if (prop) out.push(...next(prop.value));
      }
      // `const { API_URL = 'http://…' } = process.env`: the default is used when the value is missing.
      if (d[0].defaultValue) out.push(...next(d[0].defaultValue));
      if (out.length) return out;
    }
    const loop = ix().loopVars.get(name);
    if (loop && loop.length === 1) {
      for (const el of arrayElements(loop[0], depth + 1)) out.push(...next(el));
      if (out.length) return out;
    }
    return out;
  }

  function resolveParam(fn: FunctionNode, index: number, key: string | undefined, dflt: Node | undefined, depth: number, seen: Set<Node>): UrlSite[] {
    const next = (n: Node | undefined | null) => resolve(n, depth + 1, seen);
    const out: UrlSite[] = [];
    if (dflt) out.push(...next(dflt));
    const argAt = (args: TSESTree.CallExpressionArgument[]) => {
      const a = args[index];
      if (!a || a.type === 'SpreadElement') return;
      if (key === undefined) out.push(...next(a));
      else for (const obj of resolveObjects(a, depth + 1)) {
        const p = objectProperty(obj, key);
        if (p) out.push(...next(p.value));
      }
    };
    // `[a, b].map((u) => fetch(u))`, `URLS.forEach(...)`: the callback's first parameter is an element.
    const parent = fn.parent;
    if (index === 0 && key === undefined && parent?.type === 'CallExpression' && parent.arguments[0] === fn && parent.callee.type === 'MemberExpression') {
      const m = propertyName(parent.callee);
      if (m && ['map', 'forEach', 'flatMap', 'filter', 'some', 'every', 'find'].includes(m)) {
        for (const el of arrayElements(parent.callee.object, depth + 1)) out.push(...next(el));
      }
      return out;
    }
    const named = functionName(fn);
    if (!named) return out;
    if (named.kind === 'function' || named.kind === 'constructor') {
      for (const call of ix().callsByName.get(named.name) ?? []) {
        if (named.kind === 'constructor' ? call.type !== 'NewExpression' : call.type !== 'CallExpression') continue;
        argAt(call.arguments);
      }
    } else if (named.body) {
      for (const { call, body } of ix().thisCalls.get(named.name) ?? []) if (body === named.body) argAt(call.arguments);
    }
    return out;
  }

  function resolveThisField(e: TSESTree.MemberExpression, name: string, depth: number, seen: Set<Node>): UrlSite[] {
    const body = enclosingClassBody(e);
    const values = body ? ix().classFields.get(body)?.get(name) : undefined;
    if (!values) return [];
    const out: UrlSite[] = [];
    for (const v of values) out.push(...resolve(v, depth + 1, seen));
    return out;
  }

  /** Object literals an expression can be (consts, members of const objects, `new Headers({...})`). */
  function resolveObjects(expr: Node | undefined | null, depth: number): TSESTree.ObjectExpression[] {
    if (!expr || depth > MAX_DEPTH) return [];
    const e = unwrap(expr);
    switch (e.type) {
      case 'ObjectExpression':
        return [e];
      case 'Identifier': {
        const param = paramOf(e);
        if (param) {
          if (param.key !== undefined) return [];
          const named = functionName(param.fn);
          const out: TSESTree.ObjectExpression[] = [];
          if (param.defaultValue) out.push(...resolveObjects(param.defaultValue, depth + 1));
          if (named && named.kind !== 'method') {
            for (const call of ix().callsByName.get(named.name) ?? []) {
              const a = call.arguments[param.index];
              if (a && a.type !== 'SpreadElement') out.push(...resolveObjects(a, depth + 1));
            }
          }
          return out;
        }
        const init = b().constInit(e.name);
        if (init) return resolveObjects(init, depth + 1);
        const d = ix().destructured.get(e.name);
        if (d && d.length === 1) {
          return resolveObjects(d[0].init, depth + 1).flatMap((o) => {
            const p = objectProperty(o, d[0].key);
            return p ? resolveObjects(p.value, depth + 1) : [];
          });
        }
        return [];
      }
      case 'MemberExpression': {
        const name = propertyName(e);
        if (!name) return [];
        if (e.object.type === 'ThisExpression') {
          const body = enclosingClassBody(e);
          return (body ? ix().classFields.get(body)?.get(name) ?? [] : []).flatMap((v) => resolveObjects(v, depth + 1));
        }
        return resolveObjects(e.object, depth + 1).flatMap((o) => {
          const p = objectProperty(o, name);
          return p ? resolveObjects(p.value, depth + 1) : [];
        });
      }
      case 'NewExpression': {
        const c = unwrap(e.callee);
        if (c.type === 'Identifier' && c.name === 'Headers') return resolveObjects(e.arguments[0], depth + 1);
        return [];
      }
      case 'ConditionalExpression':
        return [...resolveObjects(e.consequent, depth + 1), ...resolveObjects(e.alternate, depth + 1)];
      case 'LogicalExpression':
        return [...resolveObjects(e.left, depth + 1), ...resolveObjects(e.right, depth + 1)];
      default:
        return [];
    }
  }

  function arrayElements(expr: Node, depth: number): Node[] {
    if (depth > MAX_DEPTH) return [];
    const e = unwrap(expr);
    if (e.type === 'ArrayExpression') return e.elements.filter((x): x is TSESTree.Expression => !!x && x.type !== 'SpreadElement');
    if (e.type === 'Identifier') {
      const init = b().constInit(e.name);
      return init ? arrayElements(init, depth + 1) : [];
    }
    if (e.type === 'CallExpression' && e.callee.type === 'MemberExpression') {
      // Object.values(CONFIG) / Object.entries(...) are not followed; `list.filter(...)` keeps elements.
      const m = propertyName(e.callee);
      if (m === 'filter' || m === 'slice') return arrayElements(e.callee.object, depth + 1);
    }
    if (e.type === 'MemberExpression') {
      const name = propertyName(e);
      if (!name) return [];
      return resolveObjects(e.object, depth + 1).flatMap((o) => {
        const p = objectProperty(o, name);
        return p ? arrayElements(p.value, depth + 1) : [];
      });
    }
    return [];
  }

  function flattenPlus(e: Node): Node[] {
    const u = unwrap(e);
    if (u.type === 'BinaryExpression' && u.operator === '+') return [...flattenPlus(u.left), u.right];
    return [u];
  }

  /** `process.env.AWS_LAMBDA_RUNTIME_API` (directly or through a const): a host on the sandbox itself. */
  function mentionsLocalEnv(expr: Node, depth: number): boolean {
    if (depth > 4) return false;
    const e = unwrap(expr);
    if (e.type === 'MemberExpression') {
      const name = propertyName(e);
      return !!name && LOCAL_ENV.has(name);
    }
    if (e.type === 'Identifier') {
      if (LOCAL_ENV.has(e.name)) return true;
      const init = b().constInit(e.name);
      if (init) return mentionsLocalEnv(init, depth + 1);
      const d = ix().destructured.get(e.name);
      return !!d && d.some((x) => LOCAL_ENV.has(x.key));
    }
    if (e.type === 'LogicalExpression') return mentionsLocalEnv(e.left, depth + 1);
    return false;
  }

  /** The value of an expression that is a string constant in this file (a literal, or a const holding one). */
  function staticString(expr: Node, depth: number): string | undefined {
    if (depth > 4) return undefined;
    const e = unwrap(expr);
    if (e.type === 'Literal') return typeof e.value === 'string' || typeof e.value === 'number' ? String(e.value) : undefined;
    if (e.type === 'TemplateLiteral' && e.expressions.length === 0) return e.quasis[0]?.value.cooked ?? undefined;
    if (e.type === 'Identifier' && !paramOf(e)) {
      const init = b().constInit(e.name);
      return init ? staticString(init, depth + 1) : undefined;
    }
    return undefined;
  }

  /** The text of a template literal, with constant interpolations filled in and the others left as `${}`. */
  function templateText(t: TSESTree.TemplateLiteral): string {
    let out = '';
    t.quasis.forEach((q, i) => {
      out += q.value.cooked ?? '';
      const ex = t.expressions[i];
      if (ex) out += staticString(ex, 0) ?? '${}';
    });
    return out;
  }

  function siteOf(node: TSESTree.Literal | TSESTree.TemplateLiteral, composed?: string): UrlSite[] {
    const text = composed ?? (node.type === 'Literal' ? String(node.value) : templateText(node));
    const url = parseCleartextUrl(text);
    if (!url) return [];
    if (url.host !== undefined && isExemptHost(url.host, allowed)) return [];
    const raw = file.text.slice(node.range[0], node.range[1]);
    const at = schemeEndIn(raw);
    return [{ node, url, schemeEnd: at < 0 ? undefined : node.range[0] + at }];
  }

  // ---------------------------------------------------------------- credentials

  /** What credential a request sends, from its option objects: "an Authorization header", "basic-auth credentials". */
  function credentialsIn(options: Node[]): string | undefined {
    for (const opt of options) {
      for (const obj of resolveObjects(opt, 0)) {
        const found = credentialsInObject(obj, 0);
        if (found) return found;
      }
    }
    return undefined;
  }

  function credentialsInObject(obj: TSESTree.ObjectExpression, depth: number): string | undefined {
    if (depth > 3) return undefined;
    for (const p of obj.properties) {
      if (p.type !== 'Property') continue;
      let key = p.computed && p.key.type === 'Identifier' ? undefined : propertyName(p);
      // `{ [AUTH_HEADER]: token }` with `const AUTH_HEADER = 'Authorization'`.
      if (p.computed && p.key.type === 'Identifier') {
        const init = b().constInit(p.key.name);
        const lit = init ? stringLiteralOf(init) : undefined;
        key = lit ? String(lit.value) : undefined;
      }
      if (!key) continue;
      if (AUTH_HEADER.test(key)) return `an ${canonicalHeader(key)} header`;
      const lower = key.toLowerCase();
      if (lower === 'headers' || lower === 'extraheaders' || lower === 'common') {
        for (const h of resolveObjects(p.value, depth + 1)) {
          const found = credentialsInObject(h, depth + 1);
          if (found) return found;
        }
      } else if (lower === 'auth') {
        return 'credentials (the auth option)';
      } else if (lower === 'password') {
        return 'a password';
      } else if (lower === 'query') {
        for (const q of resolveObjects(p.value, depth + 1)) {
          for (const qp of q.properties) {
            const k = qp.type === 'Property' ? propertyName(qp) : undefined;
            if (k && /^(?:token|access_?token|api_?key|apikey|auth)$/i.test(k)) return `a token (${k})`;
          }
        }
      } else if (lower === 'transportoptions') {
        for (const t of resolveObjects(p.value, depth + 1)) {
          const found = credentialsInObject(t, depth + 1);
          if (found) return found;
        }
      }
    }
    return undefined;
  }

  /**
   * A password or secret sent in the request body: `body: JSON.stringify({ password })`,
   * `body: new URLSearchParams({ client_secret })`, got's `json` / `form`, axios `data` or its data argument.
   */
  function credentialsInBodies(options: Node[], bodies: Node[]): string | undefined {
    const candidates: Node[] = [...bodies];
    for (const opt of options) {
      for (const obj of resolveObjects(opt, 0)) {
        for (const k of ['body', 'json', 'form', 'data', 'formData']) {
          const p = objectProperty(obj, k);
          if (p) candidates.push(p.value);
        }
      }
    }
    for (const c of candidates) {
      const found = secretKeyIn(c);
      if (found) return found;
    }
    return undefined;
  }

  function secretKeyIn(body: Node | undefined): string | undefined {
    if (!body) return undefined;
    let e = unwrap(body);
    // JSON.stringify({...}), new URLSearchParams({...}), qs.stringify({...})
    if ((e.type === 'CallExpression' || e.type === 'NewExpression') && e.arguments[0] && e.arguments[0].type !== 'SpreadElement') {
      const callee = unwrap(e.callee);
      const name = callee.type === 'MemberExpression' ? propertyName(callee) : callee.type === 'Identifier' ? callee.name : undefined;
      if (name === 'stringify' || name === 'URLSearchParams') e = unwrap(e.arguments[0]);
    }
    for (const obj of resolveObjects(e, 0)) {
      for (const p of obj.properties) {
        if (p.type !== 'Property') continue;
        const k = p.computed && p.key.type === 'Identifier' ? undefined : propertyName(p);
        if (k && SECRET_BODY_KEY.test(k)) return `a ${k === 'password' || k === 'passwd' ? 'password' : `secret (${k})`} in the request body`;
      }
    }
    return undefined;
  }

  /** `.set('Authorization', …)`, `.auth(u, p)`, `.query({ token })` chained on a superagent/needle request. */
  function credentialsInChain(call: Node): string | undefined {
    let cur: Node = call;
    for (let i = 0; i < 12; i++) {
      const member = cur.parent;
      if (!member || member.type !== 'MemberExpression' || member.object !== cur) return undefined;
      const outer = member.parent;
      if (!outer || outer.type !== 'CallExpression' || outer.callee !== member) return undefined;
      const m = propertyName(member);
      if (m === 'auth') return 'credentials (.auth())';
      if (m === 'send' || m === 'field') {
        const found = secretKeyIn(outer.arguments[0]);
        if (found) return found;
      }
      if (m === 'set' || m === 'header' || m === 'query') {
        const a0 = outer.arguments[0] ? unwrap(outer.arguments[0]) : undefined;
        if (a0?.type === 'Literal' && typeof a0.value === 'string' && AUTH_HEADER.test(a0.value)) return `an ${canonicalHeader(a0.value)} header`;
        if (a0) {
          const found = credentialsIn([a0]);
          if (found) return found;
          if (m === 'query') {
            for (const o of resolveObjects(a0, 0)) {
              for (const qp of o.properties) {
                const k = qp.type === 'Property' ? propertyName(qp) : undefined;
                if (k && /^(?:token|access_?token|api_?key|apikey)$/i.test(k)) return `a token (${k})`;
              }
            }
          }
        }
      }
      cur = outer;
    }
    return undefined;
  }

  // ---------------------------------------------------------------- reporting

  function add(site: UrlSite, sink: string, fixable: boolean, auth: string | undefined): void {
    const data = { ...urlData(site.url), sink };
    let messageId = 'cleartext';
    let severity: 'error' | undefined;
    if (site.url.hasCredentials) {
      messageId = 'credentials';
      severity = 'error';
    } else if (auth) {
      messageId = 'token';
      severity = 'error';
      Object.assign(data, { what: auth });
    } else if (site.url.tokenParam) {
      messageId = 'token';
      severity = 'error';
      Object.assign(data, { what: `a credential in its query string (${site.url.tokenParam})` });
    }
    collector.add({
      start: site.node.range[0],
      end: site.node.range[1],
      messageId,
      data,
      severity,
      url: site.url,
      schemeEnd: fixable ? site.schemeEnd : undefined,
    });
  }

  function handleSink(s: SinkCall): void {
    const auth = credentialsIn(s.options) ?? credentialsInChain(s.call) ?? credentialsInBodies(s.options, s.bodies ?? []);
    const sites: UrlSite[] = [];
    for (const u of s.urls) sites.push(...resolve(u));
    for (const c of s.configs) {
      for (const obj of resolveObjects(c.node, 0)) {
        for (const k of c.keys) {
          const p = objectProperty(obj, k);
          if (p) sites.push(...resolve(p.value));
        }
      }
    }
    for (const site of sites) add(site, s.sink, s.fixable, auth);
    if (!sites.length && s.httpOptions) httpOptionsCheck(s.httpOptions, s.sink, auth);
    if (s.awsConfig) awsConfigCheck(s.awsConfig, s.sink);
    if (s.instance) {
      const decl = instanceName(s.call);
      if (decl) instances.set(decl, { sites, sink: s.sink, auth });
    }
  }

  /** `http.request({ protocol: 'http:', hostname: 'api.example.com' })`: no URL string, no automatic fix. */
  function httpOptionsCheck(arg: Node, sink: string, auth: string | undefined): void {
    for (const obj of resolveObjects(arg, 0)) {
      const hostProp = objectProperty(obj, 'hostname') ?? objectProperty(obj, 'host');
      const hostNode = hostProp ? stringLiteralOf(hostProp.value) : undefined;
      if (!hostNode) continue;
      const host = String(hostNode.value).toLowerCase().replace(/:\d+$/, '');
      if (!host || isExemptHost(host, allowed)) continue;
      const proto = objectProperty(obj, 'protocol');
      const protoNode = proto ? stringLiteralOf(proto.value) : undefined;
      if (proto && !(protoNode && /^http:?$/i.test(String(protoNode.value)))) continue;
      const at = protoNode ?? hostNode;
      const url: CleartextUrl = { scheme: 'http', host, hasCredentials: false, tokenParam: undefined, schemeStart: 0, schemeEnd: 0 };
      const ownAuth = auth ?? credentialsIn([obj]);
      collector.add({
        start: at.range[0],
        end: at.range[1],
        messageId: ownAuth ? 'token' : 'cleartext',
        severity: ownAuth ? 'error' : undefined,
        data: { ...urlData(url), sink, ...(ownAuth ? { what: ownAuth } : {}) },
        url,
        schemeEnd: undefined,
      });
    }
  }

  /** AWS SDK client configuration: an `endpoint` over plain HTTP, or TLS switched off. */
  function awsConfigCheck(arg: Node, sink: string): void {
    for (const obj of resolveObjects(arg, 0)) {
      const endpoint = objectProperty(obj, 'endpoint');
      if (endpoint) {
        const sites = resolve(endpoint.value);
        for (const s of sites) add(s, `${sink} (endpoint)`, true, undefined);
        if (!sites.length) {
          const inner = resolveObjects(endpoint.value, 0);
          for (const o of inner) {
            const u = objectProperty(o, 'url');
            if (u) for (const s of resolve(u.value)) add(s, `${sink} (endpoint)`, true, undefined);
            else httpOptionsCheck(o, `${sink} (endpoint)`, undefined);
          }
        }
        continue;
      }
      for (const option of ['sslEnabled', 'tls']) {
        const p = objectProperty(obj, option);
        const v = p ? unwrap(p.value) : undefined;
        if (p && v?.type === 'Literal' && v.value === false) {
          collector.add({
            start: p.range[0],
            end: p.range[1],
            messageId: 'sdkNoTls',
            data: { sink, option: `${option}: false` },
            fix: { title: `Set ${option} to true`, edits: [context.replace(v.range[0], v.range[1], 'true')] },
          });
        }
      }
    }
  }

  // ---------------------------------------------------------------- recognising calls

  interface Callee {
    /** Module the root name is bound to, or undefined for globals and instances. */
    mod?: ModuleBinding;
    /** The global name at the root (`fetch`, `WebSocket`, `globalThis`). */
    global?: string;
    /** An instance from axios.create / got.extend / ky.create. */
    instance?: string;
    /** Property names after the root, with a named import's name first. */
    path: string[];
    text: string;
  }

  function describeCallee(callee: Node): Callee | undefined {
    const props: string[] = [];
    let cur = unwrap(callee);
    while (cur.type === 'MemberExpression') {
      const name = propertyName(cur);
      if (!name) return undefined;
      props.unshift(name);
      const obj = unwrap(cur.object);
      if (obj.type === 'ThisExpression' && props.length >= 1) {
        const key = `this.${props[0]}`;
        if (instances.has(key)) return { instance: key, path: props.slice(1), text: `${key}${props.slice(1).map((p) => `.${p}`).join('')}` };
        return undefined;
      }
      cur = obj;
    }
    const text = [calleeRootText(cur), ...props].join('.');
    if (cur.type === 'Identifier') {
      const mod = b().moduleOf(cur.name);
      if (mod) {
        const path = mod.imported === 'default' || mod.imported === '*' ? props : [mod.imported, ...props];
        return { mod, path, text };
      }
      if (instances.has(cur.name)) return { instance: cur.name, path: props, text };
      if (b().isDeclared(cur.name)) return undefined;
      return { global: cur.name, path: props, text };
    }
    const req = requireCall(cur);
    if (req) {
      const mod: ModuleBinding = { module: req.module, imported: req.member ?? '*' };
      const path = mod.imported === 'default' || mod.imported === '*' ? props : [mod.imported, ...props];
      return { mod, path, text };
    }
    return undefined;
  }

  function calleeRootText(n: Node): string {
    if (n.type === 'Identifier') return n.name;
    const req = requireCall(n);
    return req ? `require('${req.module}')` : '…';
  }

  function sinkOfCall(call: TSESTree.CallExpression): SinkCall | undefined {
    const c = describeCallee(call.callee);
    if (!c) return undefined;
    const args = call.arguments as Node[];
    const base = (sink: string, fixable = true): SinkCall => ({ sink, urls: [], configs: [], fixable, options: [], call });
    const p = c.path;
    const label = c.mod ? `${[c.mod.module, ...p].join('.')}()` : `${c.text}()`;

    if (c.global !== undefined) {
      const g = c.global;
      const isFetch = (g === 'fetch' && p.length === 0) || ((g === 'globalThis' || g === 'window' || g === 'self' || g === 'global') && p.length === 1 && p[0] === 'fetch');
      if (isFetch) return { ...base('fetch()'), urls: [args[0]], options: [args[1]] };
      return undefined;
    }

    if (c.instance !== undefined) {
      const m = p[0];
      const kind = instanceKind.get(c.instance);
      const s = base(label);
      if (p.length === 0) return { ...s, urls: [args[0]], options: [args[1], args[0]], configs: [{ node: args[0], keys: ['url'] }] };
      if (p.length !== 1 || !m) return undefined;
      if (kind === 'axios') {
        if (AXIOS_URL_CONFIG.has(m)) return { ...s, urls: [args[0]], options: [args[1]] };
        if (AXIOS_URL_DATA_CONFIG.has(m)) return { ...s, urls: [args[0]], options: [args[2]], bodies: [args[1]] };
        if (m === 'request') return { ...s, configs: [{ node: args[0], keys: ['url', 'baseURL'] }], options: [args[0]] };
      } else if ((kind === 'got' && GOT_METHODS.has(m)) || (kind === 'ky' && KY_METHODS.has(m))) {
        return { ...s, urls: [args[0]], options: [args[1]] };
      }
      return undefined;
    }

    const mod = c.mod!;
    const m = mod.module;
    const name = p[0];
    if (FETCH_MODULES.has(m)) {
      if (p.length === 0 || (p.length === 1 && ['fetch', 'request', 'stream', 'pipeline', 'ofetch', '$fetch', 'default'].includes(name))) {
        return { ...base(label), urls: [args[0]], options: [args[1]] };
      }
      if (m === 'ofetch' && p.length === 1 && name === 'create') return { ...base(label), configs: [{ node: args[0], keys: ['baseURL'] }], options: [args[0]], instance: 'ofetch' };
      return undefined;
    }
    if (m === 'axios') {
      if (p.length === 0) return { ...base(label), urls: [args[0]], configs: [{ node: args[0], keys: ['url', 'baseURL'] }, { node: args[1], keys: ['baseURL'] }], options: [args[0], args[1]] };
      if (p.length !== 1) return undefined;
      if (AXIOS_URL_CONFIG.has(name)) return { ...base(label), urls: [args[0]], options: [args[1]], configs: [{ node: args[1], keys: ['baseURL'] }] };
      if (AXIOS_URL_DATA_CONFIG.has(name)) return { ...base(label), urls: [args[0]], options: [args[2]], bodies: [args[1]], configs: [{ node: args[2], keys: ['baseURL'] }] };
      if (name === 'request') return { ...base(label), configs: [{ node: args[0], keys: ['url', 'baseURL'] }], options: [args[0]] };
      if (name === 'create') return { ...base(label), configs: [{ node: args[0], keys: ['baseURL'] }], options: [args[0]], instance: 'axios' };
      return undefined;
    }
    if (m === 'got') {
      if (p.length === 0 || (p.length === 1 && name === 'got')) return { ...base(label), urls: [args[0]], configs: [{ node: args[0], keys: ['url', 'prefixUrl'] }, { node: args[1], keys: ['prefixUrl'] }], options: [args[1], args[0]] };
      if (p.length === 1 && GOT_METHODS.has(name)) return { ...base(label), urls: [args[0]], options: [args[1]] };
      if (p.length === 1 && name === 'extend') return { ...base(label), configs: [{ node: args[0], keys: ['prefixUrl'] }], options: [args[0]], instance: 'got' };
      return undefined;
    }
    if (m === 'ky') {
      if (p.length === 0) return { ...base(label), urls: [args[0]], options: [args[1]] };
      if (p.length === 1 && KY_METHODS.has(name)) return { ...base(label), urls: [args[0]], options: [args[1]] };
      if (p.length === 1 && (name === 'create' || name === 'extend')) return { ...base(label), configs: [{ node: args[0], keys: ['prefixUrl'] }], options: [args[0]], instance: 'ky' };
      return undefined;
    }
    if (m === 'superagent') {
      if (p.length === 0) {
        const first = args[0] ? unwrap(args[0]) : undefined;
        const isMethod = first?.type === 'Literal' && typeof first.value === 'string' && /^[A-Za-z]+$/.test(first.value);
        return { ...base('superagent'), urls: [isMethod ? args[1] : args[0]] };
      }
      if (p.length === 1 && SUPERAGENT_METHODS.has(name)) return { ...base(label), urls: [args[0]] };
      return undefined;
    }
    if (REQUEST_MODULES.has(m)) {
      if (p.length === 0 || (p.length === 1 && ['get', 'post', 'put', 'patch', 'del', 'delete', 'head'].includes(name))) {
        return { ...base(label), urls: [args[0]], configs: [{ node: args[0], keys: ['url', 'uri', 'baseUrl'] }], options: [args[0], args[1]] };
      }
      if (p.length === 1 && name === 'defaults') return { ...base(label), configs: [{ node: args[0], keys: ['baseUrl'] }], options: [args[0]] };
      return undefined;
    }
    if (m === 'needle') {
      if (p.length === 0 || (p.length === 1 && name === 'request')) return { ...base(label), urls: [args[1]], options: [args[3]], bodies: [args[2]] };
      if (p.length === 1 && ['get', 'head', 'delete'].includes(name)) return { ...base(label), urls: [args[0]], options: [args[1]] };
      if (p.length === 1 && ['post', 'put', 'patch'].includes(name)) return { ...base(label), urls: [args[0]], options: [args[2]], bodies: [args[1]] };
      return undefined;
    }
    if (HTTP_MODULES.has(m)) {
      if (p.length === 1 && (name === 'get' || name === 'request')) {
        const firstIsOptions = args[0] && resolveObjects(args[0], 0).length > 0;
        return {
          ...base(`http.${name}()`, false),
          urls: firstIsOptions ? [] : [args[0]],
          options: [args[1], args[0]],
          httpOptions: firstIsOptions ? args[0] : undefined,
        };
      }
      return undefined;
    }
    if (m === 'socket.io-client') {
      if (p.length === 0 || (p.length === 1 && (name === 'io' || name === 'connect' || name === 'default'))) return { ...base('socket.io io()'), urls: [args[0]], options: [args[1]] };
      return undefined;
    }
    if (m === 'graphql-request') {
      if (p.length === 1 && (name === 'request' || name === 'rawRequest')) {
        const first = args[0] ? unwrap(args[0]) : undefined;
        if (first?.type === 'ObjectExpression') return { ...base(label), configs: [{ node: first, keys: ['url'] }], options: [first] };
        return { ...base(label), urls: [args[0]], options: [args[3], args[2]] };
      }
      return undefined;
    }
    if (APOLLO_MODULES.has(m)) {
      if (p.length === 1 && name === 'createHttpLink') return { ...base(label), configs: [{ node: args[0], keys: ['uri'] }], options: [args[0]] };
      return undefined;
    }
    if (m === 'mqtt') {
      if (p.length === 0 || (p.length === 1 && (name === 'connect' || name === 'connectAsync'))) return { ...base(label), urls: [args[0]], options: [args[1]] };
      return undefined;
    }
    if (m === 'aws-sdk' || m === 'aws-sdk/global') {
      if (p.length === 2 && p[0] === 'config' && p[1] === 'update') return { ...base('AWS.config.update()'), awsConfig: args[0] };
      return undefined;
    }
    return undefined;
  }

  function sinkOfNew(node: TSESTree.NewExpression): SinkCall | undefined {
    const c = describeCallee(node.callee);
    if (!c) return undefined;
    const args = node.arguments as Node[];
    const base = (sink: string): SinkCall => ({ sink, urls: [], configs: [], fixable: true, options: [], call: node });
    const p = c.path;
    const last = p[p.length - 1];
    if (c.global !== undefined) {
      if (p.length) return undefined;
      if (c.global === 'WebSocket') return { ...base('new WebSocket()'), urls: [args[0]] };
      if (c.global === 'EventSource') return { ...base('new EventSource()'), urls: [args[0]], options: [args[1]] };
      if (c.global === 'XMLHttpRequest') return undefined;
      return undefined;
    }
    if (!c.mod) return undefined;
    const m = c.mod.module;
    if (WS_MODULES.has(m) && p.length <= 1) return { ...base('new WebSocket()'), urls: [args[0]], options: [args[1], args[2]] };
    if (m === 'eventsource' && p.length <= 1) return { ...base('new EventSource()'), urls: [args[0]], options: [args[1]] };
    if (m === 'undici' && p.length === 1 && ['Pool', 'Client', 'BalancedPool', 'H2CClient'].includes(last)) {
      return { ...base(`undici ${last}`), urls: [args[0], ...arrayElements(args[0] ?? node, 0)] };
    }
    if (m === 'socket.io-client' && p.length === 1 && last === 'Manager') return { ...base('socket.io Manager'), urls: [args[0]], options: [args[1]] };
    if (m === 'graphql-request' && p.length === 1 && last === 'GraphQLClient') return { ...base('GraphQLClient'), urls: [args[0]], options: [args[1]] };
    if (APOLLO_MODULES.has(m) && p.length === 1 && (last === 'HttpLink' || last === 'ApolloClient' || last === 'BatchHttpLink')) {
      return { ...base(`new ${last}()`), configs: [{ node: args[0], keys: ['uri'] }], options: [args[0]] };
    }
    if (m === 'aws-sdk' || m === 'aws-sdk/global' || m.startsWith('aws-sdk/clients/')) {
      if (last === 'Endpoint' && p.length === 1) return { ...base('new AWS.Endpoint()'), urls: [args[0]] };
      if (last === 'Config' && p.length === 1) return { ...base('new AWS.Config()'), awsConfig: args[0] };
      return { ...base(`new ${c.text}()`), awsConfig: args[0] };
    }
    if (m.startsWith('@aws-sdk/client-') && p.length === 1) return { ...base(`new ${last}()`), awsConfig: args[0] };
    return undefined;
  }

  const instanceKind = new Map<string, NonNullable<SinkCall['instance']>>();

  /** The name a created instance is stored under: `const api = …`, `this.api = …`, class field `api = …`. */
  function instanceName(call: Node): string | undefined {
    let cur: Node = call;
    while (cur.parent && (cur.parent.type === 'AwaitExpression' || cur.parent.type === 'TSAsExpression' || cur.parent.type === 'TSNonNullExpression')) cur = cur.parent;
    const parent = cur.parent;
    if (parent?.type === 'VariableDeclarator' && parent.init === cur && parent.id.type === 'Identifier') return parent.id.name;
    if (parent?.type === 'AssignmentExpression' && parent.right === cur) {
      const l = parent.left;
      if (l.type === 'Identifier') return l.name;
      if (l.type === 'MemberExpression' && l.object.type === 'ThisExpression') {
        const n = propertyName(l);
        return n ? `this.${n}` : undefined;
      }
    }
    if (parent?.type === 'PropertyDefinition' && parent.value === cur) {
      const n = propertyName(parent);
      return n ? `this.${n}` : undefined;
    }
    return undefined;
  }

  // ---------------------------------------------------------------- axios defaults and interceptors

  function onAssignment(node: TSESTree.AssignmentExpression): void {
    const left = node.left;
    if (left.type !== 'MemberExpression') return;
    const chain: string[] = [];
    let cur: Node = left;
    while (cur.type === 'MemberExpression') {
      const n = propertyName(cur);
      if (!n) return;
      chain.unshift(n);
      cur = unwrap(cur.object);
    }
    const rootName = cur.type === 'Identifier' ? cur.name : cur.type === 'ThisExpression' && chain.length ? `this.${chain.shift()}` : undefined;
    if (!rootName) return;
    const isAxios = cur.type === 'Identifier' && b().moduleOf(cur.name)?.module === 'axios';
    const target = isAxios ? `axios:${rootName}` : instances.has(rootName) ? rootName : undefined;
    const lastKey = chain[chain.length - 1];
    if (target && chain[0] === 'defaults') {
      if (chain.length === 2 && chain[1] === 'baseURL') {
        const sites = resolve(node.right);
        const inst = instances.get(target) ?? { sites: [], sink: `${rootName}.defaults.baseURL` };
        inst.sites.push(...sites);
        instances.set(target, inst);
        for (const s of sites) add(s, `${rootName}.defaults.baseURL`, true, authedInstances.get(target));
        if (isAxios) instanceKind.set(target, 'axios');
      } else if (lastKey && AUTH_HEADER.test(lastKey)) {
        markAuthed(target, `an ${canonicalHeader(lastKey)} header`);
      }
      return;
    }
    // config.headers.Authorization = … inside api.interceptors.request.use(...)
    if (lastKey && AUTH_HEADER.test(lastKey)) {
      let up: Node | undefined = node.parent;
      while (up) {
        if (up.type === 'CallExpression') {
          const c = unwrap(up.callee);
          const names: string[] = [];
          let x: Node = c;
          while (x.type === 'MemberExpression') {
            const n = propertyName(x);
            if (!n) break;
            names.unshift(n);
            x = unwrap(x.object);
          }
          if (names.join('.') === 'interceptors.request.use' || (names.length === 4 && names.slice(1).join('.') === 'interceptors.request.use')) {
            let inst: string | undefined;
            if (x.type === 'Identifier') inst = b().moduleOf(x.name)?.module === 'axios' ? `axios:${x.name}` : x.name;
            else if (x.type === 'ThisExpression' && names.length === 4) inst = `this.${names[0]}`;
            if (inst) markAuthed(inst, `an ${canonicalHeader(lastKey)} header`);
            return;
          }
        }
        up = up.parent;
      }
    }
  }

  function markAuthed(instance: string, what: string): void {
    if (!authedInstances.has(instance)) authedInstances.set(instance, what);
  }

  // ---------------------------------------------------------------- mocks (nock, msw)

  let mocksScanned = false;
  function scanMocks(): void {
    if (mocksScanned) return;
    mocksScanned = true;
    const mods = [...b().modules.values()];
    const usesNock = mods.some((x) => x.module === 'nock');
    const usesMsw = mods.some((x) => MSW_MODULES.has(x.module));
    if (!usesNock && !usesMsw) return;
    const visit = (call: TSESTree.CallExpression) => {
      const c = describeCallee(call.callee);
      if (!c?.mod) return;
      const isNock = c.mod.module === 'nock' && c.path.length === 0;
      const isMsw = MSW_MODULES.has(c.mod.module) || (c.mod.module === 'msw' && c.path.length >= 1);
      if (!isNock && !isMsw) return;
      for (const a of call.arguments.slice(0, 1)) {
        for (const s of resolve(a)) if (s.url.host) mockedHosts.add(s.url.host);
        const lit = unwrap(a);
        if (lit.type === 'Literal' && typeof lit.value === 'string') {
          const u = parseCleartextUrl(lit.value) ?? parseCleartextUrl(lit.value.replace(/^https:/i, 'http:'));
          if (u?.host) mockedHosts.add(u.host);
        }
      }
    };
    const stack: Node[] = [ast!];
    while (stack.length) {
      const n = stack.pop()!;
      if (n.type === 'CallExpression') visit(n);
      for (const c of childNodes(n)) stack.push(c);
    }
  }

  // ---------------------------------------------------------------- AWS CDK

  const usesCdk = () => [...b().modules.values()].some((m) => m.module === 'aws-cdk-lib' || m.module.startsWith('aws-cdk-lib/') || m.module.startsWith('@aws-cdk/'));
  let cdk: ReturnType<typeof cdkListener> | undefined | null;
  const cdkChecks = () => {
    if (cdk === undefined) {
      cdk = usesCdk()
        ? cdkListener({
            context,
            collector,
            resolve: (n) => resolve(n),
            resolveObjects: (n) => resolveObjects(n, 0),
            describe: (n) => {
              const c = describeCallee(n);
              return c?.mod ? { mod: c.mod, path: c.path } : undefined;
            },
          })
        : null;
    }
    return cdk ?? undefined;
  };

  // ---------------------------------------------------------------- listener

  return {
    code: {
      CallExpression: (n) => {
        steps = 0;
        const s = sinkOfCall(n as TSESTree.CallExpression);
        if (s) {
          if (s.instance) instanceKind.set(instanceName(s.call) ?? '', s.instance);
          handleSink(s);
          // Calls on an instance with credentials mark the instance's base URL too.
          const c = describeCallee((n as TSESTree.CallExpression).callee);
          if (c?.instance) {
            const auth = credentialsIn(s.options) ?? credentialsInChain(s.call);
            if (auth) markAuthed(c.instance, auth);
          }
        } else cdkChecks()?.onCall(n as TSESTree.CallExpression);
      },
      NewExpression: (n) => {
        steps = 0;
        const s = sinkOfNew(n as TSESTree.NewExpression);
        if (s) handleSink(s);
        else cdkChecks()?.onNew(n as TSESTree.NewExpression);
      },
      MemberExpression: (n) => {
        const name = (n as TSESTree.MemberExpression).property;
        if (name.type === 'Identifier' && (name.name === 'ALLOW_ALL' || name.name === 'HTTP_ONLY')) cdkChecks()?.onMember(n as TSESTree.MemberExpression);
      },
      AssignmentExpression: (n) => {
        steps = 0;
        onAssignment(n as TSESTree.AssignmentExpression);
      },
    },
    end: () => {
      steps = 0;
      for (const [name, what] of authedInstances) {
        const inst = instances.get(name);
        if (!inst) continue;
        for (const s of inst.sites) add(s, inst.sink, true, what);
      }
      for (const [, inst] of instances) if (inst.auth) for (const s of inst.sites) add(s, inst.sink, true, inst.auth);
      if (collector.size) {
        scanMocks();
        if (mockedHosts.size) collector.filter((c) => !(c.url?.host && mockedHosts.has(c.url.host)));
      }
    },
  };

  function rootModule(n: Node): ModuleBinding | undefined {
    const e = unwrap(n);
    return e.type === 'Identifier' ? b().moduleOf(e.name) : undefined;
  }
}

function stringLiteralOf(n: Node): TSESTree.StringLiteral | undefined {
  const e = unwrap(n);
  return e.type === 'Literal' && typeof e.value === 'string' ? (e as TSESTree.StringLiteral) : undefined;
}

function canonicalHeader(h: string): string {
  if (/^authorization$/i.test(h)) return 'Authorization';
  if (/^cookie$/i.test(h)) return 'Cookie';
  return h;
}
