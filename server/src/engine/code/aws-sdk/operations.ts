/**
 * From an AWS API operation (service prefix + operation name, e.g. `s3` + `ListObjectsV2`) and what
 * is statically known about its input, to the IAM actions the call needs and the resources it names.
 *
 * Language-neutral: the input is read through the small {@link SdkInput} interface, which the
 * JavaScript/TypeScript front end (../aws-sdk.ts) implements over ESTree and a Python (boto3) front
 * end can implement over its own tree. Both then produce the same requirements.
 *
 * The default is `service:Operation` when that action exists in the IAM table. Operations whose
 * action has another name, or that need several actions, are listed below with the AWS fact they
 * follow. Nothing is guessed: when no real action can be named the result is unresolved.
 *
 * Pure; never throws on well-formed SdkInput implementations.
 */
import { lookupAction } from '../../iam';

export type Range = [number, number];

/** Static text of a value, in pieces: literal text, an environment variable, or something unknown. */
export type TextPart = string | { envVar: string } | { unknown: true };

/** Where the resource a call acts on comes from, when the code says so statically. */
export interface ResourceHint {
  /** The input parameter naming the resource, as a path: `TableName`, `Entries[].EventBusName`, `RequestItems{}`. */
  param: string;
  /** The value is exactly `process.env.<envVar>` (directly or through a const). */
  envVar?: string;
  /** The value is exactly this literal text. */
  literal?: string;
}

/**
 * Read-only view of an operation's input value (normally an object literal), as far as it is
 * statically known. Every method returns undefined when the value is not known to have that shape.
 */
export interface SdkInput {
  /** Where the value is written in the file, when it is. */
  readonly range: Range | undefined;
  /** The value of property `name` of an object value. */
  prop(name: string): SdkInput | undefined;
  /** True when the value is an object literal that sets property `name`. */
  has(name: string): boolean;
  /** Entries of an object value: key (static text or computed expression) and value. */
  entries(): ReadonlyArray<{ key: SdkInput; value: SdkInput }> | undefined;
  /** Elements of an array value. */
  elements(): readonly SdkInput[] | undefined;
  /** The value as text pieces (string literal, template, concatenation, env var). */
  text(): readonly TextPart[] | undefined;
}

/** One action a call needs, with the resource it names when known. */
export interface ActionRequirement {
  /** Canonical IAM action name, `service:Action`, validated against the IAM table. */
  action: string;
  hint?: ResourceHint;
  /** A narrower range than the whole call (one item of a transaction), when there is one. */
  range?: Range;
}

export type UnresolvedReason =
  /** The SDK client / package maps to no IAM service prefix. */
  | 'unknown-service'
  /** The operation maps to no action in the IAM table. */
  | 'no-iam-action'
  /** The operation (command class, method name) is computed at run time. */
  | 'dynamic-operation'
  /** The actions depend on input that is not statically known (transaction items, PartiQL text). */
  | 'dynamic-input';

export type OperationResult =
  | { requirements: ActionRequirement[] }
  | { reason: UnresolvedReason; candidates?: string[] };

// ---------------------------------------------------------------------------------------------
// Resource parameters per service

/**
 * Input parameters that name the resource a call acts on, per service. Path syntax: `a.b`
 * property, `[]` each array element, `{}` each key of an object (the key is the resource name).
 */
export const RESOURCE_PARAMS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  dynamodb: ['TableName', 'TableArn', 'RequestItems{}'],
  s3: ['Bucket'],
  sqs: ['QueueUrl', 'QueueName'],
  sns: ['TopicArn', 'TargetArn'],
  lambda: ['FunctionName'],
  secretsmanager: ['SecretId', 'SecretIdList[]'],
  ssm: ['Name', 'Names[]', 'Path'],
  states: ['stateMachineArn'],
  kinesis: ['StreamARN', 'StreamName'],
  firehose: ['DeliveryStreamName'],
  kms: ['KeyId'],
  logs: ['logGroupName', 'logGroupIdentifier'],
  'cognito-idp': ['UserPoolId'],
  events: ['EventBusName', 'Entries[].EventBusName'],
  sts: ['RoleArn'],
  bedrock: ['modelId', 'agentId', 'knowledgeBaseId'],
  athena: ['WorkGroup'],
  glue: ['JobName'],
  ecs: ['cluster'],
  scheduler: ['Name'],
  'rds-data': ['resourceArn'],
  iot: ['topic', 'thingName'],
  sagemaker: ['EndpointName'],
  appsync: ['apiId'],
});

