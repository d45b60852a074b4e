import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Lane } from '../../../server/src/host/lane';
import * as pool from '../../../server/src/host/pool';
import type { ReaderFs } from '../../../server/src/host/read';
import { scanPaths, type ScanOutput } from '../../../server/src/host/scan';

function write(root: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
}

/** A workspace of `n` handlers, every third calling a plain-HTTP URL, deployed by a serverless.yml. */
function workspace(n: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-scan-'));
  const fns: string[] = [];
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++) {
    fns.push(`  f${i}:\n    handler: src/h${i}.handler`);
    const url = i % 3 === 0 ? `http://api${i}.example.com/x` : `https://api${i}.example.com/x`;
    // Some body to each handler, so analysing 150 of them takes many of the scheduler's 8 ms slices.
    const body = Array.from({ length: 60 }, (_, k) => `function helper${k}(a) { return [a, ${k}].map((x) => String(x) + '/${i}').join(','); }`).join('\n');
    files[`src/h${i}.js`] = `exports.handler = async () => {\n  const r = await fetch("${url}");\n  return r.json();\n};\n${body}\n`;
  }
  files['serverless.yml'] = `service: big\nprovider:\n  name: aws\nfunctions:\n${fns.join('\n')}\n`;
  write(dir, files);
  return dir;
}

/** What a scan found, independent of thread scheduling: path -> rule@line:col. */
function digest(out: ScanOutput): string[] {
  return out.outcomes.map((o) => `${path.basename(o.path)} ${o.skipped ?? o.result!.findings.map((f) => `${f.ruleId}@${f.range.start.line}:${f.range.start.character}`).join(',')}`);
}

