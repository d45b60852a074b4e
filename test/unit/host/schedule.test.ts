import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { LaneHandle } from '../../../server/src/host/pool';
import { isJsLikePath, laneGroups, runBatches, scanPaths, type BatchQueue } from '../../../server/src/host/scan';
import { requireWithCodeCache } from '../../../server/src/host/module-cache';
import { Lane } from '../../../server/src/host/lane';
import { BATCH_V8_FLAGS, batchV8Flags } from '../../../server/src/host/heap';

/** A lane that records the batches it ran; `fail` makes it fail from its n-th batch on. */
function fakeLane(name: string, opts: { fail?: number; depth?: number } = {}): LaneHandle & { ran: string[][] } {
  const ran: string[][] = [];
  let alive = true;
  return {
    name,
    depth: opts.depth ?? 1,
    get alive() {
      return alive;
    },
    ran,
    model: async () => ({ files: [], skipped: [] }),
    addModels: () => undefined,
    handlers: async () => [],
    addHandlers: () => undefined,
    analyze: async () => [],
    close: async () => undefined,
    // run() below calls this through the test's runner
    fail: opts.fail,
    markDead: () => (alive = false),
  } as unknown as LaneHandle & { ran: string[][] };
}

async function schedule(lanes: Array<LaneHandle & { ran: string[][] }>, queues: BatchQueue[], affinity?: Map<LaneHandle, string[][]>) {
  const given: string[][] = [];
  const left = await runBatches(
    lanes,
    queues,
    () => false,
    undefined,
    async (lane, batch) => {
      const l = lane as LaneHandle & { ran: string[][]; fail?: number };
      // A turn of the event loop per batch, as real lanes take.
      await new Promise((r) => setImmediate(r));
      if (l.fail !== undefined && l.ran.length >= l.fail) throw new Error(`${l.name} crashed`);
      l.ran.push(batch);
    },
    (batch) => given.push(batch),
    affinity,
  );
  return { left, given };
}

describe('host/scan: scheduling lanes by kind of file', () => {
  it('tells JS/TS files (read with typescript-estree) from the rest', () => {
    for (const p of ['a.js', 'b.ts', 'c.mjs', 'd.cjs', 'e.mts', 'f.cts', 'g.jsx', 'h.tsx', '/x/serverless.ts']) assert.equal(isJsLikePath(p), true, p);
    for (const p of ['a.py', 'template.yaml', 'x.json', '.env', 'a.ts.map', 'README.md']) assert.equal(isJsLikePath(p), false, p);
  });

  it('groups lanes: workers take JS/TS, the calling thread is with the others', () => {
    const main = fakeLane('main');
    const [w1, w2, w3] = [fakeLane('w1'), fakeLane('w2'), fakeLane('w3')];
    assert.deepEqual(laneGroups([main], main), [[main]]);
    assert.deepEqual(laneGroups([main, w1], main), [[w1], [main]]);
    assert.deepEqual(laneGroups([w1, w2], undefined), [[w1], [w2]]);
    assert.deepEqual(laneGroups([main, w1, w2, w3], main), [[w1, w2], [main, w3]]);
  });

  it('a lane that may not take JS/TS never gets it; a JS/TS lane takes other files once its own run out', async () => {
    const main = fakeLane('main');
    const worker = fakeLane('worker');
    const js = [['a.ts'], ['b.ts']];
    const other = [['1.yaml'], ['2.yaml'], ['3.yaml'], ['4.yaml'], ['5.yaml'], ['6.yaml']];
    const { left } = await schedule([main, worker], [
      { batches: js, takers: new Set([worker]) },
      { batches: other, takers: new Set([main, worker]) },
    ]);
    assert.deepEqual(left, []);
    assert.ok(main.ran.every((b) => !b.some(isJsLikePath)), JSON.stringify(main.ran));
    assert.deepEqual(worker.ran.slice(0, 2), js, 'the worker starts with its JS/TS');
    assert.ok(worker.ran.length > 2, 'then helps with the rest');
    assert.equal(main.ran.length + worker.ran.length, 8);
  });

  it("a lane's own batches go to it first; another lane takes them only if it may take their kind", async () => {
    const main = fakeLane('main');
    const worker = fakeLane('worker');
    const affinity = new Map<LaneHandle, string[][]>([
      [worker, [['stack.ts'], ['template.yaml']]],
      [main, [['other.yaml']]],
    ]);
    await schedule([main, worker], [{ batches: [], takers: new Set([worker]) }, { batches: [], takers: new Set([main, worker]) }], affinity);
    assert.ok(!main.ran.some((b) => b.includes('stack.ts')));
    assert.ok(worker.ran.some((b) => b.includes('stack.ts')));
    assert.equal(main.ran.length + worker.ran.length, 3);
  });

  it('when the only JS/TS lane fails, its batches are retried or handed back for the fallback, never dropped', async () => {
    const main = fakeLane('main');
    const worker = fakeLane('worker', { fail: 0 });
    const { left, given } = await schedule([main, worker], [
      { batches: [['a.ts'], ['b.ts'], ['c.ts']], takers: new Set([worker]) },
      { batches: [['1.yaml']], takers: new Set([main, worker]) },
    ]);
    const done = [...main.ran, ...worker.ran, ...left, ...given].flat().sort();
    assert.deepEqual(done, ['1.yaml', 'a.ts', 'b.ts', 'c.ts']);
    assert.ok(left.flat().includes('b.ts') || main.ran.flat().includes('b.ts'));
  });
});

