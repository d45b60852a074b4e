import * as assert from 'node:assert/strict';
import { at, brief, fixturePath, fn, fromText, loadFixture, show, src, statementAt, statementsOf } from './helpers';
import { looksLikeCdk } from '../../../server/src/engine/model';

describe('model: Azure Functions', () => {
  it('local.settings.json: Values and ConnectionStrings with ranges', () => {
    const { file, model } = loadFixture('azure/reports-app/local.settings.json');
    assert.deepEqual(model.problems, []);
    assert.deepEqual(
      model.environment.map((e) => [e.key, e.scope, show(e.value)]),
      [
        ['AzureWebJobsStorage', 'local-settings', 'lit:UseDevelopmentStorage=true'],
        ['FUNCTIONS_WORKER_RUNTIME', 'local-settings', 'lit:node'],
        ['REPORTS_API_URL', 'local-settings', 'lit:http://reports.internal.example.com'],
        ['REPORTS_API_KEY', 'local-settings', 'lit:local-dev-key-0000'],
        ['ReportsDb', 'connection-string', 'lit:Server=tcp:localhost,1433;Database=reports;User ID=sa;Password=LocalOnly!2024'],
      ],
    );
    const key = model.environment[3];
    assert.equal(src(file, key.keyRange), '"REPORTS_API_KEY"');
    assert.equal(at(file, key.value.range), '7:24');
  });

  it('local.settings.json with IsEncrypted: true is reported', () => {
    const { model } = fromText('/w/local.settings.json', '{"IsEncrypted": true, "Values": {"A": "x"}}');
    assert.equal(model.problems[0].kind, 'unsupported');
  });

  const functions: Array<[path: string, name: string, fileBase: string, exportName: string, alternates: string[], endpoints: string[]]> = [
    ['HttpReport/function.json', 'HttpReport', 'dist/HttpReport/index', 'default', ['HttpReport/index'], ['azure-http level=lit:anonymous route=lit:reports/{id?}']],
    ['QueueWorker/function.json', 'QueueWorker', 'QueueWorker/index', 'default', ['QueueWorker/__init__'], []],
    ['TimerPy/function.json', 'TimerPy', 'TimerPy/__init__', 'main', [], ['azure-http level=lit:function route=lit:purge']],
  ];
  for (const [path, name, fileBase, exportName, alternates, endpoints] of functions) {
    it(`function.json ${path}: bindings and script file`, () => {
      const { model } = loadFixture(`azure/reports-app/${path}`);
      assert.deepEqual(model.problems, []);
      const f = fn(model, name);
      assert.equal(f.handler?.fileBase, fixturePath(`azure/reports-app/${fileBase}`));
      assert.equal(f.handler?.exportName, exportName);
      assert.deepEqual(f.handler?.alternateFileBases ?? [], alternates.map((a) => fixturePath(`azure/reports-app/${a}`)));
      assert.deepEqual(f.endpoints.map((e) => `${e.kind} level=${show(e.authLevel)} route=${show(e.route)}`), endpoints);
    });
  }

  it('host.json settings', () => {
    const { file, model } = loadFixture('azure/reports-app/host.json');
    assert.equal(show(model.azureHost?.version), 'lit:2.0');
    assert.equal(show(model.azureHost?.routePrefix), 'lit:api');
    assert.equal(src(file, model.azureHost?.extensionBundle?.range), '"[4.*, 5.0.0)"');
  });
});

