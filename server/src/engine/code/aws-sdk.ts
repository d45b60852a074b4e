/**
 * Which AWS API calls a handler makes, and so which IAM actions it needs: the inference behind the
 * least-privilege fix of the `wildcard-permission` rule.
 *
 * JavaScript / TypeScript (ESM, CommonJS, TS `import =`) are read from the file's ESTree:
 *   - SDK v3 commands: `new GetObjectCommand(...)` whose class is imported from `@aws-sdk/client-*`
 *     (the client package gives the IAM service prefix, the command name the operation), wherever
 *     the command is sent from; paginators (`paginateListObjectsV2`), waiters, presigned URLs
 *     (`getSignedUrl(client, new GetObjectCommand(...))`), presigned POSTs.
 *   - SDK v3 aggregated clients: `new S3(...).getObject(...)`.
 *   - `@aws-sdk/lib-dynamodb` commands (`PutCommand` -> PutItem) and `DynamoDBDocument` methods,
 *     `@aws-sdk/lib-storage` `Upload`, `fromTemporaryCredentials` (sts:AssumeRole).
 *   - SDK v2: `new AWS.S3()`, `import { S3 } from 'aws-sdk'`, `require('aws-sdk/clients/s3')`,
 *     X-Ray's `captureAWS(require('aws-sdk'))` / `captureAWSClient(...)`, their method calls
 *     (`.promise()` chains included), `DynamoDB.DocumentClient`, `s3.upload`, `getSignedUrl`,
 *     `createPresignedPost`, `makeRequest`, `waitFor`, `S3.ManagedUpload`, temporary credentials.
 *
 * Clients are followed through `const`/`let`/`var` declarations, later assignments (lazy
 * initialisation), class fields and `this.x = ...`, by name: a name bound to clients of two
 * different services is treated as unknown. Input objects are followed through declarations made
 * once, so `const params = {...}; s3.getObject(params)` still yields the bucket.
 *
 * Operation -> action rules, and resource hints, live in ./aws-sdk/operations (language-neutral);
 * SDK names -> IAM prefixes in ./aws-sdk/services.
 *
 * Python (boto3): there is no Python parser yet, so a Python file yields `analyzed: false`. A boto3
 * front end plugs in by producing the same SdkCall values: map `boto3.client('s3')` through
 * servicePrefixForSdkName, `get_object` through snakeToOperation, implement SdkInput over its
 * keyword arguments, call callsFromOperation(...) for each call site (via 'boto3'), and return
 * buildInference(...). Nothing else changes for the rule.
 *
 * SDK command classes and client methods used as values (`{ get: GetObjectCommand }`,
 * `promisify(s3.getObject.bind(s3))`) count as calls too; type-only uses do not.
 *
 * Pure, never throws: a failure at one call site marks the result `partial`; a failure of the
 * whole analysis yields `analyzed: false`.
 */
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { estree } from '../parse/estree';
import type { SourceFile } from '../source';
import { bindingsOf, objectProperty, patternNames, propertyName, requireCall, unwrap, type Bindings } from './bindings';
import {
  resolveOperation,
  type Range,
  type ResourceHint,
  type SdkInput,
  type TextPart,
  type UnresolvedReason,
} from './aws-sdk/operations';
import { normaliseSdkName, servicePrefixForSdkName } from './aws-sdk/services';

export type { ActionRequirement, Range, ResourceHint, SdkInput, TextPart, UnresolvedReason } from './aws-sdk/operations';
export { resolveOperation, resourceHints, RESOURCE_PARAMS } from './aws-sdk/operations';
export { servicePrefixForSdkName, normaliseSdkName, SERVICE_NAME_EXCEPTIONS } from './aws-sdk/services';

type Node = TSESTree.Node;

/** How a call was written. */
export type SdkCallVia =
  | 'v3-command'
  | 'v3-aggregated'
  | 'v3-paginator'
  | 'v3-waiter'
  | 'v3-presign'
  | 'lib-dynamodb'
  | 'lib-storage'
  | 'credential-provider'
  | 'v2'
  | 'v2-presign'
  | 'v2-waiter'
  | 'v2-upload'
  | 'documentclient'
  | 'boto3';

/**
 * One IAM action one call site needs. An operation that needs several actions (S3 CopyObject,
 * a multi-table batch) yields several SdkCalls with the same operation.
 */
export interface SdkCall {
  /** IAM service prefix of the client (`s3`, `dynamodb`); the SDK's own name when it maps to none. */
  service: string;
  /** API operation in PascalCase (`GetObject`, `TransactWriteItems`, `Upload`); '' when computed at run time. */
  operation: string;
  /** Canonical IAM action (`s3:GetObject`), validated against the IAM table; undefined when unresolved. */
  action: string | undefined;
  /** Offsets of the call (the `new XCommand(...)`, the method call, or the transaction item). */
  range: Range;
  via: SdkCallVia;
  /** Where the call names its resource (`TableName: process.env.TABLE`), when statically known. */
  resourceHint?: ResourceHint;
  /** Why the action is undefined. */
  reason?: UnresolvedReason;
  /** For unresolved calls whose action is one of a known few (dynamic transaction items). */
  candidates?: string[];
  /** The module or SDK class the client came from: `@aws-sdk/client-s3`, `aws-sdk`, `S3`. */
  sdk: string;
}

export interface AwsCallInference {
  /** Every call found, in source order, resolved or not. */
  calls: SdkCall[];
  /** Distinct actions of the resolved calls, sorted. */
  actions: string[];
  /** The calls whose action could not be named (`action` undefined). */
  unresolved: SdkCall[];
  /**
   * False when the file could not be analysed (not JS/TS, Python until it has a parser, no syntax
   * tree): an empty `actions` then means "unknown", not "none".
   */
  analyzed: boolean;
  /** True when calls may be missing: some lines could not be parsed, or a call site could not be read. */
  partial: boolean;
}

// ---------------------------------------------------------------------------------------------
// Public entry points

const cache = new WeakMap<SourceFile, AwsCallInference>();

/**
 * The AWS SDK calls of a handler file and the IAM actions they need. Results are cached per
 * SourceFile (immutable) and shared: do not mutate them.
 */
export function inferAwsCalls(file: SourceFile): AwsCallInference {
  const hit = cache.get(file);
  if (hit) return hit;
  const result = compute(file);
  cache.set(file, result);
  return result;
}

