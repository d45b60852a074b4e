/**
 * Rule `plain-http`: traffic that travels unencrypted. In handler code, `http://` and `ws://` URLs
 * that reach a network call; in configuration, cleartext endpoints that functions, API Gateway, SNS,
 * EventBridge and CloudFront use. See docs/rules/plain-http.md for every choice made.
 */
import type { Rule, RuleContext, RuleListener } from '../rule';
import { docsUrl } from './docs';
import { codeListener } from './plain-http/code';
import { ConfigAnalyzer } from './plain-http/config';
import { exportedConfigTree } from './plain-http/js-config';
import { Collector } from './plain-http/report';

// A cleartext scheme, a TLS switch or a CDK protocol constant must be in the text. `\x68ttp://`: a
// scheme written with escapes still has `://` (or an escaped colon) right after the escapes; a plain
// `https://` alone does not let the rule run (most files hold one, in a comment or a link).
const CLEARTEXT_HINT = /\\(?:x[0-9a-f]{2}|u[0-9a-f]{4}|u\{[0-9a-f]{1,6}\})[^\s'"`]{0,12}:\/\/|\\x3a|\\u003a|\b(?:http|ws)(?::|%3A)|sslEnabled|\btls\b|allow.?all|http.?only|\bHTTP(?:_PROXY)?\b|['"`]http['"`]|DefaultEndpointsProtocol/i;

export const plainHttp: Rule = {
  meta: {
    id: 'plain-http',
    description: 'Traffic travels unencrypted: a network call or an endpoint in configuration uses plain HTTP (http:// or ws://).',
    docsUrl: docsUrl('plain-http'),
    defaultSeverity: 'warning',
    messages: {
      cleartext: '{{url}} is requested over unencrypted {{protocol}} by {{sink}}; use {{secure}}.',
      credentials: '{{url}} sends a user name and password over unencrypted {{protocol}} via {{sink}}; use {{secure}}.',
      token: '{{url}} is requested over unencrypted {{protocol}} by {{sink}} with {{what}}, readable by anyone on the network path; use {{secure}}.',
      sdkNoTls: '{{sink}} talks to AWS without TLS ({{option}}); remove the option or set it to true.',
      configUrl: '{{where}} {{verb}} {{url}} over unencrypted {{protocol}}; use {{secure}}.',
      configCredentials: '{{where}} {{verb}} {{url}} over unencrypted {{protocol}} with {{what}}; use {{secure}}.',
      snsHttp: 'SNS subscription {{name}} delivers messages to {{url}} over unencrypted HTTP (Protocol: http); use https.',
      viewerAllowAll: 'CloudFront distribution {{name}} serves {{behavior}} over unencrypted HTTP too (ViewerProtocolPolicy: allow-all); use redirect-to-https or https-only.',
      originHttpOnly: 'CloudFront distribution {{name}} fetches from origin {{origin}} over unencrypted HTTP (OriginProtocolPolicy: http-only); use https-only.',
      storageHttp: '{{where}} is an Azure Storage connection string for {{account}} with DefaultEndpointsProtocol=http, so requests and their signatures travel unencrypted; use https.',
    },
    fixable: true,
    appliesTo: {
      code: ['javascript', 'typescript'],
      config: ['serverless', 'sam', 'cloudformation', 'azure-local-settings'],
    },
  },

  // Code files: every finding needs a cleartext scheme, a TLS switch, or a CDK protocol constant in the
  // text; configuration always runs (it is parsed for the model anyway).
  mayReport(file) {
    if (file.classification.role !== 'code') return true;
    return CLEARTEXT_HINT.test(file.text);
  },

  create(context: RuleContext): RuleListener {
    const collector = new Collector(context);
    const c = context.file.classification;
    const code = codeListener(context, collector);
    const format = c.role === 'config' ? c.format : undefined;
    const isJsConfig = c.role === 'config' && (c.language === 'javascript' || c.language === 'typescript');
    return {
      code: code.code,
      config: format
        ? (parsed) => {
            for (const root of parsed.roots) new ConfigAnalyzer(context, collector, root, format).run();
          }
        : undefined,
      end: () => {
        code.end?.();
        if (isJsConfig && format) {
          const ast = context.file.js?.ast;
          const tree = ast ? exportedConfigTree(ast) : undefined;
          if (tree) new ConfigAnalyzer(context, collector, tree, format).run();
        }
        collector.flush();
      },
    };
  },
};
