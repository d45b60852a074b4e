import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { Bindings, objectProperty, propertyName, unwrap, type ModuleBinding } from '../code/bindings';
import { displayUrl, hostAllowed, isIdentifierUrl, isLocalHost, isMetadataHost, parseCleartextUrl, type CleartextUrl } from '../net/url';
import type { Rule, RuleContext } from '../rule';
import { docsUrl } from './docs';

type Node = TSESTree.Node;

/** Where a cleartext URL is written: the string or template literal, and the scheme's offsets in the file. */
interface UrlSite {
  node: TSESTree.Literal | TSESTree.TemplateLiteral;
  url: CleartextUrl;
  /** File offset just after `http` / `ws`, where the fix inserts `s`. */
  schemeEnd: number;
}

const AXIOS_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'postForm', 'putForm', 'patchForm']);
const GOT_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'stream', 'paginate']);
const SUPERAGENT_METHODS = new Set(['get', 'post', 'put', 'patch', 'del', 'delete', 'head', 'options']);
const FETCH_MODULES = new Set(['node-fetch', 'cross-fetch', 'isomorphic-fetch', 'make-fetch-happen', 'undici']);
const HTTP_MODULES = new Set(['http', 'node:http']);
const WS_MODULES = new Set(['ws', 'isomorphic-ws', 'reconnecting-websocket']);

const MAX_DEPTH = 8;