function compute(file: SourceFile): AwsCallInference {
  try {
    const c = file.classification;
    if (c.role === 'code' && c.language === 'python') {
      // No Python parser yet: a boto3 front end will produce SdkCalls with the same helpers.
      return buildInference([], { analyzed: false });
    }
    const parsed = file.js;
    if (!parsed?.ast) return buildInference([], { analyzed: false });
    const partial = parsed.blanked.length > 0;
    // Every module this reads is named `aws-sdk...` or `@aws-sdk/...`.
    if (!file.text.includes('aws-sdk')) return buildInference([], { analyzed: true, partial });
    const analyzer = new JsAnalyzer(parsed.ast);
    const calls = analyzer.run();
    return buildInference(calls, { analyzed: true, partial: partial || analyzer.failures > 0 });
  } catch {
    return buildInference([], { analyzed: false });
  }
}

/** Assembles an inference from calls (sorted by position, actions deduplicated and sorted). */
export function buildInference(calls: SdkCall[], status: { analyzed: boolean; partial?: boolean }): AwsCallInference {
  const sorted = [...calls].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  const actions = [...new Set(sorted.filter((c) => c.action).map((c) => c.action!))].sort(compareActions);
  return {
    calls: sorted,
    actions,
    unresolved: sorted.filter((c) => c.action === undefined),
    analyzed: status.analyzed,
    partial: status.partial ?? false,
  };
}

/** Combines the inferences of several files (e.g. every handler a role serves). */
export function mergeInferences(parts: readonly AwsCallInference[]): AwsCallInference {
  const calls = parts.flatMap((p) => p.calls);
  const actions = [...new Set(parts.flatMap((p) => p.actions))].sort(compareActions);
  return {
    calls,
    actions,
    unresolved: parts.flatMap((p) => p.unresolved),
    analyzed: parts.length > 0 && parts.every((p) => p.analyzed),
    partial: parts.some((p) => p.partial),
  };
}

function compareActions(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

/**
 * SdkCalls for one call site of a known operation: one per required action (with its resource
 * hint), or one unresolved call. Language-neutral; the JS front end and a future boto3 front end
 * both use it.
 */
export function callsFromOperation(
  site: { service: string | undefined; operation: string; range: Range; via: SdkCallVia; sdk: string },
  input?: SdkInput,
): SdkCall[] {
  const base = { service: site.service ?? site.sdk, operation: site.operation, range: site.range, via: site.via, sdk: site.sdk };
  if (!site.service) return [{ ...base, action: undefined, reason: 'unknown-service' }];
  if (!site.operation) return [{ ...base, action: undefined, reason: 'dynamic-operation' }];
  const result = resolveOperation(site.service, site.operation, input);
  if ('reason' in result) {
    const call: SdkCall = { ...base, action: undefined, reason: result.reason };
    if (result.candidates) call.candidates = result.candidates;
    return [call];
  }
  return result.requirements.map((r) => {
    const call: SdkCall = { service: base.service, operation: base.operation, action: r.action, range: r.range ?? site.range, via: base.via, sdk: base.sdk };
    if (r.hint) call.resourceHint = r.hint;
    return call;
  });
}

/** `get_object` -> `GetObject`, `list_objects_v2` -> `ListObjectsV2` (boto3 method names). */
export function snakeToOperation(name: string): string {
  return name
    .split('_')
    .filter((s) => s !== '')
    .map((s) => s[0].toUpperCase() + s.slice(1))
    .join('');
}

/** `getObject` -> `GetObject` (SDK v2 and v3 aggregated method names). */
export function methodToOperation(name: string): string {
  return name === '' ? '' : name[0].toUpperCase() + name.slice(1);
}

// ---------------------------------------------------------------------------------------------
// JavaScript / TypeScript front end

interface ModuleRef {
  module: string;
  path: string[];
  /** A member along the way was computed at run time (`sdk[name]`). */
  dynamic?: boolean;
}

type ClientKind = 'v2' | 'documentclient' | 'v3-aggregated' | 'v3-bare' | 'lib-dynamodb-aggregated' | 'lib-dynamodb-bare';

interface ClientInfo {
  kind: ClientKind;
  service: string | undefined;
  /** Module or class name, for SdkCall.sdk. */
  sdk: string;
  /** SDK v2 `new AWS.S3({ params: {...} })`: parameters bound to every call. */
  bound?: Node;
}

const MAX_DEPTH = 8;

const LIB_DDB_COMMANDS: Readonly<Record<string, string>> = {
  Put: 'PutItem',
  Get: 'GetItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  Query: 'Query',
  Scan: 'Scan',
  BatchGet: 'BatchGetItem',
  BatchWrite: 'BatchWriteItem',
  TransactGet: 'TransactGetItems',
  TransactWrite: 'TransactWriteItems',
  ExecuteStatement: 'ExecuteStatement',
  BatchExecuteStatement: 'BatchExecuteStatement',
  ExecuteTransaction: 'ExecuteTransaction',
};

/** DocumentClient (v2) and DynamoDBDocument (v3) methods -> DynamoDB operations. */
const DOC_METHODS: Readonly<Record<string, string>> = {
  put: 'PutItem',
  get: 'GetItem',
  update: 'UpdateItem',
  delete: 'DeleteItem',
  query: 'Query',
  scan: 'Scan',
  batchGet: 'BatchGetItem',
  batchWrite: 'BatchWriteItem',
  transactGet: 'TransactGetItems',
  transactWrite: 'TransactWriteItems',
  executeStatement: 'ExecuteStatement',
  batchExecuteStatement: 'BatchExecuteStatement',
  executeTransaction: 'ExecuteTransaction',
};

/** Waiters whose polling operation is known (state name -> operation), per service. */
const WAITERS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  s3: { ObjectExists: 'HeadObject', ObjectNotExists: 'HeadObject', BucketExists: 'HeadBucket', BucketNotExists: 'HeadBucket' },
  dynamodb: { TableExists: 'DescribeTable', TableNotExists: 'DescribeTable' },
};

/** Members of `aws-sdk` that are not service clients (some share a name with an IAM prefix: Config). */
const V2_NON_SERVICES = new Set([
  'Config', 'Endpoint', 'Request', 'Response', 'Service', 'HttpRequest', 'HttpResponse', 'HttpClient',
  'EventListeners', 'SequentialExecutor', 'ParamValidator', 'MetadataService', 'Signers', 'CredentialProviderChain',
  'IniLoader', 'Token', 'TokenProviderChain', 'SSOTokenProvider', 'StaticTokenProvider', 'NodeHttpClient', 'XHRClient',
  'Model', 'Protocol', 'XML', 'JSON', 'util', 'events', 'config', 'VERSION',
]);

