/**
 * The model of one file: the entry point every consumer uses. Cached per `SourceFile` (one file
 * version), so rules and the workspace index share one reading. Never throws.
 */
import { get } from '../parse/tree';
import type { SourceFile } from '../source';
import { readAzureFunction, readHost, readLocalSettings } from './azure';
import { ModelBuilder } from './builder';
import { looksLikeCdk, readCdk } from './cdk';
import { readTemplateFile } from './cloudformation';
import { JsTree, exportedObject } from './js-tree';
import { readServerless, serverlessReader } from './serverless';
import type { FileModel } from './types';
import { Reader } from './values';
import { bindingsOf } from '../code/bindings';
import { dirname } from '../paths';

const cache = new WeakMap<SourceFile, FileModel | null>();

/** True when the model reads this file (a configuration, or a JS/TS file that imports the CDK). */
export function isModelled(file: SourceFile): boolean {
  const c = file.classification;
  if (c.role === 'config') return true;
  return c.role === 'code' && c.language !== 'python' && looksLikeCdk(file.text);
}

/** The deployment model of one file, or undefined when the file is neither configuration nor a CDK stack. */
export function modelOfFile(file: SourceFile): FileModel | undefined {
  const hit = cache.get(file);
  if (hit !== undefined) return hit ?? undefined;
  const model = isModelled(file) ? build(file) : undefined;
  cache.set(file, model ?? null);
  return model;
}

/**
 * Gives a file the model another thread already built from the same text (models are plain data), so
 * a parallel scan models each file once instead of once per thread.
 */
export function adoptModel(file: SourceFile, model: FileModel): void {
  cache.set(file, model);
}

function build(file: SourceFile): FileModel {
  const c = file.classification;
  const isCdk = c.role === 'code';
  const format = c.role === 'config' ? c.format : 'cdk';
  const language: FileModel['language'] =
    c.role === 'config' ? (c.language === 'yaml' ? 'yaml' : c.language === 'json' ? 'json' : c.language === 'typescript' ? 'typescript' : 'javascript') : c.role === 'code' && c.language === 'typescript' ? 'typescript' : 'javascript';
  const b = new ModelBuilder(file.path, format, language);
  const problems = b.model.problems;
  try {
    if (isCdk) {
      parseProblems(file, b);
      readCdk(b, file);
    } else if (language === 'yaml' || language === 'json') {
      const parsed = file.config;
      parseProblems(file, b);
      const root = parsed?.roots[0];
      switch (format) {
        case 'serverless':
          readServerless(b, serverlessReader(file.text, file.path, root, problems), root);
          break;
        case 'sam':
        case 'cloudformation':
          readTemplateFile(b, new Reader({ text: file.text, path: file.path, problems, mappings: get(root, 'Mappings') }), root, format === 'sam', dirname(file.path));
          break;
        case 'azure-function':
          readAzureFunction(b, new Reader({ text: file.text, path: file.path, problems }), root);
          break;
        case 'azure-local-settings':
          readLocalSettings(b, new Reader({ text: file.text, path: file.path, problems }), root);
          break;
        case 'azure-host':
          readHost(b, new Reader({ text: file.text, path: file.path, problems }), root);
          break;
        default:
          break;
      }
    } else {
      // serverless.ts / serverless.js: the exported object literal, read statically.
      parseProblems(file, b);
      const ast = file.js?.ast;
      if (ast) {
        const tree = new JsTree(file.text, bindingsOf(ast));
        const exp = exportedObject(ast, tree);
        if (!exp.node) {
          problems.push({ kind: 'unsupported', path: file.path, message: exp.problem ?? 'no configuration object found', range: exp.range });
        } else {
          const root = tree.convert(exp.node);
          const r = serverlessReader(file.text, file.path, root, problems);
          readServerless(b, r, root);
          for (const p of tree.problems) r.problem('unresolved', p.message, p.range);
        }
      }
    }
  } catch (e) {
    problems.push({ kind: 'invalid', path: file.path, message: `internal error while reading the file: ${(e as Error)?.message ?? String(e)}` });
  }
  // Problems about code references are noise when many: keep the list readable.
  if (problems.length > 100) problems.splice(100);
  return b.model;
}

function parseProblems(file: SourceFile, b: ModelBuilder): void {
  const cfg = file.config;
  if (cfg) {
    for (const e of cfg.errors.slice(0, 5)) b.model.problems.push({ kind: 'parse-error', path: file.path, message: e.message, range: [e.offset, Math.max(e.offset, e.endOffset)] });
  }
  const js = file.js;
  if (js && file.classification.role !== 'code') {
    for (const e of js.errors.slice(0, 5)) b.model.problems.push({ kind: 'parse-error', path: file.path, message: e.message, range: [e.offset, e.offset] });
  } else if (js && js.errors.length && !js.ast) {
    b.model.problems.push({ kind: 'parse-error', path: file.path, message: js.errors[0].message, range: [js.errors[0].offset, js.errors[0].offset] });
  }
}
