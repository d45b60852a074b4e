/**
 * The checks of `wildcard-permission` over one file's deployment model: statements (action
 * wildcards, NotAction / NotResource, `Resource: "*"`, anonymous principals), managed policies and
 * SAM policy templates, with the quick fixes inferred from the handlers' AWS SDK calls.
 * Each statement is checked on its own: one that cannot be read never hides the others' findings.
 */
import {
  expandActionPattern,
  hasWildcard,
  isKnownService,
  knownServices,
  lookupAction,
  mostDangerous,
  serviceDisplayName,
  summarizeActionPattern,
  type IamAction,
} from '../../iam';
import { leaves, type FileModel, type FunctionModel, type ManagedPolicyRef, type ModelValue, type PolicyTemplateRef, type StatementModel, type ValueList, type WorkspaceIndex } from '../../model';
import type { CNode } from '../../parse/tree';
import type { FixSpec, ReportSpec, RuleContext } from '../../rule';
import type { Severity } from '../../types';
import { canWriteIntrinsics, findPair, inPlaceValue, replaceListItem, str, type NewValue, type RawEdit } from './edits';
import {
  actionsOfList,
  complementSummary,
  hasRestrictingCondition,
  isAllow,
  isFrameworkGenerated,
  isStarPattern,
  isWildcardResource,
  itemString,
  joinAnd,
  scopableWrites,
  serviceOfServiceWildcard,
} from './grants';
import { functionsOfManagedPolicy, functionsOfStatement, inferActions, type Inferred } from './inference';
import { servesOnlyFunctions } from './exclusive';
import { serverlessManagedEdits } from './managed';
import { narrowResources } from './resources';

export const MESSAGES = {
  allActions: '"{{pattern}}" allows every action of every AWS service ({{summary}}); grant only the actions the function calls.',
  serviceWildcard: '"{{pattern}}" allows every {{service}} action ({{summary}}); grant only the actions the function calls.',
  partialWildcard: '"{{pattern}}" allows {{summary}}; list the actions the function calls.',
  notAction: 'Allow with NotAction {{excluded}} allows every other action ({{count}} actions, including {{examples}}); use Action with the actions needed.',
  notResource: 'Allow with NotResource applies to every resource except the ones listed; use Resource with the ARNs needed.',
  resourceWildcard: '{{resource}} lets {{examples}} act on every resource in the account ({{count}} write, permissions-management or tagging {{noun}} that can be limited to ARNs); name the resources.',
  publicPrincipal: 'Principal "*" lets anyone, from any AWS account, {{what}}, and no condition restricts the caller; add a Condition on aws:SourceArn, aws:SourceAccount or aws:PrincipalOrgID.',
  publicApi: 'Principal "*" lets anyone invoke this API (execute-api:Invoke), and no condition restricts the caller: a private API is then open to the VPC endpoints of every account; add a Condition on aws:SourceVpce or aws:SourceIp, or drop the statement if the API is public by design.',
  lambdaPermission: 'This permission lets anyone, from any AWS account, invoke {{target}}: Principal "*" with no SourceArn or SourceAccount; set SourceArn (or SourceAccount) to the caller.',
  adminPolicy: 'The AWS managed policy {{name}} {{what}}; grant only the actions the function calls.',
  fullAccessPolicy: 'The AWS managed policy {{name}} {{what}}; grant only the actions the function calls.',
  templateWildcard: 'The policy template {{template}} is given "*" for {{parameter}}, so its permissions apply to every such resource in the account; name the resource.',
};

type MessageId = keyof typeof MESSAGES;

/** AWS managed policies that grant (nearly) everything, and what to say about them. */
const ADMIN_POLICIES: Readonly<Record<string, () => string>> = {
  AdministratorAccess: () => `allows every action on every resource (${summarizeActionPattern('*').text})`,
  PowerUserAccess: () => 'allows every action on every resource except most of IAM and Organizations',
  IAMFullAccess: () => `allows every IAM action (${summarizeActionPattern('iam:*').text}), enough to grant itself anything else`,
};

export class WildcardChecks {
  constructor(
    private readonly context: RuleContext,
    private readonly model: FileModel,
  ) {}

  run(): void {
    for (const st of this.model.statements) this.safely(() => this.statement(st));
    for (const m of this.model.managedPolicies) this.safely(() => this.managedPolicy(m));
    for (const t of this.model.policyTemplates) this.safely(() => this.policyTemplate(t));
  }

