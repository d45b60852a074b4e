/**
 * typescript-estree, loaded on first use. It brings TypeScript (about 9 MB of code, 50–70 MB of memory
 * and 200–400 ms to load), which a thread that never reads JS/TS (a scan lane given only YAML, JSON and
 * Python; `serverless-guard rules`) should not pay for. Every other module imports only its types.
 *
 * The bundles (scripts/build.mjs) keep it in a file of its own, `typescript-estree.js` next to them, so that a
 * bundle that does not parse JS/TS does not even compile it; run from the TypeScript output (tests),
 * it comes from node_modules.
 */
import * as nodePath from 'node:path';
import * as fs from 'node:fs';

type Estree = typeof import('@typescript-eslint/typescript-estree');

let loaded: Estree | undefined;

export function estree(): Estree {
  if (loaded) return loaded;
  const bundled = nodePath.join(__dirname, 'typescript-estree.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded = (fs.existsSync(bundled) ? require(bundled) : require('@typescript-eslint/typescript-estree')) as Estree;
  return loaded;
}
