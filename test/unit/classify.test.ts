import * as assert from 'node:assert/strict';
import { classifyFile, classifyPath, detectTemplateFormat } from '../../server/src/engine/classify';

describe('classification', () => {
  const cases: Array<[string, string, string]> = [
    ['/p/src/handler.js', '', 'code:javascript'],
    ['/p/src/handler.tsx', '', 'code:typescript'],
    ['/p/app.py', '', 'code:python'],
    ['/p/serverless.yml', '', 'config:serverless'],
    ['/p/serverless.prod.yaml', '', 'config:serverless'],
    ['/p/serverless.ts', '', 'config:serverless'],
    ['/p/fn/function.json', '{}', 'config:azure-function'],
    ['/p/local.settings.json', '{}', 'config:azure-local-settings'],
    ['/p/host.json', '{}', 'config:azure-host'],
    ['/p/infra/anything.yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n', 'config:cloudformation'],
    ['/p/stack.yml', 'Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n', 'config:sam'],
    ['/p/stack.json', '{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}', 'config:cloudformation'],
    ['/p/docker-compose.yml', 'services:\n  web:\n    image: x\n', 'other:yaml'],
    ['/p/package.json', '{"name": "x"}', 'other:json'],
    ['/p/node_modules/x/index.js', '', 'ignored'],
    ['/p/.aws-sam/build/template.yaml', '', 'ignored'],
    ['/p/cdk.out/x.template.json', '', 'ignored'],
    ['/p/dist/app.min.js', '', 'ignored'],
    ['/p/README.md', '', 'ignored'],
  ];
  for (const [path, text, expected] of cases) {
    it(`${path} -> ${expected}`, () => {
      const c = classifyFile(path, text);
      const got = c.role === 'ignored' ? 'ignored' : c.role === 'config' ? `config:${c.format}` : `${c.role}:${c.language}`;
      assert.equal(got, expected);
    });
  }

  it('skips files over the size limit, binaries and minified bundles with a reason', () => {
    const big = classifyFile('/p/a.js', 'x'.repeat(2000), { maxFileSize: 1000 });
    assert.equal(big.role, 'ignored');
    assert.match((big as { reason: string }).reason, /size limit/);
    assert.equal(classifyFile('/p/a.js', 'abc\u0000def').role, 'ignored');
    const minified = 'var a=1;'.repeat(2000);
    assert.match((classifyFile('/p/a.js', minified) as { reason: string }).reason, /minified/);
  });

  it('recognises templates by content whatever the key quoting', () => {
    assert.equal(detectTemplateFormat('{"Transform": ["AWS::Serverless-2016-10-31"], "Resources": {}}'), 'sam');
    assert.equal(detectTemplateFormat('Resources:\n  Q:\n    Type: "AWS::SQS::Queue"\n'), 'cloudformation');
    assert.equal(detectTemplateFormat('kind: Deployment\nspec: {}\n'), undefined);
  });

  it('path-only classification never reads content', () => {
    assert.equal(classifyPath('C:\\work\\proj\\serverless.yml').role, 'config');
  });
});
