/**
 * `hardcoded-secret`: credentials written into handler code or configuration.
 *
 * Two kinds of evidence:
 * - provider formats (secrets library table + secretlint's recommend preset + key=value connection
 *   strings), found anywhere in the text: error;
 * - context: a literal given to a secret-named variable / property / parameter / argument / key,
 *   judged by `classifyLiteral` (placeholders, references, hashes, ids … are not secrets): warning.
 * Messages name the kind and show at most the first four characters (`redact`). Fixes move the value
 * to a secret store: in code, `process.env.NAME` (`os.environ["NAME"]` in Python) plus NAME added to
 * the environment of every function deploying the file, as a store reference; in configuration, the
 * literal replaced with the reference. See docs/rules/hardcoded-secret.md.
 */
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { FixSpec, Rule, RuleContext, RuleListener } from '../rule';
import type { SourceFile } from '../source';
import type { TextEdit } from '../types';
import type { EnvEntry } from '../model/types';
import {
  classifyLiteral,
  dedupeMatches,
  findProviderTokens,
  isClearlyFake,
  isReference,
  isTestPath,
  mergeMatches,
  placeholderReason,
  redact,
  secretlintScan,
  type TokenMatch,
  mayHoldProviderToken,
  mayContainSecretName,
} from '../secrets';
import { docsUrl } from './docs';
import { jsonRemovePair, replaceScalar, yamlRemovePair } from './hardcoded-secret/config-edit';
import { ConfigScan, isKeyValueList, type ConfigHit, type ScalarInfo } from './hardcoded-secret/config';
import { findConnectionStringPasswords } from './hardcoded-secret/connection-string';
import { planEnvironment, planTitle } from './hardcoded-secret/env-plan';
import { JsDetector, type CodeHit, type Sink } from './hardcoded-secret/javascript';
import { chooseEnvName, displayName, isLambdaReserved, labelForName } from './hardcoded-secret/naming';
import { pythonEnvAccess, pythonHits, pythonImportOffset, pythonStrings, type PyHit, type PyString } from './hardcoded-secret/python';
import { storeRefFor } from './hardcoded-secret/store';
import { findUrlQuerySecrets } from './hardcoded-secret/url-query';
import { isExampleEnvPath, scanKeyValueLines } from './hardcoded-secret/text';

const RULE_ID = 'hardcoded-secret';

/** Formats whose tokens are a whole configuration value: the fix moves the whole string. */
const WHOLE_VALUE_KINDS = new Set([
  'database-url', 'url-credentials', 'slack-webhook-url', 'azure-sas-signature', 'azure-storage-account-key',
  'azure-shared-access-key', 'connection-string-password', 'private-key', 'npmrc-auth', 'url-query-secret',
]);

/** Configuration formats whose values a fix may replace with a store reference. */
const FIXABLE_CONFIG = new Set(['serverless', 'sam', 'cloudformation', 'azure-local-settings']);

interface Pending {
  start: number;
  end: number;
  /** The secret material: only ever shown through `redact`. */
  value: string;
  messageId: 'provider' | 'context' | 'parameterDefault';
  kind: string;
  name?: string;
  severity: 'error' | 'warning';
  fixes: () => FixSpec[];
}

/**
 * Calls whose argument is a credential whatever it is named (`crypto.createHmac(alg, key)`,
 * `new Stripe(key)`, `jws.sign`, `cookieParser(secret)`, Python `hmac.new(key)`); the other call
 * contexts the rule reads (`jwt.sign`, `setApiKey`, `headers.set('Authorization', …)`,
 * `new AWS.Credentials`) carry a secret name already. Also URL query parameters read as credentials
 * that are not secret names (`?appid=`, `?signature=`) and CloudFormation `NoEcho` parameters.
 */
const IMPLICIT_SINKS = /hmac|cipheriv|stripe|twilio|WebClient|sequelize|cookie|\bjws\b|NoEcho|appid=|signature=/i;

