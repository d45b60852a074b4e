import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { REPO, startServer, type TestServer } from './client';

const SERVER = [path.join(REPO, 'dist/server.js'), '--stdio'];

interface Progress {
  done: number;
  total: number;
  phase: string;
}
interface Summary {
  files: number;
  findings: number;
  warnings: number;
  skipped: number;
  durationMs: number;
  cancelled: boolean;
}

async function write(root: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await fs.writeFile(path.join(root, rel), content);
  }
}

/** `n` handlers (every 10th with a plain-HTTP call) deployed by one serverless.yml. */
async function bigWorkspace(n: number): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sg-big-'));
  const files: Record<string, string> = {};
  const fns: string[] = [];
  for (let i = 0; i < n; i++) {
    // The first sixth are handlers (indexed before analysis); the rest are modules that only the
    // analysis parses (each with a cleartext URL, so a rule reads it), which keeps the analysis phase long
    // enough to type into however fast the handler phase gets.
    if (i < n / 6) fns.push(`  f${i}:\n    handler: src/h${i}.handler`);
    const scheme = i % 10 === 0 || i >= n / 6 ? 'http' : 'https';
    const body = Array.from({ length: 20 }, (_, k) => `  const v${k} = await fetch(base + "/items/${k}", { method: "GET" }).then((r) => r.json());`).join('\n');
    files[`src/h${i}.js`] = `const base = "${scheme}://api${i}.example.com";\nexports.handler = async (event) => {\n${body}\n  return { statusCode: 200 };\n};\n`;
  }
  files['serverless.yml'] = `service: big\nprovider:\n  name: aws\nfunctions:\n${fns.join('\n')}\n`;
  await write(dir, files);
  return dir;
}

const uriOf = (dir: string, rel: string) => pathToFileURL(path.join(dir, rel)).href;

/** True when some diagnostics for `uri` were already received (call it after an ordering barrier such as a response). */
const received = (server: TestServer, uri: string) => server.diagnostics(uri, () => true, 0).then(() => true, () => false);

