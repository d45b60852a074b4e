/**
 * Whether a statement serves only the functions the model links it to. A narrowing fix computed from
 * those functions' handlers is safe only then: a role that a state machine, another stack (through an
 * export) or a user also uses would lose permissions those never showed us.
 */
import type { FileModel, StatementModel } from '../../model';
import { get, getPair, isMap, isScalar, isSeq, stringValue, type CNode } from '../../parse/tree';
import type { SourceFile } from '../../source';
import { resourceNodes } from './resources';

const FUNCTION_TYPES = new Set(['AWS::Lambda::Function', 'AWS::Serverless::Function']);
const POLICY_TYPES = new Set(['AWS::IAM::Policy', 'AWS::IAM::RolePolicy']);

export function servesOnlyFunctions(file: SourceFile, model: FileModel, st: Pick<StatementModel, 'owner' | 'resourceType'>): boolean {
  try {
    const owner = st.owner;
    if (owner.startsWith('function:')) return true;
    if (owner.startsWith('cdk:')) {
      // A function's own role (statements added with addToRolePolicy / initialPolicy); a role construct may be shared.
      const name = owner.slice(4);
      return model.functions.some((f) => f.name === name) && !model.roles.some((r) => r.name === name);
    }
    const root = file.config?.roots[0];
    if (owner === 'provider') return root ? !referencesTo(root, 'IamRoleLambdaExecution').length : !/\bIamRoleLambdaExecution\b/.test(file.text);
    if (!root) return false;
    if (!owner.startsWith('resource:')) return false;
    const id = owner.slice('resource:'.length);
    const resources = resourceNodes(file, root);
    let roles: string[];
    if (st.resourceType === 'AWS::IAM::Role') {
      roles = [id];
    } else if (st.resourceType && POLICY_TYPES.has(st.resourceType)) {
      const props = get(resources.get(id), 'Properties');
      if (nonEmpty(get(props, 'Users')) || nonEmpty(get(props, 'Groups'))) return false;
      const targets = [...listOf(get(props, 'Roles')), ...(get(props, 'RoleName') ? [get(props, 'RoleName')!] : [])];
      roles = [];
      for (const t of targets) {
        const r = refId(t);
        if (!r) return false;
        roles.push(r);
      }
      if (roles.length === 0) return false;
    } else {
      return false;
    }
    for (const role of roles) {
      for (const use of referencesTo(root, role)) {
        if (!allowedUse(use, resources)) return false;
      }
    }
    return true;
  } catch {
    return false;
  }
}

function nonEmpty(n: CNode | undefined): boolean {
  return !!n && !(isSeq(n) && n.items.length === 0);
}

function listOf(n: CNode | undefined): CNode[] {
  if (!n) return [];
  return isSeq(n) && !n.tag ? n.items : [n];
}

/** The logical id a `!Ref X` / `!GetAtt X.Arn` / `{Ref: X}` / `{"Fn::GetAtt": [X, ...]}` node names. */
function refId(n: CNode | undefined): string | undefined {
  if (!n) return undefined;
  if (isScalar(n) && typeof n.value === 'string') {
    if (n.tag === '!Ref') return n.value.trim();
    if (n.tag === '!GetAtt') return n.value.trim().split('.')[0];
    return undefined;
  }
  if (isSeq(n) && n.tag === '!GetAtt') return stringValue(n.items[0]);
  if (isMap(n) && n.pairs.length === 1) {
    const k = n.pairs[0].key.value;
    const v = n.pairs[0].value;
    if (k === 'Ref') return stringValue(v);
    if (k === 'Fn::GetAtt') return isSeq(v) ? stringValue(v.items[0]) : stringValue(v)?.split('.')[0];
  }
  return undefined;
}

/** Every place (as a key path) that references the logical id: Ref, GetAtt, or `${Id}` / `${Id.Attr}` in a Sub. */
function referencesTo(root: CNode, id: string): string[][] {
  const out: string[][] = [];
  const sub = new RegExp(`\\$\\{${id.replace(/[^A-Za-z0-9]/g, '')}(\\.[^}]*)?\\}`);
  const seen = new Set<CNode>();
  const visit = (n: CNode | undefined, path: string[]): void => {
    if (!n || seen.has(n)) return;
    seen.add(n);
    if (refId(n) === id) {
      out.push(path);
      return;
    }
    if (isScalar(n)) {
      if (typeof n.value === 'string' && sub.test(n.value)) out.push(path);
      return;
    }
    if (isMap(n)) for (const p of n.pairs) visit(p.value, [...path, String(p.key.value)]);
    else if (isSeq(n)) n.items.forEach((c, i) => visit(c, [...path, String(i)]));
  };
  visit(root, []);
  return out;
}

/** A use of a role that only functions of this file (or policies attached to it) make. */
function allowedUse(path: string[], resources: Map<string, CNode>): boolean {
  // Serverless `functions.<name>.role` (and `provider.iam.role` / `provider.role`, which only functions use).
  if (path[0] === 'functions' && path[2] === 'role' && path.length === 3) return true;
  if (path[0] === 'provider' && (path.join('.') === 'provider.iam.role' || path.join('.') === 'provider.role')) return true;
  const i = path.indexOf('Resources');
  if (i < 0 || path[i + 2] !== 'Properties') return false;
  const res = resources.get(path[i + 1]);
  const type = stringValue(get(res, 'Type'));
  const prop = path[i + 3];
  if (type && FUNCTION_TYPES.has(type) && prop === 'Role' && path.length === i + 4) return true;
  if (type && POLICY_TYPES.has(type) && (prop === 'Roles' || prop === 'RoleName')) {
    return !getPair(get(res, 'Properties'), 'Users') && !getPair(get(res, 'Properties'), 'Groups');
  }
  return false;
}
