/**
 * plain-http in AWS CDK code (TypeScript/JavaScript stacks): the configuration checks of config.ts,
 * for the CDK constructs that express them — Lambda environment variables, SNS URL subscriptions,
 * API Gateway HTTP integrations, EventBridge API destinations and OAuth connections, and CloudFront
 * viewer / origin protocol policies.
 */
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { objectProperty, propertyName, unwrap, type ModuleBinding } from '../../code/bindings';
import { isExemptHost, isS3WebsiteHost } from '../../net/url';
import type { RuleContext } from '../../rule';
import type { UrlSite } from './code';
import { Collector, urlData } from './report';

type Node = TSESTree.Node;

/** What the CDK checks need from the JS analysis of the file. */
export interface CdkApi {
  context: RuleContext;
  collector: Collector;
  resolve(expr: Node | undefined | null): UrlSite[];
  resolveObjects(expr: Node | undefined | null): TSESTree.ObjectExpression[];
  /** The module and member path a callee or member expression names (`lambda.Function` -> aws-cdk-lib/aws-lambda, [Function]). */
  describe(expr: Node): { mod: ModuleBinding; path: string[] } | undefined;
}

const FUNCTION_SERVICES = new Set(['lambda', 'lambda-nodejs', 'lambda-python-alpha', 'lambda-go-alpha']);

/** `aws-cdk-lib/aws-lambda` + [Function] or `aws-cdk-lib` + [aws_lambda, Function] -> { service: 'lambda', name: 'Function' }. */
export function cdkService(mod: ModuleBinding, path: string[]): { service: string; rest: string[] } | undefined {
  const m = mod.module;
  let service: string | undefined;
  let rest = path;
  const sub = /^(?:aws-cdk-lib\/aws-|@aws-cdk\/aws-)([a-z0-9-]+)$/.exec(m);
  if (sub) service = sub[1];
  else if (m === 'aws-cdk-lib' && path[0]?.startsWith('aws_')) {
    service = path[0].slice(4).replace(/_/g, '-');
    rest = path.slice(1);
  }
  return service ? { service, rest } : undefined;
}

