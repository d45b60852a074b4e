import type { ConfigFormat } from '../classify';
import { dirname, joinPath, normalizePath } from '../paths';
import type { SourceFile } from '../source';
import { get, getPair, isMap, stringValue, type CMap, type CNode, type Span } from '../parse/tree';

/** A function a configuration deploys, and where its code lives. */
export interface DeployedFunction {
  /** Logical name (Serverless function key, CloudFormation logical id, Azure function folder). */
  name: string;
  configPath: string;
  format: ConfigFormat;
  /** Range of the function's name (its key) in the configuration. */
  nameRange: Span;
  handler?: HandlerRef;
}

export interface HandlerRef {
  /** The handler string as written, e.g. `src/orders.handler`. */
  raw: string;
  range: Span;
  /** The handler file without extension, absolute and normalised: `/repo/src/orders`. */
  fileBase: string;
  /** The exported function, e.g. `handler`. */
  exportName: string;
}

export interface ConfigSummary {
  path: string;
  format: ConfigFormat;
  functions: DeployedFunction[];
  problems: string[];
}

/** Splits `dir/file.export` (Node) or `dir/module.function` (Python) into file base and export. */
export function splitHandler(raw: string): { file: string; exportName: string } | undefined {
  const s = raw.trim();
  if (!s || /\$\{|\{\{|^!/.test(s)) return undefined;
  const dot = s.lastIndexOf('.');
  if (dot <= 0 || dot === s.length - 1) return undefined;
  const exportName = s.slice(dot + 1);
  let file = s.slice(0, dot);
  // Python handlers may name a package path with dots: `pkg.module.handler`.
  if (!file.includes('/') && file.includes('.')) file = file.replace(/\./g, '/');
  return { file, exportName };
}

function handlerRef(node: CNode | undefined, baseDir: string): HandlerRef | undefined {
  const raw = stringValue(node);
  if (raw === undefined || !node) return undefined;
  const parts = splitHandler(raw);
  if (!parts) return undefined;
  return { raw, range: node.range, fileBase: joinPath(baseDir, parts.file), exportName: parts.exportName };
}

/** The functions a configuration file declares, with their handler files. Never throws. */
export function extractFunctions(file: SourceFile): ConfigSummary {
  const c = file.classification;
  const summary: ConfigSummary = { path: file.path, format: c.role === 'config' ? c.format : 'cloudformation', functions: [], problems: [] };
  if (c.role !== 'config') return summary;
  const parsed = file.config;
  if (!parsed) return summary;
  for (const e of parsed.errors) summary.problems.push(e.message);
  const root = parsed.roots[0];
  const dir = dirname(file.path);
  try {
    switch (c.format) {
      case 'serverless':
        serverlessFunctions(root, file.path, dir, summary);
        break;
      case 'sam':
      case 'cloudformation':
        templateFunctions(root, file.path, dir, c.format, summary);
        break;
      case 'azure-function':
        azureFunction(root, file.path, summary);
        break;
      default:
        break;
    }
  } catch (e) {
    summary.problems.push(`could not read functions: ${(e as Error).message}`);
  }
  return summary;
}

function serverlessFunctions(root: CNode | undefined, path: string, dir: string, out: ConfigSummary): void {
  const functions = get(root, 'functions');
  const maps: CMap[] = [];
  if (isMap(functions)) maps.push(functions);
  // `functions` may also be a list of maps (often from `${file(...)}` includes written inline).
  if (functions?.kind === 'seq') for (const item of functions.items) if (isMap(item)) maps.push(item);
  for (const m of maps) {
    for (const pair of m.pairs) {
      const name = String(pair.key.value);
      const handler = handlerRef(get(pair.value, 'handler'), dir);
      out.functions.push({ name, configPath: path, format: 'serverless', nameRange: pair.key.range, handler });
    }
  }
}

function templateFunctions(root: CNode | undefined, path: string, dir: string, format: ConfigFormat, out: ConfigSummary): void {
  const resources = get(root, 'Resources');
  if (!isMap(resources)) return;
  const globalCodeUri = stringValue(get(get(get(root, 'Globals'), 'Function'), 'CodeUri'));
  const globalHandler = get(get(get(root, 'Globals'), 'Function'), 'Handler');
  for (const pair of resources.pairs) {
    const type = stringValue(get(pair.value, 'Type'));
    const props = get(pair.value, 'Properties');
    const name = String(pair.key.value);
    if (type === 'AWS::Serverless::Function') {
      const codeUri = stringValue(get(props, 'CodeUri')) ?? globalCodeUri;
      const base = codeUri && !/^s3:\/\//i.test(codeUri) ? joinPath(dir, codeUri) : dir;
      const handler = handlerRef(get(props, 'Handler') ?? globalHandler, base);
      out.functions.push({ name, configPath: path, format, nameRange: pair.key.range, handler });
    } else if (type === 'AWS::Lambda::Function') {
      // Code.ZipFile is inline code; a local path in Code (packaged by `aws cloudformation package`) points at the folder.
      const code = get(props, 'Code');
      const local = stringValue(code);
      const base = local && !/^s3:\/\//i.test(local) ? joinPath(dir, local) : dir;
      const handler = handlerRef(get(props, 'Handler'), base);
      out.functions.push({ name, configPath: path, format, nameRange: pair.key.range, handler });
    }
  }
}

function azureFunction(root: CNode | undefined, path: string, out: ConfigSummary): void {
  const dir = dirname(path);
  const name = dir.split('/').pop() ?? 'function';
  const scriptPair = getPair(root, 'scriptFile');
  const script = stringValue(scriptPair?.value);
  const entry = stringValue(get(root, 'entryPoint'));
  let handler: HandlerRef | undefined;
  if (script && scriptPair?.value) {
    const fileBase = normalizePath(joinPath(dir, script)).replace(/\.(?:[cm]?[jt]sx?|py)$/i, '');
    handler = { raw: script, range: scriptPair.value.range, fileBase, exportName: entry ?? 'default' };
  }
  out.functions.push({ name, configPath: path, format: 'azure-function', nameRange: root?.range ?? [0, 0], handler });
}
