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
  // typescript-estree loads TypeScript; bundling TypeScript whole is fine (it is one file).
  mainFields: ['module', 'main'],
};

const started = Date.now();
await Promise.all([
  build({ ...common, entryPoints: [join(root, 'client/src/extension.ts')], outfile: join(root, 'dist/client.js'), external: ['vscode'] }),
  build({ ...common, entryPoints: [join(root, 'server/src/server.ts')], outfile: join(root, 'dist/server.js') }),
  build({ ...common, entryPoints: [join(root, 'server/src/cli/main.ts')], outfile: join(root, 'dist/cli.js') }),
  // Worker threads of a workspace scan (server and CLI load it from next to themselves).
  build({ ...common, entryPoints: [join(root, 'server/src/host/scan-worker.ts')], outfile: join(root, 'dist/scan-worker.js') }),
]);
console.log(`bundled dist/client.js, dist/server.js, dist/cli.js, dist/scan-worker.js in ${Date.now() - started} ms`);
