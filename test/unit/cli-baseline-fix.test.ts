import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { unifiedDiff } from '../../server/src/cli/diff';
import { planFixes, writeFixes, type FixCandidate } from '../../server/src/cli/fix';
import { main } from '../../server/src/cli/main';
import { LineIndex } from '../../server/src/engine/text';
import type { Finding, TextEdit } from '../../server/src/engine/types';
import { textDigest } from '../../server/src/host/read';
import { Fakes } from './secrets/fakes';

async function cli(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd, isTTY: false });
  return { code, stdout, stderr };
}

function project(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-cli-'));
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

const A = 'exports.handler = async () => {\n  await fetch("http://a.example.com/one");\n  await fetch("http://a.example.com/two");\n};\n';
const B = 'export const h = () => fetch("http://b.example.com/");\n';

describe('CLI: baseline', function () {
  this.timeout(30000);

  it('--write-baseline records hashes (no secret text, no line numbers); --baseline then reports only new findings', async () => {
    const dir = project({ 'src/a.js': A, 'src/b.ts': B });
    const w = await cli(['scan', '--baseline', 'sg-baseline.json', '--write-baseline'], dir);
    assert.equal(w.code, 0, w.stderr);
    assert.match(w.stderr, /wrote 3 findings \(3 entries\) to sg-baseline\.json/);
    const raw = fs.readFileSync(path.join(dir, 'sg-baseline.json'), 'utf8');
    assert.ok(!raw.includes('example.com'), 'the baseline stores hashes, not the reported text');
    const data = JSON.parse(raw);
    assert.equal(data.version, 1);
    assert.deepEqual(Object.keys(data.findings[0]).sort(), ['count', 'file', 'fingerprint', 'ruleId']);
    assert.ok(!/"line"/.test(raw));

    const clean = await cli(['scan', '--baseline', 'sg-baseline.json', '--format', 'json'], dir);
    assert.equal(clean.code, 0);
    const j = JSON.parse(clean.stdout);
    assert.deepEqual([j.findings.length, j.summary.baselined], [0, 3]);

    // Unrelated edits move the findings to other lines: still accepted. A new finding is reported.
    fs.writeFileSync(path.join(dir, 'src/a.js'), `// header\n\n${A.replace('one");', 'one");\n  await fetch("http://new.example.com/");')}`);
    const after = await cli(['scan', '--baseline', 'sg-baseline.json', '--format', 'json'], dir);
    assert.equal(after.code, 1);
    const k = JSON.parse(after.stdout);
    assert.deepEqual(k.findings.map((f: { file: string; line: number }) => [f.file, f.line]), [['src/a.js', 5]]);
    assert.equal(k.summary.baselined, 3);
  });

  it('counts repeated findings: a second copy of an accepted finding is new', async () => {
    const dir = project({ 'a.js': 'fetch("http://dup.example.com");\n' });
    await cli(['scan', '--baseline', 'b.json', '--write-baseline'], dir);
    fs.writeFileSync(path.join(dir, 'a.js'), 'fetch("http://dup.example.com");\nfetch("http://dup.example.com");\n');
    const r = JSON.parse((await cli(['scan', '--baseline', 'b.json', '--format', 'json'], dir)).stdout);
    assert.deepEqual([r.findings.length, r.summary.baselined], [1, 1]);
  });

  it('paths in the baseline are relative to the baseline file, so scanning from elsewhere still matches', async () => {
    const dir = project({ 'svc/a.js': 'fetch("http://x.example.com");\n' });
    await cli(['scan', 'svc', '--baseline', 'ci/baseline.json', '--write-baseline'], dir);
    const inside = await cli(['scan', '.', '--baseline', '../ci/baseline.json'], path.join(dir, 'svc'));
    assert.equal(inside.code, 0, inside.stdout);
  });

  it('a broken baseline is a usage error (exit 2) with a message', async () => {
    const dir = project({ 'a.js': '', 'bad.json': '{"nope": true}', 'notjson.json': '{' });
    for (const b of ['bad.json', 'notjson.json', 'missing.json']) {
      const r = await cli(['scan', '--baseline', b], dir);
      assert.equal(r.code, 2, b);
      assert.match(r.stderr, /baseline/);
    }
  });
});

describe('CLI: --fix and --fix-dry-run', function () {
  this.timeout(30000);

  it('--fix-dry-run prints a unified diff and changes nothing', async () => {
    const dir = project({ 'src/a.js': A });
    const r = await cli(['scan', '--fix-dry-run'], dir);
    assert.equal(r.code, 1);
    assert.equal(fs.readFileSync(path.join(dir, 'src/a.js'), 'utf8'), A);
    assert.equal(
      r.stdout,
      [
        '--- a/src/a.js',
        '+++ b/src/a.js',
        '@@ -1,4 +1,4 @@',
        ' exports.handler = async () => {',
        '-  await fetch("http://a.example.com/one");',
        '-  await fetch("http://a.example.com/two");',
        '+  await fetch("https://a.example.com/one");',
        '+  await fetch("https://a.example.com/two");',
        ' };',
        '',
      ].join('\n'),
    );
    assert.match(r.stderr, /2 fixes in 1 file \(dry run, nothing written\)/);
  });

  it('--fix applies every preferred fix in place (keeping the BOM), then reports what is left', async () => {
    const dir = project({ 'src/a.js': `\uFEFF${A}`, 'src/b.ts': B, 'src/ok.js': 'fetch("https://fine.example.com");\n' });
    const r = await cli(['scan', '--fix', '--format', 'json'], dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stderr, /applied 3 fixes to 2 files/);
    assert.equal(JSON.parse(r.stdout).findings.length, 0);
    const a = fs.readFileSync(path.join(dir, 'src/a.js'));
    assert.deepEqual([...a.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.equal(a.subarray(3).toString('utf8'), A.replace(/http:/g, 'https:'));
    assert.equal(fs.readFileSync(path.join(dir, 'src/b.ts'), 'utf8'), B.replace('http:', 'https:'));
    // Nothing left to fix: a second run changes nothing.
    const again = await cli(['scan', '--fix'], dir);
    assert.match(again.stderr, /applied 0 fixes to 0 files/);
  });
});

describe('CLI: cross-file fixes (a secret moved to the configuration that deploys the handler)', function () {
  this.timeout(30000);
  const key = new Fakes(8).stripe('sk_live_');
  const files = () => ({
    'serverless.yml': 'service: orders\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  create:\n    handler: src/create.handler\n',
    'src/create.js': `const stripeKey = "${key}";\nexports.handler = async () => fetch("https://api.stripe.com/v1/charges", { headers: { Authorization: \`Bearer \${stripeKey}\` } });\n`,
  });

  it('--fix-dry-run shows both files and never prints the secret', async () => {
    const dir = project(files());
    const r = await cli(['scan', '--fix-dry-run'], dir);
    const fixes = r.stdout;
    assert.match(fixes, /^--- a\/serverless\.yml$/m);
    assert.match(fixes, /^--- a\/src\/create\.js$/m);
    assert.ok(!fixes.includes(key) && !r.stderr.includes(key), 'the whole secret was printed');
    assert.match(fixes, new RegExp(`-const stripeKey = "${key.slice(0, 4)}…";`));
    assert.match(fixes, /\+const stripeKey = process\.env\.[A-Z_]+;/);
    assert.match(fixes, /\+ {4}environment:/);
  });

  it('--fix applies the edits to the handler and to serverless.yml together', async () => {
    const dir = project(files());
    const r = await cli(['scan', '--fix', '--format', 'json'], dir);
    const yml = fs.readFileSync(path.join(dir, 'serverless.yml'), 'utf8');
    assert.match(yml, /\n {4}environment:\n {6}[A-Z_]+: /);
    assert.match(r.stderr, /applied 1 fix to 2 files/);
    assert.ok(!fs.readFileSync(path.join(dir, 'src/create.js'), 'utf8').includes(key));
    assert.equal(JSON.parse(r.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'hardcoded-secret').length, 0);
  });
});

describe('fix planning', () => {
  const lines = (text: string) => new LineIndex(text);
  const edit = (p: string, text: string, start: number, end: number, newText: string): TextEdit => ({ path: p, range: lines(text).range(start, end), newText });
  const finding = (p: string, text: string, start: number, end: number): Finding => ({
    ruleId: 'test-rule',
    severity: 'warning',
    message: 'm',
    messageId: 'm',
    path: p,
    range: lines(text).range(start, end),
    fixes: [],
  });

  it('applies cross-file fixes as a whole, skips overlapping ones, and takes an identical edit once', () => {
    const dir = project({ 'h.js': 'const key = "AKIA";\n', 'serverless.yml': 'provider:\n  environment: {}\n' });
    const h = path.join(dir, 'h.js');
    const y = path.join(dir, 'serverless.yml');
    const ht = fs.readFileSync(h, 'utf8');
    const yt = fs.readFileSync(y, 'utf8');
    const digests = { [h]: textDigest(ht), [y]: textDigest(yt) };
    const addEnv = edit(y, yt, yt.indexOf('{}'), yt.indexOf('{}') + 2, '{ KEY: ${ssm:/key} }');
    const c1: FixCandidate = {
      finding: finding(h, ht, 12, 18),
      edits: [edit(h, ht, 12, 18, 'process.env.KEY'), addEnv],
      digests,
    };
    // Overlaps c1 in h.js: left out whole (its serverless.yml part too).
    const c2: FixCandidate = { finding: finding(h, ht, 13, 17), edits: [edit(h, ht, 13, 17, 'X'), edit(y, yt, 0, 0, '# c2\n')], digests };
    // Asks for the very same serverless.yml edit as c1: fine, applied once.
    const c3: FixCandidate = { finding: finding(h, ht, 0, 5), edits: [edit(h, ht, 0, 5, 'let'), addEnv], digests };
    const plan = planFixes([c2, c3, c1]);
    assert.equal(plan.applied, 2);
    assert.deepEqual(plan.dropped.map((d) => d.reason), ['overlaps another fix']);
    const byName = Object.fromEntries(plan.files.map((f) => [path.basename(f.path), f.after]));
    assert.equal(byName['h.js'], 'let key = process.env.KEY;\n');
    assert.equal(byName['serverless.yml'], 'provider:\n  environment: { KEY: ${ssm:/key} }\n');
    const w = writeFixes(plan);
    assert.equal(w.written.length, 2);
    assert.equal(fs.readFileSync(y, 'utf8'), byName['serverless.yml']);
  });

  it('leaves out fixes whose file changed since the scan read it, and files that change before writing', () => {
    const dir = project({ 'a.js': 'fetch("http://x.example.com");\n' });
    const p = path.join(dir, 'a.js');
    const t = fs.readFileSync(p, 'utf8');
    const c: FixCandidate = { finding: finding(p, t, 7, 11), edits: [edit(p, t, 7, 11, 'https')], digests: { [p]: textDigest(t) } };
    fs.writeFileSync(p, `// edited\n${t}`);
    const stale = planFixes([c]);
    assert.deepEqual([stale.applied, stale.dropped[0]?.reason], [0, 'a.js changed since it was read']);
    fs.writeFileSync(p, t);
    const plan = planFixes([c]);
    assert.equal(plan.applied, 1);
    fs.writeFileSync(p, `${t}// later\n`);
    const w = writeFixes(plan);
    assert.deepEqual([w.written, w.changed], [[], [p]]);
    assert.equal(fs.readFileSync(p, 'utf8'), `${t}// later\n`);
  });

  it('a fix for a file the scan did not read (no digest) is left out', () => {
    const dir = project({ 'a.js': 'x\n' });
    const p = path.join(dir, 'a.js');
    const plan = planFixes([{ finding: finding(p, 'x\n', 0, 1), edits: [edit(p, 'x\n', 0, 1, 'y')], digests: {} }]);
    assert.deepEqual(plan.dropped.map((d) => d.reason), ['a.js was not read by the scan']);
  });
});

describe('unified diff', () => {
  it('context, separate hunks, and missing newlines at the end', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
    const after = before.replace('line 2\n', 'LINE 2\n').replace('line 18\n', 'line 18\nadded\n');
    assert.equal(
      unifiedDiff(before, after, 'a/f', 'b/f'),
      [
        '--- a/f',
        '+++ b/f',
        '@@ -1,5 +1,5 @@',
        ' line 1',
        '-line 2',
        '+LINE 2',
        ' line 3',
        ' line 4',
        ' line 5',
        '@@ -16,5 +16,6 @@',
        ' line 16',
        ' line 17',
        ' line 18',
        '+added',
        ' line 19',
        ' line 20',
        '',
      ].join('\n'),
    );
    assert.equal(unifiedDiff('a\nb', 'a\nc', 'x', 'y'), '--- x\n+++ y\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n');
    assert.equal(unifiedDiff('a', 'a\n', 'x', 'y'), '--- x\n+++ y\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+a\n');
    assert.equal(unifiedDiff('', 'new\n', 'x', 'y'), '--- x\n+++ y\n@@ -0,0 +1 @@\n+new\n');
    assert.equal(unifiedDiff('same', 'same', 'x', 'y'), '');
  });
});
