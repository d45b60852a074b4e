/**
 * Configuration files (Serverless, SAM, CloudFormation, Azure, other YAML/JSON): every string scalar
 * with the key that names it, and the context findings — values under secret-named keys (environment
 * maps included), `Name`/`Value` environment lists, `Parameters` defaults of secret-named or `NoEcho`
 * parameters, API Gateway API key values, Azure `ConnectionStrings`.
 */
import type { ParsedConfig } from '../../source';
import { get, getPair, isMap, type CMap, type CNode, type CPair, type CScalar } from '../../parse/tree';
import { classifyLiteral, isSecretName } from '../../secrets';
import { effectiveName } from './naming';

export interface ScalarInfo {
  scalar: CScalar;
  /** Key of the pair holding the scalar (the list's key for list items). */
  key?: string;
  /** Key of the map around that pair (`stripe` in `stripe: { secretKey: … }`). */
  container?: string;
  /** Inside a flow collection (`{…}` / `[…]`): a replacement must be quoted. */
  flow: boolean;
  /** Keys from the root. */
  path: string[];
}

export interface ConfigHit {
  info: ScalarInfo;
  value: string;
  /** Name the value is judged and shown under. */
  name: string;
  messageId: 'context' | 'parameterDefault';
  /** For parameter defaults: the parameter's map and its `Default` pair (the fix removes it). */
  param?: { map: CMap; pair: CPair };
}

/** `Server=…;Password=…` shaped values are judged by the connection-string finder, not by their name. */
export function isKeyValueList(v: string): boolean {
  return /^\s*[A-Za-z][\w .-]{0,40}=[^;]*;/.test(v) || /;\s*[A-Za-z][\w .-]{0,40}=/.test(v);
}

function stringScalar(n: CNode | undefined): n is CScalar & { value: string } {
  return !!n && n.kind === 'scalar' && !n.tag && typeof n.value === 'string';
}

function truthy(n: CNode | undefined): boolean {
  return !!n && n.kind === 'scalar' && (n.value === true || (typeof n.value === 'string' && /^true$/i.test(n.value)));
}

export class ConfigScan {
  readonly scalars: ScalarInfo[] = [];
  readonly hits: ConfigHit[] = [];
  private readonly hitScalars = new Set<CScalar>();

  constructor(private readonly format: string | undefined) {}

  scan(parsed: ParsedConfig): void {
    this.prepare(parsed);
    for (const root of parsed.roots) {
      if (!root) continue;
      this.walk(root);
      if (this.format === 'sam' || this.format === 'cloudformation') this.parameters(root);
    }
    this.scalars.sort((a, b) => a.scalar.range[0] - b.scalar.range[0]);
  }

  private walk(root: CNode): void {
    const seen = new Set<CNode>();
    type Item = { node: CNode; key?: string; container?: string; flow: boolean; path: string[] };
    const stack: Item[] = [{ node: root, flow: false, path: [] }];
    while (stack.length) {
      const { node, key, container, flow, path } = stack.pop()!;
      if (seen.has(node)) continue;
      seen.add(node);
      if (node.kind === 'scalar') {
        if (stringScalar(node)) {
          const info: ScalarInfo = { scalar: node, key, container, flow, path };
          this.scalars.push(info);
          const name = key ? effectiveName(key, container, isSecretName) : undefined;
          if (name && isSecretName(name)) this.judge(info, name, 'context');
          else if (path[path.length - 1] === 'ConnectionStrings' && this.format === 'azure-local-settings' && key) this.judge(info, 'connectionString', 'context');
        }
        continue;
      }
      const f = flow || node.flow;
      if (node.kind === 'seq') {
        for (let i = node.items.length - 1; i >= 0; i--) stack.push({ node: node.items[i], key, container, flow: f, path });
        continue;
      }
      this.mapPatterns(node, path);
      for (let i = node.pairs.length - 1; i >= 0; i--) {
        const p = node.pairs[i];
        if (!p.value) continue;
        const k = String(p.key.value);
        stack.push({ node: p.value, key: k, container: key, flow: f, path: [...path, k] });
      }
    }
  }