/** A hint from a value's text: exactly one env var, or exactly one literal. */
export function hintFromText(param: string, parts: readonly TextPart[] | undefined): ResourceHint | undefined {
  if (!parts || parts.length === 0) return undefined;
  if (parts.length === 1) {
    const p = parts[0];
    if (typeof p === 'string') return p === '' ? undefined : { param, literal: p };
    if ('envVar' in p) return { param, envVar: p.envVar };
    return undefined;
  }
  if (parts.every((p) => typeof p === 'string')) {
    const s = parts.join('');
    return s === '' ? undefined : { param, literal: s };
  }
  return undefined;
}

/** Values found along a parameter path, each with the path's display name. */
function valuesAt(input: SdkInput, path: string): Array<{ value: SdkInput; fromKey: boolean }> {
  const segments = path.match(/[^.[\]{}]+|\[\]|\{\}/g) ?? [];
  let current: Array<{ value: SdkInput; fromKey: boolean }> = [{ value: input, fromKey: false }];
  for (const seg of segments) {
    const next: Array<{ value: SdkInput; fromKey: boolean }> = [];
    for (const { value } of current) {
      if (seg === '[]') {
        for (const e of value.elements() ?? []) next.push({ value: e, fromKey: false });
      } else if (seg === '{}') {
        for (const e of value.entries() ?? []) next.push({ value: e.key, fromKey: true });
      } else {
        const v = value.prop(seg);
        if (v) next.push({ value: v, fromKey: false });
      }
    }
    current = next;
    if (current.length === 0) break;
  }
  return current;
}

