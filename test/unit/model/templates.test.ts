import * as assert from 'node:assert/strict';
import { at, brief, fixturePath, fn, fromText, loadFixture, show, src, statementAt, statementsOf } from './helpers';

describe('model: AWS SAM', () => {
  const { file, model } = loadFixture('sam/photo-api/template.yaml');

  it('reads the template without problems', () => {
    assert.deepEqual(model.problems, []);
    assert.equal(model.format, 'sam');
  });

  const functions: Array<[name: string, handlerFile: string, exportName: string, runtime: string]> = [
    ['UploadFunction', 'src/upload/app', 'lambda_handler', 'lit:python3.12'],
    ['ResizeFunction', 'src/resize/index', 'handler', 'lit:nodejs20.x'],
  ];
  for (const [name, handlerFile, exportName, runtime] of functions) {
    it(`function ${name}: CodeUri from Globals, handler ${handlerFile}.${exportName}`, () => {
      const f = fn(model, name);
      assert.equal(f.handler?.fileBase, fixturePath(`sam/photo-api/${handlerFile}`));
      assert.equal(f.handler?.exportName, exportName);
      assert.equal(show(f.runtime), runtime);
    });
  }

  it('parameters: Default and NoEcho', () => {
    assert.deepEqual(
      model.parameters.map((p) => [p.name, show(p.default), p.noEcho ?? false]),
      [
        ['Stage', 'lit:dev', false],
        ['DbPassword', 'lit:changeme-in-prod', true],
        ['ExternalApiUrl', 'lit:http://partner.example.net/hook', false],
      ],
    );
    const db = model.parameters[1];
    assert.equal(src(file, db.default!.range), 'changeme-in-prod');
    assert.equal(src(file, db.noEchoRange), 'NoEcho: true');
  });

  it('environment: Globals then the function, intrinsics as references, FindInMap over literal keys resolved, both If branches', () => {
    const f = fn(model, 'UploadFunction');
    assert.deepEqual(
      f.environment.map((e) => [e.key, e.scope, show(e.value)]),
      [
        ['STAGE', 'globals', 'ref:Ref:Stage'],
        ['LOG_LEVEL', 'globals', 'lit:debug'],
        ['BUCKET', 'function', 'ref:Ref:PhotosBucket'],
        ['DB_PASSWORD', 'function', 'ref:Ref:DbPassword'],
        ['PARTNER_URL', 'function', 'tpl:{Fn::Sub:ExternalApiUrl}|?stage=|{Fn::Sub:Stage}'],
        ['MODE', 'function', 'if:[lit:strict, lit:relaxed]'],
      ],
    );
    const level = f.environment[1].value;
    assert.equal(src(file, level.range), '!FindInMap [StageConfig, dev, LogLevel]');
    assert.equal(at(file, level.definedAt!), '23:17');
    const mode = f.environment[5].value;
    assert.deepEqual(mode.alternatives!.map((a) => a.when), [[{ condition: 'IsProd', branch: true }], [{ condition: 'IsProd', branch: false }]]);
    assert.deepEqual(model.environment.map((e) => e.key), ['STAGE', 'LOG_LEVEL', 'BUCKET', 'DB_PASSWORD', 'PARTNER_URL', 'MODE']);
  });

  it('Policies: managed names, policy templates with parameters, inline statements (both If branches)', () => {
    const f = fn(model, 'UploadFunction');
    assert.deepEqual(f.managedPolicies.map((m) => m.awsManagedName), ['AWSLambdaBasicExecutionRole']);
    assert.deepEqual(f.policyTemplates.map((t) => [t.name, t.parameters.map((p) => [p.name, show(p.value)])]), [['S3CrudPolicy', [['BucketName', 'ref:Ref:PhotosBucket']]]]);
    assert.equal(src(file, f.policyTemplates[0].nameRange), 'S3CrudPolicy');
    const sts = statementsOf(model, f);
    assert.deepEqual(
      sts.map((s) => [s.location, brief(s), s.when ?? null]),
      [
        ['Resources.UploadFunction.Properties.Policies[2].Statement[0]', 'lit:Allow A=lit:rekognition:* R=lit:*', null],
        ['Resources.UploadFunction.Properties.Policies[2].Statement[1]', 'lit:Allow A=lit:kms:Decrypt R=tpl:arn:aws:kms:|{Fn::Sub:AWS::Region}|:|{Fn::Sub:AWS::AccountId}|:key/*', [{ condition: 'IsProd', branch: true }]],
        ['Resources.UploadFunction.Properties.FunctionUrlConfig', 'lit:Allow A=lit:lambda:InvokeFunctionUrl R=ref:Fn::GetAtt:UploadFunction.Arn P=*:lit:*', null],
      ],
    );
    assert.equal(at(file, sts[0].actions!.items[0].range), '55:19');
  });

  it('FunctionUrlConfig AuthType NONE: public URL with a generated statement', () => {
    const f = fn(model, 'UploadFunction');
    assert.equal(f.url?.authType, 'NONE');
    assert.equal(src(file, f.url?.authTypeValue?.range), 'NONE');
    const st = model.statements.find((s) => s.id === f.url!.publicStatement)!;
    assert.equal(st.generated, 'sam-function-url');
    assert.equal(st.policyKind, 'resource');
  });

  it('Role given: Policies are ignored and the role resource is followed', () => {
    const f = fn(model, 'ResizeFunction');
    assert.equal(f.role?.resource, 'ResizeRole');
    assert.equal(src(file, f.role?.value.range), '!GetAtt ResizeRole.Arn');
    assert.deepEqual(f.managedPolicies.map((m) => m.awsManagedName), ['AWSLambdaBasicExecutionRole']);
    assert.deepEqual(statementsOf(model, f).map((s) => [s.policyKind, brief(s)]), [
      ['identity', 'lit:Allow A=lit:s3:GetObject,lit:s3:PutObject R=tpl:{Fn::Sub:PhotosBucket.Arn}|/*'],
      ['trust', 'lit:Allow A=lit:sts:AssumeRole P=Service:lit:lambda.amazonaws.com'],
    ]);
  });

  it('Api Auth.ResourcePolicy CustomStatements and StateMachine Policies', () => {
    const api = statementAt(model, 'Resources.PhotoApi.Properties.Auth.ResourcePolicy.CustomStatements[0]');
    assert.equal(api.policyKind, 'resource');
    assert.equal(brief(api), 'lit:Allow A=lit:execute-api:Invoke R=lit:execute-api:/* P=*:lit:*');
    const sm = statementAt(model, 'Resources.Workflow.Properties.Policies[1].Statement[0]');
    assert.equal(sm.owner, 'resource:Workflow');
    assert.equal(brief(sm), 'lit:Allow A=lit:states:* R=lit:*');
    assert.deepEqual(model.links.filter((l) => l.statement === sm.id), []);
    assert.ok(model.policyTemplates.some((t) => t.owner === 'resource:Workflow' && t.name === 'LambdaInvokePolicy'));
  });

  it('Policies given as one string', () => {
    const { model: m } = fromText('/w/template.yaml', 'Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: index.handler\n      Runtime: nodejs20.x\n      Policies: AdministratorAccess\n');
    assert.deepEqual(fn(m, 'F').managedPolicies.map((p) => p.awsManagedName), ['AdministratorAccess']);
  });
});

