/**
 * Serverless Framework configurations, v1 to v4 (serverless.yml / .json, and serverless.ts / .js
 * read statically into the same tree).
 */
import { dirname } from '../paths';
import { get, getPair, isMap, isScalar, isSeq, type CMap, type CNode, type CPair } from '../parse/tree';
import { ModelBuilder, isPlainMap, referencedId, type PolicyContext } from './builder';
import { applyRole, effectiveEnvironment, linkTemplate, readEnvironment, readTemplate, readUrl, type TemplateOptions } from './cloudformation';
import { handlerFromString, runtimeFamily } from './functions';
import { scalarSource } from './strings';
import type { Endpoint, FunctionModel, ModelProblem, ModelValue, RoleModel } from './types';
import { Reader, intrinsicOf, literalString, literalText, type SelfTarget } from './values';

/** Serverless's logical id prefix for a function: `hello-world` -> `HelloDashworld`. */
export function normalizedFunctionName(name: string): string {
  const s = name.replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export const DEFAULT_ROLE_ID = 'IamRoleLambdaExecution';

/** A reader that resolves `${self:...}` against this configuration's root. */
export function serverlessReader(text: string, path: string, root: CNode | undefined, problems: ModelProblem[]): Reader {
  let budget = 5000;
  let reader: Reader | undefined;
  const lookup = (address: string): SelfTarget => {
    const keys = address.split('.').map((k) => k.trim()).filter((k) => k.length > 0);
    let cur: CNode | undefined = root;
    for (const k of keys) {
      if (--budget < 0) return undefined;
      cur = reader ? reader.deref(cur) : cur;
      // The path runs into a value the model cannot look inside (`${file(...)}`, `!Ref`, code).
      if (cur && cur.kind === 'scalar' && (cur.tag || (typeof cur.value === 'string' && cur.value.includes('${')))) return { blockedBy: cur };
      if (isSeq(cur) && /^\d+$/.test(k)) cur = cur.items[Number(k)];
      else cur = get(cur, k);
      if (!cur) return undefined;
    }
    // `service: {name: x}` (v1) still answers `${self:service}` with the name.
    if (keys.length === 1 && keys[0] === 'service' && isMap(cur)) {
      const name = get(cur, 'name');
      return name ? { node: name } : undefined;
    }
    return cur ? { node: cur } : undefined;
  };
  reader = new Reader({ text, path, problems, serverless: true, self: lookup, mappings: undefined });
  return reader;
}

export function readServerless(b: ModelBuilder, r: Reader, root: CNode | undefined): void {
  if (!isPlainMap(root)) {
    if (root) r.problem('invalid', 'the configuration is not a map', root.range);
    return;
  }
  const dir = dirname(b.path);
  const provider = r.deref(get(root, 'provider'));
  const providerName = literalString(r.value(get(provider, 'name')));
  const aws = providerName === undefined || providerName === 'aws';

  // Stage parameters (v3 `params`, v4 `stages.<stage>.params`).
  readStageParams(b, r, root);

  // Provider environment.
  const providerEnv = readEnvironment(b, r, get(provider, 'environment'), 'provider', undefined);

  // Provider IAM: the default role, or a role given by name / ARN / logical id.
  const iam = r.deref(get(provider, 'iam'));
  const iamRole = r.deref(get(iam, 'role'));
  const providerRoleNode = iamRole && !isPlainMap(iamRole) ? iamRole : r.deref(get(provider, 'role'));
  const defaultRole: RoleModel = { name: DEFAULT_ROLE_ID, path: b.path, range: provider?.range ?? root.range, statements: [], trustStatements: [], managedPolicies: [] };
  const providerPc: PolicyContext = { kind: 'identity', owner: 'provider' };
  if (aws) {
    const v1 = getPair(provider, 'iamRoleStatements');
    if (v1?.value) defaultRole.statements.push(...b.readStatements(r, v1.value, 'provider.iamRoleStatements', providerPc));
    if (isPlainMap(iamRole)) {
      const st = getPair(iamRole, 'statements');
      if (st?.value) defaultRole.statements.push(...b.readStatements(r, st.value, 'provider.iam.role.statements', providerPc));
      const mp = get(iamRole, 'managedPolicies');
      if (mp) defaultRole.managedPolicies.push(...b.readManagedPolicies(r, mp, 'provider'));
      const pb = get(iamRole, 'permissionsBoundary');
      if (pb) defaultRole.permissionsBoundary = r.value(pb);
    }
    const mp1 = get(provider, 'iamManagedPolicies');
    if (mp1) defaultRole.managedPolicies.push(...b.readManagedPolicies(r, mp1, 'provider'));
    const pb1 = get(provider, 'rolePermissionsBoundary');
    if (pb1 && !defaultRole.permissionsBoundary) defaultRole.permissionsBoundary = r.value(pb1);
    // API Gateway resource policy (v2+ `apiGateway.resourcePolicy`, v1 `resourcePolicy`).
    const rp = getPair(get(provider, 'apiGateway'), 'resourcePolicy');
    if (rp?.value) b.readStatements(r, rp.value, 'provider.apiGateway.resourcePolicy', { kind: 'resource', owner: 'provider.apiGateway' });
    const rp1 = getPair(provider, 'resourcePolicy');
    if (rp1?.value) b.readStatements(r, rp1.value, 'provider.resourcePolicy', { kind: 'resource', owner: 'provider.apiGateway' });
  }
  const providerRole = providerRoleNode ? r.value(providerRoleNode) : undefined;
  if (!providerRole) b.model.roles.push(defaultRole);

  // resources: a map, or a list of maps (often `${file(...)}` includes).
  const resourceParts = resourceSections(r, get(root, 'resources'));
  const mappings = resourceParts.map((p) => get(p, 'Mappings')).find((m) => m);
  const rr = mappings ? new Reader({ ...r.opts, mappings }) : r;
  const extraRoles = new Map<string, RoleModel>();
  if (!providerRole) extraRoles.set(DEFAULT_ROLE_ID, defaultRole);
  const templates: Array<{ o: TemplateOptions; res: ReturnType<typeof readTemplate> }> = [];
  resourceParts.forEach((part, i) => {
    const location = resourceParts.length > 1 ? `resources[${i}].Resources` : 'resources.Resources';
    const o: TemplateOptions = { sam: false, dir, root, resources: get(part, 'Resources'), location, extraRoles };
    const res = readTemplate(b, rr, o);
    for (const [id, role] of res.roles) extraRoles.set(id, role);
    templates.push({ o, res });
  });
  const types = new Map<string, string>();
  for (const t of templates) for (const [k, v] of t.res.types) types.set(k, v);

  // extensions: properties merged into the resources the framework generates.
  const extensions = resourceParts.map((p) => get(p, 'extensions')).filter((e): e is CNode => !!e);
  const extensionEnv = new Map<string, ReturnType<typeof readEnvironment>>();
  for (const ext of extensions) {
    for (const alt of r.maps(ext, 'resources.extensions')) {
      for (const p of alt.node.pairs) {
        const id = String(p.key.value);
        const props = get(p.value, 'Properties');
        if (id === DEFAULT_ROLE_ID && !providerRole) {
          const owner = 'provider';
          for (const a of r.mapItems(get(props, 'Policies'), `resources.extensions.${id}.Properties.Policies`)) {
            const name = literalString(r.value(get(a.node, 'PolicyName')));
            const loc = `resources.extensions.${id}.Properties.Policies${a.index === undefined ? '' : `[${a.index}]`}.PolicyDocument`;
            defaultRole.statements.push(...b.readPolicyDocument(r, get(a.node, 'PolicyDocument'), loc, { kind: 'identity', owner, policyName: name }, a.when));
          }
          const mp = get(props, 'ManagedPolicyArns');
          if (mp) defaultRole.managedPolicies.push(...b.readManagedPolicies(r, mp, owner));
          const trust = get(props, 'AssumeRolePolicyDocument');
          if (trust) defaultRole.trustStatements.push(...b.readPolicyDocument(r, trust, `resources.extensions.${id}.Properties.AssumeRolePolicyDocument`, { kind: 'trust', owner }));
        } else if (id.endsWith('LambdaFunction')) {
          const vars = get(get(props, 'Environment'), 'Variables');
          if (vars) extensionEnv.set(id, readEnvironment(b, r, vars, 'extension', id.slice(0, -'LambdaFunction'.length)));
        }
      }
    }
  }

  // Functions.
  const inheritSetting = get(get(get(root, 'custom'), 'serverless-iam-roles-per-function'), 'defaultInherit');
  const defaultInherit = isScalar(inheritSetting) && String(inheritSetting.value) === 'true';
  const providerRuntime = get(provider, 'runtime');
  const functionsById = new Map<string, FunctionModel>();
  for (const { pair, location } of functionPairs(r, get(root, 'functions'))) {
    const name = String(pair.key.value);
    const def = r.deref(pair.value);
    if (!isPlainMap(def)) {
      if (def) r.unreadable(def, `function ${name}`);
      else r.problem('invalid', `function ${name} has no definition`, pair.key.range);
      continue;
    }
    const fn = b.addFunction({ name, format: 'serverless', nameRange: pair.key.range, range: r.span(def) });
    functionsById.set(`${normalizedFunctionName(name)}LambdaFunction`, fn);
    const rt = get(def, 'runtime') ?? providerRuntime;
    if (rt) fn.runtime = r.value(rt);
    // Handler (JS/TS/Python runtimes only; no runtime written means the provider's default, Node).
    const hNode = get(def, 'handler');
    const family = runtimeFamily(literalText(fn.runtime) ?? (fn.runtime ? undefined : providerName === undefined || providerName === 'aws' ? 'node' : undefined));
    if (hNode && family !== 'other' && !get(def, 'image')) {
      const hv = r.value(hNode);
      const raw = literalString(hv);
      if (raw !== undefined) {
        const h = handlerFromString(raw, hNode.range, dir);
        if (h) fn.handler = h;
      } else if (hv && hv.kind !== 'literal') {
        r.problem('unresolved', `the handler of ${name} is ${r.textOf(hNode, 80)}, which the model cannot resolve to a file`, hNode.range);
      }
    }
    // Environment.
    const envPair = getPair(def, 'environment');
    const own = readEnvironment(b, r, envPair?.value, 'function', name);
    if (envPair?.value && isMap(r.deref(envPair.value))) fn.environmentRange = r.span(r.deref(envPair.value)!);
    const ext = extensionEnv.get(`${normalizedFunctionName(name)}LambdaFunction`) ?? [];
    for (const e of ext) e.owner = name;
    fn.environment = effectiveEnvironment(providerEnv, [...own, ...ext]);
    if (!aws) {
      fn.endpoints.push(...events(r, get(def, 'events')));
      continue;
    }
    // Role and statements.
    const roleNode = get(def, 'role');
    const ownStatements = getPair(def, 'iamRoleStatements');
    if (roleNode) {
      const value = r.value(roleNode)!;
      const resource = roleId(value, types, extraRoles);
      fn.role = { value, external: !resource, ...(resource ? { resource } : {}) };
    } else if (ownStatements) {
      // serverless-iam-roles-per-function: a role of its own.
      const ids = ownStatements.value ? b.readStatements(r, ownStatements.value, `functions.${name}.iamRoleStatements`, { kind: 'identity', owner: `function:${name}` }) : [];
      b.link(fn, ids);
      const inheritNode = get(def, 'iamRoleStatementsInherit');
      const inherit = inheritNode && isScalar(inheritNode) ? String(inheritNode.value) === 'true' : defaultInherit;
      if (inherit && !providerRole) {
        b.link(fn, defaultRole.statements);
        for (const m of defaultRole.managedPolicies) fn.managedPolicies.push(m);
      }
    } else if (providerRole) {
      const resource = roleId(providerRole, types, extraRoles);
      fn.role = { value: providerRole, external: !resource, ...(resource ? { resource } : {}) };
    } else {
      applyRole(b, fn, DEFAULT_ROLE_ID, { roles: extraRoles, attached: mergedAttached(templates), managedStatements: mergedManaged(templates) });
    }
    if (fn.role?.resource) {
      applyRole(b, fn, fn.role.resource, { roles: extraRoles, attached: mergedAttached(templates), managedStatements: mergedManaged(templates) });
    }
    // Function URL: `url: true` is public; `url: {authorizer: aws_iam}` needs IAM auth.
    const urlPair = getPair(def, 'url');
    if (urlPair?.value) {
      const u = r.deref(urlPair.value)!;
      const off = isScalar(u) && (u.value === false || u.value === 'false');
      if (!off) {
        const authNode = isPlainMap(u) ? get(u, 'authorizer') : undefined;
        const authValue = authNode ? r.value(authNode) : undefined;
        const auth = literalString(authValue);
        readUrl(b, r, fn, u, undefined, 'function-url', `functions.${name}.url`, auth === undefined && authNode ? undefined : auth?.toLowerCase() === 'aws_iam' ? 'AWS_IAM' : 'NONE');
        if (authValue && fn.url) fn.url.authTypeValue = authValue;
      }
    }
    fn.endpoints.push(...events(r, get(def, 'events')));
  }

  // Resources that point at generated functions (permissions, URLs) and functions' custom roles.
  for (const { o, res } of templates) {
    for (const [id, fn] of functionsById) if (!res.functions.has(id)) res.functions.set(id, fn);
    // (applyRole is idempotent: roles of serverless functions applied above are not added twice.)
    linkTemplate(b, rr, o, res);
  }
}

function mergedAttached(templates: Array<{ res: ReturnType<typeof readTemplate> }>): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const t of templates) for (const [k, v] of t.res.attached) m.set(k, [...(m.get(k) ?? []), ...v]);
  return m;
}

