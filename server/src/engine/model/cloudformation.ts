/**
 * CloudFormation and SAM templates (YAML or JSON), and the `resources.Resources` section of a
 * Serverless configuration, which is a CloudFormation template fragment.
 */
import { joinPath } from '../paths';
import { get, getPair, isMap, isScalar, stringValue, type CNode, type CPair, type Span } from '../parse/tree';
import { ModelBuilder, isPlainMap, referencedId, syntheticLiteral, type PolicyContext } from './builder';
import { handlerRef, runtimeFamily } from './functions';
import type {
  BranchCondition,
  Endpoint,
  EnvEntry,
  FunctionModel,
  ManagedPolicyRef,
  ModelValue,
  PolicyTemplateRef,
  RoleModel,
  StatementModel,
  ValueList,
} from './types';
import { literalString, literalText, type Reader } from './values';

/** Resource types whose policy property is a resource-based policy document. */
export const RESOURCE_POLICY_PROPERTY: Readonly<Record<string, string>> = {
  'AWS::S3::BucketPolicy': 'PolicyDocument',
  'AWS::S3Express::BucketPolicy': 'PolicyDocument',
  'AWS::S3::AccessPoint': 'Policy',
  'AWS::SQS::QueuePolicy': 'PolicyDocument',
  'AWS::SQS::QueueInlinePolicy': 'PolicyDocument',
  'AWS::SNS::TopicPolicy': 'PolicyDocument',
  'AWS::SNS::TopicInlinePolicy': 'PolicyDocument',
  'AWS::ApiGateway::RestApi': 'Policy',
  'AWS::KMS::Key': 'KeyPolicy',
  'AWS::KMS::ReplicaKey': 'KeyPolicy',
  'AWS::SecretsManager::ResourcePolicy': 'ResourcePolicy',
  'AWS::Logs::ResourcePolicy': 'PolicyDocument',
  'AWS::Events::EventBus': 'Policy',
  'AWS::ECR::Repository': 'RepositoryPolicyText',
  'AWS::OpenSearchService::Domain': 'AccessPolicies',
  'AWS::Elasticsearch::Domain': 'AccessPolicies',
  'AWS::EFS::FileSystem': 'FileSystemPolicy',
  'AWS::Backup::BackupVault': 'AccessPolicy',
};

/** Identity policy resources and the properties naming what they attach to. */
const IDENTITY_POLICY_TYPES = new Set(['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::RolePolicy', 'AWS::IAM::UserPolicy', 'AWS::IAM::GroupPolicy']);

export interface TemplateOptions {
  sam: boolean;
  /** Folder handler paths are relative to. */
  dir: string;
  root: CNode | undefined;
  resources: CNode | undefined;
  /** Path of the Resources map from the file's root, for statement locations. */
  location: string;
  /** Roles the framework generates (Serverless's `IamRoleLambdaExecution`), by logical id. */
  extraRoles?: Map<string, RoleModel>;
}

export interface TemplateResult {
  /** Logical id -> resource type. */
  types: Map<string, string>;
  roles: Map<string, RoleModel>;
  functions: Map<string, FunctionModel>;
  /** Role logical id -> statements of policy resources attached to it. */
  attached: Map<string, string[]>;
  /** Managed policy logical id -> its statements. */
  managedStatements: Map<string, string[]>;
  /** Function logical id -> statements of its resource policy (`AWS::Lambda::Permission`). */
  functionPolicies: Map<string, string[]>;
  /** SAM `Globals.Function.Environment.Variables`, read once. */
  globalsEnv?: EnvEntry[];
}

