/**
 * Narrowing `Resource: "*"` to the resources the handlers name: a call whose resource parameter is
 * `process.env.X`, where the function's environment sets `X` from a resource of the same template
 * (`!Ref Table`, `!GetAtt Queue.Arn`, `${self:...}` or the same text as the resource's name property),
 * acts on that resource, so its ARN can replace the wildcard. Every action the statement grants must
 * be explained that way, or nothing is offered.
 */
import type { IamAction } from '../../iam';
import { referencedId, type FunctionModel, type ModelValue, type Span } from '../../model';
import { get, getPath, isMap, isSeq, stringValue, type CNode } from '../../parse/tree';
import type { SourceFile } from '../../source';
import type { NewValue } from './edits';
import type { Inferred } from './inference';

interface ResourceKind {
  /** IAM service prefix of the actions that act on it. */
  service: string;
  /** Property holding the resource's name, when it has one. */
  nameProperty?: string;
  /** ARN values for the actions that act on the resource; undefined when an action needs another ARN. */
  arns(id: string, actions: readonly IamAction[]): NewValue[] | undefined;
}

const getatt = (id: string): NewValue => ({ kind: 'getatt', id, attr: 'Arn' });
const ref = (id: string): NewValue => ({ kind: 'ref', id });

const DYNAMODB_STREAM_ACTIONS = new Set(['getrecords', 'getshariterator', 'describestream', 'liststreams']);
const S3_OBJECT_ACTIONS = /object|^abortmultipartupload$|^listmultipartuploadparts$|^restoreobject$/i;

function dynamodbArns(table: NewValue, sub: (suffix: string) => NewValue) {
  return (actions: readonly IamAction[]): NewValue[] | undefined => {
    if (actions.some((a) => DYNAMODB_STREAM_ACTIONS.has(a.action.toLowerCase()))) return undefined;
    const out = [table];
    if (actions.some((a) => /^(query|scan)$/i.test(a.action))) out.push(sub('/index/*'));
    return out;
  };
}

const KINDS: Readonly<Record<string, ResourceKind>> = {
  'AWS::DynamoDB::Table': {
    service: 'dynamodb',
    nameProperty: 'TableName',
    arns: (id, actions) => dynamodbArns(getatt(id), (s) => ({ kind: 'sub', text: `\${${id}.Arn}${s}` }))(actions),
  },
  'AWS::DynamoDB::GlobalTable': {
    service: 'dynamodb',
    nameProperty: 'TableName',
    arns: (id, actions) => dynamodbArns(getatt(id), (s) => ({ kind: 'sub', text: `\${${id}.Arn}${s}` }))(actions),
  },
  'AWS::Serverless::SimpleTable': {
    service: 'dynamodb',
    nameProperty: 'TableName',
    arns: (id, actions) => {
      const base = `arn:\${AWS::Partition}:dynamodb:\${AWS::Region}:\${AWS::AccountId}:table/\${${id}}`;
      return dynamodbArns({ kind: 'sub', text: base }, (s) => ({ kind: 'sub', text: `${base}${s}` }))(actions);
    },
  },
  'AWS::S3::Bucket': {
    service: 's3',
    nameProperty: 'BucketName',
    arns: (id, actions) => {
      const out: NewValue[] = [];
      if (actions.some((a) => !S3_OBJECT_ACTIONS.test(a.action))) out.push(getatt(id));
      if (actions.some((a) => S3_OBJECT_ACTIONS.test(a.action))) out.push({ kind: 'sub', text: `\${${id}.Arn}/*` });
      return out;
    },
  },
  'AWS::SQS::Queue': { service: 'sqs', nameProperty: undefined, arns: (id) => [getatt(id)] },
  'AWS::SNS::Topic': { service: 'sns', nameProperty: undefined, arns: (id) => [ref(id)] },
  'AWS::Kinesis::Stream': { service: 'kinesis', nameProperty: 'Name', arns: (id) => [getatt(id)] },
  'AWS::SecretsManager::Secret': { service: 'secretsmanager', nameProperty: undefined, arns: (id) => [ref(id)] },
  'AWS::StepFunctions::StateMachine': {
    service: 'states',
    arns: (id, actions) => (actions.every((a) => /^Start(Sync)?Execution$/i.test(a.action)) ? [ref(id)] : undefined),
  },
  'AWS::Serverless::StateMachine': {
    service: 'states',
    arns: (id, actions) => (actions.every((a) => /^Start(Sync)?Execution$/i.test(a.action)) ? [ref(id)] : undefined),
  },
  'AWS::Events::EventBus': { service: 'events', nameProperty: 'Name', arns: (id) => [getatt(id)] },
  'AWS::Lambda::Function': { service: 'lambda', nameProperty: 'FunctionName', arns: (id) => [getatt(id)] },
  'AWS::Serverless::Function': { service: 'lambda', nameProperty: 'FunctionName', arns: (id) => [getatt(id)] },
  'AWS::KMS::Key': { service: 'kms', arns: (id) => [getatt(id)] },
};