export function cdkListener(api: CdkApi) {
  const { collector, context } = api;

  function constructId(node: TSESTree.NewExpression): string {
    const id = node.arguments[1] ? unwrap(node.arguments[1]) : undefined;
    return id?.type === 'Literal' && typeof id.value === 'string' ? id.value : '…';
  }

  function addSite(site: UrlSite, where: string, verb: string, what?: string): void {
    const data: Record<string, string> = { ...urlData(site.url), where, verb };
    let w = what;
    if (site.url.hasCredentials) w = 'a user name and password';
    else if (!w && site.url.tokenParam) w = `a credential in its query string (${site.url.tokenParam})`;
    if (w) data.what = w;
    collector.add({
      start: site.node.range[0],
      end: site.node.range[1],
      messageId: w ? 'configCredentials' : 'configUrl',
      data,
      severity: w ? 'error' : undefined,
      url: site.url,
      schemeEnd: site.schemeEnd,
    });
  }

  function propsOf(node: TSESTree.NewExpression | TSESTree.CallExpression, index: number, key: string): Node | undefined {
    for (const obj of api.resolveObjects(node.arguments[index])) {
      const p = objectProperty(obj, key);
      if (p) return p.value;
    }
    return undefined;
  }

  function environment(envNode: Node | undefined, fn: string): void {
    for (const obj of api.resolveObjects(envNode)) {
      for (const p of obj.properties) {
        if (p.type !== 'Property') continue;
        const name = propertyName(p) ?? '…';
        for (const s of api.resolve(p.value)) addSite(s, `Environment variable ${name} of function ${fn}`, 'points at');
      }
    }
  }

  function onNew(node: TSESTree.NewExpression): void {
    const d = api.describe(node.callee);
    if (!d) return;
    const svc = cdkService(d.mod, d.path);
    if (!svc || svc.rest.length !== 1) return;
    const cls = svc.rest[0];
    const id = constructId(node);
    if (FUNCTION_SERVICES.has(svc.service) && /Function$/.test(cls)) {
      environment(propsOf(node, 2, 'environment'), id);
    } else if (svc.service === 'sns-subscriptions' && cls === 'UrlSubscription') {
      for (const s of api.resolve(node.arguments[0])) addSite(s, 'SNS URL subscription', 'delivers messages to');
    } else if (svc.service === 'sns' && cls === 'Subscription') {
      const protocol = propsOf(node, 2, 'protocol');
      const p = protocol ? unwrap(protocol) : undefined;
      const isHttp = p && ((p.type === 'MemberExpression' && propertyName(p) === 'HTTP') || (p.type === 'Literal' && p.value === 'http'));
      if (isHttp) for (const s of api.resolve(propsOf(node, 2, 'endpoint'))) addSite(s, `SNS subscription ${id}`, 'delivers messages to');
    } else if (svc.service === 'apigateway' && cls === 'HttpIntegration') {
      for (const s of api.resolve(node.arguments[0])) addSite(s, 'API Gateway HTTP integration', 'forwards requests to');
    } else if ((svc.service === 'apigatewayv2-integrations' || svc.service === 'apigatewayv2-integrations-alpha') && cls === 'HttpUrlIntegration') {
      const first = node.arguments[0] ? unwrap(node.arguments[0]) : undefined;
      const integrationId = first?.type === 'Literal' && typeof first.value === 'string' ? first.value : '…';
      for (const s of api.resolve(node.arguments[1])) addSite(s, `API Gateway integration ${integrationId}`, 'forwards requests to');
    } else if (svc.service === 'events' && cls === 'ApiDestination') {
      for (const s of api.resolve(propsOf(node, 2, 'endpoint'))) addSite(s, `EventBridge API destination ${id}`, 'sends events to', "the connection's credentials");
    }
  }

  function onCall(node: TSESTree.CallExpression): void {
    const callee = unwrap(node.callee);
    if (callee.type !== 'MemberExpression') return;
    const name = propertyName(callee);
    if (name === 'addEnvironment' && node.arguments.length >= 2) {
      const key = unwrap(node.arguments[0]);
      const k = key.type === 'Literal' && typeof key.value === 'string' ? key.value : '…';
      const recv = unwrap(callee.object);
      const fn = recv.type === 'Identifier' ? recv.name : recv.type === 'MemberExpression' ? propertyName(recv) ?? '…' : '…';
      for (const s of api.resolve(node.arguments[1])) addSite(s, `Environment variable ${k} of function ${fn}`, 'points at');
      return;
    }
    if (name === 'oauth') {
      const d = api.describe(callee);
      const svc = d ? cdkService(d.mod, d.path) : undefined;
      if (svc?.service === 'events' && svc.rest.join('.') === 'Authorization.oauth') {
        for (const s of api.resolve(propsOf(node, 0, 'authorizationEndpoint'))) addSite(s, 'EventBridge connection', 'requests OAuth tokens from', 'the OAuth client secret');
      }
    }
  }

  /** `ViewerProtocolPolicy.ALLOW_ALL`, `OriginProtocolPolicy.HTTP_ONLY` from the CloudFront module. */
  function onMember(node: TSESTree.MemberExpression): void {
    const member = propertyName(node);
    if (member !== 'ALLOW_ALL' && member !== 'HTTP_ONLY') return;
    const d = api.describe(node);
    const svc = d ? cdkService(d.mod, d.path) : undefined;
    if (!svc || svc.service !== 'cloudfront' || svc.rest.length !== 2) return;
    const prop = node.property;
    if (svc.rest[0] === 'ViewerProtocolPolicy' && member === 'ALLOW_ALL') {
      collector.add({
        start: node.range[0],
        end: node.range[1],
        messageId: 'viewerAllowAll',
        data: { name: enclosingConstructId(node), behavior: 'a cache behavior' },
        fix: { title: 'Use REDIRECT_TO_HTTPS', edits: [context.replace(prop.range[0], prop.range[1], 'REDIRECT_TO_HTTPS')] },
      });
    } else if (svc.rest[0] === 'OriginProtocolPolicy' && member === 'HTTP_ONLY') {
      // An HttpOrigin on an S3 website endpoint serves HTTP only.
      const origin = enclosingNew(node);
      const domain = origin?.arguments[0] ? unwrap(origin.arguments[0]) : undefined;
      if (domain) {
        if (domain.type === 'Literal' && typeof domain.value === 'string' && (isS3WebsiteHost(domain.value) || isExemptHost(domain.value, context.settings.plainHttp?.allowedHosts))) return;
        if (/bucketWebsiteDomainName|s3-website/i.test(context.file.text.slice(domain.range[0], domain.range[1]))) return;
      }
      const originName = domain?.type === 'Literal' && typeof domain.value === 'string' ? domain.value : 'an origin';
      collector.add({
        start: node.range[0],
        end: node.range[1],
        messageId: 'originHttpOnly',
        data: { name: enclosingConstructId(node), origin: originName },
        fix: { title: 'Use HTTPS_ONLY', edits: [context.replace(prop.range[0], prop.range[1], 'HTTPS_ONLY')] },
      });
    }
  }

  function enclosingNew(node: Node): TSESTree.NewExpression | undefined {
    let cur = node.parent;
    while (cur) {
      if (cur.type === 'NewExpression') return cur;
      if (cur.type === 'FunctionDeclaration' || cur.type === 'ArrowFunctionExpression' || cur.type === 'FunctionExpression') return undefined;
      cur = cur.parent;
    }
    return undefined;
  }

  /** The id of the Distribution construct the node is written in (its second argument). */
  function enclosingConstructId(node: Node): string {
    let cur = node.parent;
    while (cur) {
      if (cur.type === 'NewExpression') {
        const id = constructId(cur);
        if (id !== '…') return id;
      }
      cur = cur.parent;
    }
    return '…';
  }

  return { onNew, onCall, onMember };
}