function watchProgress(server: TestServer): { events: Progress[]; next: (pred: (p: Progress) => boolean) => Promise<Progress> } {
  const events: Progress[] = [];
  const waiters: Array<{ pred: (p: Progress) => boolean; resolve: (p: Progress) => void }> = [];
  server.connection.onNotification('serverlessGuard/scanProgress', (p: Progress) => {
    events.push(p);
    for (const w of [...waiters]) {
      if (w.pred(p)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p);
      }
    }
  });
  return {
    events,
    next: (pred) => {
      const have = events.find(pred);
      if (have) return Promise.resolve(have);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no such progress event; seen ${JSON.stringify(events.slice(-3))}`)), 60000);
        waiters.push({ pred, resolve: (p) => (clearTimeout(t), resolve(p)) });
      });
    },
  };
}

for (const [mode, workers] of [['worker threads', undefined], ['the server thread (no workers)', '0']] as const) {
  describe(`workspace scan over LSP, ${mode}: typing during a big scan`, function () {
    this.timeout(120000);
    let server: TestServer;
    let dir: string;
    const saved = process.env.SERVERLESS_GUARD_WORKERS;

    before(async () => {
      dir = await bigWorkspace(600);
      await write(dir, { 'src/open.js': 'const a = 1;\n' });
      if (workers === undefined) delete process.env.SERVERLESS_GUARD_WORKERS;
      else process.env.SERVERLESS_GUARD_WORKERS = workers;
      server = await startServer(SERVER, dir);
      server.settings = { debounceMs: 0 };
    });
    after(async () => {
      if (saved === undefined) delete process.env.SERVERLESS_GUARD_WORKERS;
      else process.env.SERVERLESS_GUARD_WORKERS = saved;
      await server?.stop();
    });

    it('an edit in an open file gets its diagnostics while the scan is still running', async () => {
      const uri = uriOf(dir, 'src/open.js');
      server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'javascript', version: 1, text: 'const a = 1;\n' } });
      await server.diagnostics(uri, (d) => d.version === 1);
      const progress = watchProgress(server);
      let finished = false;
      const scan = (server.connection.sendRequest('serverlessGuard/scanWorkspace', {}) as Promise<Summary>).then((s) => {
        finished = true;
        return s;
      });
      // Once analysis is under way, type.
      await progress.next((p) => p.phase === 'analysing' && p.done > 0);
      server.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: 2 },
        contentChanges: [{ text: 'const a = 1;\nfetch("http://typed.example.com/");\n' }],
      });
      const typed = await server.diagnostics(uri, (d) => d.version === 2);
      const at = progress.events[progress.events.length - 1];
      assert.equal(typed.diagnostics.length, 1);
      assert.equal(finished, false, 'the scan had already finished');
      assert.ok(at.done < at.total, `diagnostics came after ${at.done}/${at.total} files`);
      const summary = await scan;
      assert.equal(summary.cancelled, false);
      assert.equal(summary.files, 602);
      const last = progress.events[progress.events.length - 1];
      assert.deepEqual([last.done, last.total], [602, 602]);
      // Unopened results arrived; the open document kept its live diagnostics.
      const h0 = await server.diagnostics(uriOf(dir, 'src/h0.js'));
      assert.equal(h0.diagnostics[0].code, 'plain-http');
      assert.equal((await server.diagnostics(uri)).version, 2);
    });
  });
}

describe('workspace scan over LSP: results stay current', function () {
  this.timeout(60000);
  let server: TestServer;
  let dir: string;
  const status: Array<{ state: string; message: string; lastScan?: Summary }> = [];
  let filesExclude: Record<string, unknown> | null = null;

  const change = (rel: string, type: 1 | 2 | 3) =>
    server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(dir, rel), type }] });
  const count = (p: PublishDiagnosticsParams) => p.diagnostics.filter((d) => d.code === 'plain-http').length;

  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sg-watch-'));
    await write(dir, {
      'serverless.yml': 'service: s\nfunctions:\n  a:\n    handler: src/a.handler\n',
      'src/a.js': 'exports.handler = () => fetch("http://a.example.com/");\n',
      'src/other.js': 'fetch("http://other.example.com/");\n',
      'lib/one.js': 'fetch("http://one.example.com/");\n',
      'lib/two.js': 'fetch("http://two.example.com/");\n',
      'generated/gen.js': 'fetch("http://gen.example.com/");\n',
      'bin.js': Buffer.from([0, 1, 2]),
    });
    server = await startServer(SERVER, dir);
    // The client answers `files.exclude` like VS Code does (pulled per folder).
    server.connection.onRequest('workspace/configuration', (params: { items: Array<{ section?: string }> }) =>
      params.items.map((i) => (i.section === 'serverlessGuard' ? server.settings : i.section === 'files.exclude' ? filesExclude : null)),
    );
    server.connection.onNotification('serverlessGuard/status', (p: (typeof status)[number]) => {
      status.push(p);
    });
    server.settings = { debounceMs: 0 };
  });
  after(async () => {
    await server?.stop();
  });

  it('honours files.exclude pulled from the client, and reports progress, skips and a status with counts and duration', async () => {
    filesExclude = { '**/generated': true, '**/*.map': false };
    const summary = (await server.connection.sendRequest('serverlessGuard/scanWorkspace', {})) as Summary;
    assert.equal(summary.cancelled, false);
    assert.equal(summary.files, 6); // serverless.yml, src/a.js, src/other.js, lib/one.js, lib/two.js, bin.js
    assert.equal(summary.skipped, 1); // bin.js: binary
    assert.equal(summary.findings, 4);
    assert.equal(await received(server, uriOf(dir, 'generated/gen.js')), false);
    assert.equal(count(await server.diagnostics(uriOf(dir, 'lib/one.js'))), 1);
    const last = status[status.length - 1];
    assert.equal(last.state, 'idle');
    assert.deepEqual([last.lastScan?.files, last.lastScan?.findings, last.lastScan?.skipped], [6, 4, 1]);
    assert.ok(typeof last.lastScan?.durationMs === 'number');
    assert.ok(status.some((s) => s.state === 'scanning'));
  });

  it('a file changed on disk is analysed again; a new file gets results; a deleted file loses them', async () => {
    await fs.writeFile(path.join(dir, 'src/other.js'), 'fetch("http://other.example.com/");\nfetch("http://more.example.com/");\n');
    change('src/other.js', 2);
    await server.diagnostics(uriOf(dir, 'src/other.js'), (p) => count(p) === 2);

    await fs.writeFile(path.join(dir, 'lib/new.js'), 'fetch("http://new.example.com/");\n');
    change('lib/new.js', 1);
    await server.diagnostics(uriOf(dir, 'lib/new.js'), (p) => count(p) === 1);

    await fs.rm(path.join(dir, 'lib/new.js'));
    change('lib/new.js', 3);
    await server.diagnostics(uriOf(dir, 'lib/new.js'), (p) => p.diagnostics.length === 0);
  });

  it('a deleted folder clears every result under it', async () => {
    await fs.rm(path.join(dir, 'lib'), { recursive: true });
    change('lib', 3);
    await server.diagnostics(uriOf(dir, 'lib/one.js'), (p) => p.diagnostics.length === 0);
    await server.diagnostics(uriOf(dir, 'lib/two.js'), (p) => p.diagnostics.length === 0);
  });

  it('editing serverless.yml on disk re-evaluates the handlers it references (and only those)', async () => {
    // Both files change on disk without an event of their own: only the model change can make the
    // server read src/a.js again; src/other.js is deployed by nothing and must keep its results.
    await fs.writeFile(path.join(dir, 'src/a.js'), 'exports.handler = () => fetch("http://a.example.com/");\nfetch("http://a2.example.com/");\n');
    await fs.writeFile(path.join(dir, 'src/other.js'), 'const nothing = 1;\n');
    await fs.writeFile(path.join(dir, 'serverless.yml'), 'service: s\nfunctions:\n  a:\n    handler: src/a.handler\n    memorySize: 256\n');
    change('serverless.yml', 2);
    await server.diagnostics(uriOf(dir, 'src/a.js'), (p) => count(p) === 2);
    assert.equal(count(await server.diagnostics(uriOf(dir, 'src/other.js'))), 2);
  });

  it('editing serverless.yml in the editor re-evaluates the handlers it referenced and now references', async () => {
    await fs.writeFile(path.join(dir, 'src/b.js'), 'exports.handler = () => fetch("http://b.example.com/");\n');
    change('src/b.js', 1);
    await server.diagnostics(uriOf(dir, 'src/b.js'), (p) => count(p) === 1);
    await fs.writeFile(path.join(dir, 'src/b.js'), 'exports.handler = () => fetch("http://b.example.com/");\nfetch("http://b2.example.com/");\n');
    await fs.writeFile(path.join(dir, 'src/a.js'), 'exports.handler = () => 1;\n');
    const yml = uriOf(dir, 'serverless.yml');
    const text = 'service: s\nfunctions:\n  a:\n    handler: src/a.handler\n    memorySize: 256\n';
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: yml, languageId: 'yaml', version: 1, text } });
    server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: yml, version: 2 },
      contentChanges: [{ text: `${text}  b:\n    handler: src/b.handler\n` }],
    });
    // b is newly referenced, a was referenced before: both are read again.
    await server.diagnostics(uriOf(dir, 'src/b.js'), (p) => count(p) === 2);
    await server.diagnostics(uriOf(dir, 'src/a.js'), (p) => count(p) === 0);
    server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: yml } });
  });

  it('the clear command removes every result, and later changes do not bring them back', async () => {
    const n = (await server.connection.sendRequest('serverlessGuard/clearResults', {})) as number;
    assert.ok(n >= 2, `${n} files cleared`);
    await server.diagnostics(uriOf(dir, 'src/b.js'), (p) => p.diagnostics.length === 0);
    await server.diagnostics(uriOf(dir, 'src/other.js'), (p) => p.diagnostics.length === 0);
    await fs.writeFile(path.join(dir, 'src/c.js'), 'fetch("http://c.example.com/");\n');
    change('src/c.js', 1);
    // An ordering barrier: once this request is answered, the change notification was handled.
    await server.connection.sendRequest('serverlessGuard/clearResults', {});
    assert.equal(await received(server, uriOf(dir, 'src/c.js')), false);
    assert.equal(status[status.length - 1].message, 'Results cleared');
  });
});

describe('workspace scan over LSP: cancellation', function () {
  this.timeout(120000);
  let server: TestServer;
  let dir: string;

  before(async () => {
    dir = await bigWorkspace(600);
    server = await startServer(SERVER, dir);
  });
  after(async () => {
    await server?.stop();
  });

  it('cancelling the request stops the scan before the end', async () => {
    const progress = watchProgress(server);
    const source = new CancellationTokenSource();
    const scan = (server.connection.sendRequest('serverlessGuard/scanWorkspace', {}, source.token) as Promise<Summary>).then(
      (s) => s,
      (e: { code?: number }) => ({ cancelledByClient: e.code }),
    );
    await progress.next((p) => p.phase === 'analysing' && p.done > 0);
    source.cancel();
    const r = await scan;
    assert.ok('cancelledByClient' in r ? r.cancelledByClient === -32800 : (r as Summary).cancelled, JSON.stringify(r));
    // Ordering barrier, then: the last progress event is short of the total.
    const again = (await server.connection.sendRequest('serverlessGuard/clearResults', {})) as number;
    assert.ok(again >= 0);
    const last = progress.events[progress.events.length - 1];
    assert.ok(last.done < last.total, `${last.done}/${last.total}`);
  });
});