describe('host/scan', function () {
  this.timeout(60000);

  it('worker threads find exactly what the calling thread finds, and say how many threads ran', async () => {
    const dir = workspace(120);
    const one = await scanPaths([dir], { workers: 0 });
    const two = await scanPaths([dir], { workers: 2, inline: true });
    const workersOnly = await scanPaths([dir], { workers: 2, inline: false });
    assert.equal(one.threads, 1);
    assert.equal(two.threads, 3);
    assert.equal(workersOnly.threads, 2);
    assert.equal(one.files, 121);
    assert.equal(one.results.reduce((n, r) => n + r.findings.length, 0), 40);
    assert.deepEqual(digest(two), digest(one));
    assert.deepEqual(digest(workersOnly), digest(one));
    // The deployment model reached every lane: the configuration is indexed wherever the handlers ran.
    assert.equal(workersOnly.index.allConfigs().length, 1);
    assert.equal(workersOnly.configs.length, 1);
  });

  it('progress counts every selected file once, in order, up to the total', async () => {
    const dir = workspace(30);
    const seen: Array<[number, number]> = [];
    const phases: string[] = [];
    await scanPaths([dir], { workers: 1, onProgress: (d, t) => seen.push([d, t]), onPhase: (p) => phases.push(p) });
    assert.deepEqual(phases, ['selecting', 'modelling', 'analysing']);
    assert.deepEqual(seen[0], [0, 31]);
    assert.deepEqual(seen[seen.length - 1], [31, 31]);
    for (let i = 1; i < seen.length; i++) assert.equal(seen[i][0], seen[i - 1][0] + 1);
  });

  it('bad files are skipped with a reason and counted, never thrown: binary, non-UTF-8, too large, vanished', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-bad-'));
    write(dir, {
      'ok.js': 'fetch("http://ok.example.com");\n',
      'bin.js': Buffer.from([0, 1, 2, 3, 255]),
      'latin1.js': Buffer.from('// caf\xe9\nfetch("http://latin.example.com");\n', 'latin1'),
      'big.json': `{"a": "${'x'.repeat(3000)}"}`,
      'empty.ts': '',
    });
    const out = await scanPaths([dir], { workers: 0, settings: { maxFileSize: 2000 }, files: [...['ok.js', 'bin.js', 'latin1.js', 'big.json', 'empty.ts', 'gone.js'].map((f) => path.join(dir, f))] });
    const reasons = Object.fromEntries(out.skipped.map((s) => [path.basename(s.path), s.reason]));
    assert.equal(reasons['bin.js'], 'binary content');
    assert.match(reasons['latin1.js'], /^not UTF-8 text/);
    assert.match(reasons['big.json'], /^larger than the size limit/);
    assert.equal(reasons['gone.js'], 'vanished before it could be read');
    assert.equal(out.files, 6);
    assert.equal(out.analysed, 2);
    assert.equal(out.skipped.length, 4);
    assert.equal(out.results.find((r) => r.path.endsWith('ok.js'))!.findings.length, 1);
  });

  it('a file that vanishes between listing and reading is a skip; permission errors too (lane with a failing reader)', async () => {
    const dir = workspace(3);
    let deleted = false;
    const out = await scanPaths([dir], {
      workers: 0,
      onPhase: (p) => {
        if (p === 'modelling' && !deleted) {
          fs.rmSync(path.join(dir, 'src/h1.js'));
          deleted = true;
        }
      },
    });
    assert.deepEqual(out.skipped.map((s) => [path.basename(s.path), s.reason]), [['h1.js', 'vanished before it could be read']]);

    const denied: ReaderFs = {
      openSync: () => {
        throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
      },
      fstatSync: () => ({ size: 0, isFile: () => true }),
      readSync: () => 0,
      closeSync: () => undefined,
    };
    const lane = new Lane({ settings: {}, maxBytes: 1 << 20 }, denied);
    const m = lane.model([path.join(dir, 'serverless.yml')]);
    assert.deepEqual(m.skipped.map((s) => s.reason), ['permission denied']);
    const o = await lane.analyze(path.join(dir, 'src/h0.js'));
    assert.deepEqual([o.skipped, o.result], ['permission denied', undefined]);
  });

  it('on the calling thread, the scan yields to the event loop between files (an editor request gets in)', async () => {
    const dir = workspace(150);
    const events: string[] = [];
    let ticking = true;
    let progressSeen = 0;
    const tick = () => {
      if (!ticking) return;
      events.push(`tick@${progressSeen}`);
      setTimeout(tick, 0);
    };
    setTimeout(tick, 0);
    await scanPaths([dir], { workers: 0, onProgress: (d) => (progressSeen = d) });
    ticking = false;
    const during = events.filter((e) => {
      const n = Number(e.split('@')[1]);
      return n > 0 && n < 151;
    });
    assert.ok(during.length >= 2, `timers ran ${during.length} times while files were being analysed: ${events.slice(0, 10).join(' ')}`);
  });

  it('cancellation stops the scan early and says so', async () => {
    const dir = workspace(200);
    let done = 0;
    const out = await scanPaths([dir], { workers: 1, onProgress: (d) => (done = d), isCancelled: () => done >= 20 });
    assert.equal(out.cancelled, true);
    assert.ok(out.outcomes.length < 201, `${out.outcomes.length} outcomes`);
  });

  it('a worker that cannot start does not lose files: the calling thread takes over', async () => {
    const dir = workspace(20);
    const logs: string[] = [];
    const real = await scanPaths([dir], { workers: 0 });
    // A worker whose script throws at load: every batch fails there and is retried elsewhere.
    const bad = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sg-badworker-')), 'scan-worker.js');
    fs.writeFileSync(bad, 'throw new Error("broken worker");\n');
    const original = pool.workerScript;
    (pool as { workerScript: () => string | undefined }).workerScript = () => bad;
    try {
      const out = await scanPaths([dir], { workers: 1, inline: false, log: (m) => logs.push(m) });
      assert.deepEqual(digest(out), digest(real));
      assert.ok(logs.some((l) => /failed/.test(l)), logs.join('\n'));
    } finally {
      (pool as { workerScript: () => string | undefined }).workerScript = original;
    }
  });

  it('fingerprints ignore position: the same finding on another line keeps its fingerprint', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-fp-'));
    write(dir, { 'a.js': 'fetch("http://fp.example.com/x");\n' });
    const first = await scanPaths([dir], { workers: 0 });
    write(dir, { 'a.js': '// a comment\n\n\nfetch("http://fp.example.com/x");\n' });
    const second = await scanPaths([dir], { workers: 0 });
    const fp1 = first.outcomes[0].fingerprints;
    const fp2 = second.outcomes[0].fingerprints;
    assert.equal(fp1?.length, 1);
    assert.deepEqual(fp2, fp1);
    assert.match(fp1![0], /^[0-9a-f]{32}$/);
  });
});
