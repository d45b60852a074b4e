/**
 * plain-http in configuration (Serverless Framework, SAM, CloudFormation, Azure local settings; YAML,
 * JSON, and serverless.ts/js through js-config.ts): cleartext endpoints in function environment
 * variables (and the Parameters defaults, Mappings and Serverless variables they come from), SNS HTTP
 * subscriptions, API Gateway HTTP integrations, EventBridge API destinations and connections, and
 * CloudFront behaviours that accept or fetch over plain HTTP.
 */
import type { ConfigFormat } from '../../classify';
import { isExemptHost, isS3WebsiteHost, parseCleartextUrl, parseStorageConnection, schemeEndIn, type CleartextUrl } from '../../net/url';
import { get, getPath, isMap, isScalar, isSeq, stringValue, walk, type CMap, type CNode, type CScalar } from '../../parse/tree';
import type { RuleContext } from '../../rule';
import type { Severity, TextEdit } from '../../types';
import { Collector, urlData } from './report';

/** A cleartext URL written in a scalar; `via` names where it was reached through (`parameter ApiUrl`). */
interface ConfigSite {
  scalar: CScalar;
  url: CleartextUrl;
  schemeEnd: number | undefined;
  exempt: boolean;
  via?: string;
}

interface EnvEntry {
  name: string;
  value: CNode;
  /** Function name, or undefined when the variable is set for every function. */
  fn: string | undefined;
  /** What the entry is called in messages (default "Environment variable"). */
  label?: string;
}

const MAX_DEPTH = 12;

/** The `Fn::X` / `!X` intrinsic a node is, with its argument. */
function intrinsic(n: CNode | undefined): { fn: string; arg: CNode } | undefined {
  if (!n) return undefined;
  if (n.tag && n.tag.startsWith('!')) return { fn: n.tag.slice(1), arg: n };
  if (n.kind === 'map' && n.pairs.length === 1) {
    const k = String(n.pairs[0].key.value);
    const v = n.pairs[0].value;
    if (!v) return undefined;
    if (k === 'Ref') return { fn: 'Ref', arg: v };
    if (k.startsWith('Fn::')) return { fn: k.slice(4), arg: v };
  }
  return undefined;
}

function scalarText(n: CNode | undefined): string | undefined {
  return n && n.kind === 'scalar' && typeof n.value === 'string' ? n.value : undefined;
}

export class ConfigAnalyzer {
  private readonly text: string;
  private readonly allowed: readonly string[] | undefined;
  private resources: Array<{ id: string; type: string; props: CNode | undefined }> = [];
  private parameters: CMap | undefined;
  private mappings: CNode | undefined;

  constructor(
    private readonly context: RuleContext,
    private readonly collector: Collector,
    private readonly root: CNode | undefined,
    private readonly format: ConfigFormat,
  ) {
    this.text = context.file.text;
    this.allowed = context.settings.plainHttp?.allowedHosts;
  }

  run(): void {
    const root = this.root;
    if (!isMap(root)) return;
    this.collectResources();
    for (const e of this.environmentEntries()) this.checkEnv(e);
    for (const r of this.resources) this.checkResource(r.id, r.type, r.props);
    if (this.format === 'serverless') this.checkServerlessEvents();
    if (this.format !== 'azure-local-settings') this.checkOpenApi();
  }

  // ------------------------------------------------------------ model of the file

