/**
 * What the hardcoded-secret rule adds to the analysis of a ~50 KB handler (a benchmark, not a mocha
 * test). The file is parsed once (as the language server does: the parse is shared by every rule),
 * then analysed with and without the rule; the difference is the rule's cost.
 *
 *   npx tsc -b && node out/test/unit/rules/hardcoded-secret-bench.js
 */
import { analyzeSource } from '../../../server/src/engine/analyze';
import { suppressFix } from '../../../server/src/engine/fix/suppress';
import { WorkspaceIndex } from '../../../server/src/engine/model/workspace';
import type { Rule } from '../../../server/src/engine/rule';
import { hardcodedSecret } from '../../../server/src/engine/rules/hardcoded-secret';
import { SourceFile } from '../../../server/src/engine/source';
import { redact } from '../../../server/src/engine/secrets';
import { ALNUM, Fakes } from '../secrets/fakes';

const f = new Fakes(77);

/** A rule that only walks the tree, so the baseline pays for the shared traversal too. */
const walkOnly: Rule = {
  meta: { id: 'walk-only', description: 'baseline', docsUrl: '', defaultSeverity: 'info', messages: {}, fixable: false, appliesTo: { code: ['typescript', 'javascript'] } },
  create: () => ({ code: { Literal: () => undefined } }),
};

function section(i: number): string {
  const e = ['order', 'invoice', 'refund', 'shipment', 'customer'][i % 5];
  const E = e[0].toUpperCase() + e.slice(1);
  return `
// ---- ${E} (${i}) -------------------------------------------------------------
const ${e}Table${i} = process.env.${e.toUpperCase()}_TABLE ?? '${e}s';
const ${e}ApiKey${i} = process.env.${e.toUpperCase()}_API_KEY ?? '';
const ${e}Config${i} = { region: 'eu-west-1', endpoint: 'https://api.partner.example.com/${e}s', password: process.env.DB_PASSWORD, token: 'changeme', timeoutMs: 3000 };

export async function get${E}${i}(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> {
  const id = event.pathParameters?.id;
  if (!id) return { statusCode: 400, body: JSON.stringify({ message: 'missing id' }) };
  const out = await ddb.send(new GetItemCommand({ TableName: ${e}Table${i}, Key: { pk: { S: \`${e.toUpperCase()}#\${id}\` } } }));
  if (!out.Item) {
    logger.warn('${e} not found', { id, requestId: event.requestContext.requestId });
    return { statusCode: 404, body: JSON.stringify({ message: 'not found' }) };
  }
  const headers = { 'content-type': 'application/json', 'x-api-key': ${e}ApiKey${i}, authorization: \`Bearer \${await token()}\` };
  const res = await fetch(${e}Config${i}.endpoint + '/' + encodeURIComponent(id), { headers });
  if (!res.ok) throw new Error(\`partner rejected ${e} \${id}: \${res.status}\`);
  return { statusCode: 200, body: JSON.stringify({ item: unmarshall(out.Item), secretName: '${e}/partner', nextToken: null }) };
}

export async function list${E}s${i}(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> {
  const limit = Math.min(Number(event.queryStringParameters?.limit ?? 25), 100);
  const res = await ddb.send(new QueryCommand({ TableName: ${e}Table${i}, IndexName: 'byTenant', KeyConditionExpression: 'tenantId = :t', ExpressionAttributeValues: { ':t': { S: 'tenant' } }, Limit: limit }));
  return { statusCode: 200, body: JSON.stringify({ items: (res.Items ?? []).map((it) => unmarshall(it)), checksum: '${f.hex(40)}' }) };
}
`;
}

