/**
 * Handler references: from the string a configuration writes (`src/orders.create`,
 * `app.lambda_handler`) to the code file and export it names. Also the names older callers use for
 * the model's function and file types.
 */
import { joinPath } from '../paths';
import { stringValue, type CNode, type Span } from '../parse/tree';
import type { FileModel, FunctionModel, HandlerRef } from './types';

export type { HandlerRef };
/** A function a configuration deploys (the model's `FunctionModel`). */
export type DeployedFunction = FunctionModel;
/** What the index holds per file (the model's `FileModel`). */
export type ConfigSummary = FileModel;

/** Splits `dir/file.export` (Node) or `dir/module.function` (Python) into file base and export. */
export function splitHandler(raw: string): { file: string; exportName: string } | undefined {
  const s = raw.trim();
  if (!s || /\$\{|\{\{|^!|::/.test(s)) return undefined;
  const dot = s.lastIndexOf('.');
  if (dot <= 0 || dot === s.length - 1) return undefined;
  const exportName = s.slice(dot + 1);
  if (!/^[A-Za-z_$][\w$]*$/.test(exportName)) return undefined;
  let file = s.slice(0, dot);
  // Python handlers may name a package path with dots: `pkg.module.handler`.
  if (!file.includes('/') && file.includes('.')) file = file.replace(/\./g, '/');
  return { file, exportName };
}

/** A handler reference from the handler string and where it is written. */
export function handlerFromString(raw: string, range: Span, baseDir: string): HandlerRef | undefined {
  const parts = splitHandler(raw);
  if (!parts) return undefined;
  return { raw, range, fileBase: joinPath(baseDir, parts.file), exportName: parts.exportName };
}

/** A handler reference from a plain string node. */
export function handlerRef(node: CNode | undefined, baseDir: string): HandlerRef | undefined {
  const raw = stringValue(node);
  if (raw === undefined || !node) return undefined;
  return handlerFromString(raw, node.range, baseDir);
}

/**
 * The language family of a Lambda runtime (`nodejs20.x`, `python3.12`, `java21`, CDK's
 * `Runtime.NODEJS_20_X`): handlers of other runtimes are not JS/TS/Python files the engine reads.
 */
export function runtimeFamily(runtime: string | undefined): 'node' | 'python' | 'other' | undefined {
  if (!runtime) return undefined;
  const r = runtime.toLowerCase();
  if (/node/.test(r)) return 'node';
  if (/python/.test(r)) return 'python';
  if (/java|dotnet|go1|provided|ruby|\bgo\b|runtime\.go|custom/.test(r)) return 'other';
  return undefined;
}
