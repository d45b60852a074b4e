/**
 * Rule `unknown-iam-action`: an action name in a policy statement that does not exist in the IAM data
 * (`s3:GetObjects`, `dynamdb:GetItem`), or a pattern that matches no action. IAM accepts such names
 * silently, so an Allow grants less than intended (the function fails at run time) and a Deny denies
 * nothing. The finding names the closest real action, and the fix writes it. Reads the same statements
 * as `wildcard-permission` (Serverless, SAM, CloudFormation, CDK). See docs/rules/unknown-iam-action.md.
 */
import { closestAction, expandActionPattern, hasWildcard, isKnownService, lookupAction } from '../iam';
import { isModelled, leaves, literalString, modelOfFile, type ModelValue, type StatementModel } from '../model';
import type { FixSpec, Rule, RuleContext, RuleListener } from '../rule';
import { docsUrl } from './docs';
import { isFrameworkGenerated } from './wildcard-permission/grants';

export const unknownIamAction: Rule = {
  meta: {
    id: 'unknown-iam-action',
    description: 'A policy statement names an IAM action that does not exist (a typo), so it grants or denies nothing.',
    docsUrl: docsUrl('unknown-iam-action'),
    defaultSeverity: 'warning',
    messages: {
      unknownAction: '{{action}} is not an action of {{service}}, so this {{effect}} does not cover it; did you mean {{closest}}?',
      unknownActionNoHint: '{{action}} is not an action of {{service}}, so this {{effect}} does not cover it.',
      unknownService: '{{action}} names no AWS service ("{{prefix}}" is not a service prefix); did you mean {{closest}}?',
      unknownServiceNoHint: '{{action}} names no AWS service ("{{prefix}}" is not a service prefix), so this {{effect}} does not cover anything.',
      noMatch: '"{{pattern}}" matches no IAM action, so this {{effect}} does not cover anything.',
      malformed: '"{{action}}" is not an IAM action: actions are written service:Action, for example s3:GetObject.',
    },
    fixable: true,
    appliesTo: {
      code: ['javascript', 'typescript'],
      config: ['serverless', 'sam', 'cloudformation'],
    },
  },

  // It reads the statements of the file's deployment model: every configuration it applies to has one,
  // JS/TS code only when it is a CDK stack (any other handler or module is not parsed for this rule).
  mayReport: isModelled,

  create(context: RuleContext): RuleListener {
    return {
      end: () => {
        const model = modelOfFile(context.file);
        if (!model) return;
        for (const st of model.statements) {
          try {
            checkStatement(context, st);
          } catch {
            /* one unreadable statement does not hide the others */
          }
        }
      },
    };
  },
};

function checkStatement(context: RuleContext, st: StatementModel): void {
  if (isFrameworkGenerated(st)) return;
  const effects = leaves(st.effect).map((v) => literalString(v)?.trim().toLowerCase());
  const deny = effects.length > 0 && effects.every((e) => e === 'deny');
  const effect = deny ? 'Deny' : 'statement';
  for (const list of [st.actions, st.notActions]) {
    for (const item of list?.items ?? []) {
      for (const leaf of leaves(item)) check(context, leaf, effect, deny);
    }
  }
}

function check(context: RuleContext, v: ModelValue, effect: string, deny: boolean): void {
  const raw = literalString(v);
  if (raw === undefined) return;
  const name = raw.trim();
  if (name === '') return;
  const severity = deny ? 'error' : 'warning';
  const report = (messageId: string, data: Record<string, string>, fix?: FixSpec) =>
    context.report({ messageId, data, start: v.range[0], end: v.range[1], severity, ...(fix ? { fixes: [fix] } : {}) });
  if (hasWildcard(name)) {
    if (expandActionPattern(name).length === 0) report('noMatch', { pattern: name, effect });
    return;
  }
  if (lookupAction(name)) return;
  const colon = name.indexOf(':');
  if (colon <= 0 || colon === name.length - 1 || name.indexOf(':', colon + 1) >= 0 || /\s/.test(name)) {
    report('malformed', { action: name });
    return;
  }
  const prefix = name.slice(0, colon);
  const closest = closestAction(name);
  const fix = closest ? replaceName(context, v, name, closest.fullName) : undefined;
  if (!isKnownService(prefix)) {
    if (closest) report('unknownService', { action: name, prefix, closest: closest.fullName }, fix);
    else report('unknownServiceNoHint', { action: name, prefix, effect });
    return;
  }
  const service = prefix.toLowerCase();
  if (closest) report('unknownAction', { action: name, service, effect, closest: closest.fullName }, fix);
  else report('unknownActionNoHint', { action: name, service, effect });
}

/**
 * Rewrites the name where it is written (where a `${self:...}` variable leads, when it does): only
 * the name's characters change, so quotes and escapes around it stay as they are.
 */
function replaceName(context: RuleContext, v: ModelValue, name: string, replacement: string): FixSpec | undefined {
  const at = v.definedAt ?? v.range;
  const text = context.file.text.slice(at[0], at[1]);
  const i = text.indexOf(name);
  if (i < 0 || text.indexOf(name, i + 1) >= 0) return undefined;
  const start = at[0] + i;
  return { title: `Change to ${replacement}`, isPreferred: true, edits: [context.replace(start, start + name.length, replacement)] };
}