export function readTemplate(b: ModelBuilder, r: Reader, o: TemplateOptions): TemplateResult {
  const res: TemplateResult = {
    types: new Map(), roles: new Map(), functions: new Map(), attached: new Map(), managedStatements: new Map(), functionPolicies: new Map(),
  };
  for (const [id, role] of o.extraRoles ?? []) res.roles.set(id, role);
  const resources = r.deref(o.resources);
  // `Resources:` left empty (a template skeleton) has nothing to read.
  if (resources === undefined || (isScalar(resources) && resources.value === null)) return res;
  if (!isPlainMap(resources)) {
    r.unreadable(resources, o.location);
    return res;
  }
  for (const p of resources.pairs) {
    const type = stringValue(get(p.value, 'Type'));
    if (type) res.types.set(String(p.key.value), type);
  }
  const globalsFn = o.sam ? get(get(o.root, 'Globals'), 'Function') : undefined;
  for (const p of resources.pairs) {
    const id = String(p.key.value);
    const type = res.types.get(id);
    if (!isPlainMap(p.value)) {
      r.unreadable(p.value ?? p.key, `${o.location}.${id}`);
      continue;
    }
    if (!type) {
      const typeNode = get(p.value, 'Type');
      if (!typeNode) r.problem('invalid', `resource ${id} has no Type`, p.key.range);
      else r.unreadable(typeNode, `the Type of ${id}`);
      continue;
    }
    const propsPair = getPair(p.value, 'Properties');
    const props = r.deref(propsPair?.value);
    const cond = stringValue(get(p.value, 'Condition'));
    const when: BranchCondition[] = cond ? [{ condition: cond, branch: true }] : [];
    const loc = `${o.location}.${id}.Properties`;
    const ctx = { b, r, o, res, id, type, pair: p, props, when, loc, globalsFn };
    try {
      readResource(ctx);
    } catch (e) {
      r.problem('invalid', `could not read resource ${id}: ${(e as Error).message}`, p.key.range);
    }
  }
  return res;
}

interface ResourceCtx {
  b: ModelBuilder;
  r: Reader;
  o: TemplateOptions;
  res: TemplateResult;
  id: string;
  type: string;
  pair: CPair;
  props: CNode | undefined;
  when: BranchCondition[];
  loc: string;
  globalsFn: CNode | undefined;
}

function readResource(c: ResourceCtx): void {
  const { b, r, res, id, type, props, when, loc } = c;
  const owner = `resource:${id}`;
  const prop = (name: string) => get(props, name);
  switch (type) {
    case 'AWS::Lambda::Function':
    case 'AWS::Serverless::Function':
      res.functions.set(id, readFunction(c));
      return;
    case 'AWS::IAM::Role': {
      const role = ensureRole(c, id, c.pair.key.range);
      role.trustStatements.push(...b.readPolicyDocument(r, prop('AssumeRolePolicyDocument'), `${loc}.AssumeRolePolicyDocument`, { kind: 'trust', owner, resourceType: type }, when));
      role.statements.push(...inlinePolicies(c, prop('Policies'), owner));
      role.managedPolicies.push(...b.readManagedPolicies(r, prop('ManagedPolicyArns'), owner, res.types));
      const pb = prop('PermissionsBoundary');
      if (pb) role.permissionsBoundary = r.value(pb);
      return;
    }
    case 'AWS::IAM::User':
    case 'AWS::IAM::Group':
      inlinePolicies(c, prop('Policies'), owner);
      b.readManagedPolicies(r, prop('ManagedPolicyArns'), owner, res.types);
      return;
    case 'AWS::Lambda::Permission':
      lambdaPermission(c);
      return;
    case 'AWS::Lambda::LayerVersionPermission':
      layerPermission(c);
      return;
    case 'AWS::Lambda::Url':
      // Linked to its function once every function is known.
      return;
    case 'AWS::Events::EventBusPolicy':
      eventBusPolicy(c);
      return;
    case 'AWS::Serverless::StateMachine':
      if (!prop('Role')) samPolicies(c, prop('Policies'), owner);
      return;
    case 'AWS::Serverless::Api': {
      const rp = get(get(props, 'Auth'), 'ResourcePolicy');
      const custom = get(rp, 'CustomStatements');
      if (custom) b.readStatements(r, custom, `${loc}.Auth.ResourcePolicy.CustomStatements`, { kind: 'resource', owner, resourceType: type }, when);
      return;
    }
    default:
      break;
  }
  if (IDENTITY_POLICY_TYPES.has(type)) {
    const name = literalString(r.value(prop('PolicyName') ?? prop('ManagedPolicyName')));
    const ids = b.readPolicyDocument(r, prop('PolicyDocument'), `${loc}.PolicyDocument`, { kind: 'identity', owner, resourceType: type, policyName: name }, when);
    if (type === 'AWS::IAM::ManagedPolicy') res.managedStatements.set(id, ids);
    const targets: CNode[] = [];
    if (type === 'AWS::IAM::RolePolicy') {
      const rn = prop('RoleName');
      if (rn) targets.push(rn);
    } else {
      for (const a of r.items(prop('Roles'))) targets.push(a.node);
    }
    for (const t of targets) {
      const roleId = roleIdOf(c, r.value(t));
      if (!roleId) continue;
      const list = res.attached.get(roleId) ?? [];
      list.push(...ids);
      res.attached.set(roleId, list);
    }
    return;
  }
  const policyProp = RESOURCE_POLICY_PROPERTY[type];
  if (policyProp) {
    b.readPolicyDocument(r, prop(policyProp), `${loc}.${policyProp}`, { kind: 'resource', owner, resourceType: type }, when);
  }
}

