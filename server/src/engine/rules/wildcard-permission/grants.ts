/**
 * What a statement grants, in IAM terms: which values are wildcards, which actions a list allows,
 * which resource values mean "every resource", which conditions restrict an anonymous principal.
 * Pure functions over the deployment model; the IAM facts come from ../../iam.
 */
import {
  allActions,
  expandActionPattern,
  hasWildcard,
  lookupAction,
  mostDangerous,
  type AccessLevel,
  type IamAction,
} from '../../iam';
import { leaves, literalString } from '../../model';
import type { ConditionEntry, ModelValue, StatementModel, ValueList } from '../../model';

/** The literal string of a list item (Serverless `${self:}` and `Fn::FindInMap` to a literal included). */
export function itemString(v: ModelValue): string | undefined {
  const s = literalString(v);
  return s === undefined ? undefined : s.trim();
}

/**
 * True when the statement's Effect is (or may be, through `Fn::If`) `Allow`. IAM rejects a statement
 * without Effect, but the CDK defaults it to Allow (`PolicyStatement.fromJson({Action, Resource})`).
 */
export function isAllow(st: StatementModel, cdk = false): boolean {
  if (!st.effect) return cdk;
  return leaves(st.effect).some((v) => itemString(v)?.toLowerCase() === 'allow');
}

/**
 * Statements the framework builds from a setting (the resource policy of a public function URL, a
 * layer shared on purpose): not written as statements, so not reported.
 */
export function isFrameworkGenerated(st: StatementModel): boolean {
  return st.generated !== undefined && !USER_WRITTEN.has(st.generated);
}

/**
 * Statements the model synthesises from something the user wrote as such: a Lambda permission, the
 * legacy event bus permission, a CDK role's `assumedBy` principal (its only setting is the principal).
 */
const USER_WRITTEN: ReadonlySet<string> = new Set(['lambda-permission', 'event-bus-permission', 'cdk-assumed-by']);

/** Action patterns: `*` alone (every action of every service). */
export function isStarPattern(p: string): boolean {
  return /^\*+$/.test(p) || /^\*+:\*+$/.test(p);
}

/** `service:*`: every action of one service. */
export function serviceOfServiceWildcard(p: string): string | undefined {
  const m = /^([A-Za-z0-9-]+):\*+$/.exec(p);
  return m ? m[1].toLowerCase() : undefined;
}

/** The actions a list of action values allows (exact names looked up, patterns expanded; unknown names ignored). */
export function actionsOfList(list: ValueList | undefined): Set<IamAction> {
  const out = new Set<IamAction>();
  for (const item of list?.items ?? []) {
    for (const leaf of leaves(item)) {
      const s = itemString(leaf);
      if (s === undefined) continue;
      if (hasWildcard(s)) for (const a of expandActionPattern(s)) out.add(a);
      else {
        const a = lookupAction(s);
        if (a) out.add(a);
      }
    }
  }
  return out;
}

/**
 * Actions that Lambda's own execution policies grant on `"*"` (AWSLambdaBasicExecutionRole,
 * AWSLambdaVPCAccessExecutionRole, AWSXRayDaemonWriteAccess): a function's logs, its network
 * interfaces in a VPC, its traces. Granting them on every resource is the documented practice, so
 * `Resource: "*"` is not reported for them (an action wildcard such as `logs:*` still is).
 */
export const HOUSEKEEPING_ACTIONS: ReadonlySet<string> = new Set(
  [
    'logs:CreateLogGroup',
    'logs:CreateLogStream',
    'logs:PutLogEvents',
    'ec2:CreateNetworkInterface',
    'ec2:DeleteNetworkInterface',
    'ec2:DescribeNetworkInterfaces',
    'ec2:DescribeSubnets',
    'ec2:AssignPrivateIpAddresses',
    'ec2:UnassignPrivateIpAddresses',
    'xray:PutTraceSegments',
    'xray:PutTelemetryRecords',
    'xray:GetSamplingRules',
    'xray:GetSamplingTargets',
    'xray:GetSamplingStatisticSummaries',
    'cloudwatch:PutMetricData',
  ].map((s) => s.toLowerCase()),
);

const SCOPED_LEVELS: ReadonlySet<AccessLevel> = new Set<AccessLevel>(['Write', 'Permissions management', 'Tagging']);

