// Bundles the extension client, the language server and the CLI with esbuild (`tsc -b` type-checks).
import { build } from 'esbuild';
import { readFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const production = process.argv.includes('--production');
mkdirSync(join(root, 'dist'), { recursive: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  define: { SERVERLESS_GUARD_VERSION: JSON.stringify(pkg.version) },
  mainFields: ['module', 'main'],
};
// typescript-estree (with TypeScript, ~9 MB) is a bundle of its own, dist/typescript-estree.js, loaded on first use
// by server/src/engine/parse/estree.ts: the other bundles stay small, and a thread that never parses
// JS/TS never compiles it.
const engine = { ...common, external: ['@typescript-eslint/typescript-estree'] };

const started = Date.now();
await Promise.all([
  build({ ...common, entryPoints: [join(root, 'client/src/extension.ts')], outfile: join(root, 'dist/client.js'), external: ['vscode'] }),
  build({ ...engine, entryPoints: [join(root, 'server/src/server.ts')], outfile: join(root, 'dist/server.js') }),
  build({ ...engine, entryPoints: [join(root, 'server/src/cli/main.ts')], outfile: join(root, 'dist/cli.js') }),
  // Worker threads of a workspace scan (server and CLI load it from next to themselves).
  build({ ...engine, entryPoints: [join(root, 'server/src/host/scan-worker.ts')], outfile: join(root, 'dist/scan-worker.js') }),
  build({ ...common, entryPoints: [join(root, 'node_modules/@typescript-eslint/typescript-estree/dist/index.js')], outfile: join(root, 'dist/typescript-estree.js') }),
]);
console.log(`bundled dist/client.js, dist/server.js, dist/cli.js, dist/scan-worker.js, dist/typescript-estree.js in ${Date.now() - started} ms`);
