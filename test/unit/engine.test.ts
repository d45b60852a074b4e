import * as assert from 'node:assert/strict';
import { analyzeFile } from '../../server/src/engine/analyze';
import { applyEdits } from '../../server/src/engine/fix/edits';
import { WorkspaceIndex } from '../../server/src/engine/model/workspace';
import { RULES } from '../../server/src/engine/rules';
import { SourceCache } from '../../server/src/engine/source';

describe('engine', () => {
  it('has a sorted registry with docs links and messages that never name the rule id', () => {
    const ids = RULES.map((r) => r.meta.id);
    assert.deepEqual(ids, [...ids].sort());
    for (const r of RULES) {
      assert.match(r.meta.docsUrl, new RegExp(`/docs/rules/${r.meta.id}\\.md$`));
      for (const m of Object.values(r.meta.messages)) assert.ok(!m.includes(r.meta.id));
    }
  });

  it('reports ranges in line/character and offsets, correct with a BOM-less CRLF file and non-ASCII text', async () => {
    const text = '// héllo wörld 😀\r\nconst u = "http://api.example.com";\r\nawait fetch(u);\r\n';
    const r = await analyzeFile({ path: '/w/a.ts', text });
    assert.equal(r.findings.length, 1);
    const f = r.findings[0];
    assert.deepEqual(f.range.start, { line: 1, character: 10 });
    assert.equal(text.slice(f.range.startOffset, f.range.endOffset), '"http://api.example.com"');
  });

  it('honours serverless-guard-ignore-next-line and offers it as a fix', async () => {
    const text = 'await fetch("http://a.example.com");\n  // serverless-guard-ignore-next-line plain-http\nawait fetch("http://b.example.com");\n';
    const r = await analyzeFile({ path: '/w/a.ts', text });
    assert.equal(r.findings.length, 1);
    const suppress = r.findings[0].fixes.find((x) => x.kind === 'suppress');
    assert.ok(suppress);
    const fixed = applyEdits(text, suppress.edits);
    assert.equal((await analyzeFile({ path: '/w/a.ts', text: fixed })).findings.length, 0);
    assert.ok(fixed.startsWith('// serverless-guard-ignore-next-line plain-http\nawait fetch("http://a'));
  });

  it('an ignore comment for another rule does not silence this one', async () => {
    const text = '// serverless-guard-ignore-next-line hardcoded-secret\nawait fetch("http://b.example.com");\n';
    assert.equal((await analyzeFile({ path: '/w/a.ts', text })).findings.length, 1);
  });

  it('declines the suppress fix inside a multi-line template literal', async () => {
    const text = 'await fetch(`\nhttp://x`);\nawait fetch(`http://a.example.com/${`\n`}`);\n';
    const r = await analyzeFile({ path: '/w/a.ts', text });
    for (const f of r.findings) {
      const s = f.fixes.find((x) => x.kind === 'suppress');
      if (s) assert.equal(applyEdits(text, s.edits).split('`').length, text.split('`').length);
    }
  });

  it('turns a rule off or changes its severity from settings', async () => {
    const text = 'await fetch("http://a.example.com");';
    assert.equal((await analyzeFile({ path: '/w/a.ts', text }, { settings: { rules: { 'plain-http': { severity: 'off' } } } })).findings.length, 0);
    const r = await analyzeFile({ path: '/w/a.ts', text }, { settings: { rules: { 'plain-http': { severity: 'error' } } } });
    assert.equal(r.findings[0].severity, 'error');
  });

  it('never throws on hostile input and reports problems instead', async () => {
    const inputs = ['', '\u0000\u0001\u0002', '{'.repeat(5000), 'a'.repeat(200000), '`${'.repeat(2000), '\uFEFFconst x = 1;', 'x = "http://'.repeat(100)];
    for (const text of inputs) {
      for (const path of ['/w/a.ts', '/w/a.js', '/w/serverless.yml', '/w/template.json', '/w/x.py']) {
        const r = await analyzeFile({ path, text });
        assert.ok(Array.isArray(r.findings) && Array.isArray(r.problems));
      }
    }
  });

  it('skips a 5 MB file with a reason', async () => {
    const r = await analyzeFile({ path: '/w/big.js', text: 'const a = 1;\n'.repeat(400000) });
    assert.equal(r.findings.length, 0);
    assert.match(r.problems[0].message, /size limit/);
  });

  it('deep + chains do not overflow the stack', async () => {
    const text = `await fetch('http://a.example.com' ${"+ 'x' ".repeat(20000)});`;
    const r = await analyzeFile({ path: '/w/a.js', text });
    assert.ok(r.findings.length <= 1);
  });

  it('parses each version once and shares the tree (cache)', async () => {
    const cache = new SourceCache();
    const text = 'await fetch("http://a.example.com");';
    const a = cache.get('/w/a.ts', text);
    assert.equal(cache.get('/w/a.ts', text), a);
    assert.notEqual(cache.get('/w/a.ts', text + ' '), a);
    assert.equal(a.js, a.js);
  });
});

describe('workspace index', () => {
  const sls = 'service: s\nfunctions:\n  create:\n    handler: src/orders.create\n  py:\n    handler: app/main.handler\n';
  it('links handler files to the functions that deploy them', () => {
    const index = new WorkspaceIndex();
    index.update('/w/serverless.yml', sls);
    assert.deepEqual(index.functionsForHandler('/w/src/orders.ts').map((f) => f.name), ['create']);
    assert.deepEqual(index.functionsForHandler('/w/app/main.py').map((f) => f.name), ['py']);
    assert.deepEqual(index.functionsForHandler('/w/src/other.js'), []);
  });
  it('reads SAM handlers with CodeUri and Globals', () => {
    const index = new WorkspaceIndex();
    index.update('/w/template.yaml', 'Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    CodeUri: functions/\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.lambdaHandler\n  Other:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: other\n      Handler: index.handler\n');
    assert.deepEqual(index.functionsForHandler('/w/functions/app.mjs').map((f) => f.name), ['Fn']);
    assert.deepEqual(index.functionsForHandler('/w/other/index.js').map((f) => f.name), ['Other']);
  });
  it('updates incrementally and forgets removed files', () => {
    const index = new WorkspaceIndex();
    index.update('/w/serverless.yml', sls);
    const v = index.version;
    index.update('/w/serverless.yml', sls);
    assert.equal(index.version, v, 'same text: no change');
    index.update('/w/serverless.yml', sls.replace('src/orders.create', 'src/billing.create'));
    assert.deepEqual(index.functionsForHandler('/w/src/orders.ts'), []);
    assert.equal(index.functionsForHandler('/w/src/billing.ts').length, 1);
    index.remove('/w/serverless.yml');
    assert.equal(index.functionsForHandler('/w/src/billing.ts').length, 0);
  });
  it('never guesses a handler from an unresolved variable', () => {
    const index = new WorkspaceIndex();
    index.update('/w/serverless.yml', 'functions:\n  a:\n    handler: ${self:custom.h}\n');
    assert.equal(index.allConfigs()[0].functions[0].handler, undefined);
  });
});