  private collectResources(): void {
    const root = this.root;
    const resourceMaps: Array<CNode | undefined> = [];
    const paramMaps: Array<CNode | undefined> = [];
    const mappingMaps: Array<CNode | undefined> = [];
    if (this.format === 'serverless') {
      const res = get(root, 'resources');
      const parts = isSeq(res) ? res.items : [res];
      for (const part of parts) {
        resourceMaps.push(get(part, 'Resources'));
        paramMaps.push(get(part, 'Parameters'));
        mappingMaps.push(get(part, 'Mappings'));
      }
    } else {
      resourceMaps.push(get(root, 'Resources'));
      paramMaps.push(get(root, 'Parameters'));
      mappingMaps.push(get(root, 'Mappings'));
    }
    for (const m of resourceMaps) {
      if (!isMap(m)) continue;
      for (const p of m.pairs) {
        const type = stringValue(get(p.value, 'Type'));
        if (type) this.resources.push({ id: String(p.key.value), type, props: get(p.value, 'Properties') });
      }
    }
    for (const m of paramMaps) if (isMap(m)) this.parameters = this.parameters ? { ...this.parameters, pairs: [...this.parameters.pairs, ...m.pairs] } : m;
    this.mappings = mappingMaps.find(isMap);
  }

  /**
   * Function environment variables. This reads the configuration trees directly; when the deployment
   * model (engine/model) exposes environment entries, this is the one place to switch over.
   */
  private environmentEntries(): EnvEntry[] {
    const out: EnvEntry[] = [];
    const addMap = (m: CNode | undefined, fn: string | undefined, label?: string) => {
      if (!isMap(m)) return;
      for (const p of m.pairs) if (p.value) out.push({ name: String(p.key.value), value: p.value, fn, label });
    };
    const root = this.root;
    switch (this.format) {
      case 'serverless': {
        addMap(getPath(root, ['provider', 'environment']), undefined);
        const fns = get(root, 'functions');
        for (const m of isSeq(fns) ? fns.items : [fns]) {
          if (!isMap(m)) continue;
          for (const p of m.pairs) addMap(get(p.value, 'environment'), String(p.key.value));
        }
        break;
      }
      case 'sam':
        addMap(getPath(root, ['Globals', 'Function', 'Environment', 'Variables']), undefined);
        break;
      case 'azure-local-settings':
        addMap(get(root, 'Values'), undefined);
        addMap(get(root, 'ConnectionStrings'), undefined, 'Connection string');
        break;
      default:
        break;
    }
    for (const r of this.resources) {
      if (r.type === 'AWS::Lambda::Function' || r.type === 'AWS::Serverless::Function') addMap(getPath(r.props, ['Environment', 'Variables']), r.id);
    }
    return out;
  }

  // ------------------------------------------------------------ resolving a value to URL literals

