/**
 * Accumulates the model of one file, and reads IAM policy documents, statements and managed-policy
 * lists (the parts every format shares).
 */
import { getPair, getPairCI, isMap, isScalar, isSeq, type CMap, type CNode, type CPair, type Span } from '../parse/tree';
import { intrinsicOf, type Reader } from './values';
import type {
  BranchCondition,
  ConditionEntry,
  FileModel,
  FunctionModel,
  ManagedPolicyRef,
  ModelFormat,
  ModelValue,
  PolicyKind,
  PrincipalEntry,
  StatementModel,
  ValueList,
} from './types';

export interface PolicyContext {
  kind: PolicyKind;
  /** The document is JSON text inside a string. */
  embedded?: boolean;
  owner: string;
  resourceType?: string;
  policyName?: string;
  generated?: string;
}

/** Statement keys as CloudFormation/IAM JSON writes them, or as CDK's `PolicyStatementProps` does. */
export type KeyStyle = 'iam' | 'cdk';

const KEYS: Record<KeyStyle, Record<'sid' | 'effect' | 'actions' | 'notActions' | 'resources' | 'notResources' | 'principals' | 'notPrincipals' | 'conditions', string>> = {
  iam: {
    sid: 'Sid', effect: 'Effect', actions: 'Action', notActions: 'NotAction', resources: 'Resource', notResources: 'NotResource',
    principals: 'Principal', notPrincipals: 'NotPrincipal', conditions: 'Condition',
  },
  cdk: {
    sid: 'sid', effect: 'effect', actions: 'actions', notActions: 'notActions', resources: 'resources', notResources: 'notResources',
    principals: 'principals', notPrincipals: 'notPrincipals', conditions: 'conditions',
  },
};

export class ModelBuilder {
  readonly model: FileModel;
  private n = 0;

  constructor(path: string, format: ModelFormat, language: FileModel['language']) {
    this.model = {
      path, format, language, functions: [], statements: [], roles: [], managedPolicies: [], policyTemplates: [], parameters: [], environment: [], links: [], problems: [],
    };
  }

  get path(): string {
    return this.model.path;
  }

  addStatement(s: Omit<StatementModel, 'id' | 'path'>): StatementModel {
    const st: StatementModel = { id: `${this.model.path}#s${this.n++}`, path: this.model.path, ...s };
    if (!st.when?.length) delete st.when;
    this.model.statements.push(st);
    return st;
  }

  addFunction(fn: Omit<FunctionModel, 'id' | 'path' | 'configPath' | 'statements' | 'managedPolicies' | 'policyTemplates' | 'environment' | 'endpoints'> & Partial<FunctionModel>): FunctionModel {
    const f: FunctionModel = {
      id: `${this.model.path}#${fn.name}`,
      path: this.model.path,
      configPath: this.model.path,
      statements: [],
      managedPolicies: [],
      policyTemplates: [],
      environment: [],
      endpoints: [],
      ...fn,
    };
    this.model.functions.push(f);
    return f;
  }

  /** A policy document (`{Version, Statement}`), possibly a JSON string or `Fn::Sub` of one. */
  readPolicyDocument(r: Reader, node: CNode | undefined, location: string, pc: PolicyContext, when: BranchCondition[] = []): string[] {
    const ids: string[] = [];
    for (const alt of r.alternatives(node, when)) {
      let doc: CNode | undefined = alt.node;
      let reader = r;
      let embedded = false;
      const intr = intrinsicOf(doc);
      if (isScalar(doc) && !doc.tag && typeof doc.value === 'string') {
        const e = r.embeddedJson(doc);
        if (!e) continue;
        doc = e.root;
        reader = e.reader;
        embedded = true;
      } else if (intr?.name === 'Fn::Sub') {
        const e = r.embeddedJson(doc);
        if (e === null) continue;
        if (!e) {
          r.unreadable(alt.node, location);
          continue;
        }
        doc = e.root;
        reader = e.reader;
        embedded = true;
      } else if (intr?.name === 'Fn::ToJsonString') {
        doc = intr.arg;
      } else if (intr) {
        r.unreadable(alt.node, location);
        continue;
      }
      if (!isMap(doc)) {
        if (doc) r.unreadable(doc, location);
        continue;
      }
      const stPair = getPair(doc, 'Statement') ?? getPairCI(doc, 'statement');
      if (!stPair) continue;
      ids.push(...this.readStatements(reader, stPair.value, `${location}.Statement`, embedded ? { ...pc, embedded } : pc, alt.when));
    }
    return ids;
  }