  /** Shapes that name a value with a sibling key: `{Name: DB_PASSWORD, Value: …}`, API key lists. */
  private mapPatterns(map: CMap, path: string[]): void {
    const name = get(map, 'Name') ?? get(map, 'name');
    const value = getPair(map, 'Value') ?? getPair(map, 'value');
    if (!value || !stringScalar(value.value)) return;
    const info = (): ScalarInfo => ({ scalar: value.value as CScalar, key: String(value.key.value), flow: map.flow, path: [...path, String(value.key.value)] });
    if (stringScalar(name) && isSecretName(name.value)) {
      this.judge(info(), name.value, 'context');
      return;
    }
    // Serverless `provider.apiGateway.apiKeys: [{ name, value }]`; CloudFormation AWS::ApiGateway::ApiKey `Value`.
    if (path.includes('apiKeys') || (path[path.length - 1] === 'Properties' && this.apiKeyResource(path))) {
      this.judge(info(), 'apiKey', 'context');
    }
  }

  private apiKeyTypes = new Set<string>();

  private apiKeyResource(path: string[]): boolean {
    return path.length >= 3 && path[0] === 'Resources' && this.apiKeyTypes.has(path[1]);
  }

  /** Records which resources are API keys before their properties are walked. */
  private prepare(parsed: ParsedConfig): void {
    for (const root of parsed.roots) {
      const resources = get(root, 'Resources');
      if (!isMap(resources)) continue;
      for (const p of resources.pairs) {
        const type = get(p.value, 'Type');
        if (stringScalar(type) && type.value === 'AWS::ApiGateway::ApiKey') this.apiKeyTypes.add(String(p.key.value));
      }
    }
  }

  private parameters(root: CNode): void {
    const params = get(root, 'Parameters');
    if (!isMap(params)) return;
    for (const p of params.pairs) {
      const def = p.value;
      if (!isMap(def)) continue;
      const name = String(p.key.value);
      const noEcho = truthy(get(def, 'NoEcho'));
      if (!noEcho && !isSecretName(name)) continue;
      const dflt = getPair(def, 'Default');
      if (!dflt || !stringScalar(dflt.value)) continue;
      const info = this.scalars.find((s) => s.scalar === dflt.value) ?? { scalar: dflt.value as CScalar, key: 'Default', flow: def.flow, path: ['Parameters', name, 'Default'] };
      const judged = isSecretName(name) ? name : 'password';
      const v = (dflt.value as CScalar).value as string;
      if (isKeyValueList(v)) continue;
      if (classifyLiteral(v, judged).verdict !== 'secret') continue;
      this.hits.push({ info, value: v, name, messageId: 'parameterDefault', param: { map: def, pair: dflt } });
      this.hitScalars.add(info.scalar);
    }
  }

  private judge(info: ScalarInfo, name: string, messageId: 'context'): void {
    if (this.hitScalars.has(info.scalar)) return;
    const v = info.scalar.value as string;
    if (isKeyValueList(v)) return;
    if (classifyLiteral(v, name).verdict !== 'secret') return;
    this.hitScalars.add(info.scalar);
    this.hits.push({ info, value: v, name, messageId });
  }

  /** The scalar holding [start, end), if any. */
  scalarAt(start: number, end: number): ScalarInfo | undefined {
    const s = this.scalars;
    let lo = 0;
    let hi = s.length - 1;
    let idx = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid].scalar.range[0] <= start) {
        idx = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    for (let i = idx; i >= 0 && i > idx - 8; i--) {
      const r = s[i].scalar.range;
      if (r[0] <= start && end <= r[1]) return s[i];
    }
    return undefined;
  }
}