describe('host/module-cache: requireWithCodeCache', () => {
  it('loads a CommonJS file, writes a code cache, and loads it again from the cache (a bad cache is replaced)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-cc-'));
    const file = path.join(dir, `bundle-${process.pid}-${Date.now()}.js`);
    fs.writeFileSync(file, "const path = require('node:path');\nexports.join = (a, b) => path.join(a, b);\nexports.dir = __dirname;\nexports.self = module.exports === exports;\n");
    const cacheDir = path.join(os.tmpdir(), 'serverless-guard-compile-cache');
    // Each load in a process of its own, as real runs are: V8 also keeps compiled code per process, and
    // checks a cache against the flags of the process that made it (other tests here change flags).
    const load = () =>
      execFileSync(
        process.execPath,
        ['-e', `const m = require(${JSON.stringify(require.resolve('../../../server/src/host/module-cache'))}).requireWithCodeCache(${JSON.stringify(file)}, () => process.stdout.write('warm-up;')); process.stdout.write([m.join('p', 'q'), m.dir === ${JSON.stringify(dir)}, m.self].join(','));`],
        { encoding: 'utf8' },
      );
    const ok = `${path.join('p', 'q')},true,true`;
    assert.equal(load(), `warm-up;${ok}`, 'a fresh compile runs the warm-up, then writes the cache');
    const written = fs.readdirSync(cacheDir).filter((f) => f.startsWith(path.basename(file)));
    assert.equal(written.length, 1);
    assert.equal(load(), ok, 'the second load used the cache (no warm-up)');
    fs.writeFileSync(path.join(cacheDir, written[0]), 'not a code cache');
    assert.equal(load(), `warm-up;${ok}`, 'a rejected cache is compiled again and replaced');
    assert.equal(load(), ok);
    // In this process too (whatever its flags), the module loads and works.
    const here = requireWithCodeCache<{ join(a: string, b: string): string }>(file);
    assert.equal(here.join('x', 'y'), path.join('x', 'y'));
    fs.rmSync(path.join(cacheDir, written[0]), { force: true });
  });

  it('falls back to require for a file it cannot read', () => {
    assert.throws(() => requireWithCodeCache(path.join(os.tmpdir(), 'no-such-bundle-serverless-guard.js')), /Cannot find module/);
  });
});