export const hardcodedSecret: Rule = {
  meta: {
    id: RULE_ID,
    description: 'A credential (API key, token, password, private key, connection string) is written into handler code or configuration.',
    docsUrl: docsUrl(RULE_ID),
    defaultSeverity: 'error',
    messages: {
      provider: '{{kind}} ({{preview}}) is hardcoded; anyone who can read this file can use it. Keep it in a secret store.',
      context: 'Hardcoded {{kind}} ({{preview}}) in {{name}}; keep it in a secret store and read it at run time.',
      parameterDefault: 'Parameter {{name}} has a hardcoded {{kind}} ({{preview}}) as its default; pass it at deploy time instead.',
    },
    fixable: true,
    appliesTo: {
      code: ['javascript', 'typescript', 'python'],
      config: 'all',
      other: ['text', 'yaml', 'json'],
    },
  },

  // Every finding is a provider-format token (or a URL / connection string with a password), a value
  // under a secret name, or an argument of a call that takes a credential: a text with none of these
  // is never parsed for this rule (`mayContainSecretName` is conservative, see names.ts).
  mayReport(file) {
    const text = file.text;
    return mayHoldProviderToken(text) || SECRETLINT_ONLY.test(text) || IMPLICIT_SINKS.test(text) || mayContainSecretName(text);
  },

  create(context: RuleContext): RuleListener {
    const file = context.file;
    const text = file.text;
    const c = file.classification;
    const lenient = isTestPath(file.path) || isExampleEnvPath(file.path);
    const pending: Pending[] = [];
    const add = (p: Pending): void => {
      // Test files and example env files: a value that announces itself as fake is not a leak.
      if (lenient && isClearlyFake(p.value)) return;
      pending.push(p);
    };

    let js: JsDetector | undefined;
    let config: ConfigScan | undefined;
    const listener: RuleListener = {};
    const ast = c.role === 'code' || c.role === 'config' ? file.js?.ast : undefined;
    if (ast) {
      js = new JsDetector(ast);
      listener.code = js.listeners();
    }
    listener.config = (parsed) => {
      config = new ConfigScan(c.role === 'config' ? c.format : undefined);
      config.scan(parsed);
    };

    listener.end = async () => {
      const matches = await providerMatches(file);
      if (js) finishJs(js, matches);
      else if (c.role === 'code' && c.language === 'python') finishPython(matches);
      else if (config) finishConfig(config, matches);
      else finishText(matches);
      for (const p of pending) {
        let fixes: FixSpec[] = [];
        try {
          fixes = p.fixes();
        } catch {
          fixes = []; // a fix we could not build is not offered; the finding stands
        }
        context.report({
          messageId: p.messageId,
          severity: p.severity,
          start: p.start,
          end: p.end,
          data: { kind: p.kind, preview: redact(p.value), name: displayName(p.name) ?? 'a secret-named value' },
          fixes,
        });
      }
    };
    return listener;

    // ---------------------------------------------------------------------------------------------

    function lineOf(offset: number): number {
      return file.lines.positionAt(offset).line;
    }

    /** Provider-format findings from the table, secretlint and connection strings; the first match per span. */
    function providerKind(h: { value: string; name: string }): TokenMatch | undefined {
      const cls = classifyLiteral(h.value, h.name);
      if (cls.verdict !== 'secret' || !cls.reason.startsWith('provider-format:')) return undefined;
      return findProviderTokens(h.value)[0];
    }

    /** Fixes for a code literal: the code edits plus, per configuration deploying the file, the environment entry. */
    function withEnvironment(codeEdits: TextEdit[], envName: string, expr: string): FixSpec[] {
      // `process.env.AWS_SECRET_ACCESS_KEY ?? '…'`: Lambda sets that variable itself (the role's keys).
      if (isLambdaReserved(envName)) return [{ title: `Read ${expr} (set by the Lambda runtime)`, isPreferred: true, edits: codeEdits }];
      const plans = planEnvironment(context.index, file.path, envName);
      if (plans.length === 0) return [{ title: `Replace with ${expr}`, isPreferred: true, edits: codeEdits }];
      return plans.map((plan, i) => ({ title: planTitle(plan, expr), isPreferred: i === 0, edits: [...codeEdits, ...plan.edits] }));
    }

    // --- JavaScript / TypeScript ----------------------------------------------------------------

    function finishJs(det: JsDetector, matches: TokenMatch[]): void {
      det.finish();
      const byNode = new Map<TSESTree.Node, CodeHit>();
      for (const h of det.hits) if (!byNode.has(h.lit.node)) byNode.set(h.lit.node, h);
      const hits = [...byNode.values()];
      const consumed = new Set<CodeHit>();
      for (const m of matches) {
        const hit = hits.find((h) => h.lit.node.range[0] <= m.start && m.end <= h.lit.node.range[1]);
        const str = det.stringAt(m.start, m.end);
        if (hit) consumed.add(hit);
        const holder = hit?.lit.node ?? str;
        const start = holder && lineOf(holder.range[0]) !== lineOf(m.start) ? holder.range[0] : m.start;
        const sink = hit?.sink ?? (str ? det.sinkOf(str) : undefined);
        add({
          start,
          end: m.end,
          value: m.value ?? text.slice(m.start, m.end),
          messageId: 'provider',
          kind: m.name,
          severity: m.severity,
          name: sink?.name,
          fixes: () => (holder ? jsFixes(holder, sink, m, m.kind) : []),
        });
      }
      for (const h of hits) {
        if (consumed.has(h) || isKeyValueList(h.value)) continue;
        const cls = classifyLiteral(h.value, h.sink.name);
        if (cls.verdict !== 'secret') continue;
        const provider = cls.reason.startsWith('provider-format:') ? findProviderTokens(h.value)[0] : undefined;
        add({
          start: h.lit.node.range[0],
          end: h.lit.node.range[1],
          value: h.value,
          messageId: provider ? 'provider' : 'context',
          kind: provider?.name ?? labelForName(h.sink.name),
          severity: provider ? 'error' : 'warning',
          name: h.sink.name,
          fixes: () => jsFixes(h.lit.node, h.sink, undefined, provider?.kind),
        });
      }
    }

    /**
     * How literals of this JS/TS file are fixed: handler code reads `process.env`; a serverless.ts /
     * .js configuration takes an `${ssm:…}` string; a CDK stack takes a dynamic reference in a
     * function's `environment` (elsewhere `process.env` at synth time would still put the value in
     * the template, so no fix); other JS configuration has no fix.
     */
    function jsMode(): { mode: 'code' | 'serverless' | 'cdk' | 'none'; env: EnvEntry[] } {
      if (c.role === 'config') {
        if (c.format !== 'serverless') return { mode: 'none', env: [] };
        return { mode: 'serverless', env: safeModel()?.environment ?? [] };
      }
      const model = safeModel();
      return model?.format === 'cdk' ? { mode: 'cdk', env: model.environment } : { mode: 'code', env: [] };
    }

    function safeModel() {
      try {
        return context.index.model(file.path);
      } catch {
        return undefined;
      }
    }

    function jsFixes(holder: TSESTree.Node, sink: Sink | undefined, m: TokenMatch | undefined, kind: string | undefined): FixSpec[] {
      if (sink?.noFix) return [];
      const { mode, env } = jsMode();
      if (mode !== 'code') return jsConfigFixes(holder, sink, m, kind, mode, env);
      // A token that is only part of its string: the string's name describes the string, not the token.
      const partial = !!m && !WHOLE_VALUE_KINDS.has(m.kind) && holder.type !== 'BinaryExpression' && !(m.start <= holder.range[0] + 1 && m.end >= holder.range[1] - 1);
      const envName = sink?.envName && !partial ? sink.envName : chooseEnvName({ name: partial ? undefined : sink?.name, container: sink?.container, kind });
      const expr = `process.env.${envName}`;
      const edit = jsCodeEdit(holder, sink, m, expr);
      return edit ? withEnvironment([edit], envName, expr) : [];
    }

    function jsConfigFixes(holder: TSESTree.Node, sink: Sink | undefined, m: TokenMatch | undefined, kind: string | undefined, mode: 'serverless' | 'cdk' | 'none', env: EnvEntry[]): FixSpec[] {
      if (mode === 'none' || (holder.type !== 'Literal' && holder.type !== 'TemplateLiteral') || (holder.type === 'TemplateLiteral' && holder.expressions.length > 0)) return [];
      const [hs, he] = holder.range;
      const entry = env.find((e) => e.path === file.path && e.value.range[0] <= hs && he <= e.value.range[1]);
      if (mode === 'cdk' && !entry) return [];
      const envName = entry?.key && /^[A-Za-z_][A-Za-z0-9_]*$/.test(entry.key) ? entry.key : chooseEnvName({ name: sink?.name, container: sink?.container, kind: m?.kind ?? kind });
      const ref = storeRefFor(file, mode, envName);
      const value = ref?.envValue('js');
      if (!ref || typeof value !== 'string') return [];
      const q = text[hs] === '"' ? '"' : "'";
      const quoted = q + value.replace(/\\/g, '\\\\').replace(new RegExp(q, 'g'), `\\${q}`) + q;
      return [{ title: ref.title, isPreferred: true, edits: [context.replace(hs, he, quoted)] }];
    }

    function jsCodeEdit(holder: TSESTree.Node, sink: Sink | undefined, m: TokenMatch | undefined, expr: string): TextEdit | undefined {
      const [hs, he] = holder.range;
      const isTemplateWithExpr = holder.type === 'TemplateLiteral' && holder.expressions.length > 0;
      const contentCovered = !!m && m.start <= hs + 1 && m.end >= he - 1;
      const whole = !isTemplateWithExpr && (!m || holder.type === 'BinaryExpression' || WHOLE_VALUE_KINDS.has(m.kind) || contentCovered);
      if (whole) {
        const [rs, re] = sink && sink.replace[0] <= hs && he <= sink.replace[1] ? sink.replace : [hs, he];
        return context.replace(rs, re, sink?.jsx ? `{${expr}}` : expr);
      }
      if (!m) return undefined;
      if (holder.type === 'TemplateLiteral') return context.replace(m.start, m.end, `\${${expr}}`);
      if (holder.type !== 'Literal') return undefined;
      const q = text[hs];
      if (q !== '"' && q !== "'") return undefined;
      const prefix = text.slice(hs + 1, m.start);
      const suffix = text.slice(m.end, he - 1);
      if (/(?:^|[^\\])(?:\\\\)*\\$/.test(prefix)) return undefined; // would split an escape sequence
      const parts = [...(prefix ? [`${q}${prefix}${q}`] : []), expr, ...(suffix ? [`${q}${suffix}${q}`] : [])];
      let out = parts.join(' + ');
      const parent = holder.parent;
      if (parent?.type === 'JSXAttribute') out = `{${out}}`;
      else if (parts.length > 1 && !safeForConcatenation(holder)) out = `(${out})`;
      return context.replace(hs, he, out);
    }

    // --- Python ---------------------------------------------------------------------------------

    function finishPython(matches: TokenMatch[]): void {
      const strings = pythonStrings(text);
      const hits = pythonHits(text, strings);
      const consumed = new Set<PyHit>();
      for (const m of matches) {
        const str = pyStringAt(strings, m.start, m.end);
        const hit = str ? hits.find((h) => h.str === str) : undefined;
        if (hit) consumed.add(hit);
        const start = str && lineOf(str.start) !== lineOf(m.start) ? str.start : m.start;
        add({
          start,
          end: m.end,
          value: m.value ?? text.slice(m.start, m.end),
          messageId: 'provider',
          kind: m.name,
          severity: m.severity,
          name: hit?.sink.name,
          fixes: () => (str && !str.dynamic ? pyFixes(strings, str, hit, m.kind) : []),
        });
      }
      for (const h of hits) {
        if (consumed.has(h) || isKeyValueList(h.str.value)) continue;
        const cls = classifyLiteral(h.str.value, h.sink.name);
        if (cls.verdict !== 'secret') continue;
        const provider = providerKind({ value: h.str.value, name: h.sink.name });
        add({
          start: h.str.start,
          end: h.str.end,
          value: h.str.value,
          messageId: provider ? 'provider' : 'context',
          kind: provider?.name ?? labelForName(h.sink.name),
          severity: provider ? 'error' : 'warning',
          name: h.sink.name,
          fixes: () => pyFixes(strings, h.str, h, provider?.kind),
        });
      }
    }

    function pyFixes(strings: PyString[], str: PyString, hit: PyHit | undefined, kind: string | undefined): FixSpec[] {
      const sink = hit?.sink;
      const envName = sink?.envName ?? chooseEnvName({ name: sink?.name, container: sink?.container, kind });
      const access = pythonEnvAccess(text);
      const isBytes = /^[rRuUfF]?[bB]/.test(text.slice(str.start, str.start + 2));
      const expr = access.expr(envName) + (isBytes ? '.encode()' : '');
      const [rs, re] = sink?.replace ?? [str.start, str.end];
      const edits: TextEdit[] = [context.replace(rs, re, expr)];
      if (access.needsImport) {
        const at = pythonImportOffset(text, strings);
        const eol = file.lines.eol();
        const lead = at === text.length && text.length > 0 && !text.endsWith('\n') ? eol : '';
        edits.push(context.replace(at, at, `${lead}import os${eol}`));
      }
      return withEnvironment(edits, envName, access.expr(envName));
    }

    // --- Configuration --------------------------------------------------------------------------

    function finishConfig(scan: ConfigScan, matches: TokenMatch[]): void {
      const byScalar = new Map(scan.hits.map((h) => [h.info.scalar, h] as const));
      const consumed = new Set<ConfigHit>();
      for (const m of matches) {
        const info = scan.scalarAt(m.start, m.end);
        const hit = info ? byScalar.get(info.scalar) : undefined;
        if (hit) consumed.add(hit);
        const start = info && lineOf(info.scalar.range[0]) !== lineOf(m.start) ? info.scalar.range[0] : m.start;
        add({
          start,
          end: m.end,
          value: m.value ?? text.slice(m.start, m.end),
          messageId: 'provider',
          kind: m.name,
          severity: m.severity,
          name: hit?.name ?? info?.key,
          fixes: () => (info ? configFixes(info, hit?.name ?? info.key, m.kind, hit) : []),
        });
      }
      for (const h of scan.hits) {
        if (consumed.has(h)) continue;
        const provider = providerKind({ value: h.value, name: h.name });
        add({
          start: h.info.scalar.range[0],
          end: trimEnd(h.info.scalar.range[0], h.info.scalar.range[1]),
          value: h.value,
          messageId: h.messageId === 'parameterDefault' ? 'parameterDefault' : provider ? 'provider' : 'context',
          kind: provider?.name ?? labelForName(h.messageId === 'parameterDefault' && !/pass|secret|key|token/i.test(h.name) ? 'password' : h.name),
          severity: provider ? 'error' : 'warning',
          name: h.name,
          fixes: () => configFixes(h.info, h.name, provider?.kind, h),
        });
      }
    }

    function trimEnd(start: number, end: number): number {
      let e = end;
      while (e > start && (text[e - 1] === '\n' || text[e - 1] === '\r')) e--;
      return e;
    }

    function configFixes(info: ScalarInfo, name: string | undefined, kind: string | undefined, hit: ConfigHit | undefined): FixSpec[] {
      if (c.role !== 'config' || !FIXABLE_CONFIG.has(c.format)) return [];
      const lang = c.language;
      if (lang !== 'yaml' && lang !== 'json') return [];
      if (hit?.param) {
        const edit = lang === 'yaml' ? yamlRemovePair(file, hit.param.map, hit.param.pair) : jsonRemovePair(file, hit.param.map, hit.param.pair);
        return edit ? [{ title: `Remove the default value of ${hit.name} (pass it at deploy time)`, isPreferred: true, edits: [edit] }] : [];
      }
      const envName = chooseEnvName({ name, container: info.container, kind });
      const ref = storeRefFor(file, c.format, envName);
      if (!ref) return [];
      const newText = lang === 'yaml' ? ref.yaml(info.scalar.style, info.flow) : ref.json();
      return [{ title: ref.title, isPreferred: true, edits: [replaceScalar(file, info.scalar, newText)] }];
    }

    // --- Other text (.env, .npmrc, …) -----------------------------------------------------------

    function finishText(matches: TokenMatch[]): void {
      const covered: Array<[number, number]> = [];
      for (const m of matches) {
        covered.push([m.start, m.end]);
        add({ start: m.start, end: m.end, value: m.value ?? text.slice(m.start, m.end), messageId: 'provider', kind: m.name, severity: m.severity, fixes: () => [] });
      }
      if (c.role === 'other' && c.language === 'text') {
        for (const h of scanKeyValueLines(text)) {
          if (covered.some(([s, e]) => s < h.end && h.start < e)) continue;
          const provider = providerKind(h);
          add({
            start: h.start,
            end: h.end,
            value: h.value,
            messageId: provider ? 'provider' : 'context',
            kind: provider?.name ?? labelForName(h.name),
            severity: provider ? 'error' : 'warning',
            name: h.name,
            fixes: () => [],
          });
        }
      }
    }
  },
};

