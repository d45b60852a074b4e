/**
 * Least privilege from code: the IAM actions the handlers of some functions call, read from their
 * AWS SDK calls (../../code/aws-sdk). The answer is all or nothing: when any handler cannot be read
 * completely (not indexed, not analysable, a call whose action is unknown, AWS calls that may hide in
 * a local module or in a library that calls AWS itself), there is no answer, so no fix narrows a grant
 * on a guess.
 */
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { childNodes } from '../../code/bindings';
import { inferAwsCalls, mergeInferences, type AwsCallInference, type SdkCall } from '../../code/aws-sdk';
import { expandActionPattern, lookupAction, type IamAction } from '../../iam';
import type { FileModel, FunctionModel, ManagedPolicyRef, StatementModel, WorkspaceIndex } from '../../model';
import type { SourceFile } from '../../source';

/** Extensions a handler file may have, most likely first. */
const HANDLER_EXTENSIONS = ['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs', '.jsx', '.py'];

/** What the index must offer for the fix: the text of a handler file it was given. */
interface HandlerFileSource {
  handlerFile?(codePath: string): SourceFile | undefined;
}

/** The indexed source files of a function's handler (every candidate file that exists). */
export function handlerFiles(index: WorkspaceIndex, fn: FunctionModel): SourceFile[] {
  const h = fn.handler;
  if (!h) return [];
  const get = (index as unknown as HandlerFileSource).handlerFile;
  if (typeof get !== 'function') return [];
  const out: SourceFile[] = [];
  for (const base of [h.fileBase, ...(h.alternateFileBases ?? [])]) {
    for (const ext of HANDLER_EXTENSIONS) {
      let f: SourceFile | undefined;
      try {
        f = get.call(index, `${base}${ext}`);
      } catch {
        f = undefined;
      }
      if (f && !out.includes(f)) out.push(f);
    }
  }
  return out;
}

/** The inferred actions of some functions, when every one of them could be read completely. */
export interface Inferred {
  /** Distinct canonical actions, sorted. */
  actions: IamAction[];
  /** Every call, for resource hints. */
  calls: Array<{ call: SdkCall; fn: FunctionModel }>;
  /** The handler files read. */
  files: string[];
}

/** Packages that may call AWS themselves, outside the SDK clients the inference reads (by name). */
const AWS_CALLING_PACKAGE = /(^|[/@_.-])(aws|amazon|dynamo|dynamodb|dynamoose|electrodb|s3|sqs|sns|ses|kinesis|ssm|secrets|secrets-manager|parameters|idempotency|cognito|athena|firehose|eventbridge|kms|sts|appconfig|rds|rds-signer)([/_.-]|$)/i;
/** Packages that are the SDK (read by the inference), types only, or known not to call AWS. */
const READ_PACKAGES =
  /^(@aws-sdk\/|aws-sdk($|\/)|aws-xray-sdk(-core)?$|@types\/|aws-lambda$|aws-embedded-metrics$|@aws-lambda-powertools\/(logger|tracer|metrics|commons|batch|parser|validation|jmespath|event-handler)$)/;

/**
 * Why a handler's AWS calls may be incomplete, or undefined when the file tells the whole story:
 * it imports a local module (AWS calls may be made there), or a library that calls AWS on its own.
 */
