/**
 * `serverless-guard model [dir]`: prints the deployment model of a folder as JSON, for users to debug
 * their setup and for tests. Paths are relative to the folder; every range is
 * `{start: {line, character}, end: {line, character}}` with 1-based lines and 1-based characters
 * (UTF-16 code units), as editors show them. Literal values that look like credentials are shown
 * redacted (first four characters and an ellipsis).
 */
import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import { classifyPath, DEFAULT_MAX_FILE_SIZE } from '../engine/classify';
import { looksLikeCdk } from '../engine/model/cdk';
import type { FileModel, Span } from '../engine/model/types';
import { WorkspaceIndex } from '../engine/model/workspace';
import { normalizePath, relativePath, stripCodeExtension } from '../engine/paths';
import { classifyLiteral, redact } from '../engine/secrets';
import { SourceFile } from '../engine/source';
import { readTextFile } from '../host/read';
import { walkFiles } from '../host/walk';
import { parseArgs, UsageError } from './args';

export interface ModelIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
}

const SPAN_KEYS = new Set(['range', 'keyRange', 'nameRange', 'definedAt', 'typeRange', 'operatorRange', 'principalRange', 'environmentRange', 'noEchoRange']);
const PATH_KEYS = new Set(['path', 'configPath', 'fileBase']);
const ID_KEYS = new Set(['id', 'statement', 'function', 'publicStatement']);

export interface FolderModel {
  root: string;
  index: WorkspaceIndex;
  /** Code files read for handler facts, by absolute normalised path. */
  files: SourceFile[];
}

/** Reads a folder into a workspace index: configurations and CDK stacks, then the handler files they name. */
export async function modelFolder(dir: string, options: { exclude?: readonly string[]; gitignore?: boolean; maxFileSize?: number } = {}): Promise<FolderModel> {
  const max = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  dir = nodePath.resolve(dir);
  const walk = await walkFiles(dir, { exclude: options.exclude, gitignore: options.gitignore });
  const index = new WorkspaceIndex();
  const code: string[] = [];
  const files: SourceFile[] = [];
  for (const path of walk.files) {
    const c = classifyPath(path);
    const maybeConfig = c.role === 'config' || (c.role === 'other' && (c.language === 'yaml' || c.language === 'json'));
    if (!maybeConfig && c.role !== 'code') continue;
    if (c.role === 'code') {
      code.push(path);
      if (c.language === 'python') continue;
    }
    const r = await readTextFile(path, max);
    if (!r.ok) continue;
    if (c.role === 'code' && !looksLikeCdk(r.text)) continue;
    const file = SourceFile.create(path, r.text, { maxFileSize: max });
    if (file.classification.role === 'config' || file.classification.role === 'code') index.update(file);
  }
  // Handler facts for the code files functions point at.
  for (const path of code) {
    if (!index.has(path) || index.model(path)) continue;
    const r = await readTextFile(path, max);
    if (!r.ok) continue;
    const file = SourceFile.create(path, r.text, { maxFileSize: max });
    index.update(file);
    files.push(file);
  }
  return { root: dir, index, files };
}

export async function modelCommand(argv: readonly string[], io: ModelIO): Promise<number> {
  const { flags, positionals } = parseArgs(argv, {
    exclude: { value: true, multiple: true },
    'no-gitignore': {},
    output: { value: true },
  });
  if (positionals.length > 1) throw new UsageError('model takes one folder');
  const dir = nodePath.resolve(io.cwd, positionals[0] ?? '.');
  let st;
  try {
    st = await fs.stat(dir);
  } catch {
    throw new UsageError(`no such folder: ${dir}`);
  }
  if (!st.isDirectory()) throw new UsageError(`not a folder: ${dir}`);
  const folder = await modelFolder(dir, { exclude: flags.get('exclude'), gitignore: !flags.has('no-gitignore') });
  const json = JSON.stringify(modelToJson(folder), null, 2) + '\n';
  const output = flags.get('output')?.[0];
  if (output) await fs.writeFile(nodePath.resolve(io.cwd, output), json);
  else io.stdout(json);
  return 0;
}

/** The printable form of a folder's model: relative paths, 1-based positions, credentials redacted. */
export function modelToJson(folder: FolderModel): unknown {
  const root = normalizePath(folder.root);
  const texts = new Map<string, SourceFile>();
  const models = folder.index.allConfigs();
  for (const m of models) {
    const f = folder.index.configFile(m.path);
    if (f) texts.set(m.path, f);
  }
  const files = models.map((m) => fileToJson(m, texts.get(m.path)!, root, folder.index));
  const count = (k: 'functions' | 'statements' | 'problems') => models.reduce((n, m) => n + m[k].length, 0);
  return {
    root: folder.root,
    positions: '1-based line and character',
    summary: { files: models.length, functions: count('functions'), statements: count('statements'), problems: count('problems') },
    files,
  };
}