/**
 * The token prefixes of the formats secretlint's recommend preset (13.1) knows and our table does not
 * (GitLab, Hugging Face, Groq, Linear, Notion, Shopify, Grafana, 1Password, HashiCorp Vault, Vercel,
 * Databricks, Docker, Figma, Cloudflare, Tailscale, GitHub `x-oauth-basic` URLs). Every rule of the
 * preset is anchored on such a literal; for the formats both know, ours wins the merge anyway. So
 * secretlint runs only when one of these occurs: on a typical handler it costs nothing.
 */
const SECRETLINT_ONLY = /glpat-|gl(?:c|sa)_|hf_|gsk_|lin_api_|ntn_|shp(?:pa|ca|at|ss)_|ops_ey|hv[sbr]\.|vc[piark]_|dapi[0-9a-f]|dckr_pat_|figd_|cf(?:k|ut|at)_|tskey-|x-oauth-basic/;

/** Every provider-format credential in a file (built-in table, connection strings, then secretlint). */
async function providerMatches(file: SourceFile): Promise<TokenMatch[]> {
  const text = file.text;
  const builtin = dedupeMatches([...findProviderTokens(text), ...findConnectionStringPasswords(text), ...findUrlQuerySecrets(text)]);
  if (!SECRETLINT_ONLY.test(text)) return builtin;
  // secretlint does not know placeholders: `sk_live_xxxxxxxx…` is a documentation example, not a key.
  const fromSecretlint = (await secretlintScan(text, file.path)).filter((m) => {
    const v = m.value ?? text.slice(m.start, m.end);
    return !isReference(v) && placeholderReason(v, 0) === undefined && !/(.)\1{7,}/.test(v);
  });
  return mergeMatches(builtin, fromSecretlint);
}

function pyStringAt(strings: PyString[], start: number, end: number): PyString | undefined {
  let lo = 0;
  let hi = strings.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = strings[mid];
    if (s.end <= start) lo = mid + 1;
    else if (s.start > start) hi = mid - 1;
    else return s.start <= start && end <= s.end ? s : undefined;
  }
  return undefined;
}

/** Whether `a + b` can stand where the literal stands without parentheses. */
function safeForConcatenation(node: TSESTree.Node): boolean {
  const p = node.parent;
  if (!p) return false;
  switch (p.type) {
    case 'VariableDeclarator':
    case 'Property':
    case 'PropertyDefinition':
    case 'AssignmentExpression':
    case 'AssignmentPattern':
    case 'ArrayExpression':
    case 'ReturnStatement':
    case 'ExpressionStatement':
    case 'TemplateLiteral':
    case 'JSXExpressionContainer':
    case 'SpreadElement':
      return true;
    case 'CallExpression':
    case 'NewExpression':
      return p.callee !== node;
    case 'ConditionalExpression':
      return p.test !== node;
    case 'BinaryExpression':
      return p.operator === '+' && p.left === node;
    case 'LogicalExpression':
      return true;
    default:
      return false;
  }
}
