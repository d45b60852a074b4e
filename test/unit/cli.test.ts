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
  it('text: reports the http:// fetch in examples at the right line and exits 1', async () => {
    const r = await cli(['scan', '.']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /src\/orders\.js\n {2}4:23 +warning +http:\/\/inventory\.partner-example\.com is requested/);
    assert.match(r.stdout, /2 findings \(0 errors, 2 warnings\) in 3 files/);
  });

  it('json: findings with file, line and column', async () => {
    const r = await cli(['scan', '--format', 'json']);
    const j = JSON.parse(r.stdout);
    const f = j.findings.find((x: { file: string }) => x.file === 'src/orders.js');
    assert.deepEqual([f.ruleId, f.line, f.column, f.severity], ['plain-http', 4, 23, 'warning']);
  });

  it('sarif: 2.1.0 with rules, relative URIs and 1-based regions', async () => {
    const r = await cli(['scan', '--format=sarif']);
    const s = JSON.parse(r.stdout);
    assert.equal(s.version, '2.1.0');
    const run = s.runs[0];
    assert.equal(run.tool.driver.name, 'serverless-guard');
    assert.ok(run.tool.driver.rules.some((x: { id: string; helpUri: string }) => x.id === 'plain-http' && x.helpUri.endsWith('plain-http.md')));
    const res = run.results.find((x: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => x.locations[0].physicalLocation.artifactLocation.uri === 'src/orders.js');
    assert.equal(res.level, 'warning');
    assert.deepEqual(res.locations[0].physicalLocation.region, { startLine: 4, startColumn: 23, endLine: 4, endColumn: 70 });
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
    assert.equal((await cli(['scan', '--fail-on', 'error'])).code, 0);
    assert.equal((await cli(['scan', '--disable-rule', 'plain-http'])).code, 0);
  });

  it('exit 2 with a clear message on usage errors', async () => {
    for (const args of [['scan', '--format', 'xml'], ['scan', '--bogus'], ['frobnicate'], ['scan', '/no/such/dir'], ['scan', '--rule', 'nope']]) {
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

  it('handles odd files: BOM, UTF-16, invalid UTF-8, binary, empty, unreadable', async () => {
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
    assert.deepEqual(byFile['latin1.js'], [2, 13]);
    assert.ok(j.problems.some((p: { file: string; message: string }) => p.file === 'bin.js' && /binary/.test(p.message)));
  });
});