export function incompleteBecause(file: SourceFile): string | undefined {
  const ast = file.js?.ast;
  if (!ast) return 'not analysable';
  const stack: TSESTree.Node[] = [ast];
  while (stack.length) {
    const n = stack.pop()!;
    let spec: string | undefined;
    let typeOnly = false;
    if (n.type === 'ImportDeclaration') {
      spec = String(n.source.value);
      typeOnly = n.importKind === 'type' || (n.specifiers.length > 0 && n.specifiers.every((s) => s.type === 'ImportSpecifier' && s.importKind === 'type'));
    } else if ((n.type === 'ExportNamedDeclaration' || n.type === 'ExportAllDeclaration') && n.source) {
      spec = String(n.source.value);
      typeOnly = n.exportKind === 'type';
    } else if (n.type === 'ImportExpression') {
      spec = n.source.type === 'Literal' && typeof n.source.value === 'string' ? n.source.value : '<dynamic>';
    } else if (n.type === 'CallExpression' && n.callee.type === 'Identifier' && n.callee.name === 'require') {
      const a = n.arguments[0];
      spec = a && a.type === 'Literal' && typeof a.value === 'string' ? a.value : a && a.type === 'TemplateLiteral' && a.expressions.length === 0 ? a.quasis[0].value.cooked ?? '' : '<dynamic>';
    } else if (n.type === 'TSImportEqualsDeclaration' && n.moduleReference.type === 'TSExternalModuleReference') {
      const e = n.moduleReference.expression;
      spec = e.type === 'Literal' && typeof e.value === 'string' ? e.value : '<dynamic>';
      typeOnly = n.importKind === 'type';
    }
    if (spec !== undefined && !typeOnly) {
      if (spec === '<dynamic>') return 'it loads a module whose name is computed';
      if (/^\.{1,2}(\/|$)|^\//.test(spec)) {
        if (!/\.json$/i.test(spec)) return `it imports ${spec}, which may call AWS too`;
      } else if (!READ_PACKAGES.test(spec) && AWS_CALLING_PACKAGE.test(spec)) {
        return `it uses ${spec}, which may call AWS itself`;
      }
    }
    const children = childNodes(n);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return undefined;
}

const inferenceCache = new WeakMap<SourceFile, AwsCallInference | null>();

/**
 * Gives a handler file the inference another thread already made from the same text (plain data), so
 * the thread that analyses a configuration does not parse its handlers again.
 */
export function adoptInference(file: SourceFile, inference: AwsCallInference | null): void {
  inferenceCache.set(file, inference);
}

/** The inference of one handler file, or null when it cannot be trusted to be complete. */
export function completeInference(file: SourceFile): AwsCallInference | null {
  const hit = inferenceCache.get(file);
  if (hit !== undefined) return hit;
  let result: AwsCallInference | null = null;
  try {
    const inf = inferAwsCalls(file);
    if (inf.analyzed && !inf.partial && incompleteBecause(file) === undefined) result = inf;
  } catch {
    result = null;
  }
  inferenceCache.set(file, result);
  return result;
}

/**
 * The actions the handlers of `functions` call, within `scope` (undefined: every action). Undefined
 * when there is no function, a handler is missing or unreadable, or a call that may fall within
 * the scope has an unknown action.
 */
export function inferActions(index: WorkspaceIndex, functions: readonly FunctionModel[], scope?: ReadonlySet<IamAction>): Inferred | undefined {
  if (functions.length === 0) return undefined;
  const parts: AwsCallInference[] = [];
  const calls: Inferred['calls'] = [];
  const files: string[] = [];
  for (const fn of functions) {
    const sources = handlerFiles(index, fn);
    if (sources.length === 0) return undefined;
    for (const f of sources) {
      const inf = completeInference(f);
      if (!inf) return undefined;
      for (const u of inf.unresolved) if (mayFallInScope(u, scope)) return undefined;
      parts.push(inf);
      for (const call of inf.calls) calls.push({ call, fn });
      if (!files.includes(f.path)) files.push(f.path);
    }
  }
  const merged = mergeInferences(parts);
  const actions: IamAction[] = [];
  for (const name of merged.actions) {
    const a = lookupAction(name);
    if (a && (!scope || scope.has(a)) && !actions.includes(a)) actions.push(a);
  }
  return { actions, calls, files };
}

/** Could an unresolved call need an action of the scope? */
function mayFallInScope(call: SdkCall, scope: ReadonlySet<IamAction> | undefined): boolean {
  if (!scope) return true;
  if (call.candidates?.length) return call.candidates.some((c) => {
    const a = lookupAction(c);
    return !a || scope.has(a);
  });
  if (call.reason === 'unknown-service') return true;
  // The service is known: only actions of that service can be needed.
  const ofService = expandActionPattern(`${call.service}:*`);
  if (ofService.length === 0) return true;
  return ofService.some((a) => scope.has(a));
}

/** The functions a statement applies to, from the file's own model (the file being analysed). */
export function functionsOfStatement(model: FileModel, st: StatementModel): FunctionModel[] {
  const ids = new Set(model.links.filter((l) => l.statement === st.id).map((l) => l.function));
  return model.functions.filter((f) => ids.has(f.id));
}

/** The functions a managed policy entry is attached to. */
export function functionsOfManagedPolicy(model: FileModel, ref: ManagedPolicyRef): FunctionModel[] {
  return model.functions.filter((f) => f.managedPolicies.includes(ref));
}
