/** A realistic ~N KB TypeScript Lambda handler, the same text every run (benchmarks, not tests). */
import { Fakes } from '../secrets/fakes';

const f = new Fakes(77);

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

export function handler(bytes: number): string {
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