function ensureRole(c: ResourceCtx, id: string, range: Span): RoleModel {
  let role = c.res.roles.get(id);
  if (!role) {
    role = { name: id, path: c.b.path, range, statements: [], trustStatements: [], managedPolicies: [] };
    c.res.roles.set(id, role);
    c.b.model.roles.push(role);
  }
  return role;
}

/** The role logical id a value names: `!Ref Role`, `!GetAtt Role.Arn`, or a role's literal RoleName. */
function roleIdOf(c: { res: TemplateResult; o: TemplateOptions; r: Reader }, v: ModelValue | undefined): string | undefined {
  const id = referencedId(v);
  if (id && c.res.roles.has(id)) return id;
  if (id && c.res.types.get(id) === 'AWS::IAM::Role') return id;
  const lit = literalString(v);
  if (lit) {
    if (c.res.roles.has(lit) || c.res.types.get(lit) === 'AWS::IAM::Role') return lit;
    const resources = c.r.deref(c.o.resources);
    if (isMap(resources)) {
      for (const p of resources.pairs) {
        if (stringValue(get(p.value, 'Type')) !== 'AWS::IAM::Role') continue;
        if (stringValue(get(get(p.value, 'Properties'), 'RoleName')) === lit) return String(p.key.value);
      }
    }
  }
  return undefined;
}

/** `Policies: [{PolicyName, PolicyDocument}]` of roles, users and groups. */
function inlinePolicies(c: ResourceCtx, node: CNode | undefined, owner: string): string[] {
  const ids: string[] = [];
  for (const a of c.r.mapItems(node, `${c.loc}.Policies`, c.when)) {
    const name = literalString(c.r.value(get(a.node, 'PolicyName')));
    const loc = `${c.loc}.Policies${a.index === undefined ? '' : `[${a.index}]`}.PolicyDocument`;
    ids.push(...c.b.readPolicyDocument(c.r, get(a.node, 'PolicyDocument'), loc, { kind: 'identity', owner, resourceType: c.type, policyName: name }, a.when));
  }
  return ids;
}

interface SamPolicies {
  statements: string[];
  managed: ManagedPolicyRef[];
  templates: PolicyTemplateRef[];
}

/** SAM `Policies`: a managed policy name/ARN, or a list of names, ARNs, policy templates and inline documents. */
function samPolicies(c: ResourceCtx, node: CNode | undefined, owner: string): SamPolicies {
  const out: SamPolicies = { statements: [], managed: [], templates: [] };
  const { b, r } = c;
  for (const a of r.items(node, c.when)) {
    const loc = `${c.loc}.Policies${a.index === undefined ? '' : `[${a.index}]`}`;
    if (isPlainMap(a.node)) {
      if (getPair(a.node, 'Statement')) {
        out.statements.push(...b.readPolicyDocument(r, a.node, loc, { kind: 'identity', owner, resourceType: c.type }, a.when));
        continue;
      }
      if (a.node.pairs.length === 1) {
        const p = a.node.pairs[0];
        const parameters: PolicyTemplateRef['parameters'] = [];
        const params = r.deref(p.value);
        if (isPlainMap(params)) {
          for (const q of params.pairs) {
            const value = r.value(q.value) ?? syntheticLiteral('', q.key.range);
            parameters.push({ name: String(q.key.value), nameRange: q.key.range, value });
          }
        }
        const t: PolicyTemplateRef = { path: b.path, owner, name: String(p.key.value), nameRange: p.key.range, parameters };
        out.templates.push(t);
        b.model.policyTemplates.push(t);
        continue;
      }
      r.problem('invalid', `${loc} is neither a policy document nor a policy template`, a.node.range);
      continue;
    }
    const value = r.value(a.node, a.when);
    if (value) out.managed.push(b.managedPolicy(value, owner, c.res.types, a.when));
  }
  return out;
}