function mergedManaged(templates: Array<{ res: ReturnType<typeof readTemplate> }>): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const t of templates) for (const [k, v] of t.res.managedStatements) m.set(k, v);
  return m;
}

/** A role given as a logical id (`role: MyRole`), `!GetAtt MyRole.Arn` or `!Ref MyRole` of this file. */
function roleId(v: ModelValue, types: Map<string, string>, roles: Map<string, RoleModel>): string | undefined {
  const id = referencedId(v) ?? literalString(v);
  if (id && (types.get(id) === 'AWS::IAM::Role' || roles.has(id))) return id;
  return undefined;
}

function resourceSections(r: Reader, node: CNode | undefined): CMap[] {
  const out: CMap[] = [];
  if (!node) return out;
  const n = r.deref(node);
  const items = isSeq(n) && !intrinsicOf(n) ? n.items : n ? [n] : [];
  items.forEach((item, i) => {
    const m = r.deref(item);
    if (isPlainMap(m)) out.push(m);
    else if (m) r.unreadable(m, items.length > 1 ? `resources[${i}]` : 'resources');
  });
  return out;
}

function functionPairs(r: Reader, node: CNode | undefined): Array<{ pair: CPair; location: string }> {
  const out: Array<{ pair: CPair; location: string }> = [];
  if (!node) return out;
  const n = r.deref(node);
  const maps: CNode[] = isSeq(n) && !intrinsicOf(n) ? n.items : n ? [n] : [];
  for (const m0 of maps) {
    const m = r.deref(m0);
    if (isPlainMap(m)) for (const pair of m.pairs) out.push({ pair, location: `functions.${String(pair.key.value)}` });
    else if (m) r.unreadable(m, 'functions');
  }
  return out;
}