describe('host/lane: handlers are read only when a fix of a grant may read them', () => {
  // One function per kind of grant; `read` says whether step 2 reads its handler (grantsReadHandler).
  const FUNCTIONS: Array<{ name: string; policies: string[]; read: boolean }> = [
    { name: 'plain', policies: [], read: false },
    { name: 'template', policies: ['        - DynamoDBCrudPolicy: { TableName: t }'], read: false },
    { name: 'exact', policies: ['        - Statement:', '            - Effect: Allow', '              Action: s3:GetObject', "              Resource: 'arn:aws:s3:::b/k'"], read: false },
    { name: 'readonly', policies: ['        - AmazonS3ReadOnlyAccess'], read: false },
    { name: 'granted', policies: ['        - Statement:', '            - Effect: Allow', '              Action: s3:*', "              Resource: 'arn:aws:s3:::b/k'"], read: true },
    { name: 'star', policies: ['        - Statement:', '            - Effect: Allow', '              Action: s3:PutObject', "              Resource: '*'"], read: true },
    { name: 'managed', policies: ['        - AmazonS3FullAccess'], read: true },
  ];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-lane-'));
  const w = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  const template = ['Transform: AWS::Serverless-2016-10-31', 'Resources:'];
  for (const f of FUNCTIONS) {
    template.push(`  Fn${f.name}:`, '    Type: AWS::Serverless::Function', '    Properties:', '      CodeUri: src/', `      Handler: ${f.name}.handler`, '      Runtime: nodejs20.x');
    if (f.policies.length) template.push('      Policies:', ...f.policies);
    w(`src/${f.name}.js`, "const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');\nconst s3 = new S3Client({});\nexports.handler = async () => s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'k' }));\n");
  }
  w('template.yaml', template.join('\n') + '\n');
  const code = FUNCTIONS.map((f) => path.join(dir, `src/${f.name}.js`));

  it('reads the handlers of wildcard statements and replaceable managed policies only, with their AWS calls', () => {
    const lane = new Lane({ settings: {}, maxBytes: 1_000_000 });
    assert.equal(lane.model([path.join(dir, 'template.yaml'), ...code]).files.length, 1);
    const handled = lane.handlers(code);
    assert.deepEqual(handled.map((h) => path.basename(h.path, '.js')).sort(), FUNCTIONS.filter((f) => f.read).map((f) => f.name).sort());
    for (const h of handled) assert.deepEqual(h.inference?.actions, ['s3:GetObject'], 'the AWS calls travel with the handler');
  });

  it('a scan still gives the least-privilege fixes, and analyses every handler', async () => {
    for (const workers of [0, 1]) {
      const out = await scanPaths([dir], { workers });
      const titles = out.results.flatMap((r) => r.findings.flatMap((f) => f.fixes.filter((x) => x.isPreferred).map((x) => x.title)));
      assert.ok(titles.some((t) => /^Grant only what .*: s3:GetObject$/.test(t)), `wildcard action fix (${workers} workers): ${titles.join(' | ')}`);
      assert.ok(titles.some((t) => /^Replace AmazonS3FullAccess with a statement of what .*s3:GetObject/.test(t)), `managed policy fix (${workers} workers): ${titles.join(' | ')}`);
      assert.deepEqual(out.outcomes.map((o) => path.relative(dir, o.path)).sort(), ['template.yaml', ...FUNCTIONS.map((f) => `src/${f.name}.js`)].sort());
    }
  });
});

describe('host/heap: the CLI garbage-collector settings', () => {
  it('bin/serverless-guard.js sets the same flags as BATCH_V8_FLAGS (the worker threads set those)', () => {
    const bin = fs.readFileSync(path.join(__dirname, '../../../../bin/serverless-guard.js'), 'utf8');
    const m = /const BATCH_V8_FLAGS = (\[[^\]]*\]);/.exec(bin);
    assert.ok(m, 'bin/serverless-guard.js declares BATCH_V8_FLAGS');
    assert.deepEqual(JSON.parse(m[1].replace(/'/g, '"')), [...BATCH_V8_FLAGS]);
  });
  it('SERVERLESS_GUARD_HEAP=default keeps V8 defaults', () => {
    const saved = process.env.SERVERLESS_GUARD_HEAP;
    try {
      process.env.SERVERLESS_GUARD_HEAP = 'default';
      assert.deepEqual(batchV8Flags(), []);
      delete process.env.SERVERLESS_GUARD_HEAP;
      assert.deepEqual(batchV8Flags(), [...BATCH_V8_FLAGS]);
    } finally {
      if (saved === undefined) delete process.env.SERVERLESS_GUARD_HEAP;
      else process.env.SERVERLESS_GUARD_HEAP = saved;
    }
  });
});