/**
 * The actions for which `Resource: "*"` matters: they can be scoped to ARNs (the IAM data lists a
 * resource type), change something (Write, Permissions management, Tagging), and are not Lambda
 * housekeeping.
 */
export function scopableWrites(actions: Iterable<IamAction>): IamAction[] {
  const out: IamAction[] = [];
  for (const a of actions) {
    if (!a.resourceLevel || !SCOPED_LEVELS.has(a.access)) continue;
    if (HOUSEKEEPING_ACTIONS.has(a.fullName.toLowerCase())) continue;
    out.push(a);
  }
  return out;
}

/**
 * True when a resource value means every resource: `*`, or an ARN whose resource part is only a
 * wildcard (`arn:aws:s3:::*`, `arn:aws:dynamodb:*:*:table/*`, `arn:${AWS::Partition}:sqs:*:*:*`).
 * An ARN naming something (`arn:aws:s3:::my-bucket/*`) is not.
 */
export function isWildcardResource(v: ModelValue): boolean {
  const text = resourceText(v);
  if (text === undefined) return false;
  const t = text.trim();
  if (/^\*+$/.test(t)) return true;
  if (!t.startsWith('arn:')) return false;
  const parts = t.split(':');
  if (parts.length < 6) return false;
  const resource = parts.slice(5).join(':');
  // A variable in the resource part names something we cannot see: not a wildcard.
  if (resource.includes('\u0000')) return false;
  // `*`, `*/*`, or a resource type followed by nothing but wildcards: `table/*`, `function:*`.
  // S3, SQS and SNS ARNs have no resource type: `arn:aws:s3:::bucket/*` names a bucket.
  const typed = !/^(s3|sqs|sns)$/i.test(parts[2]);
  return (typed ? /^(?:[A-Za-z][A-Za-z0-9-]*[/:])?[*/]*\*[*/]*$/ : /^[*/]*\*[*/]*$/).test(resource);
}

/** Literal text of a resource value, with `\u0000` standing for each variable of a template. */
function resourceText(v: ModelValue): string | undefined {
  if (v.kind === 'literal') return typeof v.value === 'string' ? v.value : undefined;
  if (v.kind === 'template' && v.parts) return v.parts.map((p) => ('text' in p ? p.text : '\u0000')).join('');
  return undefined;
}

/**
 * Condition keys that limit who an anonymous (`"*"`) principal can be: the calling account, its
 * organisation, the source resource or network. Lower case (condition keys are case-insensitive).
 */
const RESTRICTING_KEYS: ReadonlySet<string> = new Set([
  'aws:sourcearn',
  'aws:sourceaccount',
  'aws:sourceowner',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:principalservicename',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourceip',
  'aws:vpcsourceip',
  'aws:userid',
  'aws:username',
  'kms:calleraccount',
  's3:dataaccesspointaccount',
]);

/**
 * True when some condition restricts the caller: a restricting key, under an operator that requires
 * the key to be present (not `...IfExists`, not `Null`), with a value that is not just `*`.
 */
export function hasRestrictingCondition(conditions: readonly ConditionEntry[] | undefined): boolean {
  for (const c of conditions ?? []) {
    if (!RESTRICTING_KEYS.has(c.key.trim().toLowerCase())) continue;
    const op = c.operator.trim();
    if (/IfExists$/i.test(op) || /^Null$/i.test(op)) continue;
    const values = c.values.flatMap(leaves);
    if (values.length > 0 && values.every((v) => itemString(v) === '*')) continue;
    return true;
  }
  return false;
}

/** `count` actions except those excluded, for NotAction messages: how many, and the most dangerous. */
export function complementSummary(excluded: ReadonlySet<IamAction>): { count: number; examples: string[] } {
  const all = allActions();
  const rest = excluded.size === 0 ? all : all.filter((a) => !excluded.has(a));
  return { count: rest.length, examples: mostDangerous(rest, 2).map((a) => a.fullName) };
}

/** `a`, `a and b`, `a, b and c`. */
export function joinAnd(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** Display of a value in a message: `"*"` for literals, the source text otherwise. */
export function quoted(s: string): string {
  return `"${s}"`;
}