function readFunction(c: ResourceCtx): FunctionModel {
  const { b, r, o, id, type, props, when, globalsFn } = c;
  const sam = type === 'AWS::Serverless::Function';
  const prop = (name: string): CNode | undefined => get(props, name) ?? (sam ? get(globalsFn, name) : undefined);
  const owner = `function:${id}`;
  // Handler file: SAM CodeUri, or a local path in Code (packaged by `aws cloudformation package`).
  let handler;
  const handlerNode = prop('Handler');
  const runtimeValue = prop('Runtime') ? r.value(prop('Runtime')) : undefined;
  if (runtimeFamily(literalText(runtimeValue)) === 'other') {
    // Java, .NET, Go, Ruby, custom runtimes: no JS/TS/Python handler file.
  } else if (sam) {
    const codeUri = stringValue(prop('CodeUri'));
    const local = codeUri && !/^s3:\/\//i.test(codeUri) ? joinPath(o.dir, codeUri) : o.dir;
    const isImage = stringValue(prop('PackageType')) === 'Image' || !!prop('ImageUri');
    if (!isImage) handler = handlerRef(handlerNode, local);
  } else {
    const code = get(props, 'Code');
    const local = stringValue(code);
    if (!get(code, 'ZipFile') && !get(code, 'ImageUri')) {
      handler = handlerRef(handlerNode, local && !/^s3:\/\//i.test(local) ? joinPath(o.dir, local) : o.dir);
    }
  }
  const fn = b.addFunction({
    name: id,
    format: b.model.format,
    nameRange: c.pair.key.range,
    range: r.span(c.pair.value ?? c.pair.key),
    handler,
  });
  if (runtimeValue) fn.runtime = runtimeValue;
  // Environment: Globals first, then the function's own.
  const inherited = sam ? (c.res.globalsEnv ??= readEnvironment(b, r, get(get(globalsFn, 'Environment'), 'Variables'), 'globals', undefined)) : [];
  const ownEnvPair = getPair(get(props, 'Environment'), 'Variables');
  const own = readEnvironment(b, r, ownEnvPair?.value, 'function', id);
  if (ownEnvPair?.value && isMap(ownEnvPair.value)) fn.environmentRange = r.span(ownEnvPair.value);
  fn.environment = effectiveEnvironment(inherited, own);
  // Role.
  const roleNode = get(props, 'Role');
  if (roleNode) {
    const value = r.value(roleNode)!;
    const resource = roleIdOf(c, value);
    fn.role = { value, external: !resource, ...(resource ? { resource } : {}) };
  } else if (sam) {
    const pols = samPolicies(c, get(props, 'Policies'), owner);
    b.link(fn, pols.statements);
    fn.managedPolicies.push(...pols.managed);
    fn.policyTemplates.push(...pols.templates);
    const trust = prop('AssumeRolePolicyDocument');
    if (trust) b.link(fn, b.readPolicyDocument(r, trust, `${c.loc}.AssumeRolePolicyDocument`, { kind: 'trust', owner, resourceType: type }, when));
  }
  const pb = prop('PermissionsBoundary');
  if (pb && !roleNode) fn.permissionsBoundary = r.value(pb);
  if (sam) {
    const urlPair = getPair(props, 'FunctionUrlConfig') ?? getPair(globalsFn, 'FunctionUrlConfig');
    if (urlPair?.value) readUrl(b, r, fn, urlPair.value, get(urlPair.value, 'AuthType'), 'sam-function-url', `${c.loc}.FunctionUrlConfig`);
    fn.endpoints.push(...samEvents(r, get(props, 'Events')));
  }
  return fn;
}

/** Environment entries of a map (`Variables`, `environment`), added to the file's list. */
export function readEnvironment(b: ModelBuilder, r: Reader, node: CNode | undefined, scope: EnvEntry['scope'], owner: string | undefined): EnvEntry[] {
  const out: EnvEntry[] = [];
  if (node === undefined) return out;
  const what = owner ? `the environment of ${owner}` : `${scope} environment`;
  for (const alt of r.maps(node, what)) {
    for (const p of alt.node.pairs) {
      const value = (p.value ? r.value(p.value, alt.when) : undefined) ?? syntheticLiteral('', [p.key.range[1], p.key.range[1]]);
      if (!p.value) value.value = null;
      const e: EnvEntry = { key: String(p.key.value), keyRange: p.key.range, value, path: b.path, scope };
      if (owner) e.owner = owner;
      out.push(e);
      b.model.environment.push(e);
    }
  }
  return out;
}

/** Inherited entries the function does not override, then its own (last duplicate wins). */
export function effectiveEnvironment(inherited: EnvEntry[], own: EnvEntry[]): EnvEntry[] {
  const byKey = new Map<string, EnvEntry>();
  for (const e of [...inherited, ...own]) {
    byKey.delete(e.key);
    byKey.set(e.key, e);
  }
  return [...byKey.values()];
}

/** A function URL: its auth type and, when public, the resource policy the framework creates for it. */
export function readUrl(b: ModelBuilder, r: Reader, fn: FunctionModel, node: CNode, authNode: CNode | undefined, generated: string, location: string, defaultAuth?: 'NONE' | 'AWS_IAM'): void {
  const authValue = authNode ? r.value(authNode) : undefined;
  const lit = literalString(authValue)?.toUpperCase();
  const authType = lit === 'NONE' || lit === 'AWS_IAM' ? lit : !authNode ? defaultAuth : undefined;
  fn.url = { range: r.span(node) };
  if (authType) fn.url.authType = authType;
  if (authValue) fn.url.authTypeValue = authValue;
  if (authType === 'NONE') {
    const at = authNode?.range ?? node.range;
    const st = b.addStatement({
      location,
      range: node.range,
      policyKind: 'resource',
      owner: `function:${fn.name}`,
      generated,
      effect: syntheticLiteral('Allow', at),
      actions: syntheticList('lambda:InvokeFunctionUrl', at),
      resources: { keyRange: fn.nameRange, range: fn.nameRange, items: [{ kind: 'reference', range: fn.nameRange, ref: { syntax: 'cloudformation', source: 'Fn::GetAtt', address: `${fn.name}.Arn`, text: fn.name, range: fn.nameRange } }] },
      principals: [{ type: '*', value: syntheticLiteral('*', at) }],
      conditions: [{ operator: 'StringEquals', operatorRange: at, key: 'lambda:FunctionUrlAuthType', keyRange: at, values: [syntheticLiteral('NONE', at)] }],
    });
    fn.url.publicStatement = st.id;
    b.link(fn, [st.id]);
  }
}

function syntheticList(value: string, range: Span): ValueList {
  return { keyRange: range, range, items: [syntheticLiteral(value, range)] };
}

function samEvents(r: Reader, events: CNode | undefined): Endpoint[] {
  const out: Endpoint[] = [];
  if (!isPlainMap(events)) return out;
  for (const p of events.pairs) {
    const type = stringValue(get(p.value, 'Type'));
    if (type !== 'Api' && type !== 'HttpApi') continue;
    const props = get(p.value, 'Properties');
    const e: Endpoint = { kind: type === 'Api' ? 'sam-api' : 'sam-http-api', range: p.range };
    const m = get(props, 'Method');
    if (m) e.method = r.value(m);
    const path = get(props, 'Path');
    if (path) e.route = r.value(path);
    const auth = get(get(props, 'Auth'), 'Authorizer');
    if (auth) e.authorizer = r.value(auth);
    out.push(e);
  }
  return out;
}

/** `AWS::Lambda::Permission`: a statement of the function's resource policy. */
function lambdaPermission(c: ResourceCtx): void {
  const { b, r, id, props, res } = c;
  if (!isPlainMap(props)) return;
  const pair = (k: string) => getPair(props, k);
  const list = (p: CPair | undefined): ValueList | undefined => (p?.value ? b.valueList(r, p) : undefined);
  const principalPair = pair('Principal');
  const principal = principalPair?.value ? r.value(principalPair.value) : undefined;
  const conditions: StatementModel['conditions'] = [];
  const cond = (prop: string, operator: string, key: string) => {
    const p = pair(prop);
    if (p?.value) conditions.push({ operator, operatorRange: p.key.range, key, keyRange: p.key.range, values: [r.value(p.value)!] });
  };
  cond('SourceArn', 'ArnLike', 'aws:SourceArn');
  cond('SourceAccount', 'StringEquals', 'aws:SourceAccount');
  cond('PrincipalOrgID', 'StringEquals', 'aws:PrincipalOrgID');
  cond('FunctionUrlAuthType', 'StringEquals', 'lambda:FunctionUrlAuthType');
  const st = b.addStatement({
    location: c.loc,
    range: props.range,
    policyKind: 'resource',
    owner: `resource:${id}`,
    resourceType: c.type,
    generated: 'lambda-permission',
    when: c.when,
    effect: syntheticLiteral('Allow', c.pair.key.range),
    actions: list(pair('Action')),
    resources: list(pair('FunctionName')),
    principals: principal ? [{ type: principalType(principal), typeRange: principalPair!.key.range, value: principal }] : undefined,
    principalRange: principalPair?.value?.range,
    conditions: conditions.length ? conditions : undefined,
  });
  for (const k of Object.keys(st) as Array<keyof StatementModel>) if (st[k] === undefined) delete st[k];
  const fnId = referencedId(r.value(get(props, 'FunctionName')));
  if (fnId) {
    const l = res.functionPolicies.get(fnId) ?? [];
    l.push(st.id);
    res.functionPolicies.set(fnId, l);
  }
}

function layerPermission(c: ResourceCtx): void {
  const { b, r, props } = c;
  if (!isPlainMap(props)) return;
  const principalPair = getPair(props, 'Principal');
  const principal = principalPair?.value ? r.value(principalPair.value) : undefined;
  const actionPair = getPair(props, 'Action');
  const layerPair = getPair(props, 'LayerVersionArn');
  const st = b.addStatement({
    location: c.loc,
    range: props.range,
    policyKind: 'resource',
    owner: `resource:${c.id}`,
    resourceType: c.type,
    generated: 'layer-permission',
    when: c.when,
    effect: syntheticLiteral('Allow', c.pair.key.range),
    actions: actionPair?.value ? b.valueList(r, actionPair) : undefined,
    resources: layerPair?.value ? b.valueList(r, layerPair) : undefined,
    principals: principal ? [{ type: principalType(principal), typeRange: principalPair!.key.range, value: principal }] : undefined,
    principalRange: principalPair?.value?.range,
  });
  for (const k of Object.keys(st) as Array<keyof StatementModel>) if (st[k] === undefined) delete st[k];
}

function principalType(v: ModelValue): string {
  const s = literalString(v);
  if (s === '*') return '*';
  if (s && /\.amazonaws\.com(\.cn)?$/.test(s)) return 'Service';
  return 'AWS';
}

/** `AWS::Events::EventBusPolicy`: a `Statement`, or the older Action/Principal/Condition form. */
function eventBusPolicy(c: ResourceCtx): void {
  const { b, r, props } = c;
  if (!isPlainMap(props)) return;
  const owner = `resource:${c.id}`;
  const stPair = getPair(props, 'Statement');
  if (stPair?.value) {
    b.readStatements(r, stPair.value, `${c.loc}.Statement`, { kind: 'resource', owner, resourceType: c.type }, c.when);
    return;
  }
  const principalPair = getPair(props, 'Principal');
  const actionPair = getPair(props, 'Action');
  if (!principalPair?.value && !actionPair?.value) return;
  const principal = principalPair?.value ? r.value(principalPair.value) : undefined;
  const conditions: StatementModel['conditions'] = [];
  const condNode = get(props, 'Condition');
  if (isPlainMap(condNode)) {
    const key = get(condNode, 'Key');
    const value = get(condNode, 'Value');
    if (key && value) {
      conditions.push({ operator: literalString(r.value(get(condNode, 'Type'))) ?? 'StringEquals', operatorRange: condNode.range, key: stringValue(key) ?? r.textOf(key), keyRange: key.range, values: [r.value(value)!] });
    }
  }
  const st = b.addStatement({
    location: c.loc,
    range: props.range,
    policyKind: 'resource',
    owner,
    resourceType: c.type,
    generated: 'event-bus-permission',
    when: c.when,
    effect: syntheticLiteral('Allow', c.pair.key.range),
    actions: actionPair?.value ? b.valueList(r, actionPair) : undefined,
    principals: principal ? [{ type: principalType(principal), typeRange: principalPair!.key.range, value: principal }] : undefined,
    principalRange: principalPair?.value?.range,
    conditions: conditions.length ? conditions : undefined,
  });
  for (const k of Object.keys(st) as Array<keyof StatementModel>) if (st[k] === undefined) delete st[k];
}

/** Links every function of the template to its role's statements and policies, its resource policy and URL. */
export function linkTemplate(b: ModelBuilder, r: Reader, o: TemplateOptions, res: TemplateResult): void {
  for (const [id, fn] of res.functions) {
    if (fn.role?.resource) applyRole(b, fn, fn.role.resource, res);
    const fp = res.functionPolicies.get(id);
    if (fp) b.link(fn, fp);
  }
  // AWS::Lambda::Url resources: the URL of the function they target.
  const resources = r.deref(o.resources);
  if (!isMap(resources)) return;
  for (const p of resources.pairs) {
    if (res.types.get(String(p.key.value)) !== 'AWS::Lambda::Url') continue;
    const props = get(p.value, 'Properties');
    const target = referencedId(r.value(get(props, 'TargetFunctionArn')));
    const fn = target ? res.functions.get(target) : undefined;
    if (!fn || !props) continue;
    readUrl(b, r, fn, props, get(props, 'AuthType'), 'lambda-url', `${o.location}.${String(p.key.value)}.Properties`);
    // CloudFormation does not create the permission itself: a public URL needs an AWS::Lambda::Permission.
    if (fn.url?.publicStatement) {
      const st = b.model.statements.find((s) => s.id === fn.url!.publicStatement);
      if (st) st.generated = 'lambda-url';
    }
  }
}

/** Adds a role's statements, managed policies and boundary to a function. */
export function applyRole(b: ModelBuilder, fn: FunctionModel, roleId: string, res: Pick<TemplateResult, 'roles' | 'attached' | 'managedStatements'>): void {
  const role = res.roles.get(roleId);
  if (!role) return;
  b.link(fn, role.statements);
  b.link(fn, role.trustStatements);
  b.link(fn, res.attached.get(roleId) ?? []);
  for (const m of role.managedPolicies) {
    if (!fn.managedPolicies.includes(m)) fn.managedPolicies.push(m);
    if (m.resource) b.link(fn, res.managedStatements.get(m.resource) ?? []);
  }
  if (role.permissionsBoundary && !fn.permissionsBoundary) fn.permissionsBoundary = role.permissionsBoundary;
}

/** CloudFormation/SAM `Parameters`. */
export function readParameters(b: ModelBuilder, r: Reader, node: CNode | undefined): void {
  if (!isPlainMap(node)) return;
  for (const p of node.pairs) {
    const def = get(p.value, 'Default');
    const noEchoPair = getPair(p.value, 'NoEcho');
    const noEcho = noEchoPair?.value && isScalar(noEchoPair.value) ? String(noEchoPair.value.value).toLowerCase() === 'true' : false;
    const param = {
      name: String(p.key.value),
      nameRange: p.key.range,
      path: b.path,
      kind: 'parameter' as const,
      ...(get(p.value, 'Type') ? { type: r.value(get(p.value, 'Type')) } : {}),
      ...(def ? { default: r.value(def) } : {}),
      ...(noEchoPair ? { noEcho, noEchoRange: noEchoPair.range } : {}),
    };
    b.model.parameters.push(param);
  }
}

/** A whole CloudFormation or SAM template. */
export function readTemplateFile(b: ModelBuilder, r: Reader, root: CNode | undefined, sam: boolean, dir: string): void {
  if (!isPlainMap(root)) {
    if (root) r.problem('invalid', 'the template is not a map', root.range);
    return;
  }
  readParameters(b, r, get(root, 'Parameters'));
  const o: TemplateOptions = { sam, dir, root, resources: get(root, 'Resources'), location: 'Resources' };
  const res = readTemplate(b, r, o);
  linkTemplate(b, r, o, res);
}