/** Methods of a v2 client that are not API operations. */
const V2_NOT_OPERATIONS = new Set([
  'on', 'off', 'once', 'emit', 'addListener', 'removeListener', 'removeAllListeners', 'setupRequestListeners',
  'defineService', 'customizeRequests', 'promise', 'then', 'catch', 'finally', 'send', 'destroy', 'api', 'config',
  'endpoint', 'setEndpoint', 'validateService', 'loadServiceAPI', 'getServiceClock', 'applyClockOffset', 'isClockSkewed',
  'updateServiceClock', 'bindServiceObject', 'numRetries', 'retryDelays', 'paginationConfig', 'extractError',
  'extractData', 'getSignerClass', 'serviceInterface', 'successfulResponse', 'throttledError', 'networkingError',
  'retryableError', 'expiredCredentialsError', 'clockSkewError', 'createSet', 'constructor', 'toString', 'bind',
  'call', 'apply', 'hasOwnProperty',
]);

/** Members of a v3 client that are not API operations. */
const V3_NOT_OPERATIONS = new Set(['send', 'destroy', 'middlewareStack', 'config', 'constructor', 'then', 'catch', 'bind', 'call', 'apply']);

const CAPTURE_MODULE = new Set(['captureAWS']);
const CAPTURE_CLIENT = new Set(['captureAWSClient', 'captureAWSv3Client']);

function isAwsModule(m: string): boolean {
  return m === 'aws-sdk' || m.startsWith('aws-sdk/') || m.startsWith('@aws-sdk/');
}

/** `@aws-sdk/client-s3` -> `s3`, else undefined. */
function v3ClientSlug(m: string): string | undefined {
  if (!m.startsWith('@aws-sdk/client-')) return undefined;
  const rest = m.slice('@aws-sdk/client-'.length);
  const slash = rest.indexOf('/');
  return slash >= 0 ? rest.slice(0, slash) : rest;
}

/** `aws-sdk/clients/s3` -> `s3`, else undefined. */
function v2ClientFile(m: string): string | undefined {
  if (!m.startsWith('aws-sdk/clients/')) return undefined;
  return m.slice('aws-sdk/clients/'.length).replace(/\.js$/, '');
}

function staticMember(e: TSESTree.MemberExpression): string | undefined {
  return propertyName(e);
}

function calleeName(callee: Node): string | undefined {
  const c = unwrap(callee);
  if (c.type === 'Identifier') return c.name;
  if (c.type === 'MemberExpression') return staticMember(c);
  return undefined;
}

class JsAnalyzer {
  private readonly bindings: Bindings;
  /** Values assigned to a name (`x`) or a `this` member (`this.x`): declarator inits, assignments, class fields. */
  private readonly values = new Map<string, Node[]>();
  /** Declarations and assignments per name (parameters included), to tell a single-valued name. */
  private readonly writes = new Map<string, number>();
  /** `const { TABLE } = process.env` -> local name -> variable name. */
  private readonly envAliases = new Map<string, string>();
  /** `const { DynamoDB } = AWS` -> local name -> the object destructured and the key taken. */
  private readonly destructured = new Map<string, { from: Node; key: string }>();
  private readonly news: TSESTree.NewExpression[] = [];
  private readonly callSites: TSESTree.CallExpression[] = [];
  /** Names bound to SDK modules and member expressions used as values (not called). */
  private readonly references: Array<TSESTree.Identifier | TSESTree.MemberExpression> = [];
  private readonly clientMemo = new Map<Node, ClientInfo | null>();
  private readonly out: SdkCall[] = [];
  /** Call sites whose analysis threw (their calls may be missing). */
  failures = 0;

  constructor(private readonly program: TSESTree.Program) {
    this.bindings = bindingsOf(program);
  }

  run(): SdkCall[] {
    this.collect();
    for (const n of this.news) this.guard(() => this.onNew(n));
    for (const c of this.callSites) this.guard(() => this.onCall(c));
    for (const r of this.references) this.guard(() => this.onReference(r));
    return this.out;
  }

  private guard(f: () => void): void {
    try {
      f();
    } catch {
      // One odd call site must not lose the others; the result says calls may be missing.
      this.failures++;
    }
  }

  // --- one pass over the tree ------------------------------------------------------------------

  private write(key: string, value?: Node | null): void {
    this.writes.set(key, (this.writes.get(key) ?? 0) + 1);
    if (value) {
      const list = this.values.get(key);
      if (list) list.push(value);
      else this.values.set(key, [value]);
    }
  }

  private collect(): void {
    // simpleTraverse follows the parser's visitor keys, cheaper than scanning every property.
    estree().simpleTraverse(this.program, { enter: (node) => this.visit(node) });
  }

  private visit(node: Node): void {
    switch (node.type) {
      case 'VariableDeclarator':
        this.declarator(node);
        break;
      case 'AssignmentExpression':
        this.assignment(node);
        break;
      case 'PropertyDefinition':
        if (!node.static && !node.computed && node.value) {
          const name = node.key.type === 'Identifier' || node.key.type === 'PrivateIdentifier' ? node.key.name : propertyName(node);
          if (name) this.write(`this.${name}`, node.value);
        }
        break;
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        for (const p of node.params) for (const n of patternNames(p)) this.write(n);
        break;
      case 'CatchClause':
        if (node.param) for (const n of patternNames(node.param)) this.write(n);
        break;
      case 'NewExpression':
        this.news.push(node);
        break;
      case 'CallExpression':
        this.callSites.push(node);
        break;
      case 'Identifier':
        if (this.bindings.modules.has(node.name) && isValueReference(node)) this.references.push(node);
        break;
      case 'MemberExpression':
        if (isValueReference(node)) this.references.push(node);
        break;
      default:
        break;
    }
  }

  private declarator(d: TSESTree.VariableDeclarator): void {
    if (d.id.type === 'Identifier') {
      this.write(d.id.name, d.init);
      return;
    }
    if (d.id.type === 'ObjectPattern' && d.init && this.isEnvObject(d.init, 0)) {
      for (const p of d.id.properties) {
        if (p.type === 'RestElement') {
          for (const n of patternNames(p)) this.write(n);
          continue;
        }
        const key = propertyName(p);
        const local = p.value.type === 'Identifier' ? p.value : p.value.type === 'AssignmentPattern' && p.value.left.type === 'Identifier' ? p.value.left : undefined;
        if (local && key && !p.computed) {
          this.envAliases.set(local.name, key);
          this.write(local.name);
        } else {
          for (const n of patternNames(p.value)) this.write(n);
        }
      }
      return;
    }
    if (d.id.type === 'ObjectPattern' && d.init) {
      for (const p of d.id.properties) {
        const key = p.type === 'Property' && !p.computed ? propertyName(p) : undefined;
        if (p.type === 'Property' && key && p.value.type === 'Identifier') this.destructured.set(p.value.name, { from: d.init, key });
      }
    }
    for (const n of patternNames(d.id)) this.write(n);
  }