  /** Every cleartext URL literal a value can be: plain strings, !Sub, !Join, !If, !Ref to a parameter, !FindInMap, Serverless variables. */
  private sites(n: CNode | undefined, depth = 0, via?: string): ConfigSite[] {
    if (!n || depth > MAX_DEPTH) return [];
    const f = intrinsic(n);
    if (f) return this.intrinsicSites(f.fn, f.arg, depth, via);
    if (n.kind !== 'scalar' || typeof n.value !== 'string') return [];
    const site = this.siteIn(n, n.value, 0, via);
    if (site) return [site];
    if (this.format === 'serverless' && /^\s*\$\{/.test(n.value)) return this.serverlessVarSites(n, n.value.trim(), depth, via);
    return [];
  }

  private intrinsicSites(fn: string, arg: CNode, depth: number, via: string | undefined): ConfigSite[] {
    const args = isSeq(arg) ? arg.items : [];
    switch (fn) {
      case 'Sub': {
        const str = isScalar(arg) ? arg : args[0];
        const vars = isSeq(arg) ? args[1] : undefined;
        const s = scalarText(str);
        if (s === undefined || !isScalar(str)) return [];
        const site = this.siteIn(str, s, 0, via);
        if (site) return [site];
        const lead = /^\s*\$\{([A-Za-z0-9_:.]+)\}/.exec(s);
        if (!lead) return [];
        const name = lead[1];
        const bound = get(vars, name);
        if (bound) return this.sites(bound, depth + 1, via);
        return name.includes('.') ? [] : this.parameterSites(name, depth, via);
      }
      case 'Ref': {
        const name = scalarText(arg);
        return name ? this.parameterSites(name, depth, via) : [];
      }
      case 'Join': {
        const list = args[1];
        const first = isSeq(list) ? list.items[0] : undefined;
        return first ? this.sites(first, depth + 1, via) : [];
      }
      case 'If':
        return [...this.sites(args[1], depth + 1, via), ...this.sites(args[2], depth + 1, via)];
      case 'FindInMap':
        return this.findInMapSites(args, depth, via);
      case 'Select': {
        const idx = Number(scalarText(args[0]) ?? (isScalar(args[0]) ? args[0].value : NaN));
        const list = args[1];
        if (isSeq(list) && Number.isInteger(idx)) return this.sites(list.items[idx], depth + 1, via);
        return [];
      }
      default:
        return [];
    }
  }

  private parameterSites(name: string, depth: number, via: string | undefined): ConfigSite[] {
    const def = get(get(this.parameters, name), 'Default');
    if (!def) return [];
    return this.sites(def, depth + 1, via ?? `The default of parameter ${name}`);
  }

  private findInMapSites(args: CNode[], depth: number, via: string | undefined): ConfigSite[] {
    const mapName = scalarText(args[0]);
    const map = mapName ? get(this.mappings, mapName) : undefined;
    if (!isMap(map)) return [];
    const k1 = args[1] && !intrinsic(args[1]) ? scalarText(args[1]) : undefined;
    const k2 = args[2] && !intrinsic(args[2]) ? scalarText(args[2]) : undefined;
    const level1 = k1 !== undefined ? [get(map, k1)] : map.pairs.map((p) => p.value);
    const out: ConfigSite[] = [];
    for (const l1 of level1) {
      if (!isMap(l1)) continue;
      const level2 = k2 !== undefined ? [get(l1, k2)] : l1.pairs.map((p) => p.value);
      for (const v of level2) out.push(...this.sites(v, depth + 1, via ?? `Mapping ${mapName}`));
    }
    return out;
  }

  /** `${self:custom.apiUrl}`, `${param:apiUrl}`, `${env:API_URL, 'http://…'}` at the start of a Serverless value. */
  private serverlessVarSites(scalar: CScalar, value: string, depth: number, via: string | undefined): ConfigSite[] {
    const inner = leadingVariable(value);
    if (inner === undefined) return [];
    const [source, ...fallbacks] = splitTopLevel(inner);
    const out: ConfigSite[] = [];
    const src = source.trim();
    const self = /^self:([\w.-]+)$/.exec(src);
    if (self) {
      const path = self[1].split('.');
      out.push(...this.sites(getPath(this.root, path), depth + 1, via ?? self[1]));
    }
    const param = /^param:([\w-]+)$/.exec(src);
    if (param) {
      const params = get(this.root, 'params');
      if (isMap(params)) for (const stage of params.pairs) out.push(...this.sites(get(stage.value, param[1]), depth + 1, via ?? `params.${String(stage.key.value)}.${param[1]}`));
    }
    for (const fb of fallbacks) {
      const t = fb.trim();
      const quoted = /^(['"])(.*)\1$/.exec(t);
      if (quoted) {
        const raw = this.text.slice(scalar.range[0], scalar.range[1]);
        const at = raw.indexOf(quoted[2]);
        const site = this.siteIn(scalar, quoted[2], at < 0 ? -1 : at, via);
        if (site) out.push(site);
      } else if (t.startsWith('${')) {
        out.push(...this.serverlessVarSites(scalar, t, depth + 1, via));
      }
    }
    return out;
  }

  /** A site for the URL `s` written in `scalar`; `rawAt` is where `s` starts in the scalar's source (-1: unknown). */
  private siteIn(scalar: CScalar, s: string, rawAt: number, via: string | undefined): ConfigSite | undefined {
    const url = parseCleartextUrl(s);
    if (!url) return undefined;
    const raw = this.text.slice(scalar.range[0], scalar.range[1]);
    const at = rawAt < 0 ? -1 : schemeEndIn(raw, rawAt);
    return {
      scalar,
      url,
      schemeEnd: at < 0 ? undefined : scalar.range[0] + at,
      exempt: url.host !== undefined && isExemptHost(url.host, this.allowed),
      via,
    };
  }

  // ------------------------------------------------------------ reporting

  private addSite(site: ConfigSite, where: string, verb: string, opts: { severity?: Severity; what?: string } = {}): void {
    if (site.exempt) return;
    const fullWhere = site.via ? `${site.via} (used by ${lowerFirst(where)})` : where;
    const data: Record<string, string> = { ...urlData(site.url), where: fullWhere, verb };
    let what = opts.what;
    if (site.url.hasCredentials) what = 'a user name and password';
    else if (!what && site.url.tokenParam) what = `a credential in its query string (${site.url.tokenParam})`;
    const severity = what ? 'error' : opts.severity;
    if (what) data.what = what;
    this.collector.add({
      start: site.scalar.range[0],
      end: site.scalar.range[1],
      messageId: what ? 'configCredentials' : 'configUrl',
      data,
      severity,
      url: site.url,
      schemeEnd: site.schemeEnd,
    });
  }

  private checkEnv(e: EnvEntry): void {
    // Proxy settings: HTTPS goes through an http:// proxy inside a CONNECT tunnel, still encrypted end to end.
    if (/^(?:https?|all|ftp)_proxy$/i.test(e.name)) return;
    const where = `${e.label ?? 'Environment variable'} ${e.name} ${e.fn ? `of function ${e.fn}` : this.format === 'azure-local-settings' ? 'of the function app' : 'of every function'}`;
    for (const s of this.sites(e.value)) this.addSite(s, where, 'points at');
    // Azure Storage connection strings that select HTTP.
    const v = e.value;
    if (isScalar(v) && typeof v.value === 'string' && !v.tag) {
      const conn = parseStorageConnection(v.value);
      if (!conn) return;
      const raw = this.text.slice(v.range[0], v.range[1]);
      const m = /DefaultEndpointsProtocol\s*=\s*http\b/i.exec(raw);
      const edits: TextEdit[] = m ? [this.context.replace(v.range[0] + m.index + m[0].length, v.range[0] + m.index + m[0].length, 's')] : [];
      this.collector.add({
        start: v.range[0],
        end: v.range[1],
        messageId: 'storageHttp',
        data: { where, account: conn.account ?? 'the account' },
        severity: conn.hasKey ? 'error' : undefined,
        fix: edits.length ? { title: 'Use DefaultEndpointsProtocol=https', edits } : undefined,
      });
    }
  }

  private checkResource(id: string, type: string, props: CNode | undefined): void {
    switch (type) {
      case 'AWS::SNS::Subscription':
        this.checkSns(id, props);
        break;
      case 'AWS::SNS::Topic': {
        const subs = get(props, 'Subscription');
        if (isSeq(subs)) for (const s of subs.items) this.checkSns(id, s);
        break;
      }
      case 'AWS::ApiGateway::Method': {
        const integ = get(props, 'Integration');
        this.checkIntegration(`API Gateway integration of method ${id}`, get(integ, 'Type'), get(integ, 'Uri'), get(integ, 'ConnectionType'));
        break;
      }
      case 'AWS::ApiGatewayV2::Integration':
        this.checkIntegration(`API Gateway integration ${id}`, get(props, 'IntegrationType'), get(props, 'IntegrationUri'), get(props, 'ConnectionType'));
        break;
      case 'AWS::Events::ApiDestination':
        for (const s of this.sites(get(props, 'InvocationEndpoint'))) {
          this.addSite(s, `EventBridge API destination ${id}`, 'sends events to', { what: "the connection's credentials" });
        }
        break;
      case 'AWS::Events::Connection':
        for (const s of this.sites(getPath(props, ['AuthParameters', 'OAuthParameters', 'AuthorizationEndpoint']))) {
          this.addSite(s, `EventBridge connection ${id}`, 'requests OAuth tokens from', { what: 'the OAuth client secret' });
        }
        break;
      case 'AWS::CloudFront::Distribution':
        this.checkCloudFront(id, get(props, 'DistributionConfig'));
        break;
      default:
        break;
    }
  }

  private checkSns(id: string, sub: CNode | undefined): void {
    const proto = get(sub, 'Protocol');
    if (!isScalar(proto) || proto.tag || typeof proto.value !== 'string' || proto.value.trim().toLowerCase() !== 'http') return;
    const sites = this.sites(get(sub, 'Endpoint'));
    if (sites.length && sites.every((s) => s.exempt)) return;
    const live = sites.filter((s) => !s.exempt);
    const url: CleartextUrl = live[0]?.url ?? { scheme: 'http', host: undefined, hasCredentials: false, tokenParam: undefined, schemeStart: 0, schemeEnd: 0 };
    const edits: TextEdit[] = [];
    if (live.length && live.every((s) => s.schemeEnd !== undefined)) {
      edits.push(this.replaceScalarValue(proto, 'https'));
      const seen = new Set<number>();
      for (const s of live) {
        if (seen.has(s.schemeEnd!)) continue;
        seen.add(s.schemeEnd!);
        edits.push(this.context.replace(s.schemeEnd!, s.schemeEnd!, 's'));
      }
    }
    this.collector.add({
      start: proto.range[0],
      end: proto.range[1],
      messageId: 'snsHttp',
      data: { ...urlData(url), name: id },
      severity: url.hasCredentials ? 'error' : undefined,
      fix: edits.length ? { title: 'Use Protocol https and an https:// endpoint', edits } : undefined,
      host: url.host,
    });
  }

  private checkIntegration(where: string, type: CNode | undefined, uri: CNode | undefined, connectionType: CNode | undefined): void {
    const t = scalarText(type)?.trim().toLowerCase();
    if (t !== 'http' && t !== 'http_proxy') return;
    const vpcLink = /^vpc[_-]?link$/i.test(scalarText(connectionType) ?? '');
    for (const s of this.sites(uri)) this.addSite(s, where, 'forwards requests to', { severity: vpcLink ? 'info' : undefined });
  }

  /** `x-amazon-apigateway-integration` in OpenAPI bodies (SAM DefinitionBody, RestApi Body). */
  private checkOpenApi(): void {
    walk(this.root, (node) => {
      if (!isMap(node)) return;
      const integ = get(node, 'x-amazon-apigateway-integration');
      if (!isMap(integ)) return;
      this.checkIntegration('API Gateway integration (x-amazon-apigateway-integration)', get(integ, 'type'), get(integ, 'uri'), get(integ, 'connectionType'));
    });
  }

  /** Serverless `events: - http: { integration: http-proxy, request: { uri } }`. */
  private checkServerlessEvents(): void {
    const fns = get(this.root, 'functions');
    for (const m of isSeq(fns) ? fns.items : [fns]) {
      if (!isMap(m)) continue;
      for (const fp of m.pairs) {
        const events = get(fp.value, 'events');
        if (!isSeq(events)) continue;
        for (const ev of events.items) {
          const http = get(ev, 'http');
          if (!isMap(http)) continue;
          const integration = scalarText(get(http, 'integration'))?.trim().toLowerCase().replace(/-/g, '_');
          if (integration !== 'http' && integration !== 'http_proxy') continue;
          const vpcLink = /^vpc[_-]?link$/i.test(scalarText(get(http, 'connectionType')) ?? '');
          for (const s of this.sites(getPath(http, ['request', 'uri']))) {
            this.addSite(s, `The ${integration.replace('_', '-')} event of function ${String(fp.key.value)}`, 'forwards requests to', { severity: vpcLink ? 'info' : undefined });
          }
        }
      }
    }
  }

  private checkCloudFront(id: string, config: CNode | undefined): void {
    if (!isMap(config)) return;
    const behaviours: Array<[CNode | undefined, string]> = [[get(config, 'DefaultCacheBehavior'), 'its default cache behavior']];
    const more = get(config, 'CacheBehaviors');
    if (isSeq(more)) for (const b of more.items) behaviours.push([b, `the cache behavior for ${scalarText(get(b, 'PathPattern')) ?? 'a path pattern'}`]);
    for (const [b, label] of behaviours) {
      const policy = get(b, 'ViewerProtocolPolicy');
      if (!isScalar(policy) || typeof policy.value !== 'string' || policy.tag || policy.value.trim().toLowerCase() !== 'allow-all') continue;
      this.collector.add({
        start: policy.range[0],
        end: policy.range[1],
        messageId: 'viewerAllowAll',
        data: { name: id, behavior: label },
        fix: { title: 'Use redirect-to-https', edits: [this.replaceScalarValue(policy, 'redirect-to-https')] },
      });
    }
    const origins = get(config, 'Origins');
    if (!isSeq(origins)) return;
    for (const o of origins.items) {
      const policy = getPath(o, ['CustomOriginConfig', 'OriginProtocolPolicy']);
      if (!isScalar(policy) || typeof policy.value !== 'string' || policy.tag || policy.value.trim().toLowerCase() !== 'http-only') continue;
      const domain = get(o, 'DomainName');
      const domainText = scalarText(domain);
      if (domainText !== undefined && !domain?.tag && (isS3WebsiteHost(domainText) || isExemptHost(domainText.toLowerCase(), this.allowed))) continue;
      // An S3 website endpoint computed from the bucket (`!GetAtt Bucket.WebsiteURL`) serves HTTP only.
      if (domain && mentions(domain, /WebsiteURL|s3-website/i)) continue;
      const originName = scalarText(get(o, 'Id')) ?? domainText ?? 'an origin';
      this.collector.add({
        start: policy.range[0],
        end: policy.range[1],
        messageId: 'originHttpOnly',
        data: { name: id, origin: originName },
        fix: { title: 'Use https-only', edits: [this.replaceScalarValue(policy, 'https-only')] },
        host: domainText && !domain?.tag && /^[a-z0-9.-]+$/i.test(domainText) ? domainText.toLowerCase() : undefined,
      });
    }
  }

  /** An edit replacing a scalar's value, keeping its quotes. */
  private replaceScalarValue(s: CScalar, value: string): TextEdit {
    const raw = this.text.slice(s.range[0], s.range[1]);
    const q = raw[0] === '"' || raw[0] === "'" || raw[0] === '`' ? 1 : 0;
    return this.context.replace(s.range[0] + q, s.range[1] - q, value);
  }
}

/** The text inside a leading `${…}` (nesting counted), or undefined. */
function leadingVariable(value: string): string | undefined {
  if (!value.startsWith('${')) return undefined;
  let depth = 0;
  for (let i = 0; i < value.length; i++) {
    if (value.startsWith('${', i)) {
      depth++;
      i++;
    } else if (value[i] === '}') {
      depth--;
      if (depth === 0) return value.slice(2, i);
    }
  }
  return undefined;
}

/** Splits on commas outside `${…}` and quotes. */
function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '$' && s[i + 1] === '{') {
      depth++;
      i++;
    } else if (c === '}') depth--;
    else if (c === ',' && depth === 0) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out;
}

function mentions(n: CNode, re: RegExp): boolean {
  let found = false;
  walk(n, (x) => {
    if (!found && x.kind === 'scalar' && typeof x.value === 'string' && re.test(x.value)) found = true;
  });
  return found;
}

function lowerFirst(s: string): string {
  return /^[A-Z][a-z]+\b/.test(s) ? s[0].toLowerCase() + s.slice(1) : s;
}