function readStageParams(b: ModelBuilder, r: Reader, root: CMap): void {
  const add = (stage: string, params: CNode | undefined) => {
    const m = r.deref(params);
    if (!isPlainMap(m)) return;
    for (const p of m.pairs) {
      b.model.parameters.push({ name: String(p.key.value), nameRange: p.key.range, path: b.path, kind: 'stage-param', stage, ...(p.value ? { default: r.value(p.value) } : {}) });
    }
  };
  const params = r.deref(get(root, 'params'));
  if (isPlainMap(params)) for (const p of params.pairs) add(String(p.key.value), p.value);
  const stages = r.deref(get(root, 'stages'));
  if (isPlainMap(stages)) for (const p of stages.pairs) add(String(p.key.value), get(r.deref(p.value), 'params'));
}

/** HTTP events: `http`, `httpApi`, `alb`. */
function events(r: Reader, node: CNode | undefined): Endpoint[] {
  const out: Endpoint[] = [];
  for (const a of r.items(node)) {
    if (!isPlainMap(a.node)) continue;
    for (const p of a.node.pairs) {
      const kind = String(p.key.value);
      if (kind !== 'http' && kind !== 'httpApi' && kind !== 'alb') continue;
      const e: Endpoint = { kind, range: p.range };
      const v = r.deref(p.value);
      if (isScalar(v) && typeof v.value === 'string' && !v.tag) {
        // `GET /orders` (or `*` for httpApi).
        const src = scalarSource(r.opts.text, v);
        if (src) {
          const m = /^(\s*)(\S+)(\s+)(\S+)\s*$/.exec(src.value);
          if (m) {
            e.method = r.string(src, m[1].length, m[1].length + m[2].length);
            const start = m[1].length + m[2].length + m[3].length;
            e.route = r.string(src, start, start + m[4].length);
          } else {
            e.route = r.value(v);
          }
        }
      } else if (isPlainMap(v)) {
        const method = get(v, 'method');
        if (method) e.method = r.value(method);
        const path = get(v, 'path') ?? get(get(v, 'conditions'), 'path');
        if (path) e.route = r.value(path);
        const auth = r.deref(get(v, 'authorizer'));
        if (auth) e.authorizer = isPlainMap(auth) ? r.value(get(auth, 'type') ?? get(auth, 'name') ?? get(auth, 'arn') ?? get(auth, 'id') ?? auth) : r.value(auth);
        const priv = get(v, 'private');
        if (isScalar(priv) && (priv.value === true || priv.value === 'true')) e.private = true;
      }
      out.push(e);
    }
  }
  return out;
}