  private assignment(a: TSESTree.AssignmentExpression): void {
    const keeps = a.operator === '=' || a.operator === '??=' || a.operator === '||=';
    const left = a.left;
    if (left.type === 'Identifier') {
      this.write(left.name, keeps ? a.right : undefined);
    } else if (left.type === 'MemberExpression' && unwrap(left.object).type === 'ThisExpression') {
      const name = left.property.type === 'PrivateIdentifier' ? left.property.name : staticMember(left);
      if (name) this.write(`this.${name}`, keeps ? a.right : undefined);
    } else {
      for (const n of patternNames(left)) this.write(n);
    }
  }

  /** The value of a name written exactly once (a declaration with an initialiser). */
  private single(key: string): Node | undefined {
    if ((this.writes.get(key) ?? 0) !== 1) return undefined;
    const v = this.values.get(key);
    return v && v.length === 1 ? v[0] : undefined;
  }

  /** Follows names written once to their value. */
  private valueOf(expr: Node, depth: number): Node {
    let e = unwrap(expr);
    for (let d = depth; d < MAX_DEPTH && e.type === 'Identifier'; d++) {
      if (this.envAliases.has(e.name)) break;
      const v = this.single(e.name);
      if (!v) break;
      e = unwrap(v);
    }
    return e;
  }

  // --- modules ---------------------------------------------------------------------------------

