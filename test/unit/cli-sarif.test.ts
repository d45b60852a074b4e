import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { main } from '../../server/src/cli/main';

const REPO = path.resolve(__dirname, '../../..');
const SCHEMA = path.join(REPO, 'test/fixtures/sarif-2.1.0.schema.json');

async function cli(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd, isTTY: false });
  return { code, stdout, stderr };
}

/**
 * The vendored OASIS schema (test/fixtures/sarif-2.1.0.schema.json, errata01) declares draft-04. Its
 * keywords are the same in draft-07 except the `id` of the root, which Ajv 8 reads as `$id`; nothing
 * else is changed (no boolean exclusiveMinimum etc. in it, checked below).
 */
async function sarifValidator() {
  const raw = await fs.readFile(SCHEMA, 'utf8');
  assert.ok(!/"exclusiveM(in|ax)imum"\s*:\s*(true|false)/.test(raw), 'draft-04-only keywords would need another validator');
  const schema = JSON.parse(raw) as Record<string, unknown>;
  assert.equal(schema.title, 'Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema');
  const { $schema: _drop, id, ...rest } = schema;
  void _drop;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile({ $id: id as string, ...rest });
}

describe('CLI: SARIF', function () {
  this.timeout(30000);
  let dir: string;

  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sg-sarif-'));
    await fs.mkdir(path.join(dir, 'src dir'), { recursive: true });
    await fs.writeFile(path.join(dir, 'serverless.yml'), 'service: s\nfunctions:\n  a:\n    handler: src dir/a.handler\n');
    await fs.writeFile(path.join(dir, 'src dir/a.js'), 'exports.handler = async () => fetch("http://api.example.com/a");\n');
    await fs.writeFile(path.join(dir, 'src dir/b.ts'), 'const u = "http://b.example.com";\nexport const h = () => fetch(u);\n');
    await fs.writeFile(path.join(dir, 'bin.js'), Buffer.from([0, 1, 2, 0]));
    await fs.writeFile(path.join(dir, 'broken.ts'), 'fetch("http://c.example.com");\nconst = ;\n');
  });

  it('validates against the SARIF 2.1.0 JSON schema (ajv)', async () => {
    const validate = await sarifValidator();
    const r = await cli(['scan', '--format', 'sarif'], dir);
    assert.equal(r.code, 1, r.stderr);
    const log = JSON.parse(r.stdout);
    const ok = validate(log);
    assert.ok(ok, JSON.stringify(validate.errors, null, 2));
    // The validator does reject what breaks the schema.
    const broken = JSON.parse(r.stdout);
    broken.runs[0].results[0].level = 'severe';
    broken.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    assert.equal(validate(broken), false);
    assert.ok(validate.errors!.some((e) => e.instancePath.endsWith('/level')));
    assert.ok(validate.errors!.some((e) => e.instancePath.endsWith('/startLine')));
    // And a log with nothing to report is valid too.
    const empty = await cli(['scan', '--format', 'sarif', '--disable-rule', 'plain-http'], dir);
    assert.ok(validate(JSON.parse(empty.stdout)), JSON.stringify(validate.errors, null, 2));
  });

  it('uses relative URIs under SRCROOT, declared in originalUriBaseIds as an absolute folder URI', async () => {
    const r = await cli(['scan', '--format', 'sarif'], dir);
    const run = JSON.parse(r.stdout).runs[0];
    const root = run.originalUriBaseIds.SRCROOT.uri as string;
    assert.match(root, /^file:\/\/\/.*\/$/);
    assert.equal(new URL(root).pathname.replace(/\/$/, ''), dir.split(path.sep).join('/'));
    const uris = run.results.map((x: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }> }) => x.locations[0].physicalLocation.artifactLocation);
    assert.ok(uris.length >= 2);
    for (const u of uris) {
      assert.equal(u.uriBaseId, 'SRCROOT');
      assert.ok(!u.uri.startsWith('/') && !/^[a-z]+:/.test(u.uri), u.uri);
    }
    assert.ok(uris.some((u: { uri: string }) => u.uri === 'src%20dir/a.js'), JSON.stringify(uris));
    // Resolving against the root gives the file back.
    assert.equal(new URL('src%20dir/a.js', root).pathname, `${dir.split(path.sep).join('/')}/src%20dir/a.js`);
  });

  it('carries what GitHub code scanning reads: rule help, security severity, levels, fingerprints, UTF-16 columns', async () => {
    const r = await cli(['scan', '--format', 'sarif'], dir);
    const log = JSON.parse(r.stdout);
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    const run = log.runs[0];
    assert.equal(run.columnKind, 'utf16CodeUnits');
    const driver = run.tool.driver;
    assert.equal(driver.name, 'serverless-guard');
    assert.ok(driver.semanticVersion);
    for (const rule of driver.rules) {
      assert.ok(rule.id && rule.shortDescription.text && rule.fullDescription.text);
      assert.ok(rule.help.text.length > 20 && rule.help.markdown.includes(rule.id), 'help text and markdown');
      assert.match(rule.helpUri, /^https:\/\//);
      assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
      assert.match(rule.properties['security-severity'], /^\d+\.\d$/);
      assert.ok(rule.properties.tags.includes('security'));
    }
    for (const res of run.results) {
      assert.equal(driver.rules[res.ruleIndex].id, res.ruleId);
      assert.ok(['error', 'warning', 'note'].includes(res.level));
      assert.match(res.partialFingerprints['serverlessGuardFingerprint/v1'], /^[0-9a-f]{32}$/);
      const reg = res.locations[0].physicalLocation.region;
      assert.ok(reg.startLine >= 1 && reg.startColumn >= 1 && reg.endColumn >= reg.startColumn);
    }
    const a = run.results.find((x: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => x.locations[0].physicalLocation.artifactLocation.uri === 'src%20dir/a.js');
    assert.deepEqual(a.locations[0].physicalLocation.region, { startLine: 1, startColumn: 37, endLine: 1, endColumn: 63 });
    // Skipped files and parse errors are tool notifications, not results.
    const notes = run.invocations[0].toolExecutionNotifications as Array<{ message: { text: string }; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }>;
    assert.ok(notes.some((n) => n.locations[0].physicalLocation.artifactLocation.uri === 'bin.js' && /binary/.test(n.message.text)));
    assert.equal(run.invocations[0].executionSuccessful, true);
  });

  it('stays within GitHub limits that matter here: one run, at most 10 locations per result, URIs without spaces', async () => {
    const r = await cli(['scan', '--format', 'sarif'], dir);
    const run = JSON.parse(r.stdout).runs[0];
    for (const res of run.results) {
      assert.ok(res.locations.length <= 10);
      assert.ok(!/\s/.test(res.locations[0].physicalLocation.artifactLocation.uri));
    }
  });
});
