/**
 * The accuracy bench (scripts/bench-accuracy.mjs) on a small corpus written here, run against the
 * tsc-built CLI (out/server/src/cli/main.js), so the label format and the scoring are checked by the
 * unit tests without a bundle.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../../..');
const BENCH = join(ROOT, 'scripts', 'bench-accuracy.mjs');
const CLI = join(ROOT, 'out', 'server', 'src', 'cli', 'main.js');

interface BenchRow {
  rule: string;
  corpus: string;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  severity: { checked: number; agreed: number };
  kinds: Record<string, { tp: number; fp: number; fn: number }>;
}

function write(root: string, rel: string, text: string): void {
  const p = join(root, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, text);
}

function bench(corpus: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [BENCH, '--corpus', corpus, '--cli', CLI, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('plain-http accuracy bench (scripts/bench-accuracy.mjs)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sg-bench-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function corpus(): void {
    write(
      dir,
      'plain-http/code/a.ts',
      [
        `await fetch('http://a.example.com'); // expect: plain-http`,
        `await fetch('https://b.example.com'); // trap: https`,
        `await fetch('http://c.example.com');`,
        `// expect-next-line: plain-http@error -- credentials in the URL`,
        `await fetch('http://u:p@d.example.com');`,
        `export const never = 'http://e.example.com'; // expect: plain-http`,
        '',
      ].join('\n'),
    );
    write(dir, 'plain-http/config/serverless.json', `{\n  "service": "a",\n  "provider": { "environment": { "A": "http://f.example.com" } }\n}\n`);
    write(dir, 'plain-http/config/labels.json', JSON.stringify({ $comment: 'x', 'serverless.json': [{ line: 3, rule: 'plain-http' }] }));
    // Another rule's corpus: plain-http findings there are not scored unless a label there names plain-http.
    write(dir, 'other-rule/b.ts', `await fetch('http://g.example.com');\n`);
  }

  it('scores true and false positives, misses, severities and file kinds', () => {
    corpus();
    const r = bench(dir, '--json');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { results: BenchRow[]; traps: number; files: number };
    const row = out.results.find((x) => x.rule === 'plain-http' && x.corpus === 'plain-http')!;
    assert.deepEqual([row.tp, row.fp, row.fn], [3, 1, 1]);
    assert.equal(row.precision, 0.75);
    assert.equal(row.recall, 0.75);
    assert.deepEqual(row.severity, { checked: 1, agreed: 1 });
    assert.deepEqual(row.kinds['serverless.json'], { tp: 1, fp: 0, fn: 0 });
    assert.deepEqual(row.kinds.typescript, { tp: 2, fp: 1, fn: 1 });
    assert.equal(out.traps, 1);
    assert.ok(!out.results.some((x) => x.corpus === 'other-rule' && x.rule === 'plain-http'), 'unlabelled findings of another corpus are not scored');
  });

  it('exits 1 under target only with --check, and prints the misses', () => {
    corpus();
    const plain = bench(dir);
    assert.equal(plain.status, 0, plain.stderr);
    assert.match(plain.stdout, /plain-http\s+plain-http\s+4\s+4\s+3\s+1\s+1\s+75\.0%\s+75\.0%/);
    assert.match(plain.stdout, /FP code\/a\.ts:3/);
    assert.match(plain.stdout, /FN code\/a\.ts:6/);
    const checked = bench(dir, '--check');
    assert.equal(checked.status, 1);
    assert.match(checked.stderr, /plain-http under target/);
  });

  it('passes --check when the corpus is met, and honours a corpus target file', () => {
    write(dir, 'plain-http/a.ts', `await fetch('http://a.example.com'); // expect: plain-http\nawait fetch('http://b.example.com');\n`);
    assert.equal(bench(dir, '--check').status, 1);
    write(dir, 'plain-http/accuracy.json', JSON.stringify({ target: { precision: 0.5, recall: 0.95 } }));
    const r = bench(dir, '--check');
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });

  it('rejects malformed labels with exit code 2', () => {
    write(dir, 'plain-http/a.ts', `await fetch('http://a.example.com'); // expect: plain-http@loud\n`);
    const r = bench(dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown severity "loud"/);
    write(dir, 'plain-http/a.ts', `export {};\n`);
    write(dir, 'plain-http/labels.json', JSON.stringify({ 'missing.json': [{ line: 1, rule: 'plain-http' }] }));
    const m = bench(dir);
    assert.equal(m.status, 2);
    assert.match(m.stderr, /labels a missing file missing\.json/);
  });
});
