/**
 * Timing of the secret detectors on a realistic ~50 KB serverless handler (not a mocha test).
 * Run after compiling: `node out/test/unit/secrets/bench.js` (prints p50/p95 over 200 runs).
 */

import { findProviderTokens, mergeMatches, redact, secretlintLoadError, secretlintScan } from '../../../server/src/engine/secrets';
import { ALNUM, Fakes } from './fakes';

const f = new Fakes(1);

const ENTITIES = ['order', 'customer', 'invoice', 'shipment', 'product', 'payment', 'refund', 'ticket', 'session', 'report'];

function block(entity: string, i: number): string {
  const E = entity[0].toUpperCase() + entity.slice(1);
  return `
// ---------------------------------------------------------------------------
// ${E} handlers (${i})
// ---------------------------------------------------------------------------

interface ${E}Record${i} {
  id: string;
  tenantId: string;
  status: 'pending' | 'active' | 'archived';
  createdAt: string;
  updatedAt?: string;
  attributes: Record<string, string | number | boolean>;
}

const ${entity}Table${i} = process.env.${entity.toUpperCase()}_TABLE ?? '${entity}s-${i}';
const ${entity}SecretArn${i} = process.env.${entity.toUpperCase()}_SECRET_ARN;

export async function get${E}${i}(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> {
  const id = event.pathParameters?.id;
  if (!id) {
    return { statusCode: 400, body: JSON.stringify({ message: 'missing id' }) };
  }
  const out = await ddb.send(new GetItemCommand({ TableName: ${entity}Table${i}, Key: { pk: { S: \`${entity.toUpperCase()}#\${id}\` } } }));
  if (!out.Item) {
    logger.warn('${entity} not found', { id, requestId: event.requestContext.requestId });
    return { statusCode: 404, body: JSON.stringify({ message: 'not found' }) };
  }
  const record = unmarshall(out.Item) as ${E}Record${i};
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(record) };
}

export async function list${E}s${i}(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> {
  const limit = Math.min(Number(event.queryStringParameters?.limit ?? 25), 100);
  const nextToken = event.queryStringParameters?.nextToken;
  const res = await ddb.send(new QueryCommand({
    TableName: ${entity}Table${i},
    IndexName: 'byTenant',
    KeyConditionExpression: 'tenantId = :t',
    ExpressionAttributeValues: { ':t': { S: event.requestContext.authorizer?.jwt?.claims?.tenant as string } },
    Limit: limit,
    ExclusiveStartKey: nextToken ? JSON.parse(Buffer.from(nextToken, 'base64').toString('utf8')) : undefined,
  }));
  const items = (res.Items ?? []).map((it) => unmarshall(it) as ${E}Record${i});
  return {
    statusCode: 200,
    body: JSON.stringify({ items, nextToken: res.LastEvaluatedKey ? Buffer.from(JSON.stringify(res.LastEvaluatedKey)).toString('base64') : null }),
  };
}

async function load${E}Credentials${i}(): Promise<{ username: string; password: string }> {
  const secret = await secrets.send(new GetSecretValueCommand({ SecretId: ${entity}SecretArn${i} }));
  return JSON.parse(secret.SecretString ?? '{}');
}

export async function notify${E}${i}(record: ${E}Record${i}): Promise<void> {
  const creds = await load${E}Credentials${i}();
  const res = await fetch('https://api.partner.example.org/v2/${entity}s/' + encodeURIComponent(record.id), {
    method: 'POST',
    headers: { Authorization: 'Basic ' + Buffer.from(creds.username + ':' + creds.password).toString('base64'), 'x-request-id': randomUUID() },
    body: JSON.stringify({ status: record.status, at: new Date().toISOString() }),
  });
  if (!res.ok) {
    metrics.addMetric('${entity}NotifyFailed', MetricUnit.Count, 1);
    throw new Error(\`partner rejected ${entity} \${record.id}: \${res.status}\`);
  }
}
`;
}

function buildHandler(targetBytes: number): string {
  let out = `import { DynamoDBClient, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { randomUUID } from 'node:crypto';

const ddb = new DynamoDBClient({});
const secrets = new SecretsManagerClient({});
const logger = new Logger({ serviceName: 'orders' });
const metrics = new Metrics({ namespace: 'shop' });
`;
  let i = 0;
  while (out.length < targetBytes) {
    out += block(ENTITIES[i % ENTITIES.length], i);
    i++;
  }
  return out;
}

function withSecrets(text: string): { text: string; planted: string[] } {
  const id = f.awsKeyId();
  const stripe = f.stripe('sk_live_');
  const db = `postgres://app:${'Qw7' + f.str(ALNUM, 12)}@orders-db.internal:5432/orders`;
  const lines = text.split('\n');
  const third = Math.floor(lines.length / 3);
  lines.splice(third, 0, `const legacyKeyId = '${id}';`);
  lines.splice(2 * third, 0, `const stripe = new Stripe('${stripe}');`);
  lines.splice(lines.length - 10, 0, `const DATABASE_URL = "${db}";`);
  return { text: lines.join('\n'), planted: [id, stripe, db] };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function time(label: string, runs: number, fn: () => unknown | Promise<unknown>): Promise<void> {
  for (let i = 0; i < 10; i++) await fn(); // warm up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  samples.sort((a, b) => a - b);
  console.log(`${label.padEnd(52)} p50 ${percentile(samples, 50).toFixed(3)} ms   p95 ${percentile(samples, 95).toFixed(3)} ms   max ${samples[samples.length - 1].toFixed(3)} ms`);
}

async function main(): Promise<void> {
  const clean = buildHandler(50 * 1024);
  const { text: dirty, planted } = withSecrets(clean);
  console.log(`handler: ${clean.length} chars clean, ${dirty.length} chars with ${planted.length} planted secrets (${planted.map(redact).join(', ')})`);

  const foundClean = findProviderTokens(clean);
  const foundDirty = findProviderTokens(dirty);
  console.log(`findProviderTokens: clean -> ${foundClean.length} matches; with secrets -> ${foundDirty.map((m) => `${m.kind}(${redact(m.value)})`).join(', ')}`);

  const t0 = process.hrtime.bigint();
  const first = await secretlintScan(clean, '/src/handler.ts');
  console.log(`secretlintScan first call (includes loading the ESM packages): ${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(1)} ms, ${first.length} matches${secretlintLoadError() ? ' — ' + secretlintLoadError() : ''}`);
  const slDirty = await secretlintScan(dirty, '/src/handler.ts');
  console.log(`secretlintScan with secrets -> ${slDirty.map((m) => `${m.kind}(${redact(m.value)})`).join(', ')}`);
  console.log(`merged -> ${mergeMatches(foundDirty, slDirty).map((m) => m.kind).join(', ')}`);

  const RUNS = 200;
  await time('findProviderTokens, 50 KB, no secrets', RUNS, () => findProviderTokens(clean));
  await time('findProviderTokens, 50 KB, 3 secrets', RUNS, () => findProviderTokens(dirty));
  // The same handler without any pre-filter literal (no "secret", no URLs): only the pre-filter runs.
  const noCandidate = clean.replace(/secret/gi, 'config').replace(/:\/\//g, ':/');
  await time('findProviderTokens, 50 KB, no candidate literal', RUNS, () => findProviderTokens(noCandidate));
  await time('secretlintScan, 50 KB, no secrets', RUNS, () => secretlintScan(clean, '/src/handler.ts'));
  await time('secretlintScan, 50 KB, 3 secrets', RUNS, () => secretlintScan(dirty, '/src/handler.ts'));
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
