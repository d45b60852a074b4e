/**
 * Azure Functions: `function.json` (one function per folder, its bindings), `local.settings.json`
 * (app settings and connection strings) and `host.json`.
 */
import { dirname, joinPath, normalizePath, stripCodeExtension } from '../paths';
import { get, getPair, isScalar, stringValue, type CNode } from '../parse/tree';
import { ModelBuilder, isPlainMap } from './builder';
import { readEnvironment } from './cloudformation';
import type { Endpoint, HandlerRef } from './types';
import type { Reader } from './values';

const BUILD_DIRS = /\/(dist|out|build|lib)\//;

export function readAzureFunction(b: ModelBuilder, r: Reader, root: CNode | undefined): void {
  if (!isPlainMap(root)) {
    if (root) r.problem('invalid', 'function.json is not an object', root.range);
    return;
  }
  const dir = dirname(b.path);
  const name = dir.split('/').pop() ?? 'function';
  const fn = b.addFunction({ name, format: 'azure-function', nameRange: [root.range[0], root.range[0] + 1], range: root.range });
  const scriptPair = getPair(root, 'scriptFile');
  const script = stringValue(scriptPair?.value);
  const entry = stringValue(get(root, 'entryPoint'));
  if (script && scriptPair?.value) {
    const fileBase = stripCodeExtension(normalizePath(joinPath(dir, script)));
    // Python functions default to `main`; Node functions export one function (or `run`/`index`).
    const handler: HandlerRef = { raw: script, range: scriptPair.value.range, fileBase, exportName: entry ?? (/\.py$/i.test(script) ? 'main' : 'default') };
    // A compiled TypeScript function (`../dist/Fn/index.js`): its source sits in the function folder.
    if (BUILD_DIRS.test(`${fileBase}/`.slice(dirname(dir).length))) handler.alternateFileBases = [joinPath(dir, fileBase.split('/').pop() ?? 'index')];
    fn.handler = handler;
  } else {
    fn.handler = { raw: 'index', range: fn.nameRange, fileBase: joinPath(dir, 'index'), exportName: entry ?? 'default', alternateFileBases: [joinPath(dir, '__init__')] };
  }
  const bindings = get(root, 'bindings');
  for (const a of r.items(bindings)) {
    if (!isPlainMap(a.node)) continue;
    const type = stringValue(get(a.node, 'type'));
    if (type !== 'httpTrigger') continue;
    const e: Endpoint = { kind: 'azure-http', range: a.node.range };
    const level = get(a.node, 'authLevel');
    if (level) e.authLevel = r.value(level);
    const route = get(a.node, 'route');
    if (route) e.route = r.value(route);
    const methods = get(a.node, 'methods');
    if (methods) e.method = r.value(methods);
    fn.endpoints.push(e);
  }
}

export function readLocalSettings(b: ModelBuilder, r: Reader, root: CNode | undefined): void {
  if (!isPlainMap(root)) {
    if (root) r.problem('invalid', 'local.settings.json is not an object', root.range);
    return;
  }
  const values = get(root, 'Values');
  if (values !== undefined) readEnvironment(b, r, values, 'local-settings', undefined);
  const cs = get(root, 'ConnectionStrings');
  if (cs !== undefined) readEnvironment(b, r, cs, 'connection-string', undefined);
  const enc = get(root, 'IsEncrypted');
  if (isScalar(enc) && enc.value === true) r.problem('unsupported', 'the settings are encrypted (IsEncrypted: true); their values are not readable', enc.range);
}

export function readHost(b: ModelBuilder, r: Reader, root: CNode | undefined): void {
  if (!isPlainMap(root)) {
    if (root) r.problem('invalid', 'host.json is not an object', root.range);
    return;
  }
  const host: NonNullable<typeof b.model.azureHost> = {};
  const version = get(root, 'version');
  if (version) host.version = r.value(version);
  const prefix = get(get(get(root, 'extensions'), 'http'), 'routePrefix');
  if (prefix) host.routePrefix = r.value(prefix);
  const bundle = get(get(root, 'extensionBundle'), 'version');
  if (bundle) host.extensionBundle = r.value(bundle);
  b.model.azureHost = host;
}