describe('model: CloudFormation (YAML)', () => {
  const { file, model } = loadFixture('cloudformation/billing-yaml/billing.yml');

  it('reads the template without problems', () => {
    assert.deepEqual(model.problems, []);
    assert.equal(model.format, 'cloudformation');
  });

  it('Lambda function: handler under Code, role followed through !GetAtt, environment with both If branches', () => {
    const f = fn(model, 'InvoiceFunction');
    assert.equal(f.handler?.fileBase, fixturePath('cloudformation/billing-yaml/lambda/invoice'));
    assert.equal(f.role?.resource, 'InvoiceRole');
    const api = f.environment.find((e) => e.key === 'API_BASE')!;
    assert.equal(show(api.value), 'if:[lit:https://api.example.com, lit:http://localhost:8080]');
    assert.equal(src(file, api.value.alternatives![1].range), '"http://localhost:8080"');
  });

  const table: Array<[location: string, kind: string, brief: string]> = [
    ['Resources.InvoiceRole.Properties.AssumeRolePolicyDocument.Statement[0]', 'trust', 'lit:Allow A=lit:sts:AssumeRole P=Service:lit:lambda.amazonaws.com'],
    ['Resources.InvoiceRole.Properties.Policies[0].PolicyDocument.Statement[0]', 'identity', 'lit:Allow A=lit:sqs:SendMessage,lit:sqs:GetQueueUrl R=ref:Fn::GetAtt:InvoiceQueue.Arn'],
    ['Resources.InvoiceRole.Properties.Policies[0].PolicyDocument.Statement[1]', 'identity', 'if:[lit:Deny, lit:Allow] A=lit:logs:* R=tpl:arn:aws:logs:|{Fn::Sub:AWS::Region}|:|{Fn::Sub:AWS::AccountId}|:*'],
    ['Resources.ExtraPolicy.Properties.PolicyDocument.Statement[0]', 'identity', 'lit:Allow A=lit:ssm:GetParameter* R=tpl:arn:aws:ssm:|{Fn::Sub:AWS::Region}|:|{Fn::Sub:AWS::AccountId}|:parameter/billing/*'],
    ['Resources.SharedReadPolicy.Properties.PolicyDocument.Statement[0]', 'identity', 'lit:Allow A=lit:s3:GetObject R=lit:arn:aws:s3:::shared-config/*'],
    ['Resources.InvoiceQueuePolicy.Properties.PolicyDocument.Statement[0]', 'resource', 'lit:Allow A=lit:sqs:SendMessage R=ref:Fn::GetAtt:InvoiceQueue.Arn P=AWS:lit:*'],
    ['Resources.AlertsTopicPolicy.Properties.PolicyDocument.Statement[0]', 'resource', 'lit:Allow A=lit:sns:Publish R=ref:Ref:AlertsTopic P=Service:lit:events.amazonaws.com'],
    ['Resources.InvoiceKey.Properties.KeyPolicy.Statement[0]', 'resource', 'lit:Allow A=lit:kms:* R=lit:* P=AWS:tpl:arn:aws:iam::|{Fn::Sub:AWS::AccountId}|:root'],
    ['Resources.ApiSecretPolicy.Properties.ResourcePolicy.Statement[0]', 'resource', 'lit:Deny A=lit:secretsmanager:DeleteSecret R=lit:* P=*:lit:*'],
    ['Resources.BusPolicy.Properties', 'resource', 'lit:Allow A=lit:events:PutEvents P=AWS:lit:123456789012'],
    ['Resources.LogsPolicy.Properties.PolicyDocument.Statement[0]', 'resource', 'lit:Allow A=lit:logs:PutLogEvents,lit:logs:CreateLogStream R=lit:* P=Service:lit:es.amazonaws.com'],
    ['Resources.InvoicePermission.Properties', 'resource', 'lit:Allow A=lit:lambda:InvokeFunction R=ref:Fn::GetAtt:InvoiceFunction.Arn P=Service:lit:s3.amazonaws.com'],
    ['Resources.RestApi.Properties.Policy.Statement[0]', 'resource', 'lit:Allow A=lit:execute-api:Invoke R=lit:execute-api:/* P=*:lit:*'],
    ['Resources.InvoiceUrl.Properties', 'resource', 'lit:Allow A=lit:lambda:InvokeFunctionUrl R=ref:Fn::GetAtt:InvoiceFunction.Arn P=*:lit:*'],
  ];
  for (const [location, kind, expected] of table) {
    it(`statement ${location}`, () => {
      const s = statementAt(model, location);
      assert.equal(s.policyKind, kind);
      assert.equal(brief(s), expected);
    });
  }

  it('a policy written as a JSON string gets exact ranges inside the string', () => {
    const s = statementAt(model, 'Resources.LogsPolicy.Properties.PolicyDocument.Statement[0]');
    assert.equal(src(file, s.actions!.items[1].range), '"logs:CreateLogStream"');
    assert.equal(src(file, s.principals![0].value.range), '"es.amazonaws.com"');
    assert.equal(src(file, s.effect!.range), '"Allow"');
    assert.equal(s.embedded, true);
    assert.equal(statementAt(model, 'Resources.RestApi.Properties.Policy.Statement[0]').embedded, undefined);
  });

  it('links: the role, policies attached to it, managed policy resources, the permission and the URL', () => {
    const f = fn(model, 'InvoiceFunction');
    assert.deepEqual(statementsOf(model, f).map((s) => s.location), [
      'Resources.InvoiceRole.Properties.Policies[0].PolicyDocument.Statement[0]',
      'Resources.InvoiceRole.Properties.Policies[0].PolicyDocument.Statement[1]',
      'Resources.InvoiceRole.Properties.AssumeRolePolicyDocument.Statement[0]',
      'Resources.ExtraPolicy.Properties.PolicyDocument.Statement[0]',
      'Resources.SharedReadPolicy.Properties.PolicyDocument.Statement[0]',
      'Resources.InvoicePermission.Properties',
      'Resources.InvoiceUrl.Properties',
    ]);
    assert.deepEqual(f.managedPolicies.map((m) => m.awsManagedName ?? m.resource), ['AWSLambdaBasicExecutionRole', 'SharedReadPolicy']);
    assert.equal(f.url?.authType, 'NONE');
  });

  it('Lambda::Permission conditions come from SourceAccount / SourceArn', () => {
    const s = statementAt(model, 'Resources.InvoicePermission.Properties');
    assert.equal(s.generated, 'lambda-permission');
    assert.deepEqual(s.conditions!.map((c) => [c.operator, c.key, c.values.map(show)]), [['StringEquals', 'aws:SourceAccount', ['ref:Ref:AWS::AccountId']]]);
    assert.equal(src(file, s.conditions![0].keyRange), 'SourceAccount');
  });

  it('parameters: NoEcho as a string, no default', () => {
    const p = model.parameters.find((x) => x.name === 'SlackWebhook')!;
    assert.equal(p.noEcho, true);
    assert.equal(p.default, undefined);
  });

  it('a broken template keeps what can be read', () => {
    const text = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      Policies:\n        - PolicyName: p\n          PolicyDocument: "{not json"\n        - PolicyName: q\n          PolicyDocument:\n            Statement:\n              - Effect: Allow\n                Action: s3:*\n                Resource: "*"\n  Odd: 42\n';
    const { model: m } = fromText('/w/t.yaml', text);
    assert.equal(m.statements.length, 1);
    assert.equal(brief(m.statements[0]), 'lit:Allow A=lit:s3:* R=lit:*');
    assert.deepEqual(m.problems.map((p) => p.kind), ['invalid', 'invalid']);
  });
});