  /** One statement that cannot be read (a shape nobody expected) must not hide the rest. */
  private safely(fn: () => void): void {
    try {
      fn();
    } catch {
      /* the other statements are still checked */
    }
  }

  private report(messageId: MessageId, range: readonly [number, number], severity: Severity, data: Record<string, string | number>, fixes?: FixSpec[]): void {
    const spec: ReportSpec = { messageId, data, start: range[0], end: range[1], severity };
    if (fixes?.length) spec.fixes = fixes;
    this.context.report(spec);
  }

  // ---------------------------------------------------------------- statements

  private statement(st: StatementModel): void {
    if (isFrameworkGenerated(st) || !isAllow(st, this.model.format === 'cdk')) return;
    if (st.policyKind !== 'trust') {
      this.safely(() => this.actionWildcards(st));
      this.safely(() => this.notAction(st));
      this.safely(() => this.notResource(st));
    }
    if (st.policyKind === 'identity' && !st.notActions) this.safely(() => this.resourceWildcards(st));
    if (st.policyKind !== 'identity') this.safely(() => this.principals(st));
  }

  private actionWildcards(st: StatementModel): void {
    for (const item of st.actions?.items ?? []) {
      for (const leaf of leaves(item)) {
        const pattern = itemString(leaf);
        if (pattern === undefined || !hasWildcard(pattern)) continue;
        const granted = expandActionPattern(pattern);
        // A pattern that matches nothing grants nothing (unknown-iam-action reports it).
        if (granted.length === 0) continue;
        const summary = summarizeActionPattern(pattern);
        const fix = () => this.leastPrivilegeFix(st, leaf, pattern);
        if (isStarPattern(pattern)) {
          this.report('allActions', leaf.range, 'error', { pattern, summary: summary.text }, opt(fix));
          continue;
        }
        const service = serviceOfServiceWildcard(pattern);
        if (service) {
          const dangerous = summary.byAccess.Write + summary.byAccess['Permissions management'] > 0;
          const name = serviceDisplayName(service) ?? service;
          this.report('serviceWildcard', leaf.range, dangerous ? 'error' : 'warning', { pattern, service: name, summary: summary.text }, opt(fix));
          continue;
        }
        this.report('partialWildcard', leaf.range, 'warning', { pattern, summary: summary.text }, opt(fix));
      }
    }
  }