/** Resource hints of a call's input for its service (possibly several: batch items, parameter arrays). */
export function resourceHints(service: string, input: SdkInput | undefined): Array<{ hint: ResourceHint; range?: Range }> {
  if (!input) return [];
  const params = RESOURCE_PARAMS[service];
  if (!params) return [];
  const out: Array<{ hint: ResourceHint; range?: Range }> = [];
  for (const param of params) {
    for (const { value } of valuesAt(input, param)) {
      const hint = hintFromText(param, value.text());
      if (hint) out.push({ hint, range: value.range });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Operation -> action exceptions

/** A fixed list of actions (names without the service prefix unless they contain `:`). */
type Fixed = readonly string[];
/** Computes requirements from the input. */
type Computed = (input: SdkInput | undefined, service: string) => OperationResult;

/**
 * S3 operations whose IAM action has another name (Amazon S3 API reference, "Permissions" of each
 * operation, and the S3 policy-actions mapping). Values are actions in the `s3` service unless
 * prefixed.
 */
const S3_ACTIONS: Readonly<Record<string, Fixed>> = {
  ListObjects: ['ListBucket'],
  ListObjectsV2: ['ListBucket'],
  ListObjectVersions: ['ListBucketVersions'],
  HeadObject: ['GetObject'],
  HeadBucket: ['ListBucket'],
  ListBuckets: ['ListAllMyBuckets'],
  DeleteObjects: ['DeleteObject'],
  SelectObjectContent: ['GetObject'],
  // Multipart uploads are authorised as PutObject; aborting and listing have their own actions.
  CreateMultipartUpload: ['PutObject'],
  UploadPart: ['PutObject'],
  CompleteMultipartUpload: ['PutObject'],
  ListParts: ['ListMultipartUploadParts'],
  ListMultipartUploads: ['ListBucketMultipartUploads'],
  // "If the bucket is not versioned, you need the s3:GetObject and s3:GetObjectAttributes permissions."
  GetObjectAttributes: ['GetObject', 'GetObjectAttributes'],
  GetBucketCors: ['GetBucketCORS'],
  PutBucketCors: ['PutBucketCORS'],
  DeleteBucketCors: ['PutBucketCORS'],
  GetBucketLifecycle: ['GetLifecycleConfiguration'],
  GetBucketLifecycleConfiguration: ['GetLifecycleConfiguration'],
  PutBucketLifecycle: ['PutLifecycleConfiguration'],
  PutBucketLifecycleConfiguration: ['PutLifecycleConfiguration'],
  DeleteBucketLifecycle: ['PutLifecycleConfiguration'],
  GetBucketEncryption: ['GetEncryptionConfiguration'],
  PutBucketEncryption: ['PutEncryptionConfiguration'],
  DeleteBucketEncryption: ['PutEncryptionConfiguration'],
  GetBucketReplication: ['GetReplicationConfiguration'],
  PutBucketReplication: ['PutReplicationConfiguration'],
  DeleteBucketReplication: ['PutReplicationConfiguration'],
  GetBucketNotificationConfiguration: ['GetBucketNotification'],
  PutBucketNotificationConfiguration: ['PutBucketNotification'],
  GetBucketAccelerateConfiguration: ['GetAccelerateConfiguration'],
  PutBucketAccelerateConfiguration: ['PutAccelerateConfiguration'],
  GetBucketAnalyticsConfiguration: ['GetAnalyticsConfiguration'],
  ListBucketAnalyticsConfigurations: ['GetAnalyticsConfiguration'],
  PutBucketAnalyticsConfiguration: ['PutAnalyticsConfiguration'],
  DeleteBucketAnalyticsConfiguration: ['PutAnalyticsConfiguration'],
  GetBucketInventoryConfiguration: ['GetInventoryConfiguration'],
  ListBucketInventoryConfigurations: ['GetInventoryConfiguration'],
  PutBucketInventoryConfiguration: ['PutInventoryConfiguration'],
  DeleteBucketInventoryConfiguration: ['PutInventoryConfiguration'],
  GetBucketMetricsConfiguration: ['GetMetricsConfiguration'],
  ListBucketMetricsConfigurations: ['GetMetricsConfiguration'],
  PutBucketMetricsConfiguration: ['PutMetricsConfiguration'],
  DeleteBucketMetricsConfiguration: ['PutMetricsConfiguration'],
  GetBucketIntelligentTieringConfiguration: ['GetIntelligentTieringConfiguration'],
  ListBucketIntelligentTieringConfigurations: ['GetIntelligentTieringConfiguration'],
  PutBucketIntelligentTieringConfiguration: ['PutIntelligentTieringConfiguration'],
  DeleteBucketIntelligentTieringConfiguration: ['PutIntelligentTieringConfiguration'],
  GetObjectLockConfiguration: ['GetBucketObjectLockConfiguration'],
  PutObjectLockConfiguration: ['PutBucketObjectLockConfiguration'],
  GetPublicAccessBlock: ['GetBucketPublicAccessBlock'],
  PutPublicAccessBlock: ['PutBucketPublicAccessBlock'],
  DeletePublicAccessBlock: ['PutBucketPublicAccessBlock'],
  DeleteBucketTagging: ['PutBucketTagging'],
  DeleteBucketOwnershipControls: ['PutBucketOwnershipControls'],
  WriteGetObjectResponse: ['s3-object-lambda:WriteGetObjectResponse'],
  CreateSession: ['s3express:CreateSession'],
  ListDirectoryBuckets: ['s3express:ListAllMyDirectoryBuckets'],
};

/** With a `VersionId` in the input, S3 authorises the version-specific action as well. */
const S3_VERSIONED: Readonly<Record<string, Fixed>> = {
  GetObject: ['GetObjectVersion'],
  HeadObject: ['GetObjectVersion'],
  DeleteObject: ['DeleteObjectVersion'],
  GetObjectAttributes: ['GetObjectVersion', 'GetObjectVersionAttributes'],
  GetObjectTagging: ['GetObjectVersionTagging'],
  PutObjectTagging: ['PutObjectVersionTagging'],
  DeleteObjectTagging: ['DeleteObjectVersionTagging'],
  GetObjectAcl: ['GetObjectVersionAcl'],
  PutObjectAcl: ['PutObjectVersionAcl'],
};

/** Writes that also set an ACL (`ACL`, `Grant*`) need s3:PutObjectAcl; with `Tagging`, s3:PutObjectTagging. */
const S3_OBJECT_WRITES = new Set(['PutObject', 'CopyObject', 'CreateMultipartUpload']);
const S3_ACL_PARAMS = ['ACL', 'GrantFullControl', 'GrantRead', 'GrantReadACP', 'GrantWriteACP'];

const EXCEPTIONS: Readonly<Record<string, Readonly<Record<string, Fixed | Computed>>>> = {
  s3: {
    ...S3_ACTIONS,
    CopyObject: (input) => copyRequirements(input, 'PutObject'),
    UploadPartCopy: (input) => copyRequirements(input, 'PutObject'),
  },
  dynamodb: {
    // DynamoDB developer guide, "Using IAM with DynamoDB transactions": Put, Update, Delete and Get
    // are authorised by PutItem, UpdateItem, DeleteItem and GetItem; ConditionCheck by ConditionCheckItem.
    TransactGetItems: (input) => transactRequirements(input, TRANSACT_GET),
    TransactWriteItems: (input) => transactRequirements(input, TRANSACT_WRITE),
    // PartiQL: the action follows the statement's verb.
    ExecuteStatement: (input) => partiqlRequirements(input ? [input] : undefined, 'Statement'),
    BatchExecuteStatement: (input) => partiqlRequirements(input?.prop('Statements')?.elements(), 'Statement'),
    ExecuteTransaction: (input) => partiqlRequirements(input?.prop('TransactStatements')?.elements(), 'Statement'),
  },
  lambda: {
    Invoke: ['InvokeFunction'],
    InvokeWithResponseStream: ['InvokeFunction'],
    // Deprecated API; AWS documents it both under lambda:InvokeAsync (the Service Authorization
    // Reference) and lambda:InvokeFunction (the Lambda guide), so both are granted.
    InvokeAsync: ['InvokeFunction', 'InvokeAsync'],
  },
  'execute-api': {
    PostToConnection: ['ManageConnections'],
    GetConnection: ['ManageConnections'],
    DeleteConnection: ['ManageConnections'],
  },
  sqs: {
    SendMessageBatch: ['SendMessage'],
    DeleteMessageBatch: ['DeleteMessage'],
    ChangeMessageVisibilityBatch: ['ChangeMessageVisibility'],
  },
  sns: {
    PublishBatch: ['Publish'],
  },
  bedrock: {
    // "This operation requires permission for the bedrock:InvokeModel action."
    Converse: ['InvokeModel'],
    ConverseStream: ['InvokeModelWithResponseStream'],
  },
  secretsmanager: {
    // "Required permissions: secretsmanager:BatchGetSecretValue, and ... secretsmanager:GetSecretValue
    // for each secret. If you use filters, you must also have secretsmanager:ListSecrets."
    BatchGetSecretValue: (input) =>
      fixed('secretsmanager', input?.has('Filters') ? ['BatchGetSecretValue', 'GetSecretValue', 'ListSecrets'] : ['BatchGetSecretValue', 'GetSecretValue']),
  },
};

/** The operations with an explicit mapping, for tests and documentation. */
export function exceptionOperations(): Array<{ service: string; operation: string }> {
  const out: Array<{ service: string; operation: string }> = [];
  for (const service of Object.keys(EXCEPTIONS)) {
    for (const operation of Object.keys(EXCEPTIONS[service])) out.push({ service, operation });
  }
  return out;
}

function qualify(service: string, name: string): string {
  return name.includes(':') ? name : `${service}:${name}`;
}

function fixed(service: string, names: Fixed): OperationResult {
  return { requirements: names.map((n) => ({ action: qualify(service, n) })) };
}

// --- S3 copies: write the destination, read the source --------------------------------------

function copyRequirements(input: SdkInput | undefined, write: string): OperationResult {
  const reqs: ActionRequirement[] = [{ action: `s3:${write}` }];
  const read: ActionRequirement = { action: 's3:GetObject' };
  const source = input?.prop('CopySource');
  const bucket = source ? copySourceBucket(source.text()) : undefined;
  if (bucket) read.hint = bucket;
  reqs.push(read);
  return { requirements: reqs };
}

/** `CopySource` is `bucket/key` (optionally URL-encoded, with a leading slash): its bucket part. */
function copySourceBucket(parts: readonly TextPart[] | undefined): ResourceHint | undefined {
  if (!parts || parts.length === 0) return undefined;
  const list = [...parts];
  if (typeof list[0] === 'string' && list[0].startsWith('/')) list[0] = list[0].slice(1);
  if (typeof list[0] === 'string' && list[0] === '') list.shift();
  const first = list[0];
  if (first === undefined) return undefined;
  if (typeof first === 'string') {
    const slash = first.indexOf('/');
    const bucket = slash >= 0 ? first.slice(0, slash) : undefined;
    return bucket ? { param: 'CopySource', literal: bucket } : undefined;
  }
  if ('envVar' in first) {
    const next = list[1];
    if (typeof next === 'string' && next.startsWith('/')) return { param: 'CopySource', envVar: first.envVar };
  }
  return undefined;
}

// --- DynamoDB transactions ---------------------------------------------------------------------

const TRANSACT_GET: Readonly<Record<string, string>> = { Get: 'dynamodb:GetItem' };
const TRANSACT_WRITE: Readonly<Record<string, string>> = {
  Put: 'dynamodb:PutItem',
  Update: 'dynamodb:UpdateItem',
  Delete: 'dynamodb:DeleteItem',
  ConditionCheck: 'dynamodb:ConditionCheckItem',
};

function transactRequirements(input: SdkInput | undefined, kinds: Readonly<Record<string, string>>): OperationResult {
  const candidates = [...new Set(Object.values(kinds))].sort();
  const items = input?.prop('TransactItems')?.elements();
  if (!items || items.length === 0) {
    // A single kind (TransactGetItems) needs no look at the items.
    if (candidates.length === 1) return { requirements: [{ action: candidates[0] }] };
    return { reason: 'dynamic-input', candidates };
  }
  const reqs: ActionRequirement[] = [];
  for (const item of items) {
    let found: ActionRequirement | undefined;
    for (const kind of Object.keys(kinds)) {
      if (!item.has(kind)) continue;
      const body = item.prop(kind);
      const hint = hintFromText('TableName', body?.prop('TableName')?.text());
      found = { action: kinds[kind], range: item.range };
      if (hint) found.hint = { ...hint, param: `TransactItems[].${kind}.TableName` };
      break;
    }
    if (!found) {
      if (candidates.length === 1) {
        reqs.push({ action: candidates[0], range: item.range });
        continue;
      }
      return { reason: 'dynamic-input', candidates };
    }
    reqs.push(found);
  }
  return { requirements: reqs };
}

// --- DynamoDB PartiQL ----------------------------------------------------------------------------

const PARTIQL_VERBS: Readonly<Record<string, string>> = {
  select: 'dynamodb:PartiQLSelect',
  insert: 'dynamodb:PartiQLInsert',
  update: 'dynamodb:PartiQLUpdate',
  delete: 'dynamodb:PartiQLDelete',
};

function partiqlRequirements(statements: readonly SdkInput[] | undefined, key: string): OperationResult {
  const candidates = [...new Set(Object.values(PARTIQL_VERBS))].sort();
  if (!statements || statements.length === 0) return { reason: 'dynamic-input', candidates };
  const reqs: ActionRequirement[] = [];
  for (const s of statements) {
    const parts = s.prop(key)?.text();
    const head = parts && typeof parts[0] === 'string' ? parts[0] : undefined;
    const verb = head?.trimStart().match(/^[A-Za-z]+/)?.[0].toLowerCase();
    const action = verb ? PARTIQL_VERBS[verb] : undefined;
    if (!action) return { reason: 'dynamic-input', candidates };
    const req: ActionRequirement = { action, range: statements.length > 1 ? s.range : undefined };
    const table = partiqlTable(parts!);
    if (table) req.hint = table;
    reqs.push(req);
  }
  return { requirements: reqs };
}

/** The table a PartiQL statement names after FROM / INTO / UPDATE, when it is a quoted literal or exactly an env var. */
function partiqlTable(parts: readonly TextPart[]): ResourceHint | undefined {
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (typeof p !== 'string') continue;
    const literal = p.match(/\b(?:from|into|update)\s+"([^"]+)"/i);
    if (literal) return { param: 'Statement', literal: literal[1] };
    if (/\b(?:from|into|update)\s+"?$/i.test(p)) {
      const next = parts[i + 1];
      const after = parts[i + 2];
      const quoted = p.endsWith('"');
      const closes = !quoted || (typeof after === 'string' && after.startsWith('"'));
      if (next && typeof next !== 'string' && 'envVar' in next && closes) return { param: 'Statement', envVar: next.envVar };
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Entry point

/**
 * The IAM actions an operation needs. `service` is an IAM prefix (see servicePrefixForSdkName),
 * `operation` the API operation name in PascalCase (`GetObject`, `ListObjectsV2`); `input` is the
 * operation's input when known. Every action returned exists in the IAM table (canonical case);
 * a mapping naming an unknown action makes the whole operation unresolved.
 */
export function resolveOperation(service: string, operation: string, input?: SdkInput): OperationResult {
  if (!service || !operation) return { reason: 'dynamic-operation' };
  let result: OperationResult;
  const special = EXCEPTIONS[service]?.[operation];
  if (typeof special === 'function') result = special(input, service);
  else if (special) result = fixed(service, special);
  else result = { requirements: [{ action: `${service}:${operation}` }] };
  if (!('requirements' in result)) return validateCandidates(result);

  let reqs = result.requirements;
  if (service === 's3') reqs = s3Extras(operation, input, reqs);
  // Canonical names; any unknown action -> unresolved.
  const out: ActionRequirement[] = [];
  for (const r of reqs) {
    const known = lookupAction(r.action);
    if (!known) return { reason: 'no-iam-action' };
    out.push({ ...r, action: known.fullName });
  }
  return { requirements: attachHints(service, operation, input, out) };
}

function validateCandidates(result: { reason: UnresolvedReason; candidates?: string[] }): OperationResult {
  if (!result.candidates) return result;
  const candidates = result.candidates.map((c) => lookupAction(c)?.fullName).filter((c): c is string => !!c);
  return candidates.length ? { reason: result.reason, candidates } : { reason: result.reason };
}

function s3Extras(operation: string, input: SdkInput | undefined, reqs: ActionRequirement[]): ActionRequirement[] {
  if (!input) return reqs;
  const extra: string[] = [];
  if (input.has('VersionId')) extra.push(...(S3_VERSIONED[operation] ?? []));
  if (S3_OBJECT_WRITES.has(operation)) {
    if (S3_ACL_PARAMS.some((p) => input.has(p))) extra.push('PutObjectAcl');
    if (input.has('Tagging')) extra.push('PutObjectTagging');
  }
  return extra.length ? [...reqs, ...extra.map((e) => ({ action: qualify('s3', e) }))] : reqs;
}

/**
 * Adds the service's resource hints to requirements that have none: one requirement per hint
 * (batch calls name several tables, `Names` several parameters).
 */
function attachHints(service: string, operation: string, input: SdkInput | undefined, reqs: ActionRequirement[]): ActionRequirement[] {
  // Requirements that already carry a hint or a narrower range (transaction items, PartiQL
  // statements, copy sources) were resolved per item; hints apply to the others.
  const hints = resourceHints(service, input);
  if (hints.length === 0) return reqs;
  const isCopy = service === 's3' && (operation === 'CopyObject' || operation === 'UploadPartCopy');
  const out: ActionRequirement[] = [];
  for (const r of reqs) {
    if (r.hint || r.range || (isCopy && r.action === 's3:GetObject')) {
      out.push(r);
      continue;
    }
    for (const h of hints) out.push({ ...r, hint: h.hint });
  }
  return out;
}
