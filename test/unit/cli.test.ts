import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../server/src/cli/main';

const EXAMPLE = path.resolve(__dirname, '../../../examples/orders-service');

async function cli(args: string[], cwd = EXAMPLE) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd, isTTY: false });
  return { code, stdout, stderr };
}

describe('CLI', () => {
  it('--help and -h after a command print the usage and exit 0; after -- they are paths', async () => {
    for (const args of [['scan', '--help'], ['scan', '.', '-h'], ['model', '--help'], ['rules', '-h']]) {
      const r = await cli(args);
      assert.equal(r.code, 0, args.join(' '));
      assert.match(r.stdout, /^serverless-guard .*\n[\s\S]*--fail-on error\|warning\|info\|never/, args.join(' '));
      assert.equal(r.stderr, '');
    }
    const asPath = await cli(['scan', '--', '--help']);
    assert.equal(asPath.code, 2, 'a missing path named --help is reported, not the usage');
    assert.match(asPath.stderr, /no such file or folder: .*--help/);
    assert.equal(asPath.stdout, '');
    const unknown = await cli(['nope', '--help']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command "nope"/);
  });

  it('text: reports every rule\'s finding in examples at the right line and exits 1', async () => {
    const r = await cli(['scan', '.']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /src\/orders\.js\n {2}10:23 +warning +http:\/\/inventory\.partner-example\.com is requested/);
    assert.match(r.stdout, /serverless\.yml\n {2}15:19 +error +"dynamodb:\*" allows every Amazon DynamoDB action/);
    assert.match(r.stdout, /23:70 +warning +Hardcoded secret \(orde…\) in jwtSecret/);
    assert.ok(!r.stdout.includes('orders-receipt-signing-2026'), 'the secret is never printed whole');
    assert.match(r.stdout, /5 findings \(1 error, 4 warnings\) in 3 files/);
  });

  it('json: findings with file, line and column', async () => {
    const r = await cli(['scan', '--format', 'json']);
    const j = JSON.parse(r.stdout);
    const f = j.findings.find((x: { file: string; ruleId: string }) => x.file === 'src/orders.js' && x.ruleId === 'plain-http');
    assert.deepEqual([f.ruleId, f.line, f.column, f.severity], ['plain-http', 10, 23, 'warning']);
  });

  it('sarif: 2.1.0 with rules, relative URIs and 1-based regions', async () => {
    const r = await cli(['scan', '--format=sarif']);
    const s = JSON.parse(r.stdout);
    assert.equal(s.version, '2.1.0');
    const run = s.runs[0];
    assert.equal(run.tool.driver.name, 'serverless-guard');
    assert.ok(run.tool.driver.rules.some((x: { id: string; helpUri: string }) => x.id === 'plain-http' && x.helpUri.endsWith('plain-http.md')));
    const res = run.results.find((x: { ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => x.ruleId === 'plain-http' && x.locations[0].physicalLocation.artifactLocation.uri === 'src/orders.js');
    assert.equal(res.level, 'warning');
    assert.deepEqual(res.locations[0].physicalLocation.region, { startLine: 10, startColumn: 23, endLine: 10, endColumn: 70 });
    assert.equal(res.locations[0].physicalLocation.artifactLocation.uriBaseId, 'SRCROOT');
  });

  it('--output writes the report to a file', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sg-'));
    const out = path.join(dir, 'r.sarif');
    const r = await cli(['scan', '--format', 'sarif', '--output', out]);
    assert.equal(r.stdout, '');
    assert.equal(JSON.parse(await fs.readFile(out, 'utf8')).version, '2.1.0');
  });

  it('exit 0 when nothing is at or above --fail-on', async () => {
    assert.equal((await cli(['scan', '--fail-on', 'error'])).code, 1, 'the dynamodb:* grant is an error');
    assert.equal((await cli(['scan', '--fail-on', 'error', '--disable-rule', 'wildcard-permission'])).code, 0);
    assert.equal((await cli(['scan', '--rule', 'unknown-iam-action'])).code, 0);
    assert.equal((await cli(['scan', '--fail-on', 'never'])).code, 0);
  });

  it('exit 2 with a clear message on usage errors', async () => {
    for (const args of [
      ['scan', '--format', 'xml'],
      ['scan', '--bogus'],
      ['frobnicate'],
      ['scan', '/no/such/dir'],
      ['scan', '--rule', 'nope'],
      ['scan', '--write-baseline'],
      ['scan', '--fix', '--fix-dry-run'],
      ['scan', '--baseline', '/no/such/baseline.json'],
    ]) {
      const r = await cli(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /^serverless-guard: /);
    }
  });

  it('model prints the functions and their handlers', async () => {
    const r = await cli(['model', '.']);
    const m = JSON.parse(r.stdout);
    assert.equal(r.code, 0);
    assert.ok(JSON.stringify(m).includes('createOrder'));
  });

  it('handles odd files: BOM and UTF-16 read; non-UTF-8 and binary skipped with a reason and counted', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sg-odd-'));
    await fs.writeFile(path.join(dir, 'bom.js'), '\uFEFFawait fetch("http://bom.example.com");\n');
    await fs.writeFile(path.join(dir, 'u16.js'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('await fetch("http://u16.example.com");\n', 'utf16le')]));
    await fs.writeFile(path.join(dir, 'latin1.js'), Buffer.from('// caf\xe9\nawait fetch("http://latin.example.com");\n', 'latin1'));
    await fs.writeFile(path.join(dir, 'bin.js'), Buffer.from([0, 1, 2, 3, 0, 255]));
    await fs.writeFile(path.join(dir, 'empty.js'), '');
    const r = await cli(['scan', '--format', 'json'], dir);
    const j = JSON.parse(r.stdout);
    const byFile = Object.fromEntries(j.findings.map((f: { file: string; line: number; column: number }) => [f.file, [f.line, f.column]]));
    assert.deepEqual(byFile['bom.js'], [1, 13]);
    assert.deepEqual(byFile['u16.js'], [1, 13]);
    assert.equal(byFile['latin1.js'], undefined);
    const skipped = Object.fromEntries(j.skipped.map((s: { file: string; reason: string }) => [s.file, s.reason]));
    assert.match(skipped['bin.js'], /binary/);
    assert.match(skipped['latin1.js'], /^not UTF-8 text/);
    assert.deepEqual([j.summary.files, j.summary.analysed, j.summary.skipped], [5, 3, 2]);
    assert.match(r.stderr, /skipped 2 files: 1 binary content; 1 not UTF-8 text/);
    const verbose = await cli(['scan', '--verbose', '--format', 'json'], dir);
    assert.match(verbose.stderr, /skipped latin1\.js: not UTF-8 text \(invalid byte sequence at offset 6\)/);
  });

  it('text: grouped by file, a summary line, colours only when asked or on a terminal', async () => {
    const plain = await cli(['scan', '.']);
    assert.ok(!plain.stdout.includes('\x1b['));
    const coloured = await cli(['scan', '--color']);
    assert.match(coloured.stdout, /\x1b\[4msrc\/orders\.js\x1b\[0m/);
    assert.match(coloured.stdout, /\x1b\[33mwarning/);
    let ttyOut = '';
    const tty = await main(['scan'], { stdout: (s) => (ttyOut += s), stderr: () => undefined, cwd: EXAMPLE, isTTY: true });
    assert.equal(tty, 1);
    assert.match(ttyOut, /\x1b\[33mwarning/);
    let piped = '';
    await main(['scan', '--output', path.join(os.tmpdir(), `sg-${process.pid}.txt`)], { stdout: (s) => (piped += s), stderr: () => undefined, cwd: EXAMPLE, isTTY: true });
    assert.equal(piped, '', 'the report went to the file');
    assert.ok(!(await fs.readFile(path.join(os.tmpdir(), `sg-${process.pid}.txt`), 'utf8')).includes('\x1b['), 'no colour in a file');
  });

  it('progress goes to standard error only when it is a terminal, and is cleared at the end', async () => {
    let stderr = '';
    let stdout = '';
    await main(['scan', '--format', 'json'], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd: EXAMPLE, isTTY: false, stderrIsTTY: true });
    assert.match(stderr, /scanning \d+\/3 files/);
    assert.ok(stderr.endsWith('\r\x1b[K'), JSON.stringify(stderr.slice(-20)));
    assert.ok(!stdout.includes('scanning'));
    assert.equal((await cli(['scan', '--format', 'json'])).stderr, '');
  });

  it('--rule, --disable-rule, --exclude, --max-file-size and --list-files select what is scanned', async () => {
    const only = JSON.parse((await cli(['scan', '--format', 'json', '--rule', 'plain-http'])).stdout);
    assert.equal(only.findings.length, 2);
    const ex = JSON.parse((await cli(['scan', '--format', 'json', '--exclude', 'src/orders.js'])).stdout);
    assert.deepEqual(ex.findings.map((f: { file: string }) => f.file), ['serverless.yml', 'serverless.yml', 'src/shipping.ts']);
    assert.equal(ex.summary.files, 2);
    const small = JSON.parse((await cli(['scan', '--format', 'json', '--max-file-size', '100'])).stdout);
    assert.ok(small.skipped.some((s: { reason: string }) => /larger than the size limit/.test(s.reason)));
    const k = await cli(['scan', '--format', 'json', '--max-file-size', '1k']);
    assert.equal(k.code, 1);
    assert.equal((await cli(['scan', '--max-file-size', 'lots'])).code, 2);
    const list = await cli(['scan', '--list-files']);
    assert.equal(list.code, 0);
    assert.deepEqual(list.stdout.trim().split('\n'), ['serverless.yml', 'src/orders.js', 'src/shipping.ts']);
  });

  it('--jobs runs the same scan on worker threads', async () => {
    const a = JSON.parse((await cli(['scan', '--format', 'json', '--jobs', '0'])).stdout);
    const b = JSON.parse((await cli(['scan', '--format', 'json', '--jobs', '2'])).stdout);
    assert.deepEqual(b.findings, a.findings);
    assert.equal((await cli(['scan', '--jobs', 'many'])).code, 2);
  });

  it('paths are relative to the working directory when the scanned folder is inside it', async () => {
    const r = await cli(['scan', '--format', 'json', 'examples/orders-service'], path.resolve(EXAMPLE, '../..'));
    const files = JSON.parse(r.stdout).findings.map((f: { file: string }) => f.file);
    assert.deepEqual([...new Set(files)], ['examples/orders-service/serverless.yml', 'examples/orders-service/src/orders.js', 'examples/orders-service/src/shipping.ts']);
    const outside = await cli(['scan', '--format', 'json', EXAMPLE], await fs.mkdtemp(path.join(os.tmpdir(), 'sg-cwd-')));
    assert.deepEqual([...new Set(JSON.parse(outside.stdout).findings.map((f: { file: string }) => f.file))], ['serverless.yml', 'src/orders.js', 'src/shipping.ts']);
  });
});