  private moduleRef(expr: Node, depth: number): ModuleRef | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const e = unwrap(expr);
    switch (e.type) {
      case 'Identifier': {
        const mb = this.bindings.moduleOf(e.name);
        if (mb) {
          if (!isAwsModule(mb.module)) return undefined;
          return { module: mb.module, path: mb.imported === '*' || mb.imported === 'default' ? [] : [mb.imported] };
        }
        const v = this.single(e.name);
        if (v) return this.moduleRef(v, depth + 1);
        const d = (this.writes.get(e.name) ?? 0) === 1 ? this.destructured.get(e.name) : undefined;
        if (!d) return undefined;
        const base = this.moduleRef(d.from, depth + 1);
        return base && !base.dynamic ? { module: base.module, path: [...base.path, d.key] } : base;
      }
      case 'MemberExpression': {
        const base = this.moduleRef(e.object, depth + 1);
        if (!base || base.dynamic) return base;
        const name = staticMember(e);
        if (name === undefined) return { ...base, dynamic: true };
        if (name === 'default' && base.path.length === 0) return base;
        return { module: base.module, path: [...base.path, name] };
      }
      case 'AwaitExpression':
        return this.moduleRef(e.argument, depth + 1);
      case 'ImportExpression':
      case 'CallExpression': {
        const req = requireCall(e);
        if (req) {
          if (!isAwsModule(req.module)) return undefined;
          return { module: req.module, path: req.member && req.member !== 'default' ? [req.member] : [] };
        }
        if (e.type === 'CallExpression') {
          const name = calleeName(e.callee);
          if (name && CAPTURE_MODULE.has(name) && e.arguments[0]) return this.moduleRef(e.arguments[0], depth + 1);
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  // --- clients ---------------------------------------------------------------------------------

  private clientOf(expr: Node, depth: number): ClientInfo | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const e = unwrap(expr);
    const memo = this.clientMemo.get(e);
    if (memo !== undefined) return memo ?? undefined;
    this.clientMemo.set(e, null); // cycle guard
    const info = this.computeClient(e, depth);
    this.clientMemo.set(e, info ?? null);
    return info;
  }

  private computeClient(e: Node, depth: number): ClientInfo | undefined {
    switch (e.type) {
      case 'NewExpression': {
        const ref = this.moduleRef(e.callee, depth + 1);
        return ref ? classifyClient(ref, e.arguments[0]) : undefined;
      }
      case 'CallExpression': {
        const name = calleeName(e.callee);
        if (name && CAPTURE_CLIENT.has(name) && e.arguments[0]) return this.clientOf(e.arguments[0], depth + 1);
        const callee = unwrap(e.callee);
        if (name === 'from' && callee.type === 'MemberExpression') {
          const ref = this.moduleRef(callee.object, depth + 1);
          if (ref && ref.module === '@aws-sdk/lib-dynamodb' && ref.path.length === 1 && !ref.dynamic) {
            if (ref.path[0] === 'DynamoDBDocumentClient') return { kind: 'lib-dynamodb-bare', service: 'dynamodb', sdk: ref.module };
            if (ref.path[0] === 'DynamoDBDocument') return { kind: 'lib-dynamodb-aggregated', service: 'dynamodb', sdk: ref.module };
          }
        }
        return undefined;
      }
      case 'Identifier':
        return this.consistentClient(this.values.get(e.name), depth);
      case 'MemberExpression': {
        if (unwrap(e.object).type === 'ThisExpression') {
          const name = e.property.type === 'PrivateIdentifier' ? e.property.name : staticMember(e);
          return name ? this.consistentClient(this.values.get(`this.${name}`), depth) : undefined;
        }
        // `clients.s3` where `clients` is an object literal written once.
        const obj = this.valueOf(e.object, depth + 1);
        const name = staticMember(e);
        const prop = name ? objectProperty(obj, name) : undefined;
        return prop ? this.clientOf(prop.value, depth + 1) : undefined;
      }
      case 'ConditionalExpression':
        return this.consistentClient([e.consequent, e.alternate], depth);
      case 'LogicalExpression':
        return this.consistentClient([e.left, e.right], depth);
      case 'AssignmentExpression':
        return this.clientOf(e.right, depth + 1);
      case 'AwaitExpression':
        return this.clientOf(e.argument, depth + 1);
      default:
        return undefined;
    }
  }

  /** The client every candidate that is a client agrees on (same kind and service), if any. */
  private consistentClient(candidates: Node[] | undefined, depth: number): ClientInfo | undefined {
    if (!candidates) return undefined;
    let found: ClientInfo | undefined;
    for (const c of candidates) {
      const info = this.clientOf(c, depth + 1);
      if (!info) continue;
      if (found && (found.kind !== info.kind || found.service !== info.service || found.sdk !== info.sdk)) return undefined;
      found ??= info;
    }
    return found;
  }

  // --- environment variables and literal text -----------------------------------------------------

  /** `process.env`, `import { env } from 'process'`, or a name bound to one of them. */
  private isEnvObject(expr: Node, depth: number): boolean {
    if (depth > MAX_DEPTH) return false;
    const e = unwrap(expr);
    if (e.type === 'MemberExpression') {
      const obj = unwrap(e.object);
      return obj.type === 'Identifier' && obj.name === 'process' && !this.bindings.isDeclared('process') && staticMember(e) === 'env';
    }
    if (e.type === 'Identifier') {
      const mb = this.bindings.moduleOf(e.name);
      if (mb) return (mb.module === 'process' || mb.module === 'node:process') && mb.imported === 'env';
      const v = this.single(e.name);
      return v ? this.isEnvObject(v, depth + 1) : false;
    }
    return false;
  }

  textOf(expr: Node, depth: number): TextPart[] | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const e = unwrap(expr);
    switch (e.type) {
      case 'Literal':
        if (typeof e.value === 'string') return [e.value];
        if (typeof e.value === 'number') return [String(e.value)];
        return undefined;
      case 'TemplateLiteral': {
        const parts: TextPart[] = [];
        e.quasis.forEach((q, i) => {
          const s = q.value.cooked ?? q.value.raw;
          if (s !== '') parts.push(s);
          const x = e.expressions[i];
          if (x) parts.push(...(this.textOf(x, depth + 1) ?? [{ unknown: true as const }]));
        });
        return mergeStrings(parts);
      }
      case 'BinaryExpression': {
        if (e.operator !== '+') return undefined;
        const l = this.textOf(e.left, depth + 1);
        const r = this.textOf(e.right, depth + 1);
        if (!l && !r) return undefined;
        return mergeStrings([...(l ?? [{ unknown: true as const }]), ...(r ?? [{ unknown: true as const }])]);
      }
      case 'MemberExpression': {
        if (this.isEnvObject(e.object, depth + 1)) {
          const name = staticMember(e);
          return name ? [{ envVar: name }] : undefined;
        }
        // `config.table` where `config` is an object literal written once.
        const name = staticMember(e);
        const prop = name ? objectProperty(this.valueOf(e.object, depth + 1), name) : undefined;
        return prop ? this.textOf(prop.value, depth + 1) : undefined;
      }
      case 'Identifier': {
        const alias = this.envAliases.get(e.name);
        if (alias && (this.writes.get(e.name) ?? 0) === 1) return [{ envVar: alias }];
        const v = this.single(e.name);
        return v ? this.textOf(v, depth + 1) : undefined;
      }
      case 'LogicalExpression':
        // `process.env.TABLE ?? 'orders'`: the variable names the resource; the default is a fallback.
        return e.operator === '&&' ? undefined : this.textOf(e.left, depth + 1);
      case 'CallExpression': {
        const c = unwrap(e.callee);
        if (c.type === 'Identifier' && c.name === 'String' && !this.bindings.isDeclared('String') && e.arguments[0]) {
          return this.textOf(e.arguments[0], depth + 1);
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  input(expr: Node | undefined, bound?: Node): SdkInput | undefined {
    const primary = expr && expr.type !== 'SpreadElement' ? new JsInput(this, expr, 0) : undefined;
    if (!bound) return primary;
    return new MergedInput(primary, new JsInput(this, bound, 0));
  }

  /** Exposed to JsInput. */
  resolve(expr: Node, depth: number): Node {
    return this.valueOf(expr, depth);
  }

  // --- call sites --------------------------------------------------------------------------------

  private emit(calls: SdkCall[]): void {
    for (const c of calls) this.out.push(c);
  }

  private onNew(n: TSESTree.NewExpression): void {
    const ref = this.moduleRef(n.callee, 0);
    if (!ref) return;
    const range = n.range;
    const arg0 = n.arguments[0];
    const slug = v3ClientSlug(ref.module);
    if (slug !== undefined) {
      const service = servicePrefixForSdkName(slug);
      if (ref.dynamic) {
        // `new sdk[name]()`: some export of a client package, built by name.
        if (ref.path.length === 0) this.emit(callsFromOperation({ service: service ?? slug, operation: '', range, via: 'v3-command', sdk: ref.module }));
        return;
      }
      const name = ref.path.length === 1 ? ref.path[0] : undefined;
      if (!name || !name.endsWith('Command') || name.length <= 'Command'.length) return;
      const via = this.isPresignArgument(n) ? 'v3-presign' : 'v3-command';
      this.emit(callsFromOperation({ service, operation: name.slice(0, -'Command'.length), range, via, sdk: ref.module }, this.input(arg0)));
      return;
    }
    if (ref.module === '@aws-sdk/lib-dynamodb') {
      if (ref.dynamic) {
        if (ref.path.length === 0) this.emit(callsFromOperation({ service: 'dynamodb', operation: '', range, via: 'lib-dynamodb', sdk: ref.module }));
        return;
      }
      const name = ref.path.length === 1 ? ref.path[0] : undefined;
      if (!name || !name.endsWith('Command')) return;
      const base = name.slice(0, -'Command'.length);
      const op = LIB_DDB_COMMANDS[base] ?? base;
      const via = this.isPresignArgument(n) ? 'v3-presign' : 'lib-dynamodb';
      this.emit(callsFromOperation({ service: 'dynamodb', operation: op, range, via, sdk: ref.module }, this.input(arg0)));
      return;
    }
    if (ref.dynamic) return;
    const path = ref.path.join('.');
    if (ref.module === '@aws-sdk/lib-storage' && path === 'Upload') {
      const options = arg0 ? this.resolve(arg0, 0) : undefined;
      const params = options ? objectProperty(options, 'params')?.value : undefined;
      this.emitUpload(range, 'lib-storage', ref.module, params, options ? objectProperty(options, 'tags') !== undefined : false);
      return;
    }
    const v2File = v2ClientFile(ref.module);
    const isManagedUpload =
      (ref.module === 'aws-sdk' && path === 'S3.ManagedUpload') || (v2File === 's3' && path === 'ManagedUpload');
    if (isManagedUpload) {
      const options = arg0 ? this.resolve(arg0, 0) : undefined;
      const params = options ? objectProperty(options, 'params')?.value : undefined;
      this.emitUpload(range, 'v2-upload', ref.module, params, options ? objectProperty(options, 'tags') !== undefined : false);
      return;
    }
    if (ref.module === 'aws-sdk' && (path === 'ChainableTemporaryCredentials' || path === 'TemporaryCredentials')) {
      const options = arg0 ? this.resolve(arg0, 0) : undefined;
      const params = options ? objectProperty(options, 'params')?.value : undefined;
      // TemporaryCredentials without a RoleArn uses GetSessionToken instead of AssumeRole.
      const op = path === 'TemporaryCredentials' && !(params && objectProperty(this.resolve(params, 0), 'RoleArn')) ? 'GetSessionToken' : 'AssumeRole';
      this.emit(callsFromOperation({ service: 'sts', operation: op, range, via: 'credential-provider', sdk: ref.module }, this.input(params)));
    }
  }

  /** True when `n` is the command argument of `getSignedUrl(client, command)` from s3-request-presigner. */
  private isPresignArgument(n: TSESTree.NewExpression): boolean {
    const p = n.parent;
    if (!p || p.type !== 'CallExpression' || !p.arguments.includes(n)) return false;
    const ref = this.moduleRef(p.callee, 0);
    return !!ref && ref.module === '@aws-sdk/s3-request-presigner' && ref.path.join('.') === 'getSignedUrl';
  }

  private emitUpload(range: Range, via: SdkCallVia, sdk: string, params: Node | undefined, tags: boolean): void {
    // Managed uploads send PutObject for small bodies and a multipart upload (authorised as
    // s3:PutObject) for large ones, and abort the multipart upload on failure
    // (s3:AbortMultipartUpload), so both are needed; `tags` adds s3:PutObjectTagging.
    const input = this.input(params);
    const put = callsFromOperation({ service: 's3', operation: 'PutObject', range, via, sdk }, input);
    const abort = callsFromOperation({ service: 's3', operation: 'AbortMultipartUpload', range, via, sdk }, input);
    const calls = [...put, ...abort];
    if (tags) calls.push(...callsFromOperation({ service: 's3', operation: 'PutObjectTagging', range, via, sdk }, input));
    this.emit(calls.map((c) => ({ ...c, operation: 'Upload' })));
  }

  private onCall(c: TSESTree.CallExpression): void {
    const callee = unwrap(c.callee);
    const range = c.range;
    // Functions exported by SDK packages: paginators, waiters, presigners, credential providers.
    if (callee.type === 'Identifier' || callee.type === 'MemberExpression') {
      const ref = this.moduleRef(callee, 0);
      if (ref) {
        this.onModuleFunction(c, ref);
        return;
      }
    }
    if (callee.type !== 'MemberExpression') return;
    const client = this.clientOf(callee.object, 0);
    if (!client) return;
    const method = staticMember(callee);
    const args = c.arguments;
    const sdk = client.sdk;
    if (client.kind === 'v3-bare' || client.kind === 'lib-dynamodb-bare') {
      if (method !== 'send') return;
      const arg = args[0] ? unwrap(args[0]) : undefined;
      // A `new X()` that is not a known command class: the command is chosen at run time.
      if (arg && arg.type === 'NewExpression' && !this.moduleRef(arg.callee, 0)) {
        this.emit(callsFromOperation({ service: client.service, operation: '', range, via: client.kind === 'v3-bare' ? 'v3-command' : 'lib-dynamodb', sdk }));
      }
      return;
    }
    if (client.kind === 'documentclient' || client.kind === 'lib-dynamodb-aggregated') {
      const via: SdkCallVia = client.kind === 'documentclient' ? 'documentclient' : 'lib-dynamodb';
      if (method === undefined) {
        this.emit(callsFromOperation({ service: 'dynamodb', operation: '', range, via, sdk }));
        return;
      }
      const op = Object.prototype.hasOwnProperty.call(DOC_METHODS, method) ? DOC_METHODS[method] : undefined;
      if (op) this.emit(callsFromOperation({ service: 'dynamodb', operation: op, range, via, sdk }, this.input(args[0], client.bound)));
      return;
    }
    if (method === undefined) {
      this.emit(callsFromOperation({ service: client.service, operation: '', range, via: client.kind === 'v2' ? 'v2' : 'v3-aggregated', sdk }));
      return;
    }
    if (client.kind === 'v3-aggregated') {
      if (V3_NOT_OPERATIONS.has(method)) return;
      this.emit(callsFromOperation({ service: client.service, operation: methodToOperation(method), range, via: 'v3-aggregated', sdk }, this.input(args[0])));
      return;
    }
    // SDK v2 client
    if (V2_NOT_OPERATIONS.has(method)) return;
    const service = client.service;
    switch (method) {
      case 'makeRequest':
      case 'makeUnauthenticatedRequest':
        this.emit(callsFromOperation({ service, operation: this.operationArg(args[0]), range, via: 'v2', sdk }, this.input(args[1], client.bound)));
        return;
      case 'getSignedUrl':
      case 'getSignedUrlPromise':
        if (service === 's3') {
          this.emit(callsFromOperation({ service, operation: this.operationArg(args[0]), range, via: 'v2-presign', sdk }, this.input(args[1], client.bound)));
          return;
        }
        break;
      case 'createPresignedPost':
        if (service === 's3') {
          this.emit(callsFromOperation({ service, operation: 'PutObject', range, via: 'v2-presign', sdk }, this.input(args[0], client.bound)));
          return;
        }
        break;
      case 'upload':
        if (service === 's3') {
          const options = args[1] ? this.resolve(args[1], 0) : undefined;
          this.emitUpload(range, 'v2-upload', sdk, args[0] ?? client.bound, options ? objectProperty(options, 'tags') !== undefined : false);
          return;
        }
        break;
      case 'waitFor':
        this.emitWaiter(service, this.operationArg(args[0]), range, 'v2-waiter', sdk, this.input(args[1], client.bound));
        return;
      default:
        break;
    }
    this.emit(callsFromOperation({ service, operation: methodToOperation(method), range, via: 'v2', sdk }, this.input(args[0], client.bound)));
  }

  /** An operation or waiter name passed as a string (`'getObject'`), PascalCased; '' when not static. */
  private operationArg(arg: Node | undefined): string {
    if (!arg || arg.type === 'SpreadElement') return '';
    const parts = this.textOf(arg, 0);
    if (!parts || parts.length !== 1 || typeof parts[0] !== 'string') return '';
    return /^[A-Za-z][A-Za-z0-9]*$/.test(parts[0]) ? methodToOperation(parts[0]) : '';
  }

  private emitWaiter(service: string | undefined, state: string, range: Range, via: SdkCallVia, sdk: string, input: SdkInput | undefined): void {
    const op = service ? WAITERS[service]?.[state] : undefined;
    if (op) {
      this.emit(callsFromOperation({ service, operation: op, range, via, sdk }, input));
      return;
    }
    const call: SdkCall = { service: service ?? sdk, operation: state, action: undefined, range, via, sdk, reason: state && service ? 'no-iam-action' : state ? 'unknown-service' : 'dynamic-operation' };
    this.out.push(call);
  }

  /**
   * An SDK command class or client method used as a value rather than constructed or called
   * (`const commands = { get: GetObjectCommand }`, `promisify(s3.getObject.bind(s3))`): the code
   * means to run it somewhere, so its action counts. Only resolvable operations are kept: a
   * reference is weaker evidence than a call, and plain properties (`client.config`) are no calls.
   */
  private onReference(node: TSESTree.Identifier | TSESTree.MemberExpression): void {
    const range = node.range;
    const ref = this.moduleRef(node, 0);
    if (ref) {
      if (ref.dynamic || ref.path.length !== 1 || !ref.path[0].endsWith('Command')) return;
      const name = ref.path[0].slice(0, -'Command'.length);
      const slug = v3ClientSlug(ref.module);
      let calls: SdkCall[] = [];
      if (slug !== undefined && name) {
        calls = callsFromOperation({ service: servicePrefixForSdkName(slug), operation: name, range, via: 'v3-command', sdk: ref.module });
      } else if (ref.module === '@aws-sdk/lib-dynamodb' && name) {
        calls = callsFromOperation({ service: 'dynamodb', operation: LIB_DDB_COMMANDS[name] ?? name, range, via: 'lib-dynamodb', sdk: ref.module });
      }
      this.emit(calls.filter((c) => c.action !== undefined || c.reason === 'dynamic-input'));
      return;
    }
    if (node.type !== 'MemberExpression') return;
    const client = this.clientOf(node.object, 0);
    const method = client ? staticMember(node) : undefined;
    if (!client || !method) return;
    let via: SdkCallVia;
    let op: string | undefined;
    switch (client.kind) {
      case 'documentclient':
      case 'lib-dynamodb-aggregated':
        op = Object.prototype.hasOwnProperty.call(DOC_METHODS, method) ? DOC_METHODS[method] : undefined;
        via = client.kind === 'documentclient' ? 'documentclient' : 'lib-dynamodb';
        break;
      case 'v2':
        op = V2_NOT_OPERATIONS.has(method) ? undefined : methodToOperation(method);
        via = 'v2';
        break;
      case 'v3-aggregated':
        op = V3_NOT_OPERATIONS.has(method) ? undefined : methodToOperation(method);
        via = 'v3-aggregated';
        break;
      default:
        return;
    }
    if (!op || !client.service) return;
    const calls = callsFromOperation({ service: client.service, operation: op, range, via, sdk: client.sdk });
    this.emit(calls.filter((c) => c.action !== undefined || c.reason === 'dynamic-input'));
  }

  private onModuleFunction(c: TSESTree.CallExpression, ref: ModuleRef): void {
    if (ref.dynamic || ref.path.length !== 1) return;
    const name = ref.path[0];
    const range = c.range;
    const args = c.arguments;
    const slug = v3ClientSlug(ref.module);
    if (slug !== undefined || ref.module === '@aws-sdk/lib-dynamodb') {
      const service = slug !== undefined ? servicePrefixForSdkName(slug) : 'dynamodb';
      const via: SdkCallVia = slug !== undefined ? 'v3-paginator' : 'lib-dynamodb';
      if (/^paginate[A-Z]/.test(name)) {
        const op = name.slice('paginate'.length);
        this.emit(callsFromOperation({ service, operation: op, range, via, sdk: ref.module }, this.input(args[1])));
        return;
      }
      const waiter = name.match(/^wait(?:Until|For)([A-Z]\w*)$/);
      if (waiter && slug !== undefined) {
        this.emitWaiter(service, waiter[1], range, 'v3-waiter', ref.module, this.input(args[1]));
      }
      return;
    }
    if (ref.module === '@aws-sdk/s3-presigned-post' && name === 'createPresignedPost') {
      this.emit(callsFromOperation({ service: 's3', operation: 'PutObject', range, via: 'v3-presign', sdk: ref.module }, this.input(args[1])));
      return;
    }
    if ((ref.module === '@aws-sdk/credential-providers' || ref.module === '@aws-sdk/credential-provider-node') && name === 'fromTemporaryCredentials') {
      const options = args[0] ? this.resolve(args[0], 0) : undefined;
      const params = options ? objectProperty(options, 'params')?.value : undefined;
      this.emit(callsFromOperation({ service: 'sts', operation: 'AssumeRole', range, via: 'credential-provider', sdk: ref.module }, this.input(params)));
    }
  }
}

const TS_VALUE_WRAPPERS = new Set(['TSAsExpression', 'TSNonNullExpression', 'TSSatisfiesExpression', 'TSTypeAssertion', 'TSInstantiationExpression']);

/**
 * True when an identifier or member expression is read as a value, other than as the callee of a
 * call or `new` (those are call sites): not a declaration, import/export name, property key,
 * member name, assignment target or type.
 */
function isValueReference(node: TSESTree.Identifier | TSESTree.MemberExpression): boolean {
  const p = node.parent;
  if (!p) return false;
  switch (p.type) {
    case 'CallExpression':
    case 'NewExpression':
      return p.callee !== node;
    case 'VariableDeclarator':
      return p.init === node;
    case 'MemberExpression':
      return p.object === node || (p.computed && p.property === node);
    case 'Property':
      if (p.parent?.type === 'ObjectPattern') return false;
      return p.value === node || (p.computed && p.key === node);
    case 'PropertyDefinition':
    case 'MethodDefinition':
      return p.value === node || (p.computed && p.key === node);
    case 'AssignmentExpression':
    case 'AssignmentPattern':
      return p.right === node;
    case 'ClassDeclaration':
    case 'ClassExpression':
      return p.superClass === node;
    case 'ArrowFunctionExpression':
      return p.body === node;
    case 'ImportSpecifier':
    case 'ImportDefaultSpecifier':
    case 'ImportNamespaceSpecifier':
    case 'ExportSpecifier':
    case 'ArrayPattern':
    case 'ObjectPattern':
    case 'RestElement':
    case 'UpdateExpression':
    case 'LabeledStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'CatchClause':
      return false;
    default:
      return !p.type.startsWith('TS') || (TS_VALUE_WRAPPERS.has(p.type) && (p as { expression?: Node }).expression === node);
  }
}

/** Which client a `new` of an SDK export builds, if any. */
function classifyClient(ref: ModuleRef, arg: Node | undefined): ClientInfo | undefined {
  if (ref.dynamic) return undefined;
  const bound = arg && arg.type === 'ObjectExpression' ? objectProperty(arg, 'params')?.value : undefined;
  if (ref.module === 'aws-sdk') {
    if (ref.path.length === 1) return v2Client(ref.path[0], ref.module, bound);
    if (ref.path.length === 2 && ref.path[1] === 'DocumentClient' && normaliseSdkName(ref.path[0]) === 'dynamodb') {
      return { kind: 'documentclient', service: 'dynamodb', sdk: ref.module, bound };
    }
    return undefined;
  }
  const file = v2ClientFile(ref.module);
  if (file !== undefined) {
    if (ref.path.length === 0) return v2Client(file, ref.module, bound);
    if (ref.path.length === 1 && ref.path[0] === 'DocumentClient' && normaliseSdkName(file) === 'dynamodb') {
      return { kind: 'documentclient', service: 'dynamodb', sdk: ref.module, bound };
    }
    return undefined;
  }
  const slug = v3ClientSlug(ref.module);
  if (slug !== undefined && ref.path.length === 1) {
    const name = ref.path[0];
    const service = servicePrefixForSdkName(slug);
    if (name.endsWith('Client') && name.length > 'Client'.length) return { kind: 'v3-bare', service, sdk: ref.module };
    // The aggregated client is the one export named after the service itself (`S3`, `SFN`, `DynamoDB`).
    const sameService = service !== undefined ? servicePrefixForSdkName(name) === service : normaliseSdkName(name) === normaliseSdkName(slug);
    if (sameService && /^[A-Z]/.test(name)) return { kind: 'v3-aggregated', service, sdk: ref.module };
    return undefined;
  }
  if (ref.module === '@aws-sdk/lib-dynamodb' && ref.path.length === 1) {
    if (ref.path[0] === 'DynamoDBDocumentClient') return { kind: 'lib-dynamodb-bare', service: 'dynamodb', sdk: ref.module };
    if (ref.path[0] === 'DynamoDBDocument') return { kind: 'lib-dynamodb-aggregated', service: 'dynamodb', sdk: ref.module };
  }
  return undefined;
}

function v2Client(name: string, module: string, bound: Node | undefined): ClientInfo | undefined {
  if (V2_NON_SERVICES.has(name) || /Credentials$/.test(name) || !/^[A-Za-z][A-Za-z0-9]*$/.test(name)) return undefined;
  return { kind: 'v2', service: servicePrefixForSdkName(name), sdk: module === 'aws-sdk' ? `aws-sdk.${name}` : module, bound };
}

function mergeStrings(parts: TextPart[]): TextPart[] {
  const out: TextPart[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (typeof p === 'string' && typeof last === 'string') out[out.length - 1] = last + p;
    else out.push(p);
  }
  return out;
}


/** SdkInput over an ESTree expression, following names written once. */
class JsInput implements SdkInput {
  private node: Node | undefined;

  constructor(
    private readonly analyzer: JsAnalyzer,
    private readonly expr: Node,
    private readonly depth: number,
  ) {}

  private get value(): Node {
    return (this.node ??= this.analyzer.resolve(this.expr, this.depth));
  }

  get range(): Range | undefined {
    return this.value.range;
  }

  private child(n: Node): JsInput {
    return new JsInput(this.analyzer, n, this.depth + 1);
  }

  prop(name: string): SdkInput | undefined {
    if (this.depth > MAX_DEPTH) return undefined;
    const p = objectProperty(this.value, name);
    return p ? this.child(p.value) : undefined;
  }

  has(name: string): boolean {
    const p = objectProperty(this.value, name);
    if (!p) return false;
    const v = unwrap(p.value);
    return !(v.type === 'Identifier' && v.name === 'undefined');
  }

  entries(): ReadonlyArray<{ key: SdkInput; value: SdkInput }> | undefined {
    const v = this.value;
    if (v.type !== 'ObjectExpression' || this.depth > MAX_DEPTH) return undefined;
    const out: Array<{ key: SdkInput; value: SdkInput }> = [];
    for (const p of v.properties) {
      if (p.type !== 'Property') continue;
      const name = p.computed ? undefined : propertyName(p);
      const key: SdkInput = name !== undefined ? new StaticText(name, p.key.range) : this.child(p.key);
      out.push({ key, value: this.child(p.value) });
    }
    return out;
  }

  elements(): readonly SdkInput[] | undefined {
    const v = this.value;
    if (v.type !== 'ArrayExpression' || this.depth > MAX_DEPTH) return undefined;
    const out: SdkInput[] = [];
    for (const e of v.elements) {
      if (!e || e.type === 'SpreadElement') return undefined;
      out.push(this.child(e));
    }
    return out;
  }

  text(): readonly TextPart[] | undefined {
    return this.analyzer.textOf(this.expr, this.depth);
  }
}

/** A static object key as an input value. */
class StaticText implements SdkInput {
  constructor(
    private readonly value: string,
    readonly range: Range | undefined,
  ) {}
  prop(): undefined {
    return undefined;
  }
  has(): boolean {
    return false;
  }
  entries(): undefined {
    return undefined;
  }
  elements(): undefined {
    return undefined;
  }
  text(): readonly TextPart[] {
    return [this.value];
  }
}

/** A call's own input over the parameters bound to its v2 client (`new AWS.S3({ params })`). */
class MergedInput implements SdkInput {
  constructor(
    private readonly primary: SdkInput | undefined,
    private readonly bound: SdkInput,
  ) {}
  get range(): Range | undefined {
    return this.primary?.range;
  }
  prop(name: string): SdkInput | undefined {
    return this.primary?.prop(name) ?? this.bound.prop(name);
  }
  has(name: string): boolean {
    return (this.primary?.has(name) ?? false) || this.bound.has(name);
  }
  entries(): ReadonlyArray<{ key: SdkInput; value: SdkInput }> | undefined {
    return this.primary?.entries() ?? this.bound.entries();
  }
  elements(): undefined {
    return undefined;
  }
  text(): undefined {
    return undefined;
  }
}
