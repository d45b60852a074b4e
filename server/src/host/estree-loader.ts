import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { setEstreeLoader, type Estree } from '../engine/parse/estree';
import { estreeOptions } from '../engine/parse/javascript';
import { requireWithCodeCache } from './module-cache';

/** A little of everything the parser meets, so the code cache holds the functions a real parse runs. */
const WARM_UP = [
  "import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';",
  'export const handler = async (event: { id?: string }): Promise<Record<string, unknown>> => {',
  '  const client = new S3Client({});',
  '  const out = await client.send(new GetObjectCommand({ Bucket: process.env.BUCKET!, Key: `k/${event.id ?? 1}` }));',
  '  class A<T> extends Object { private x = 1; get y(): T | undefined { return undefined; } }',
  '  for (const [k, v] of Object.entries({ a: 1 })) if (k && v > 0) { try { JSON.parse("{}"); } catch { /* */ } }',
  '  return { statusCode: 200, body: JSON.stringify(out), ok: [1, 2].map((n) => n * 2), a: new A<string>() };',
  '};',
  "module.exports = { handler: require('./x').handler };",
].join('\n');

/**
 * Front ends that run from the bundles call this once: typescript-estree then comes from
 * `typescript-estree.js` next to the bundle, with a code cache. Run from the TypeScript output (no such
 * file next to it), the default loader (node_modules) stays.
 */
export function useBundledEstree(dir: string): void {
  const file = nodePath.join(dir, 'typescript-estree.js');
  if (!fs.existsSync(file)) return;
  setEstreeLoader(() =>
    requireWithCodeCache<Estree>(file, (m) => {
      m.parse(WARM_UP, estreeOptions(false));
    }),
  );
}