function handler(bytes: number): string {
  let out = `import { DynamoDBClient, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { Logger } from '@aws-lambda-powertools/logger';

const ddb = new DynamoDBClient({});
const logger = new Logger({ serviceName: 'orders' });
declare function token(): Promise<string>;
`;
  for (let i = 0; out.length < bytes; i++) out += section(i);
  return out;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Per-run CPU time (this process's user + system time, which other processes' load disturbs far less
 * than wall-clock time) of `a` and `b`, measured in alternating batches; returns the per-batch means
 * and the per-batch differences (b - a), each sorted.
 */
async function paired(batches: number, a: () => Promise<unknown>, b: () => Promise<unknown>, perBatch = 20): Promise<{ a: number[]; b: number[]; diff: number[] }> {
  for (let i = 0; i < 30; i++) {
    await a();
    await b();
  }
  const cpu = async (fn: () => Promise<unknown>) => {
    const c0 = process.cpuUsage();
    for (let i = 0; i < perBatch; i++) await fn();
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / 1000 / perBatch;
  };
  const ta: number[] = [];
  const tb: number[] = [];
  const diff: number[] = [];
  for (let i = 0; i < batches; i++) {
    const x = await cpu(a);
    const y = await cpu(b);
    ta.push(x);
    tb.push(y);
    diff.push(y - x);
  }
  const sort = (v: number[]) => v.sort((p, q) => p - q);
  return { a: sort(ta), b: sort(tb), diff: sort(diff) };
}

async function main(): Promise<void> {
  const clean = handler(50 * 1024);
  const secrets = [f.stripe('sk_live_'), 'Pw' + f.str(ALNUM, 12) + '!', f.awsKeyId()];
  const lines = clean.split('\n');
  lines.splice(40, 0, `const stripe = new Stripe('${secrets[0]}');`);
  lines.splice(400, 0, `const dbPassword = '${secrets[1]}';`);
  lines.splice(800, 0, `// legacy key ${secrets[2]}`);
  const dirty = lines.join('\n');
  const index = new WorkspaceIndex();
  index.update('/ws/serverless.yml', 'service: orders\nfunctions:\n  get:\n    handler: src/handler.getOrder0\n');
  const RUNS = 40; // batches of 20 runs each
  for (const [label, text] of [['50 KB handler, no secrets', clean], ['50 KB handler, 3 secrets', dirty]] as const) {
    const file = SourceFile.create('/ws/src/handler.ts', text);
    void file.js; // parse once, as the server's cache does
    const t = await paired(RUNS, () => analyzeSource(file, { rules: [walkOnly], index }), () => analyzeSource(file, { rules: [walkOnly, hardcodedSecret], index }));
    const r = await analyzeSource(file, { rules: [hardcodedSecret], index });
    console.log(`${label} (${text.length} chars): ${r.findings.length} findings [${r.findings.map((x) => x.message.slice(0, x.message.indexOf(')') + 1)).join('; ')}]`);
    console.log(`  traversal only (CPU time per run)      p50 ${percentile(t.a, 50).toFixed(3)} ms  p95 ${percentile(t.a, 95).toFixed(3)} ms`);
    console.log(`  + hardcoded-secret                     p50 ${percentile(t.b, 50).toFixed(3)} ms  p95 ${percentile(t.b, 95).toFixed(3)} ms`);
    console.log(`  added by the rule                      p50 ${percentile(t.diff, 50).toFixed(3)} ms  p25-p75 ${percentile(t.diff, 25).toFixed(3)}-${percentile(t.diff, 75).toFixed(3)} ms   (target: at most 2 ms)`);
    if (r.findings.length) {
      // The engine adds an ignore-comment fix to every finding (fix/suppress.ts); its cost is not the rule's.
      const s = await paired(RUNS, async () => undefined, async () => r.findings.forEach((x) => suppressFix(file, x)));
      console.log(`  of which the engine's suppress fixes for ${r.findings.length} findings  p50 ${percentile(s.diff, 50).toFixed(3)} ms`);
      console.log(`  the rule's own work (added - suppress)  p50 ${(percentile(t.diff, 50) - percentile(s.diff, 50)).toFixed(3)} ms`);
    }
  }
  console.log(`planted: ${secrets.map(redact).join(', ')}`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