  private notAction(st: StatementModel): void {
    const list = st.notActions;
    if (!list) return;
    const excluded = actionsOfList(list);
    const rest = complementSummary(excluded);
    const names = list.items.flatMap(leaves).map((v) => itemString(v) ?? this.context.file.text.slice(v.range[0], v.range[1]).trim());
    this.report('notAction', list.keyRange, 'warning', {
      excluded: names.length <= 3 ? joinAnd(names) : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`,
      count: rest.count,
      examples: joinAnd(rest.examples),
    });
  }

  private notResource(st: StatementModel): void {
    if (!st.notResources) return;
    this.report('notResource', st.notResources.keyRange, 'warning', {});
  }

  private resourceWildcards(st: StatementModel): void {
    if (!st.resources || !st.actions) return;
    const writes = scopableWrites(actionsOfList(st.actions));
    if (writes.length === 0) return;
    const examples = mostDangerous(writes, 2).map((a) => a.fullName);
    for (const item of st.resources.items) {
      for (const leaf of leaves(item)) {
        if (!isWildcardResource(leaf)) continue;
        const text = itemString(leaf);
        const resource = text === '*' ? 'Resource "*"' : `Resource ${this.context.file.text.slice(leaf.range[0], leaf.range[1]).trim()}`;
        this.report(
          'resourceWildcard',
          leaf.range,
          'warning',
          { resource, examples: joinAnd(examples), count: writes.length, noun: writes.length === 1 ? 'action' : 'actions' },
          opt(() => this.narrowingFix(st, leaf)),
        );
      }
    }
  }

  private principals(st: StatementModel): void {
    const stars = (st.principals ?? []).filter((p) => (p.type === '*' || /^aws$/i.test(p.type)) && leaves(p.value).some((v) => itemString(v) === '*'));
    if (stars.length === 0) return;
    const actionNames = (st.actions?.items ?? []).flatMap(leaves).map(itemString).filter((s): s is string => !!s);
    if (st.generated === 'lambda-permission') {
      const keys = new Set((st.conditions ?? []).map((c) => c.key.toLowerCase()));
      if (keys.has('aws:sourcearn') || keys.has('aws:sourceaccount') || keys.has('aws:principalorgid')) return;
      // A function URL made public on purpose (AuthType NONE) is a different question.
      if (keys.has('lambda:functionurlauthtype') && actionNames.every((a) => /^lambda:InvokeFunctionUrl$/i.test(a))) return;
      const target = st.resources?.items[0];
      const targetText = target ? this.context.file.text.slice(target.range[0], target.range[1]).trim() : 'the function';
      for (const p of stars) this.report('lambdaPermission', p.value.range, 'error', { target: targetText });
      return;
    }
    if (hasRestrictingCondition(st.conditions)) return;
    if (st.policyKind === 'resource' && actionNames.length > 0 && actionNames.every((a) => /^execute-api:Invoke$/i.test(a))) {
      // An API Gateway resource policy: a public API is public with or without this statement.
      for (const p of stars) this.report('publicApi', (leaves(p.value).find((x) => itemString(x) === '*') ?? p.value).range, 'warning', {});
      return;
    }
    let what: string;
    if (st.policyKind === 'trust') what = 'assume this role';
    else if (actionNames.length === 0) what = 'use this resource';
    else {
      const shown = actionNames.slice(0, 3);
      what = `call ${joinAnd(actionNames.length > 3 ? [...shown, `${actionNames.length - 3} more`] : shown)} on this resource`;
    }
    for (const p of stars) {
      const v = leaves(p.value).find((x) => itemString(x) === '*') ?? p.value;
      this.report('publicPrincipal', v.range, 'error', { what });
    }
  }

  // ---------------------------------------------------------------- managed policies and templates

  private managedPolicy(ref: ManagedPolicyRef): void {
    const name = ref.awsManagedName;
    if (!name) return;
    const admin = ADMIN_POLICIES[name];
    if (admin) {
      this.report('adminPolicy', ref.value.range, 'error', { name, what: admin() }, opt(() => this.managedPolicyFix(ref, name)));
      return;
    }
    if (!/FullAccess/.test(name)) return;
    const service = serviceOfPolicyName(name);
    const what = service
      ? `allows every ${serviceDisplayName(service) ?? service} action on every resource (${summarizeActionPattern(`${service}:*`).text})`
      : 'allows every action of a service on every resource';
    this.report('fullAccessPolicy', ref.value.range, 'warning', { name, what }, opt(() => this.managedPolicyFix(ref, name)));
  }

  private policyTemplate(t: PolicyTemplateRef): void {
    for (const p of t.parameters) {
      if (leaves(p.value).some((v) => itemString(v) === '*')) {
        const v = leaves(p.value).find((x) => itemString(x) === '*')!;
        this.report('templateWildcard', v.range, 'warning', { template: t.name, parameter: p.name });
      }
    }
  }

  // ---------------------------------------------------------------- fixes

  private edits(raw: RawEdit[] | undefined) {
    return raw?.map((e) => this.context.replace(e.start, e.end, e.text));
  }

  /**
   * The functions a statement's text applies to: a statement written once and used several times
   * (a YAML anchor aliased into two roles) is one text, so an edit must suit every use. None when the
   * role (or policy) also serves something other than this file's functions.
   */
  private functionsOf(st: StatementModel): FunctionModel[] {
    const out = new Set<FunctionModel>();
    for (const other of this.model.statements) {
      if (other !== st && (other.range[0] !== st.range[0] || other.range[1] !== st.range[1])) continue;
      // A role other things use too would lose permissions that no handler here shows.
      if (!servesOnlyFunctions(this.context.file, this.model, other)) return [];
      for (const f of functionsOfStatement(this.model, other)) out.add(f);
    }
    return [...out];
  }

  /** Replace a wildcard action by the actions the handlers call within it. */
  private leastPrivilegeFix(st: StatementModel, item: ModelValue, pattern: string): FixSpec | undefined {
    if (st.embedded || st.policyKind !== 'identity' || !st.actions) return undefined;
    const functions = this.functionsOf(st);
    const inferred = inferActions(this.context.index, functions, new Set(expandActionPattern(pattern)));
    if (!inferred || inferred.actions.length === 0) return undefined;
    const listed = new Set<IamAction>();
    for (const other of st.actions.items) {
      if (other === item) continue;
      for (const leaf of leaves(other)) {
        const s = itemString(leaf);
        const a = s && !hasWildcard(s) ? lookupAction(s) : undefined;
        if (a) listed.add(a);
      }
    }
    const add = inferred.actions.filter((a) => !listed.has(a));
    const edits = this.edits(replaceListItem(this.context.file, st.actions, item, add.map((a) => str(a.fullName))));
    if (!edits) return undefined;
    const names = inferred.actions.map((a) => a.fullName);
    return { title: `Grant only what ${handlerCalls(inferred)}: ${shortList(names)}`, isPreferred: true, edits };
  }

  /** Replace `Resource: "*"` by the ARNs of the template resources the handlers use. */
  private narrowingFix(st: StatementModel, item: ModelValue): FixSpec | undefined {
    const file = this.context.file;
    if (st.embedded || !st.actions || !st.resources || !canWriteIntrinsics(file) || !file.config) return undefined;
    const functions = this.functionsOf(st);
    const granted = actionsOfList(st.actions);
    const inferred = inferActions(this.context.index, functions, granted);
    if (!inferred) return undefined;
    // What the statement grants once wildcards are cut down to what the code calls.
    const effective = new Set<IamAction>();
    for (const it of st.actions.items) {
      for (const leaf of leaves(it)) {
        const s = itemString(leaf);
        if (s === undefined) return undefined;
        if (hasWildcard(s)) {
          const scope = new Set(expandActionPattern(s));
          for (const a of inferred.actions) if (scope.has(a)) effective.add(a);
        } else {
          const a = lookupAction(s);
          if (!a) return undefined;
          effective.add(a);
        }
      }
    }
    const narrowing = narrowResources(file, [...effective], inferred);
    if (!narrowing) return undefined;
    const edits = this.edits(replaceListItem(file, st.resources, item, narrowing.values));
    if (!edits) return undefined;
    return { title: `Limit Resource to ${joinAnd(narrowing.resources)}`, isPreferred: true, edits };
  }

  /**
   * Replace an AWS managed policy by a statement of the inferred actions: in a SAM function's
   * `Policies`, or in the statements of the Serverless provider role.
   */
  private managedPolicyFix(ref: ManagedPolicyRef, name: string): FixSpec | undefined {
    const file = this.context.file;
    if (!file.config || !canWriteIntrinsics(file) || (file.config.language !== 'yaml' && ref.owner === 'provider')) return undefined;
    const serverless = ref.owner === 'provider' && this.model.format === 'serverless';
    if (!ref.owner.startsWith('function:') && !(serverless && servesOnlyFunctions(file, this.model, { owner: 'provider' }))) return undefined;
    const scope = policyScope(name);
    if (scope === null) return undefined;
    const functions = functionsOfManagedPolicy(this.model, ref);
    const inferred = inferActions(this.context.index, functions, scope);
    if (!inferred || inferred.actions.length === 0) return undefined;
    const narrowing = narrowResources(file, inferred.actions, inferred);
    const statement: NewValue = {
      kind: 'map',
      entries: [
        ['Effect', str('Allow')],
        ['Action', inferred.actions.map((a) => str(a.fullName))],
        ['Resource', narrowing ? narrowing.values : str('*')],
      ],
    };
    let raw: RawEdit[] | undefined;
    if (serverless) {
      raw = serverlessManagedEdits(file, ref, statement);
    } else {
      const list = policiesList(this.context, ref);
      const doc: NewValue = { kind: 'map', entries: [['Statement', [statement]]] };
      raw = list && replaceListItem(file, list, ref.value, [doc], { asList: true });
    }
    const edits = this.edits(raw);
    if (!edits) return undefined;
    return { title: `Replace ${name} with a statement of what ${handlerCalls(inferred)}: ${shortList(inferred.actions.map((a) => a.fullName))}`, isPreferred: true, edits };
  }
}

/** The fix as a list, when there is one; a fix that cannot be computed is left out, the finding stays. */
function opt(fix: FixSpec | undefined | (() => FixSpec | undefined)): FixSpec[] | undefined {
  let f: FixSpec | undefined;
  try {
    f = typeof fix === 'function' ? fix() : fix;
  } catch {
    f = undefined;
  }
  return f ? [f] : undefined;
}

/** `the handler calls` / `the handlers call`. */
function handlerCalls(inferred: Inferred): string {
  return inferred.files.length === 1 ? 'the handler calls' : 'the handlers call';
}

function shortList(names: readonly string[]): string {
  return names.length <= 4 ? names.join(', ') : `${names.slice(0, 4).join(', ')} and ${names.length - 4} more`;
}

/** The `Policies` list (or single value) of a SAM function holding a managed policy entry. */
function policiesList(context: RuleContext, ref: ManagedPolicyRef): ValueList | undefined {
  const file = context.file;
  let hit: ValueList | undefined;
  const visit = (n: CNode | undefined): void => {
    if (!n || hit) return;
    if (n.kind === 'map') {
      for (const p of n.pairs) {
        if (p.key.value === 'Policies' && p.value && p.value.range[0] <= ref.value.range[0] && p.value.range[1] >= ref.value.range[1]) {
          const found = findPair(file, p.key.range);
          const v = found && inPlaceValue(file, found.pair);
          if (v) {
            let end = v.range[1];
            while (end > v.range[0] && /\s/.test(file.text[end - 1])) end--;
            hit = { keyRange: p.key.range, range: [v.range[0], end], items: [] };
          }
          return;
        }
        visit(p.value);
      }
    } else if (n.kind === 'seq') {
      for (const i of n.items) visit(i);
    }
  };
  for (const root of file.config?.roots ?? []) visit(root);
  return hit;
}

/**
 * Whether a fix of one of `fn`'s grants may read its handler's code (the least-privilege and narrowing
 * fixes infer what the handler calls): an identity statement that applies to it with a wildcard action
 * or resource, or an AWS managed policy the rule offers to replace. A scan reads and parses a handler
 * ahead of the analysis only then; policy templates and exact grants never read it.
 */
export function grantsReadHandler(index: WorkspaceIndex, fn: FunctionModel): boolean {
  for (const ref of fn.managedPolicies) {
    const name = ref.awsManagedName;
    if (name && (ADMIN_POLICIES[name] || /FullAccess/.test(name)) && policyScope(name) !== null) return true;
  }
  for (const st of index.statementsForFunction(fn)) {
    if (st.embedded || st.policyKind !== 'identity' || !st.actions) continue;
    for (const item of st.actions.items) {
      if (leaves(item).some((leaf) => hasWildcard(itemString(leaf)))) return true;
    }
    for (const item of st.resources?.items ?? []) {
      if (leaves(item).some((leaf) => isWildcardResource(leaf))) return true;
    }
  }
  return false;
}

/**
 * Which actions an AWS managed policy grants, for the replacement statement: every action
 * (undefined) for AdministratorAccess, IAM for IAMFullAccess, one service for `*FullAccess`;
 * null when that cannot be told from the name.
 */
function policyScope(name: string): ReadonlySet<IamAction> | undefined | null {
  if (name === 'AdministratorAccess') return undefined;
  if (name === 'PowerUserAccess') {
    return new Set(expandActionPattern('*').filter((a) => a.service !== 'iam' && a.service !== 'organizations' && a.service !== 'account'));
  }
  if (name === 'IAMFullAccess') return new Set(expandActionPattern('iam:*'));
  const service = serviceOfPolicyName(name);
  return service ? new Set(expandActionPattern(`${service}:*`)) : null;
}

let displayIndex: Map<string, string> | undefined;

const normalise = (s: string) => s.replace(/^(Amazon|AWS)\s*/i, '').replace(/[^A-Za-z0-9]/g, '').toLowerCase();

/** `AmazonS3FullAccess` -> `s3`, `AWSStepFunctionsFullAccess` -> `states` (by service prefix or display name). */
export function serviceOfPolicyName(name: string): string | undefined {
  const m = /^(.*?)_?FullAccess(?:_v\d+)?$/.exec(name);
  if (!m) return undefined;
  const key = normalise(m[1]);
  if (!key) return undefined;
  if (isKnownService(key)) return key;
  if (!displayIndex) {
    displayIndex = new Map();
    const ambiguous = new Set<string>();
    for (const prefix of knownServices()) {
      const k = normalise(serviceDisplayName(prefix) ?? '');
      if (!k) continue;
      if (displayIndex.has(k)) ambiguous.add(k);
      else displayIndex.set(k, prefix);
    }
    for (const k of ambiguous) displayIndex.delete(k);
  }
  return displayIndex.get(key);
}
