import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { main } from '../../../server/src/cli/main';
import { FIXTURES } from './helpers';

async function model(args: string[], cwd = FIXTURES) {
  let stdout = '';
  let stderr = '';
  const code = await main(['model', ...args], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd, isTTY: false });
  return { code, stdout, stderr };
}

interface Pos {
  line: number;
  character: number;
}

describe('CLI: serverless-guard model', () => {
  it('prints every configuration of a folder with relative paths and 1-based positions', async () => {
    const r = await model(['serverless/orders-v3']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.root, path.join(FIXTURES, 'serverless/orders-v3'));
    assert.equal(j.positions, '1-based line and character');
    assert.deepEqual(j.files.map((f: { path: string }) => f.path), ['serverless.yml']);
    const f = j.files[0];
    const create = f.functions.find((x: { name: string }) => x.name === 'createOrder');
    assert.equal(create.id, 'serverless.yml#createOrder');
    assert.equal(create.handler.fileBase, 'src/orders');
    assert.deepEqual(create.handler.range, { start: { line: 35, character: 14 }, end: { line: 35, character: 31 } } satisfies { start: Pos; end: Pos });
    assert.deepEqual(create.handlerFile, { path: 'src/orders.js', exports: ['create', 'get'], envReads: ['TABLE_NAME', 'API_KEY'] });
    assert.deepEqual(create.statements, ['serverless.yml#s0', 'serverless.yml#s1']);
    assert.equal(j.summary.functions, 3);
    assert.equal(j.summary.problems, 0);
  });

  it('never prints a whole secret', async () => {
    const r = await model(['azure/reports-app']);
    const j = JSON.parse(r.stdout);
    assert.ok(!r.stdout.includes('LocalOnly!2024'), 'connection string password redacted');
    const settings = j.files.find((f: { path: string }) => f.path === 'local.settings.json');
    const cs = settings.environment.find((e: { key: string }) => e.key === 'ReportsDb');
    assert.match(cs.value.value, /^Serv…$/);
    const plain = settings.environment.find((e: { key: string }) => e.key === 'FUNCTIONS_WORKER_RUNTIME');
    assert.equal(plain.value.value, 'node');
    const sam = JSON.parse((await model(['sam/photo-api'])).stdout);
    const db = sam.files[0].parameters.find((p: { name: string }) => p.name === 'DbPassword');
    assert.equal(db.default.value, 'chan…', 'a NoEcho default is redacted');
    assert.ok(!JSON.stringify(sam).includes('changeme-in-prod'));
  });

  it('reads CDK stacks and Python handlers', async () => {
    const r = await model(['cdk/inventory-app']);
    const j = JSON.parse(r.stdout);
    // bin/app.ts imports the CDK but declares no function, policy or role: it has no model.
    assert.deepEqual(j.files.map((f: { path: string; format: string; functions: unknown[] }) => [f.path, f.format, f.functions.length]), [
      ['lib/inventory-stack.ts', 'cdk', 2],
    ]);
    const r2 = await model(['serverless/orders-v3']);
    const report = JSON.parse(r2.stdout).files[0].functions.find((x: { name: string }) => x.name === 'report');
    assert.deepEqual(report.handlerFile, { path: 'src/report.py', exports: ['handler'], envReads: ['TABLE_NAME', 'LOG_LEVEL'] });
  });

  it('usage errors', async () => {
    assert.equal((await model(['does-not-exist'])).code, 2);
    assert.equal((await model(['a', 'b'])).code, 2);
    assert.equal((await model(['--bogus'])).code, 2);
  });
});