export const plainHttp: Rule = {
  meta: {
    id: 'plain-http',
    description: 'A network call uses a plain-HTTP (http:// or ws://) URL, so the traffic travels unencrypted.',
    docsUrl: docsUrl('plain-http'),
    defaultSeverity: 'warning',
    messages: {
      cleartext: '{{url}} is requested over unencrypted {{protocol}} by {{sink}}; use {{secure}}.',
      credentials: '{{url}} sends a user name and password over unencrypted {{protocol}} via {{sink}}; use {{secure}}.',
    },
    fixable: true,
    appliesTo: { code: ['javascript', 'typescript'] },
  },

  create(context: RuleContext) {
    const file = context.file;
    const ast = file.js?.ast;
    if (!ast) return {};
    let bindings: Bindings | undefined;
    const b = () => (bindings ??= new Bindings(ast));
    const allowed = context.settings.plainHttp?.allowedHosts;

    /** Follows an expression back to a literal URL: consts, `+` concatenation, templates, `new URL()`, config objects. */
    function resolve(expr: Node | undefined | null, depth = 0): UrlSite | undefined {
      if (!expr || depth > MAX_DEPTH) return undefined;
      const e = unwrap(expr);
      switch (e.type) {
        case 'Literal':
          return typeof e.value === 'string' ? siteOf(e, e.value) : undefined;
        case 'TemplateLiteral': {
          const head = e.quasis[0]?.value.cooked ?? '';
          // `${BASE_URL}/path`: the scheme comes from the first interpolated value.
          if (head === '' && e.expressions.length) return resolve(e.expressions[0], depth + 1);
          return siteOf(e, head);
        }
        case 'Identifier': {
          const init = b().constInit(e.name);
          return init ? resolve(init, depth + 1) : undefined;
        }
        case 'BinaryExpression':
          return e.operator === '+' ? resolve(e.left, depth + 1) : undefined;
        case 'NewExpression':
          if (e.callee.type === 'Identifier' && e.callee.name === 'URL' && !b().isDeclared('URL')) {
            const [input, base] = e.arguments;
            return resolve(input, depth + 1) ?? (base ? resolve(base, depth + 1) : undefined);
          }
          return undefined;
        case 'MemberExpression': {
          // `config.api.url` where `config` is a const object literal.
          const obj = resolveObject(e.object, depth + 1);
          const name = propertyName(e);
          if (!obj || !name) return undefined;
          const prop = objectProperty(obj, name);
          return prop ? resolve(prop.value, depth + 1) : undefined;
        }
        case 'ConditionalExpression':
          return resolve(e.consequent, depth + 1) ?? resolve(e.alternate, depth + 1);
        default:
          return undefined;
      }
    }

    function resolveObject(expr: Node, depth: number): TSESTree.ObjectExpression | undefined {
      if (depth > MAX_DEPTH) return undefined;
      const e = unwrap(expr);
      if (e.type === 'ObjectExpression') return e;
      if (e.type === 'Identifier') {
        const init = b().constInit(e.name);
        return init ? resolveObject(init, depth + 1) : undefined;
      }
      if (e.type === 'MemberExpression') {
        const obj = resolveObject(e.object, depth + 1);
        const name = propertyName(e);
        const prop = obj && name ? objectProperty(obj, name) : undefined;
        return prop ? resolveObject(prop.value, depth + 1) : undefined;
      }
      return undefined;
    }

    function siteOf(node: TSESTree.Literal | TSESTree.TemplateLiteral, value: string): UrlSite | undefined {
      const url = parseCleartextUrl(value);
      if (!url) return undefined;
      if (url.host !== undefined && (isLocalHost(url.host) || isMetadataHost(url.host) || isIdentifierUrl(url.host) || hostAllowed(url.host, allowed))) return undefined;
      // Find the scheme in the source text (escapes before it would shift a computed offset).
      const raw = file.text.slice(node.range[0], node.range[1]);
      const m = /(?:http|ws)(?=:\/\/)/i.exec(raw);
      if (!m) return undefined;
      return { node, url, schemeEnd: node.range[0] + m.index + m[0].length };
    }

    function report(site: UrlSite | undefined, sink: string): void {
      if (!site) return;
      const secure = site.url.scheme === 'http' ? 'https://' : 'wss://';
      const protocol = site.url.scheme === 'http' ? 'HTTP' : 'WebSocket';
      context.report({
        messageId: site.url.hasCredentials ? 'credentials' : 'cleartext',
        severity: site.url.hasCredentials ? 'error' : undefined,
        data: { url: displayUrl(site.url), sink, secure, protocol },
        start: site.node.range[0],
        end: site.node.range[1],
        fixes: [{ title: `Use ${secure}`, isPreferred: true, edits: [context.replace(site.schemeEnd, site.schemeEnd, schemeSuffix(file.text, site.schemeEnd))] }],
      });
    }

    /** Reports the URL of an axios/got style config object: `{ url }`, `{ baseURL }`, `{ prefixUrl }`. */
    function reportConfig(arg: Node | undefined, keys: readonly string[], sink: string): void {
      if (!arg) return;
      const obj = resolveObject(arg, 0);
      if (!obj) return;
      for (const k of keys) {
        const p = objectProperty(obj, k);
        if (p) report(resolve(p.value), sink);
      }
    }

    /** `http.request({ protocol: 'http:', host: 'example.com' })` (no URL string at all). */
    function reportHttpOptions(arg: Node | undefined, sink: string): void {
      const obj = arg ? resolveObject(arg, 0) : undefined;
      if (!obj) return;
      const hostProp = objectProperty(obj, 'hostname') ?? objectProperty(obj, 'host');
      const hostSite = hostProp ? unwrap(hostProp.value) : undefined;
      const host = hostSite?.type === 'Literal' && typeof hostSite.value === 'string' ? hostSite.value.toLowerCase().replace(/:\d+$/, '') : undefined;
      if (!host || isLocalHost(host) || isMetadataHost(host) || hostAllowed(host, allowed)) return;
      const proto = objectProperty(obj, 'protocol');
      const pv = proto ? unwrap(proto.value) : undefined;
      if (pv && !(pv.type === 'Literal' && pv.value === 'http:')) return;
      const at = pv && pv.type === 'Literal' ? pv : hostSite!;
      context.report({
        messageId: 'cleartext',
        data: { url: `http://${host}`, sink, secure: 'https', protocol: 'HTTP' },
        start: at.range[0],
        end: at.range[1],
        fixes: [],
      });
    }

    const axiosInstances = new Set<string>();
    const gotInstances = new Set<string>();

    function moduleOf(callee: Node): ModuleBinding | undefined {
      const c = unwrap(callee);
      return c.type === 'Identifier' ? b().moduleOf(c.name) : undefined;
    }

    function onCall(node: TSESTree.CallExpression): void {
      const callee = unwrap(node.callee);
      const args = node.arguments;
      if (callee.type === 'Identifier') {
        const name = callee.name;
        const mod = b().moduleOf(name);
        if (!mod) {
          if (name === 'fetch' && !b().isDeclared('fetch')) report(resolve(args[0]), 'fetch()');
          else if (axiosInstances.has(name)) report(resolve(args[0]), `${name}()`);
          return;
        }
        const m = mod.module;
        if (FETCH_MODULES.has(m) && (mod.imported === 'default' || mod.imported === '*' || mod.imported === 'fetch' || mod.imported === 'request')) {
          report(resolve(args[0]), `${m} ${mod.imported === 'request' ? 'request' : 'fetch'}()`);
        } else if (m === 'axios' && (mod.imported === 'default' || mod.imported === '*')) {
          const first = args[0] ? unwrap(args[0]) : undefined;
          if (first && first.type === 'ObjectExpression') reportConfig(first, ['url', 'baseURL'], 'axios()');
          else report(resolve(args[0]), 'axios()');
        } else if (m === 'got' && (mod.imported === 'default' || mod.imported === '*' || mod.imported === 'got')) {
          report(resolve(args[0]), 'got()');
        } else if (m === 'superagent' && (mod.imported === 'default' || mod.imported === '*')) {
          const first = args[0] ? unwrap(args[0]) : undefined;
          const isMethod = first?.type === 'Literal' && typeof first.value === 'string' && /^[A-Za-z]+$/.test(first.value);
          report(resolve(isMethod ? args[1] : args[0]), 'superagent');
        } else if (HTTP_MODULES.has(m) && (mod.imported === 'get' || mod.imported === 'request')) {
          httpCall(args, `http.${mod.imported}()`);
        } else if (m === 'socket.io-client' && (mod.imported === 'default' || mod.imported === 'io' || mod.imported === '*' || mod.imported === 'connect')) {
          report(resolve(args[0]), 'socket.io io()');
        }
        return;
      }
      if (callee.type !== 'MemberExpression') return;
      const method = propertyName(callee);
      if (!method) return;
      const objNode = unwrap(callee.object);
      // `globalThis.fetch(...)`, `window.fetch(...)`
      if (method === 'fetch' && objNode.type === 'Identifier' && (objNode.name === 'globalThis' || objNode.name === 'window' || objNode.name === 'self') && !b().isDeclared(objNode.name)) {
        report(resolve(args[0]), 'fetch()');
        return;
      }
      if (objNode.type === 'Identifier' && (axiosInstances.has(objNode.name) || gotInstances.has(objNode.name))) {
        if (AXIOS_METHODS.has(method) || GOT_METHODS.has(method)) report(resolve(args[0]), `${objNode.name}.${method}()`);
        return;
      }
      const mod = moduleOf(objNode);
      if (!mod) return;
      const m = mod.module;
      const whole = mod.imported === 'default' || mod.imported === '*';
      if (m === 'axios' && whole) {
        if (method === 'create') reportConfig(args[0], ['baseURL'], 'axios.create()');
        else if (method === 'request') {
          const first = args[0] ? unwrap(args[0]) : undefined;
          if (first?.type === 'ObjectExpression' || first?.type === 'Identifier') reportConfig(first, ['url', 'baseURL'], 'axios.request()');
          report(resolve(args[0]), 'axios.request()');
        } else if (AXIOS_METHODS.has(method)) report(resolve(args[0]), `axios.${method}()`);
      } else if (m === 'got' && whole) {
        if (method === 'extend') reportConfig(args[0], ['prefixUrl'], 'got.extend()');
        else if (GOT_METHODS.has(method)) report(resolve(args[0]), `got.${method}()`);
      } else if (m === 'superagent' && whole && SUPERAGENT_METHODS.has(method)) {
        report(resolve(args[0]), `superagent.${method}()`);
      } else if (HTTP_MODULES.has(m) && whole && (method === 'get' || method === 'request')) {
        httpCall(args, `http.${method}()`);
      } else if (FETCH_MODULES.has(m) && whole && (method === 'fetch' || method === 'request')) {
        report(resolve(args[0]), `${m}.${method}()`);
      }
    }

    function httpCall(args: TSESTree.CallExpressionArgument[], sink: string): void {
      const first = args[0] ? unwrap(args[0]) : undefined;
      const site = resolve(first);
      if (site) report(site, sink);
      else if (first) reportHttpOptions(first, sink);
    }

    function onNew(node: TSESTree.NewExpression): void {
      const callee = unwrap(node.callee);
      if (callee.type !== 'Identifier') return;
      const mod = b().moduleOf(callee.name);
      if (callee.name === 'WebSocket' && !b().isDeclared('WebSocket')) {
        report(resolve(node.arguments[0]), 'new WebSocket()');
      } else if (mod && WS_MODULES.has(mod.module)) {
        report(resolve(node.arguments[0]), 'new WebSocket()');
      } else if (mod && mod.module === 'undici' && ['Pool', 'Client', 'Agent', 'BalancedPool'].includes(mod.imported)) {
        report(resolve(node.arguments[0]), `undici ${mod.imported}`);
      }
    }

    function onDeclarator(node: TSESTree.VariableDeclarator): void {
      // `const api = axios.create({...})` / `got.extend({...})`: later calls on `api` are requests too.
      if (node.id.type !== 'Identifier' || !node.init) return;
      const init = unwrap(node.init);
      if (init.type !== 'CallExpression') return;
      const callee = unwrap(init.callee);
      if (callee.type !== 'MemberExpression') return;
      const mod = moduleOf(callee.object);
      const method = propertyName(callee);
      if (mod?.module === 'axios' && method === 'create') axiosInstances.add(node.id.name);
      if (mod?.module === 'got' && method === 'extend') gotInstances.add(node.id.name);
    }

    return {
      code: {
        VariableDeclarator: (n) => onDeclarator(n as TSESTree.VariableDeclarator),
        CallExpression: (n) => onCall(n as TSESTree.CallExpression),
        NewExpression: (n) => onNew(n as TSESTree.NewExpression),
      },
    };
  },
};

/** `s`, or `S` after an upper-case scheme (`HTTP://` becomes `HTTPS://`). */
function schemeSuffix(text: string, schemeEnd: number): string {
  const last = text[schemeEnd - 1];
  return last && last === last.toUpperCase() && last !== last.toLowerCase() ? 'S' : 's';
}