function fileToJson(m: FileModel, file: SourceFile, root: string, index: WorkspaceIndex): unknown {
  const rel = (p: string) => relativePath(root, p);
  const relId = (id: string) => {
    const i = id.lastIndexOf('#');
    return i > 0 ? `${rel(id.slice(0, i))}${id.slice(i)}` : id;
  };
  const pos = (offset: number) => {
    const p = file.lines.positionAt(offset);
    return { line: p.line + 1, character: p.character + 1 };
  };
  const span = (s: Span) => ({ start: pos(s[0]), end: pos(s[1]) });
  const conv = (v: unknown, key: string | undefined, secretName: string | undefined, force = false): unknown => {
    if (Array.isArray(v)) {
      if (key && SPAN_KEYS.has(key) && v.length === 2 && typeof v[0] === 'number') return span(v as Span);
      if (key === 'alternateFileBases') return v.map((x) => rel(String(x)));
      return v.map((x) => conv(x, undefined, secretName, force));
    }
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      const obj = v as Record<string, unknown>;
      // Entries whose values may be credentials: environment entries, parameters, template parameters.
      const name = typeof obj.key === 'string' ? obj.key : typeof obj.name === 'string' && ('default' in obj || 'nameRange' in obj) ? obj.name : secretName;
      // A NoEcho parameter's default is a secret by declaration.
      const hide = force || obj.noEcho === true;
      for (const [k, x] of Object.entries(obj)) {
        if (x === undefined) continue;
        if (typeof x === 'string' && PATH_KEYS.has(k)) out[k] = rel(x);
        else if (typeof x === 'string' && ID_KEYS.has(k)) out[k] = relId(x);
        else if (k === 'statements' && Array.isArray(x) && x.every((s) => typeof s === 'string')) out[k] = x.map((s) => relId(String(s)));
        else if (k === 'trustStatements' && Array.isArray(x)) out[k] = x.map((s) => relId(String(s)));
        else if ((k === 'value' || k === 'text') && typeof x === 'string' && name !== undefined) out[k] = safe(x, name, hide);
        else out[k] = conv(x, k, name, hide);
      }
      return out;
    }
    return v;
  };
  const json = conv(m, undefined, undefined) as Record<string, unknown>;
  // Which handler files were found (and what they export); keys in a readable order.
  json.functions = m.functions.map((fn, i) => {
    const out = (json.functions as Array<Record<string, unknown>>)[i];
    const facts = fn.handler ? findFacts(index, fn.handler.fileBase, fn.handler.alternateFileBases) : undefined;
    if (facts) out.handlerFile = { path: rel(facts.path), exports: facts.exports, envReads: [...new Set(facts.envReads.map((e) => e.name))] };
    return ordered(out, FUNCTION_KEYS);
  });
  return ordered(json, FILE_KEYS);
}

const FUNCTION_KEYS = ['id', 'name', 'format', 'path', 'configPath', 'nameRange', 'range', 'handler', 'handlerFile', 'runtime', 'role', 'environment', 'environmentRange', 'statements', 'managedPolicies', 'policyTemplates', 'permissionsBoundary', 'url', 'endpoints'];
const FILE_KEYS = ['path', 'format', 'language', 'problems', 'functions', 'statements', 'roles', 'managedPolicies', 'policyTemplates', 'parameters', 'environment', 'links', 'azureHost'];

function ordered(obj: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (k in obj) out[k] = obj[k];
  for (const k of Object.keys(obj)) if (!(k in out)) out[k] = obj[k];
  return out;
}

function findFacts(index: WorkspaceIndex, base: string, alternates: string[] | undefined) {
  for (const b of [base, ...(alternates ?? [])]) {
    for (const ext of ['.ts', '.js', '.mjs', '.cjs', '.tsx', '.jsx', '.mts', '.cts', '.py']) {
      const f = index.handlerFacts(`${b}${ext}`);
      if (f && stripCodeExtension(f.path) === b) return f;
    }
  }
  return undefined;
}

/** Credentials inside larger strings: connection strings and URLs with a password. */
const EMBEDDED_CREDENTIAL = /(?:password|pwd|passwd|secret|token|accountkey|sharedaccesskey|apikey|api_key)\s*=\s*[^;\s]|:\/\/[^/\s:@]+:[^/\s@]+@/i;

function safe(value: string, name: string, force: boolean): string {
  if (force || EMBEDDED_CREDENTIAL.test(value) || classifyLiteral(value, name).verdict === 'secret') return redact(value);
  return value;
}
