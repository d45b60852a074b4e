/**
 * Rule `wildcard-permission`: IAM grants wider than the code needs. Reads every statement, managed
 * policy and SAM policy template the deployment model finds (Serverless, SAM, CloudFormation, CDK)
 * and reports wildcard actions, `NotAction` / `NotResource` with Allow, `Resource: "*"` for actions
 * that can be limited to ARNs, anonymous principals without a restricting condition, and AWS managed
 * policies that grant everything or a whole service. The preferred fix replaces a wildcard by the
 * actions the handlers' AWS SDK calls need. See docs/rules/wildcard-permission.md.
 */
import { isModelled, modelOfFile } from '../model';
import type { Rule, RuleContext, RuleListener } from '../rule';
import { docsUrl } from './docs';
import { MESSAGES, WildcardChecks } from './wildcard-permission/checks';

export const wildcardPermission: Rule = {
  meta: {
    id: 'wildcard-permission',
    description: 'An IAM grant is wider than the code needs: wildcard actions or resources, NotAction, anonymous principals, or an all-powerful managed policy.',
    docsUrl: docsUrl('wildcard-permission'),
    defaultSeverity: 'warning',
    messages: MESSAGES,
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
        new WildcardChecks(context, model).run();
      },
    };
  },
};