describe('model: CloudFormation (JSON)', () => {
  const { file, model } = loadFixture('cloudformation/audit-json/audit.template.json');

  it('long-form intrinsics, Fn::Join and Fn::Sub, users that no function uses', () => {
    assert.deepEqual(model.problems, []);
    const f = fn(model, 'AuditWriter');
    assert.equal(f.handler?.fileBase, fixturePath('cloudformation/audit-json/functions/writer'));
    assert.equal(f.handler?.exportName, 'handle');
    assert.equal(f.role?.resource, 'AuditRole');
    assert.deepEqual(f.environment.map((e) => [e.key, show(e.value)]), [
      ['BUCKET', 'ref:Ref:TrailBucket'],
      ['PREFIX', 'tpl:audit|/|{Ref:AWS::Region}'],
      ['ENDPOINT', 'lit:http://audit.internal.example.com'],
    ]);
    assert.equal(src(file, f.environment[2].value.range), '"http://audit.internal.example.com"');
    assert.deepEqual(statementsOf(model, f).map(brief), ['lit:Allow A=lit:s3:* R=tpl:arn:aws:s3:::|{Fn::Sub:TrailBucket}|/*', 'lit:Allow A=lit:sts:AssumeRole P=Service:lit:lambda.amazonaws.com']);
    const user = statementAt(model, 'Resources.AuditUser.Properties.Policies[0].PolicyDocument.Statement[0]');
    assert.equal(brief(user), 'lit:Allow A=lit:* R=lit:*');
    assert.deepEqual(model.links.filter((l) => l.statement === user.id), []);
    const sub = statementAt(model, 'Resources.AuditRole.Properties.Policies[0].PolicyDocument.Statement[0]').resources!.items[0];
    const ref = sub.parts!.find((p) => 'ref' in p) as { ref: { range: [number, number] } };
    assert.equal(src(file, ref.ref.range), '${TrailBucket}');
  });
});