describe('model: CDK (TypeScript, read statically)', () => {
  const { file, model } = loadFixture('cdk/inventory-app/lib/inventory-stack.ts');

  it('reads the stack without problems', () => {
    assert.equal(model.format, 'cdk');
    assert.deepEqual(model.problems, []);
  });

  it('lambda.Function: handler under Code.fromAsset(path.join(__dirname, ...)), role, environment', () => {
    const f = fn(model, 'SyncFunction');
    assert.equal(f.handler?.fileBase, fixturePath('cdk/inventory-app/lambda/sync'));
    assert.equal(f.handler?.exportName, 'handler');
    assert.equal(src(file, f.nameRange), "'SyncFunction'");
    assert.equal(f.role?.resource, 'WorkerRole');
    assert.equal(src(file, f.role?.value.range), 'workerRole');
    assert.deepEqual(f.environment.map((e) => [e.key, show(e.value)]), [
      ['BUCKET', 'ref:member:bucket.bucketName'],
      ['LEGACY_URL', 'lit:http://inventory-legacy.example.com'],
      ['API_TOKEN', 'lit:not-a-real-token-5678'],
    ]);
    // A shorthand property reaches the const: the literal's range is where it is written.
    assert.equal(at(file, f.environment[1].value.definedAt!), '9:20');
    assert.equal(src(file, f.environment[2].value.range), "'not-a-real-token-5678'");
  });

  it('statements of the function: addToRolePolicy, the role inline policy and addToPolicy, the trust', () => {
    const f = fn(model, 'SyncFunction');
    assert.deepEqual(statementsOf(model, f).map((s) => [s.policyKind, brief(s)]), [
      ['identity', 'lit:Allow A=lit:dynamodb:* R=lit:*'],
      ['identity', 'lit:Allow A=lit:logs:* R=lit:*'],
      ['identity', 'lit:Allow A=lit:s3:PutObject R=tpl:{member:bucket.bucketArn}|/*'],
      ['trust', 'lit:Allow A=lit:sts:AssumeRole P=Service:lit:lambda.amazonaws.com'],
    ]);
    assert.deepEqual(f.managedPolicies.map((m) => m.awsManagedName), ['AWSLambdaBasicExecutionRole']);
    const dyn = statementsOf(model, f)[0];
    assert.equal(src(file, dyn.actions!.items[0].range), "'dynamodb:*'");
    assert.equal(src(file, dyn.effect!.range), 'iam.Effect.ALLOW');
  });

  it('NodejsFunction: entry, initialPolicy (Deny with NotAction), fromJson, addEnvironment, addFunctionUrl', () => {
    const f = fn(model, 'ApiFunction');
    assert.equal(f.handler?.fileBase, fixturePath('cdk/inventory-app/lambda/api'));
    assert.equal(f.handler?.exportName, 'handler');
    assert.deepEqual(f.environment.map((e) => [e.key, show(e.value)]), [['STAGE', 'lit:prod']]);
    assert.deepEqual(statementsOf(model, f).map(brief), [
      'lit:Deny NA=lit:s3:GetObject NR=ref:member:bucket.bucketArn',
      'lit:Allow A=lit:sqs:* R=lit:*',
      'lit:Allow A=lit:lambda:InvokeFunctionUrl R=ref:Fn::GetAtt:ApiFunction.Arn P=*:lit:*',
    ]);
    assert.equal(f.url?.authType, 'NONE');
  });

  it('resource policies: addToResourcePolicy with AnyPrincipal', () => {
    const s = model.statements.find((x) => x.owner === 'cdk:bucket')!;
    assert.equal(s.policyKind, 'resource');
    assert.equal(brief(s), "lit:Allow A=lit:s3:GetObject R=ref:call:bucket.arnForObjects('public/*') P=*:lit:*");
  });

  it('statement mutations: addActions / addAllResources', () => {
    const s = statementAt(model, 'new PolicyStatement (line 76)');
    assert.equal(brief(s), 'lit:Allow A=lit:logs:* R=lit:*');
    assert.equal(src(file, s.resources!.items[0].range), 'extra.addAllResources()');
  });

  it('files that do not use the CDK are not modelled; other languages of the same file are', () => {
    const { model: js } = fromText('/w/lib/stack.js', "const cdk = require('aws-cdk-lib');\nconst lambda = require('aws-cdk-lib/aws-lambda');\nclass S extends cdk.Stack {\n  constructor(s, id) {\n    super(s, id);\n    new lambda.Function(this, 'F', { runtime: lambda.Runtime.PYTHON_3_12, handler: 'app.main', code: lambda.Code.fromAsset('functions') });\n  }\n}\n");
    assert.equal(fn(js, 'F').handler?.fileBase, '/w/functions/app');
    assert.equal(fn(js, 'F').handler?.exportName, 'main');
  });

  it('an entry that is not static is a problem, never a guessed file', () => {
    const { model: m } = fromText('/w/lib/s.ts', "import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';\nexport function make(scope: any, entry: string) {\n  return new NodejsFunction(scope, 'Fn', { entry });\n}\n");
    assert.equal(fn(m, 'Fn').handler, undefined);
    assert.equal(m.problems[0].kind, 'unresolved');
  });
});

describe('model: which CDK files are modelled', () => {
  it('a file that imports the CDK is modelled only when it may declare a function, policy or role', () => {
    const app = "import * as cdk from 'aws-cdk-lib';\nimport { InventoryStack } from '../lib/inventory-stack';\nnew InventoryStack(new cdk.App(), 'Inventory');\n";
    const test = "import { Template } from 'aws-cdk-lib/assertions';\nTemplate.fromStack(stack).resourceCountIs('AWS::SQS::Queue', 1);\n";
    const stack = "import * as lambda from 'aws-cdk-lib/aws-lambda';\nnew lambda.Function(this, 'Fn', {});\n";
    const role = "import { aws_iam as iam } from 'aws-cdk-lib';\nnew iam.Role(this, 'R', {});\n";
    assert.equal(looksLikeCdk(app), false);
    assert.equal(looksLikeCdk(test), false);
    assert.equal(looksLikeCdk(stack), true);
    assert.equal(looksLikeCdk(role), true);
    assert.equal(looksLikeCdk("new Function('return 1');\n"), false, 'no CDK import');
  });
});
