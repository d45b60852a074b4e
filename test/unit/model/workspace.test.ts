import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { WorkspaceIndex } from '../../../server/src/engine/model/workspace';
import { SourceFile } from '../../../server/src/engine/source';
import { fixturePath } from './helpers';

const SLS = 'service: s\nprovider:\n  name: aws\n  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Action: s3:*\n          Resource: "*"\nfunctions:\n  create:\n    handler: src/orders.create\n';
const HANDLER = "exports.create = async () => process.env.TABLE;\n";

describe('model: workspace index', () => {
  it('holds file models and links handlers, statements and functions', () => {
    const index = new WorkspaceIndex();
    const model = index.update('/w/serverless.yml', SLS)!;
    assert.equal(model.functions.length, 1);
    assert.ok(index.has('/w/serverless.yml'));
    assert.equal(index.configFile('/w/serverless.yml')?.text, SLS);
    assert.deepEqual(index.allConfigs().map((m) => m.path), ['/w/serverless.yml']);
    const [fn] = index.functionsForHandler('/w/src/orders.js');
    assert.equal(fn.name, 'create');
    assert.equal(index.function(fn.id), fn);
    const [st] = index.statementsForFunction(fn);
    assert.equal(st.location, 'provider.iam.role.statements[0]');
    assert.equal(index.statement(st.id), st);
    assert.deepEqual(index.functionsForStatement(st).map((f) => f.name), ['create']);
    assert.deepEqual(index.allFunctions().map((f) => f.id), ['/w/serverless.yml#create']);
  });

  it('a configuration edit refreshes that configuration', () => {
    const index = new WorkspaceIndex();
    index.update('/w/serverless.yml', SLS);
    index.update('/w/other/serverless.yml', SLS);
    const other = index.model('/w/other/serverless.yml');
    const v = index.version;
    index.update('/w/serverless.yml', SLS);
    assert.equal(index.version, v, 'same text: nothing changes');
    index.update('/w/serverless.yml', SLS.replace('s3:*', 's3:GetObject'));
    assert.ok(index.version > v);
    assert.equal(index.model('/w/other/serverless.yml'), other, 'other configurations are not re-read');
    const [fn] = index.functionsForHandler('/w/src/orders.ts');
    assert.equal(index.statementsForFunction(fn)[0].actions!.items[0].value, 's3:GetObject');
  });

  it('a handler edit refreshes only that handler: the version moves only when its facts change', () => {
    const index = new WorkspaceIndex();
    index.update('/w/serverless.yml', SLS);
    assert.ok(index.has('/w/src/orders.js'), 'handler files count as indexed, so front ends send their edits');
    const model = index.model('/w/serverless.yml');
    index.update('/w/src/orders.js', HANDLER);
    assert.deepEqual(index.handlerFacts('/w/src/orders.js')?.exports, ['create']);
    assert.deepEqual(index.handlerFacts('/w/src/orders.js')?.envReads.map((e) => e.name), ['TABLE']);
    const v = index.version;
    index.update('/w/src/orders.js', `// a comment\n${HANDLER}`);
    assert.equal(index.version, v, 'same exports and environment reads');
    index.update('/w/src/orders.js', HANDLER.replace('TABLE', 'API_KEY'));
    assert.ok(index.version > v);
    assert.deepEqual(index.handlerFacts('/w/src/orders.js')?.envReads.map((e) => e.name), ['API_KEY']);
    assert.equal(index.model('/w/serverless.yml'), model, 'the configuration is not re-read');
    assert.equal(index.update('/w/src/unrelated.js', 'x()'), undefined);
    assert.equal(index.has('/w/src/unrelated.js'), false);
  });

  it('forgets removed files and handlers no function uses', () => {
    const index = new WorkspaceIndex();
    index.update('/w/serverless.yml', SLS);
    index.update('/w/src/orders.js', HANDLER);
    index.update('/w/serverless.yml', SLS.replace('src/orders.create', 'src/billing.create'));
    assert.equal(index.handlerFacts('/w/src/orders.js'), undefined);
    assert.equal(index.functionsForHandler('/w/src/billing.ts').length, 1);
    index.remove('/w/serverless.yml');
    assert.equal(index.allConfigs().length, 0);
    assert.equal(index.functionsForHandler('/w/src/billing.ts').length, 0);
    assert.equal(index.has('/w/serverless.yml'), false);
  });

  it('a file that stops being configuration leaves the index', () => {
    const index = new WorkspaceIndex();
    index.update('/w/template.yaml', 'Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Handler: index.handler\n');
    assert.ok(index.has('/w/template.yaml'));
    index.update('/w/template.yaml', 'just: yaml\n');
    assert.equal(index.has('/w/template.yaml'), false);
  });

  it('CDK stacks are indexed like configurations; their handlers are linked', () => {
    const index = new WorkspaceIndex();
    const p = fixturePath('cdk/inventory-app/lib/inventory-stack.ts');
    index.update(SourceFile.create(p, readFileSync(p, 'utf8')));
    assert.ok(index.has(p));
    assert.deepEqual(index.functionsForHandler(fixturePath('cdk/inventory-app/lambda/api.ts')).map((f) => f.name), ['ApiFunction']);
  });

  it('Azure: app settings of the function app a file belongs to; compiled script files map to their sources', () => {
    const index = new WorkspaceIndex();
    for (const rel of ['local.settings.json', 'HttpReport/function.json']) {
      const p = fixturePath(`azure/reports-app/${rel}`);
      index.update(SourceFile.create(p, readFileSync(p, 'utf8')));
    }
    assert.deepEqual(index.functionsForHandler(fixturePath('azure/reports-app/HttpReport/index.ts')).map((f) => f.name), ['HttpReport']);
    assert.ok(index.azureSettingsFor(fixturePath('azure/reports-app/HttpReport/index.ts')).some((e) => e.key === 'REPORTS_API_KEY'));
    assert.deepEqual(index.azureSettingsFor('/elsewhere/index.ts'), []);
  });

  it('collects every problem', () => {
    const index = new WorkspaceIndex();
    index.update('/w/serverless.yml', 'functions:\n  a:\n    handler: x.y\n    environment: ${file(./env.yml)}\n');
    assert.deepEqual(index.problems().map((p) => p.kind), ['unresolved']);
  });
});