  /** A list of statements (or a single statement map). */
  readStatements(r: Reader, node: CNode | undefined, location: string, pc: PolicyContext, when: BranchCondition[] = [], keys: KeyStyle = 'iam'): string[] {
    const ids: string[] = [];
    for (const alt of r.mapItems(node, location, when)) {
      const loc = alt.index === undefined ? location : `${location}[${alt.index}]`;
      ids.push(this.readStatement(r, alt.node, loc, pc, alt.when, keys).id);
    }
    return ids;
  }

  readStatement(r: Reader, node: CMap, location: string, pc: PolicyContext, when: BranchCondition[] = [], keys: KeyStyle = 'iam'): StatementModel {
    const k = KEYS[keys];
    const pair = (name: string): CPair | undefined => getPair(node, name) ?? getPairCI(node, name);
    const single = (name: string): ModelValue | undefined => {
      const p = pair(name);
      return p?.value ? r.value(r.deref(p.value)) : undefined;
    };
    const list = (name: string): ValueList | undefined => {
      const p = pair(name);
      if (!p?.value) return undefined;
      return this.valueList(r, p);
    };
    const st = this.addStatement({
      location,
      range: r.span(node),
      policyKind: pc.kind,
      owner: pc.owner,
      resourceType: pc.resourceType,
      policyName: pc.policyName,
      generated: pc.generated,
      embedded: pc.embedded,
      when,
      sid: single(k.sid),
      effect: single(k.effect),
      actions: list(k.actions),
      notActions: list(k.notActions),
      resources: list(k.resources),
      notResources: list(k.notResources),
    });
    if (keys === 'iam') {
      const pp = pair(k.principals);
      if (pp?.value) {
        st.principals = this.principals(r, pp.value);
        st.principalRange = pp.value.range;
      }
      const np = pair(k.notPrincipals);
      if (np?.value) st.notPrincipals = this.principals(r, np.value);
    }
    const cp = pair(k.conditions);
    if (cp?.value) st.conditions = this.conditions(r, cp.value);
    for (const key of Object.keys(st) as Array<keyof StatementModel>) if (st[key] === undefined) delete st[key];
    return st;
  }

  valueList(r: Reader, p: CPair): ValueList {
    const items: ModelValue[] = [];
    for (const a of r.items(p.value)) {
      const v = r.value(a.node, a.when);
      if (v) items.push(v);
    }
    return { keyRange: p.key.range, range: r.span(p.value!), items };
  }

  /** `Principal: "*"`, `{AWS: [...], Service: ...}`. */
  principals(r: Reader, node: CNode): PrincipalEntry[] {
    const out: PrincipalEntry[] = [];
    for (const alt of r.alternatives(node)) {
      if (isMap(alt.node) && !intrinsicOf(alt.node)) {
        for (const p of alt.node.pairs) {
          for (const a of r.items(p.value, alt.when)) {
            const v = r.value(a.node, a.when);
            if (v) out.push({ type: String(p.key.value), typeRange: p.key.range, value: v });
          }
        }
      } else {
        const v = r.value(alt.node, alt.when);
        if (v) out.push({ type: v.kind === 'literal' && v.value === '*' ? '*' : 'AWS', value: v });
      }
    }
    return out;
  }

  /** `Condition: {StringEquals: {"aws:SourceAccount": ...}}`. */
  conditions(r: Reader, node: CNode): ConditionEntry[] {
    const out: ConditionEntry[] = [];
    for (const op of r.maps(node, 'Condition')) {
      for (const opPair of op.node.pairs) {
        for (const keys of r.maps(opPair.value, `Condition ${String(opPair.key.value)}`, op.when)) {
          for (const kp of keys.node.pairs) {
            const values: ModelValue[] = [];
            for (const a of r.items(kp.value, keys.when)) {
              const v = r.value(a.node, a.when);
              if (v) values.push(v);
            }
            out.push({ operator: String(opPair.key.value), operatorRange: opPair.key.range, key: String(kp.key.value), keyRange: kp.key.range, values });
          }
        }
      }
    }
    return out;
  }