interface TemplateResource {
  type: string;
  props: CNode | undefined;
}

/**
 * Every resource node of a template by logical id (CloudFormation / SAM `Resources`, Serverless
 * `resources.Resources`, which may be a list of fragments), whatever its content.
 */
export function resourceNodes(file: SourceFile, root: CNode): Map<string, CNode> {
  const out = new Map<string, CNode>();
  const c = file.classification;
  const sections: CNode[] = [];
  if (c.role === 'config' && c.format === 'serverless') {
    const res = get(root, 'resources');
    if (isSeq(res)) sections.push(...res.items);
    else if (res) sections.push(res);
  } else {
    sections.push(root);
  }
  for (const s of sections) {
    const r = get(s, 'Resources');
    if (isMap(r)) for (const p of r.pairs) if (p.value) out.set(String(p.key.value), p.value);
  }
  return out;
}

/** The resources of a template that have a type, with their properties. */
export function templateResources(file: SourceFile): Map<string, TemplateResource> {
  const out = new Map<string, TemplateResource>();
  const root = file.config?.roots[0];
  if (!root) return out;
  for (const [id, node] of resourceNodes(file, root)) {
    const type = stringValue(get(node, 'Type'));
    if (type) out.set(id, { type, props: get(node, 'Properties') });
  }
  return out;
}

/** The logical id of the template resource an environment value names, if any. */
export function resourceOfValue(file: SourceFile, resources: Map<string, TemplateResource>, v: ModelValue): string | undefined {
  const id = referencedId(v);
  if (id && resources.has(id)) return id;
  // The same name written twice (or reached through `${self:}` from the resource's name property).
  const text = unquote(file.text.slice(v.range[0], v.range[1]));
  if (!text) return undefined;
  for (const [rid, r] of resources) {
    const prop = KINDS[r.type]?.nameProperty;
    if (!prop) continue;
    const node = getPath(r.props, [prop]);
    if (!node || node.kind !== 'scalar' || node.tag) continue;
    if (v.kind === 'literal' && v.definedAt && within(v.definedAt, node.range)) return rid;
    const nodeText = unquote(file.text.slice(node.range[0], node.range[1]));
    if (nodeText && nodeText === text && (v.kind === 'literal' || /\$\{(self|sls|opt):/.test(text))) return rid;
  }
  return undefined;
}

function within(inner: Span, outer: Span): boolean {
  return inner[0] >= outer[0] && inner[1] <= outer[1];
}

function unquote(s: string): string {
  const t = s.trim();
  if (t.length >= 2 && (t[0] === '"' || t[0] === "'") && t[t.length - 1] === t[0]) return t.slice(1, -1);
  return t;
}

/** A resource narrowing: the ARNs to write, and the resources they name (for the fix title). */
export interface Narrowing {
  values: NewValue[];
  resources: string[];
}

/**
 * The ARNs of the resources `actions` are used on, from the handlers' calls, or undefined when some
 * action is not used through an environment variable bound to a supported resource of the template.
 */
export function narrowResources(file: SourceFile, actions: readonly IamAction[], inferred: Inferred): Narrowing | undefined {
  if (actions.length === 0) return undefined;
  const resources = templateResources(file);
  if (resources.size === 0) return undefined;
  const byResource = new Map<string, IamAction[]>();
  for (const a of actions) {
    if (!a.resourceLevel) return undefined;
    const uses = inferred.calls.filter((c) => c.call.action === a.fullName);
    if (uses.length === 0) return undefined;
    for (const { call, fn } of uses) {
      const env = call.resourceHint?.envVar;
      if (!env) return undefined;
      const id = resourceOfEnv(file, resources, fn, env);
      if (!id) return undefined;
      const kind = KINDS[resources.get(id)!.type];
      if (!kind || kind.service !== a.service) return undefined;
      const list = byResource.get(id) ?? [];
      if (!list.includes(a)) list.push(a);
      byResource.set(id, list);
    }
  }
  const values: NewValue[] = [];
  const seen = new Set<string>();
  for (const [id, acts] of byResource) {
    const arns = KINDS[resources.get(id)!.type].arns(id, acts);
    if (!arns) return undefined;
    for (const v of arns) {
      const key = JSON.stringify(v);
      if (!seen.has(key)) {
        seen.add(key);
        values.push(v);
      }
    }
  }
  return values.length ? { values, resources: [...byResource.keys()] } : undefined;
}

function resourceOfEnv(file: SourceFile, resources: Map<string, TemplateResource>, fn: FunctionModel, name: string): string | undefined {
  const entry = fn.environment.find((e) => e.key === name);
  if (!entry || entry.path !== file.path) return undefined;
  return resourceOfValue(file, resources, entry.value);
}
