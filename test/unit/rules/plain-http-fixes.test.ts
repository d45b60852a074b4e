import * as assert from 'node:assert/strict';
import { analyzeFile } from '../../../server/src/engine/analyze';
import { applyEdits } from '../../../server/src/engine/fix/edits';
import { plainHttp } from '../../../server/src/engine/rules/plain-http';
import type { EngineSettings } from '../../../server/src/engine/settings';

async function run(path: string, text: string, settings?: EngineSettings) {
  return analyzeFile({ path: `/ws/${path}`, text }, { rules: [plainHttp], settings });
}

describe('plain-http fixes', () => {
  it('offers "Use https://", "Allow this host" (a setting command, no edits) and the suppress comment, in that order', async () => {
    const r = await run('handler.ts', `await fetch('http://legacy.example.com:8080/x');`);
    assert.equal(r.findings.length, 1);
    const fixes = r.findings[0].fixes;
    assert.deepEqual(
      fixes.map((f) => [f.kind, f.isPreferred]),
      [
        ['quickfix', true],
        ['setting', false],
        ['suppress', false],
      ],
    );
    assert.equal(fixes[0].title, 'Use https://');
    assert.equal(fixes[1].title, 'Allow plain HTTP to legacy.example.com in this workspace');
    assert.deepEqual(fixes[1].command, { name: 'allowHost', args: ['legacy.example.com'] });
    assert.deepEqual(fixes[1].edits, []);
    assert.equal(applyEdits(`await fetch('http://legacy.example.com:8080/x');`, fixes[2].edits), `// serverless-guard-ignore-next-line plain-http\nawait fetch('http://legacy.example.com:8080/x');`);
  });

  it('allowing the host the fix names silences the finding', async () => {
    const text = `await fetch('http://legacy.example.com:8080/x');`;
    const first = await run('handler.ts', text);
    const host = first.findings[0].fixes.find((f) => f.kind === 'setting')!.command!.args[0];
    const again = await run('handler.ts', text, { plainHttp: { allowedHosts: [host] } });
    assert.deepEqual(again.findings, []);
  });

  it('offers no "Allow" fix when the host is computed', async () => {
    const r = await run('handler.ts', 'await fetch(`http://${process.env.HOST}/x`);');
    assert.equal(r.findings.length, 1);
    assert.ok(!r.findings[0].fixes.some((f) => f.kind === 'setting'));
    assert.ok(r.findings[0].fixes.some((f) => f.kind === 'quickfix'));
  });

  it('the YAML suppress comment silences a configuration finding', async () => {
    const text = `service: a\nprovider:\n  environment:\n    # serverless-guard-ignore-next-line plain-http\n    A: http://a.example.com\n    B: http://b.example.com\n`;
    const r = await run('serverless.yml', text);
    assert.deepEqual(
      r.findings.map((f) => f.range.start.line + 1),
      [6],
    );
  });

  it('no suppress comment is offered in plain JSON (no comments there), the other fixes are', async () => {
    const r = await run('serverless.json', `{ "provider": { "environment": { "A": "http://a.example.com" } } }`);
    assert.deepEqual(
      r.findings[0].fixes.map((f) => f.kind),
      ['quickfix', 'setting'],
    );
  });

  it('keeps quotes and the rest of a CloudFront policy value when fixing it', async () => {
    const text = `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  D:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        DefaultCacheBehavior:\n          ViewerProtocolPolicy: 'allow-all' # legacy\n`;
    const r = await run('template.yaml', text);
    assert.equal(r.findings.length, 1);
    assert.equal(applyEdits(text, r.findings[0].fixes[0].edits), text.replace(`'allow-all'`, `'redirect-to-https'`));
  });

  it('never prints a password from a URL, in any message', async () => {
    const r = await run('handler.ts', `await fetch('http://admin:Tr0ub4dor3xyz@api.example.com/x');\nexport const x = 1;`);
    const c = await run('serverless.yml', `service: a\nprovider:\n  environment:\n    A: http://admin:Tr0ub4dor3xyz@api.example.com/x\n`);
    for (const f of [...r.findings, ...c.findings]) {
      assert.ok(!f.message.includes('Tr0u'), f.message);
      assert.ok(!f.message.includes('admin'), f.message);
      for (const x of f.fixes) assert.ok(!x.title.includes('Tr0u'), x.title);
    }
    assert.equal(r.findings.length + c.findings.length, 2);
  });

  it('reports nothing and costs nothing on a file without any cleartext scheme', async () => {
    const r = await run('handler.ts', `import axios from 'axios';\nexport const h = () => axios.get(process.env.URL!);`);
    assert.deepEqual(r.findings, []);
    assert.deepEqual(r.problems, []);
  });

  it('never throws on odd input', async () => {
    const inputs: Array<[string, string]> = [
      ['handler.ts', 'fetch(`http://${'],
      ['handler.ts', `const a = { [Symbol.iterator]: 1 }; fetch(a[Symbol.iterator]);`],
      ['handler.ts', `function f(u) { return f(u); } f('http://a.example.com'); fetch(f('x'));`],
      ['handler.ts', `const a = b; const b = a; fetch(a);`],
      ['handler.ts', `class A { x = this.x; m() { return fetch(this.x); } }`],
      ['serverless.yml', `service: a\nprovider:\n  environment:\n    A: \${self:provider.environment.A}\n`],
      ['serverless.yml', `service: a\nprovider:\n  environment:\n    A: \${env:X, \${env:Y, 'http://a.example.com'}}\n`],
      ['template.yaml', `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Environment:\n        Variables:\n          A: !FindInMap [Missing, a, b]\n          B: !Select [9, []]\n          C: !Join\n          D: !Sub\n`],
      ['serverless.ts', `module.exports = require('./base');`],
      ['local.settings.json', `{ "Values": [1, 2] }`],
    ];
    for (const [p, t] of inputs) {
      const r = await run(p, t);
      assert.deepEqual(
        r.problems.filter((x) => x.kind === 'internal-error'),
        [],
        `${p}: ${t}`,
      );
    }
  });
});