  /** A list of managed policies (names, ARNs, references), added to the file's list. */
  readManagedPolicies(r: Reader, node: CNode | undefined, owner: string, resources?: ReadonlyMap<string, string>): ManagedPolicyRef[] {
    const out: ManagedPolicyRef[] = [];
    for (const a of r.items(node)) {
      const value = r.value(a.node, a.when);
      if (!value) continue;
      out.push(this.managedPolicy(value, owner, resources, a.when));
    }
    return out;
  }

  managedPolicy(value: ModelValue, owner: string, resources?: ReadonlyMap<string, string>, when?: BranchCondition[]): ManagedPolicyRef {
    const m: ManagedPolicyRef = { path: this.model.path, owner, value };
    const name = awsManagedPolicyName(value);
    if (name) m.awsManagedName = name;
    if (value.kind === 'reference' && value.ref?.syntax === 'cloudformation' && value.ref.source === 'Ref') {
      if (resources?.get(value.ref.address) === 'AWS::IAM::ManagedPolicy') m.resource = value.ref.address;
    }
    if (when?.length) m.when = when;
    this.model.managedPolicies.push(m);
    return m;
  }

  /** Links statements to a function (both directions recorded once). */
  link(fn: FunctionModel, statementIds: Iterable<string>): void {
    for (const id of statementIds) {
      if (fn.statements.includes(id)) continue;
      fn.statements.push(id);
      this.model.links.push({ statement: id, function: fn.id });
    }
  }
}

const AWS_MANAGED = /:iam::aws:policy\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/;

/** `arn:aws:iam::aws:policy/service-role/X` (also through `${AWS::Partition}`) -> `X`; a bare name (SAM) -> itself. */
export function awsManagedPolicyName(v: ModelValue): string | undefined {
  if (v.kind === 'literal' && typeof v.value === 'string') {
    const m = AWS_MANAGED.exec(v.value);
    if (m) return m[1];
    if (/^[A-Za-z][\w+=,.@-]*$/.test(v.value) && !v.value.includes(':')) return v.value;
    return undefined;
  }
  if (v.kind === 'template' && v.parts) {
    const text = v.parts.map((p) => ('text' in p ? p.text : '\u0000')).join('');
    const m = AWS_MANAGED.exec(text);
    if (m && !m[1].includes('\u0000')) return m[1];
  }
  return undefined;
}

/** The logical id a `!Ref X`, `!GetAtt X.Arn` or `!Sub ${X.Arn}` value names. */
export function referencedId(v: ModelValue | undefined): string | undefined {
  if (!v) return undefined;
  if (v.kind === 'reference' && v.ref?.syntax === 'cloudformation') {
    if (v.ref.source === 'Ref') return v.ref.address;
    if (v.ref.source === 'Fn::GetAtt') return v.ref.address.split('.')[0];
  }
  if (v.kind === 'template' && v.parts) {
    const refs = v.parts.filter((p) => 'ref' in p);
    if (refs.length === 1) {
      const ref = (refs[0] as { ref: { source: string; address: string } }).ref;
      if (ref.source === 'Fn::Sub' || ref.source === 'Ref' || ref.source === 'Fn::GetAtt') {
        const text = v.parts.map((p) => ('text' in p ? p.text : '')).join('');
        if (!text.trim()) return ref.address.split('.')[0];
      }
    }
  }
  return undefined;
}

/** A literal value synthesised for a statement the framework builds (range: the setting that causes it). */
export function syntheticLiteral(value: string, range: Span): ModelValue {
  return { kind: 'literal', value, range, definedAt: range };
}

export function isPlainMap(n: CNode | undefined): n is CMap {
  return isMap(n) && !intrinsicOf(n);
}

export function isPlainSeq(n: CNode | undefined): boolean {
  return isSeq(n) && !intrinsicOf(n);
}
