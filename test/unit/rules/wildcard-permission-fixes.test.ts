/**
 * The quick fixes of `wildcard-permission`: least privilege inferred from the handlers' AWS SDK calls,
 * `Resource: "*"` narrowed to same-template resources, AWS managed policies replaced by a statement.
 * Every fixed file is parsed again (YAML, JSON, TypeScript) and analysed again.
 */
import * as assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { analyzeFile } from '../../../server/src/engine/analyze';
import { applyEdits } from '../../../server/src/engine/fix/edits';
import { WorkspaceIndex } from '../../../server/src/engine/model/workspace';
import { parseJs } from '../../../server/src/engine/parse/javascript';
import { unknownIamAction } from '../../../server/src/engine/rules/unknown-iam-action';
import { wildcardPermission } from '../../../server/src/engine/rules/wildcard-permission';
import { incompleteBecause } from '../../../server/src/engine/rules/wildcard-permission/inference';
import { SourceFile } from '../../../server/src/engine/source';
import type { Finding } from '../../../server/src/engine/types';

/**
 * A workspace index that hands out the text of the handler files it was given (`handlerFile`, the
 * accessor the fix asks the engine's index for).
 */
/** The engine's own index: it keeps the handler files that configurations deploy (`handlerFile`). */
const HandlerIndex = WorkspaceIndex;

const ROOT = '/ws';

async function analyze(name: string, text: string, files: Record<string, string> = {}, index: WorkspaceIndex = new HandlerIndex()) {
  const path = `${ROOT}/${name}`;
  index.update(path, text);
  for (const [p, t] of Object.entries(files)) index.update(`${ROOT}/${p}`, t);
  const r = await analyzeFile({ path, text }, { rules: [wildcardPermission], index });
  assert.deepEqual(r.problems.filter((p) => p.kind === 'internal-error'), []);
  return r;
}

function preferred(f: Finding) {
  return f.fixes.find((x) => x.kind === 'quickfix' && x.isPreferred);
}

/** Applies the preferred fix of the finding covering `covered`, checks the result parses, returns it. */
async function fix(name: string, text: string, covered: string, files: Record<string, string> = {}): Promise<{ output: string; title: string }> {
  const r = await analyze(name, text, files);
  const f = r.findings.find((x) => text.slice(x.range.startOffset, x.range.endOffset) === covered);
  assert.ok(f, `no finding on ${covered}: ${JSON.stringify(r.findings.map((x) => text.slice(x.range.startOffset, x.range.endOffset)))}`);
  const q = preferred(f);
  assert.ok(q, `no fix for ${covered}`);
  const output = applyEdits(text, q.edits.filter((e) => e.path === `${ROOT}/${name}`));
  assertParses(name, output);
  return { output, title: q.title };
}

async function noFix(name: string, text: string, covered: string, files: Record<string, string> = {}, index?: WorkspaceIndex): Promise<void> {
  const r = await analyze(name, text, files, index);
  const f = r.findings.find((x) => text.slice(x.range.startOffset, x.range.endOffset) === covered);
  assert.ok(f, `no finding on ${covered}`);
  assert.equal(preferred(f), undefined, `unexpected fix: ${preferred(f)?.title}`);
}

function assertParses(name: string, text: string): void {
  if (/\.ya?ml$/.test(name)) {
    const doc = parseDocument(text, {
      customTags: ['Ref', 'GetAtt', 'Sub', 'If', 'Equals'].flatMap((t) => [
        { tag: `!${t}`, resolve: (s: string) => s },
        { tag: `!${t}`, collection: 'seq' as const, resolve: (v: unknown) => v as never },
      ]),
    });
    assert.deepEqual(doc.errors.map((e) => e.message), [], text);
  } else if (name.endsWith('.json')) {
    JSON.parse(text);
  } else {
    const p = parseJs(text, { jsx: false });
    assert.deepEqual(p.errors, [], text);
  }
}

const DDB_HANDLER = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async () => {
  await ddb.send(new QueryCommand({ TableName: process.env.TABLE }));
  await ddb.send(new PutCommand({ TableName: process.env.TABLE, Item: {} }));
};
`;

const S3_HANDLER = `const { S3Client, GetObjectCommand, PutObjectCommand, ListObjectsV2Command } = require('@aws-sdk/client-s3');
const s3 = new S3Client({});
exports.handler = async () => {
  await s3.send(new GetObjectCommand({ Bucket: process.env.BUCKET, Key: 'in' }));
  await s3.send(new PutObjectCommand({ Bucket: process.env.BUCKET, Key: 'out' }));
  await s3.send(new ListObjectsV2Command({ Bucket: process.env.BUCKET }));
};
`;

const SQS_V2_HANDLER = `const AWS = require('aws-sdk');
const sqs = new AWS.SQS();
module.exports.handler = async () => {
  await sqs.sendMessage({ QueueUrl: process.env.QUEUE_URL, MessageBody: 'x' }).promise();
};
`;

function sls(statements: string, env = '    TABLE: !Ref OrdersTable\n', resources = '    OrdersTable:\n      Type: AWS::DynamoDB::Table\n'): string {
  return `service: orders\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  environment:\n${env}  iam:\n    role:\n      statements:\n${statements}functions:\n  api:\n    handler: src/api.handler\nresources:\n  Resources:\n${resources}`;
}

describe('wildcard-permission fixes', () => {
  describe('least privilege from the handler', () => {
    it('YAML block list: the wildcard becomes the sorted actions, comments and other items kept', async () => {
      const text = sls(`        - Effect: Allow\n          Action:\n            - dynamodb:*   # the handler's table\n            - dynamodb:DescribeTable\n          Resource: !GetAtt OrdersTable.Arn\n`);
      const { output, title } = await fix('serverless.yml', text, 'dynamodb:*', { 'src/api.ts': DDB_HANDLER });
      assert.equal(title, 'Grant only what the handler calls: dynamodb:PutItem, dynamodb:Query');
      assert.ok(output.includes(`          Action:\n            - dynamodb:PutItem\n            - dynamodb:Query   # the handler's table\n            - dynamodb:DescribeTable\n`), output);
      const again = await analyze('serverless.yml', output, { 'src/api.ts': DDB_HANDLER });
      assert.deepEqual(again.findings, []);
    });

    it('YAML scalar: becomes a block list indented like the file, or stays a scalar for one action', async () => {
      const text = sls(`        - Effect: Allow\n          Action: "dynamodb:*" # rw\n          Resource: !GetAtt OrdersTable.Arn\n`);
      const { output } = await fix('serverless.yml', text, '"dynamodb:*"', { 'src/api.ts': DDB_HANDLER });
      // The quoting of the item replaced is kept.
      assert.ok(output.includes(`          Action:\n            - "dynamodb:PutItem"\n            - "dynamodb:Query" # rw\n          Resource:`), output);
      const one = sls(`        - Effect: Allow\n          Action: 'sqs:*'\n          Resource: arn:aws:sqs:us-east-1:123456789012:jobs\n`);
      const r = await fix('serverless.yml', one, "'sqs:*'", { 'src/api.js': SQS_V2_HANDLER });
      assert.ok(r.output.includes(`          Action: 'sqs:SendMessage'\n`), r.output);
    });

    it('YAML compact lists (items at the key column) keep their indentation', async () => {
      const text = `service: a\nprovider:\n  name: aws\n  iamRoleStatements:\n  - Effect: Allow\n    Action: s3:*\n    Resource: arn:aws:s3:::b/*\nfunctions:\n  api:\n    handler: src/api.handler\n`;
      const { output } = await fix('serverless.yml', text, 's3:*', { 'src/api.js': S3_HANDLER });
      assert.ok(output.includes(`    Action:\n    - s3:GetObject\n    - s3:ListBucket\n    - s3:PutObject\n    Resource:`), output);
    });

    it('CRLF files get CRLF line breaks', async () => {
      const text = `service: a\r\nprovider:\r\n  name: aws\r\n  iamRoleStatements:\r\n    - Effect: Allow\r\n      Action: s3:*\r\n      Resource: arn:aws:s3:::b/*\r\nfunctions:\r\n  api:\r\n    handler: src/api.handler\r\n`;
      const { output } = await fix('serverless.yml', text, 's3:*', { 'src/api.js': S3_HANDLER });
      assert.ok(output.includes(`      Action:\r\n        - s3:GetObject\r\n        - s3:ListBucket\r\n        - s3:PutObject\r\n      Resource:`), JSON.stringify(output));
      assert.ok(!/[^\r]\n/.test(output));
    });

    it('YAML flow list, Action written before Effect', async () => {
      const text = sls(`        - Action: [sqs:*, "sns:Publish"]\n          Resource: "*"\n          Effect: Allow\n`);
      const { output } = await fix('serverless.yml', text, 'sqs:*', { 'src/api.js': SQS_V2_HANDLER });
      assert.ok(output.includes(`        - Action: [sqs:SendMessage, "sns:Publish"]\n`), output);
    });

    it('a wildcard already narrowed by a listed action is removed', async () => {
      const text = sls(`        - Effect: Allow\n          Action:\n            - sqs:*\n            - sqs:SendMessage\n          Resource: arn:aws:sqs:us-east-1:123456789012:jobs\n`);
      const { output } = await fix('serverless.yml', text, 'sqs:*', { 'src/api.js': SQS_V2_HANDLER });
      assert.ok(output.includes(`          Action:\n            - sqs:SendMessage\n          Resource:`), output);
    });

    it('CloudFormation JSON: array items on their own lines, and a string', async () => {
      const text = `{\n  "Resources": {\n    "Fn": {\n      "Type": "AWS::Lambda::Function",\n      "Properties": { "Handler": "index.handler", "Runtime": "nodejs20.x", "Code": "src", "Role": { "Fn::GetAtt": ["Role", "Arn"] } }\n    },\n    "Role": {\n      "Type": "AWS::IAM::Role",\n      "Properties": {\n        "Policies": [{\n          "PolicyName": "p",\n          "PolicyDocument": {\n            "Statement": [\n              {\n                "Effect": "Allow",\n                "Action": [\n                  "s3:*"\n                ],\n                "Resource": "arn:aws:s3:::b/*"\n              },\n              { "Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/*" }\n            ]\n          }\n        }]\n      }\n    }\n  }\n}\n`;
      const a = await fix('stack.json', text, '"s3:*"', { 'src/index.js': S3_HANDLER });
      assert.ok(a.output.includes(`                "Action": [\n                  "s3:GetObject",\n                  "s3:ListBucket",\n                  "s3:PutObject"\n                ],`), a.output);
      const b = await fix('stack.json', text, '"s3:Get*"', { 'src/index.js': S3_HANDLER });
      assert.ok(b.output.includes(`{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*" }`), b.output);
    });

    it('serverless.ts and CDK arrays, and CDK addActions arguments', async () => {
      const ts = `export default {\n  service: 'a',\n  provider: { name: 'aws', iam: { role: { statements: [{ Effect: 'Allow', Action: ['s3:*'], Resource: 'arn:aws:s3:::b/*' }] } } },\n  functions: { api: { handler: 'src/api.handler' } },\n};\n`;
      const a = await fix('serverless.ts', ts, "'s3:*'", { 'src/api.js': S3_HANDLER });
      assert.ok(a.output.includes(`Action: ['s3:GetObject', 's3:ListBucket', 's3:PutObject']`), a.output);
      const cdk = `import * as iam from 'aws-cdk-lib/aws-iam';\nimport * as lambda from 'aws-cdk-lib/aws-lambda';\nconst fn = new lambda.Function(this, 'Fn', { handler: 'index.handler', code: lambda.Code.fromAsset('lambda'), runtime: lambda.Runtime.NODEJS_20_X });\nfn.addToRolePolicy(new iam.PolicyStatement({\n  actions: [\n    "s3:*",\n  ],\n  resources: ['arn:aws:s3:::b/*'],\n}));\nconst st = new iam.PolicyStatement({ resources: ['arn:aws:s3:::b/*'] });\nst.addActions('s3:Put*', 's3:GetObject');\nfn.addToRolePolicy(st);\n`;
      const b = await fix('lib/stack.ts', cdk, '"s3:*"', { 'lambda/index.js': S3_HANDLER });
      assert.ok(b.output.includes(`  actions: [\n    "s3:GetObject",\n    "s3:ListBucket",\n    "s3:PutObject",\n  ],`), b.output);
      const c = await fix('lib/stack.ts', cdk, "'s3:Put*'", { 'lambda/index.js': S3_HANDLER });
      assert.ok(c.output.includes(`st.addActions('s3:PutObject', 's3:GetObject');`), c.output);
    });

    it('a statement written once and aliased into two roles gets the actions of both handlers', async () => {
      const text = `service: a\nx:\n  send: &send\n    Effect: Allow\n    Action: ses:*\n    Resource: arn:aws:ses:eu-west-1:123456789012:identity/example.com\nprovider:\n  name: aws\nfunctions:\n  email:\n    handler: src/email.handler\n    iamRoleStatements:\n      - *send\n  raw:\n    handler: src/raw.handler\n    iamRoleStatements:\n      - *send\n`;
      const email = `const { SESClient, SendEmailCommand } = require('@aws-sdk/client-ses');\nconst ses = new SESClient({});\nexports.handler = () => ses.send(new SendEmailCommand({}));\n`;
      const raw = email.replace(/SendEmailCommand/g, 'SendRawEmailCommand');
      const r = await analyze('serverless.yml', text, { 'src/email.js': email, 'src/raw.js': raw });
      assert.equal(r.findings.length, 1);
      const { output } = await fix('serverless.yml', text, 'ses:*', { 'src/email.js': email, 'src/raw.js': raw });
      assert.ok(output.includes(`    Action:\n      - ses:SendEmail\n      - ses:SendRawEmail\n    Resource:`), output);
    });

    it('Action "*" takes every action of every handler the role serves', async () => {
      const text = `service: a\nprovider:\n  name: aws\n  iamRoleStatements:\n    - Effect: Allow\n      Action: "*"\n      Resource: "*"\nfunctions:\n  reader:\n    handler: src/read.handler\n  writer:\n    handler: src/write.handler\n`;
      const { output, title } = await fix('serverless.yml', text, '"*"', { 'src/read.js': S3_HANDLER, 'src/write.js': SQS_V2_HANDLER });
      assert.equal(title, 'Grant only what the handlers call: s3:GetObject, s3:ListBucket, s3:PutObject, sqs:SendMessage');
      assert.ok(output.includes(`      Action:\n        - s3:GetObject\n        - s3:ListBucket\n        - s3:PutObject\n        - sqs:SendMessage\n      Resource: "*"`), output);
    });
  });

  describe('no narrowing on a guess', () => {
    const text = sls(`        - Effect: Allow\n          Action: dynamodb:*\n          Resource: !GetAtt OrdersTable.Arn\n`);

    it('when the index cannot hand out handler files', async () => {
      class NoHandlerFiles extends WorkspaceIndex {
        override handlerFile(): SourceFile | undefined {
          return undefined;
        }
      }
      await noFix('serverless.yml', text, 'dynamodb:*', { 'src/api.ts': DDB_HANDLER }, new NoHandlerFiles());
    });
    it('when the handler file is not in the workspace', async () => {
      await noFix('serverless.yml', text, 'dynamodb:*');
    });
    it('when the handler imports a local module (its calls may be there) or a library that calls AWS', async () => {
      await noFix('serverless.yml', text, 'dynamodb:*', { 'src/api.ts': `import { save } from './lib/db';\n${DDB_HANDLER}` });
      await noFix('serverless.yml', text, 'dynamodb:*', { 'src/api.ts': `import { getParameter } from '@aws-lambda-powertools/parameters/ssm';\n${DDB_HANDLER}` });
      assert.equal(incompleteBecause(SourceFile.create('/w/a.ts', `import type { Ctx } from './types';\nimport { Logger } from '@aws-lambda-powertools/logger';\nimport cfg from './cfg.json';\n`)), undefined);
    });
    it('when a call of the service cannot be named (computed command)', async () => {
      const h = `import * as ddb from '@aws-sdk/client-dynamodb';\nconst c = new ddb.DynamoDBClient({});\nexport const handler = async (e) => c.send(new (ddb as any)[e.cmd]({}));\n`;
      await noFix('serverless.yml', text, 'dynamodb:*', { 'src/api.ts': h });
    });
    it('when the handler makes no call within the wildcard', async () => {
      await noFix('serverless.yml', text, 'dynamodb:*', { 'src/api.js': SQS_V2_HANDLER });
    });
    it('when the handler is Python (no parser yet)', async () => {
      await noFix('serverless.yml', text, 'dynamodb:*', { 'src/api.py': `import boto3\ndef handler(e, c):\n    boto3.client('dynamodb').put_item(TableName='t', Item={})\n` });
    });
    it('when the role also serves something else (a state machine, an export) than the functions', async () => {
      const base = `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      Policies:\n        - PolicyName: p\n          PolicyDocument:\n            Statement:\n              - Effect: Allow\n                Action: dynamodb:*\n                Resource: arn:aws:dynamodb:us-east-1:123456789012:table/t\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Handler: api.handler\n      Code: src\n      Runtime: nodejs20.x\n      Role: !GetAtt Role.Arn\n`;
      // Only the function uses the role: the fix is offered.
      const ok = await fix('template.yaml', base, 'dynamodb:*', { 'src/api.ts': DDB_HANDLER });
      assert.ok(ok.output.includes('- dynamodb:PutItem'), ok.output);
      const machine = `${base}  Machine:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      RoleArn: !GetAtt Role.Arn\n`;
      await noFix('template.yaml', machine, 'dynamodb:*', { 'src/api.ts': DDB_HANDLER });
      const exported = `${base}Outputs:\n  RoleArn:\n    Value: !Sub "\${Role.Arn}"\n    Export:\n      Name: shared-role\n`;
      await noFix('template.yaml', exported, 'dynamodb:*', { 'src/api.ts': DDB_HANDLER });
      const slsShared = sls(`        - Effect: Allow\n          Action: dynamodb:*\n          Resource: !GetAtt OrdersTable.Arn\n`, undefined, '    OrdersTable:\n      Type: AWS::DynamoDB::Table\n    Machine:\n      Type: AWS::StepFunctions::StateMachine\n      Properties:\n        RoleArn: !GetAtt IamRoleLambdaExecution.Arn\n');
      await noFix('serverless.yml', slsShared, 'dynamodb:*', { 'src/api.ts': DDB_HANDLER });
    });

    it('inside a JSON string, an Fn::If or a YAML alias', async () => {
      const embedded = `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Role:\n    Type: AWS::IAM::Role\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Handler: api.handler\n      Code: src\n      Runtime: nodejs20.x\n      Role: !GetAtt Role.Arn\n  Policy:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyName: p\n      Roles: [!Ref Role]\n      PolicyDocument: '{"Statement":[{"Effect":"Allow","Action":"dynamodb:*","Resource":"arn:aws:dynamodb:us-east-1:123456789012:table/t"}]}'\n  Policy2:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyName: q\n      Roles: [!Ref Role]\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Action: !If [IsProd, dynamodb:GetItem, "dynamodb:*"]\n            Resource: arn:aws:dynamodb:us-east-1:123456789012:table/t\n`;
      const r = await analyze('template.yaml', embedded, { 'src/api.ts': DDB_HANDLER });
      const wild = r.findings.filter((f) => f.messageId === 'serviceWildcard');
      assert.deepEqual(wild.map((f) => embedded.slice(f.range.startOffset, f.range.endOffset)), ['"dynamodb:*"', '"dynamodb:*"']);
      for (const f of wild) assert.equal(preferred(f), undefined);
      // The same statement written as YAML gets the fix: the handler is found through the role.
      const plain = embedded.replace(/PolicyDocument: '.*'/, 'PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Action: "dynamodb:*"\n            Resource: arn:aws:dynamodb:us-east-1:123456789012:table/t');
      const r2 = await analyze('template.yaml', plain, { 'src/api.ts': DDB_HANDLER });
      assert.equal(r2.findings.filter((f) => preferred(f)).length, 1);
      const alias = sls(`        - Effect: Allow\n          Action: &rw\n            - dynamodb:*\n          Resource: !GetAtt OrdersTable.Arn\n`);
      await noFix('serverless.yml', alias, 'dynamodb:*', { 'src/api.ts': DDB_HANDLER });
    });
  });

  describe('Resource "*" narrowed to the template resources the handler uses', () => {
    it('SAM: !Ref of a table and a bucket through environment variables', async () => {
      const text = `AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\nResources:\n  Uploads:\n    Type: AWS::S3::Bucket\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: index.handler\n      CodeUri: src/\n      Runtime: nodejs20.x\n      Environment:\n        Variables:\n          BUCKET: !Ref Uploads\n      Policies:\n        - Statement:\n            - Effect: Allow\n              Action: [s3:GetObject, s3:PutObject, s3:ListBucket]\n              Resource: '*'\n`;
      const { output, title } = await fix('template.yaml', text, "'*'", { 'src/index.js': S3_HANDLER });
      assert.equal(title, 'Limit Resource to Uploads');
      assert.ok(output.includes(`              Resource:\n                - !GetAtt Uploads.Arn\n                - !Sub "\${Uploads.Arn}/*"\n`), output);
      const again = await analyze('template.yaml', output, { 'src/index.js': S3_HANDLER });
      assert.deepEqual(again.findings, []);
    });

    it('Serverless: the action fix and the resource fix together', async () => {
      const text = sls(`        - Effect: Allow\n          Action:\n            - dynamodb:*\n          Resource:\n            - "*"\n`);
      const r = await analyze('serverless.yml', text, { 'src/api.ts': DDB_HANDLER });
      assert.deepEqual(r.findings.map((f) => f.messageId), ['serviceWildcard', 'resourceWildcard']);
      const edits = r.findings.flatMap((f) => preferred(f)?.edits ?? []);
      const output = applyEdits(text, edits);
      assertParses('serverless.yml', output);
      assert.ok(output.includes(`          Action:\n            - dynamodb:PutItem\n            - dynamodb:Query\n          Resource:\n            - !GetAtt OrdersTable.Arn\n            - !Sub "\${OrdersTable.Arn}/index/*"\n`), output);
      assert.deepEqual((await analyze('serverless.yml', output, { 'src/api.ts': DDB_HANDLER })).findings, []);
    });

    it('Serverless: the same ${self:...} name in the environment and in TableName', async () => {
      const text = sls(
        `        - Effect: Allow\n          Action: [dynamodb:PutItem, dynamodb:Query]\n          Resource: "*"\n`,
        '    TABLE: ${self:custom.table}\n',
        '    OrdersTable:\n      Type: AWS::DynamoDB::Table\n      Properties:\n        TableName: ${self:custom.table}\n',
      ).replace('functions:', 'custom:\n  table: orders-${sls:stage}\nfunctions:');
      const { output } = await fix('serverless.yml', text, '"*"', { 'src/api.ts': DDB_HANDLER });
      assert.ok(output.includes(`          Resource:\n            - !GetAtt OrdersTable.Arn\n            - !Sub "\${OrdersTable.Arn}/index/*"\n`), output);
    });

    it('CloudFormation JSON writes the long-form intrinsics', async () => {
      const text = `{\n  "Resources": {\n    "Queue": { "Type": "AWS::SQS::Queue" },\n    "Fn": {\n      "Type": "AWS::Lambda::Function",\n      "Properties": {\n        "Handler": "index.handler", "Runtime": "nodejs20.x", "Code": "src",\n        "Role": { "Fn::GetAtt": ["Role", "Arn"] },\n        "Environment": { "Variables": { "QUEUE_URL": { "Ref": "Queue" } } }\n      }\n    },\n    "Role": {\n      "Type": "AWS::IAM::Role",\n      "Properties": {\n        "Policies": [{ "PolicyName": "p", "PolicyDocument": { "Statement": [{ "Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*" }] } }]\n      }\n    }\n  }\n}\n`;
      const { output } = await fix('stack.json', text, '"*"', { 'src/index.js': SQS_V2_HANDLER });
      assert.ok(output.includes(`"Action": "sqs:SendMessage", "Resource": { "Fn::GetAtt": ["Queue", "Arn"] } }`), output);
    });

    it('no narrowing when a call names its resource literally, or the statement grants an action no call uses', async () => {
      const literal = S3_HANDLER.replace(/process\.env\.BUCKET/g, "'my-bucket'");
      const text = `AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\nResources:\n  Uploads:\n    Type: AWS::S3::Bucket\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: index.handler\n      CodeUri: src/\n      Runtime: nodejs20.x\n      Environment:\n        Variables:\n          BUCKET: !Ref Uploads\n      Policies:\n        - Statement:\n            - Effect: Allow\n              Action: [s3:GetObject, s3:PutObject, s3:ListBucket]\n              Resource: '*'\n`;
      await noFix('template.yaml', text, "'*'", { 'src/index.js': literal });
      await noFix('template.yaml', text.replace('s3:ListBucket]', 's3:ListBucket, s3:DeleteObject]'), "'*'", { 'src/index.js': S3_HANDLER });
    });
  });

  describe('AWS managed policies replaced by a statement', () => {
    const sam = (policies: string) =>
      `AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\nResources:\n  Uploads:\n    Type: AWS::S3::Bucket\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: index.handler\n      CodeUri: src/\n      Runtime: nodejs20.x\n      Environment:\n        Variables:\n          BUCKET: !Ref Uploads\n${policies}`;

    it('SAM list item: AdministratorAccess', async () => {
      const text = sam(`      Policies:\n        - AdministratorAccess\n        - AWSLambdaBasicExecutionRole\n`);
      const { output, title } = await fix('template.yaml', text, 'AdministratorAccess', { 'src/index.js': S3_HANDLER });
      assert.equal(title, 'Replace AdministratorAccess with a statement of what the handler calls: s3:GetObject, s3:ListBucket, s3:PutObject');
      assert.ok(
        output.endsWith(
          `      Policies:\n        - Statement:\n            - Effect: Allow\n              Action:\n                - s3:GetObject\n                - s3:ListBucket\n                - s3:PutObject\n              Resource:\n                - !GetAtt Uploads.Arn\n                - !Sub "\${Uploads.Arn}/*"\n        - AWSLambdaBasicExecutionRole\n`,
        ),
        output,
      );
      assert.deepEqual((await analyze('template.yaml', output, { 'src/index.js': S3_HANDLER })).findings, []);
    });

    it('SAM single value, and a *FullAccess policy limited to its service', async () => {
      const text = sam(`      Policies: AmazonS3FullAccess\n`);
      const both = S3_HANDLER.replace("exports.handler", "const AWS = require('aws-sdk');\nconst sqs = new AWS.SQS();\nexports.other = () => sqs.sendMessage({ QueueUrl: 'q', MessageBody: 'x' }).promise();\nexports.handler");
      const { output } = await fix('template.yaml', text, 'AmazonS3FullAccess', { 'src/index.js': both });
      assert.ok(output.includes(`      Policies:\n        - Statement:\n            - Effect: Allow\n              Action:\n                - s3:GetObject\n                - s3:ListBucket\n                - s3:PutObject\n`), output);
      assert.ok(!output.includes('sqs:'), output);
    });

    it('Serverless provider role: the policy leaves managedPolicies, the statement joins the statements', async () => {
      const text = `service: a\nprovider:\n  name: aws\n  environment:\n    BUCKET: !Ref Uploads\n  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Action: sqs:SendMessage\n          Resource: arn:aws:sqs:us-east-1:123456789012:q\n      managedPolicies:\n        - arn:aws:iam::aws:policy/AdministratorAccess # too much\n        - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole\nfunctions:\n  api:\n    handler: src/api.handler\nresources:\n  Resources:\n    Uploads:\n      Type: AWS::S3::Bucket\n`;
      const { output } = await fix('serverless.yml', text, 'arn:aws:iam::aws:policy/AdministratorAccess', { 'src/api.js': S3_HANDLER });
      assert.ok(
        output.includes(
          `          Resource: arn:aws:sqs:us-east-1:123456789012:q\n        - Effect: Allow\n          Action:\n            - s3:GetObject\n            - s3:ListBucket\n            - s3:PutObject\n          Resource:\n            - !GetAtt Uploads.Arn\n            - !Sub "\${Uploads.Arn}/*"\n      managedPolicies:\n        - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole\n`,
        ),
        output,
      );
      assert.deepEqual((await analyze('serverless.yml', output, { 'src/api.js': S3_HANDLER })).findings, []);
    });

    it('Serverless v1: the only iamManagedPolicies entry becomes iamRoleStatements', async () => {
      const text = `service: a\nprovider:\n  name: aws\n  iamManagedPolicies:\n    - arn:aws:iam::aws:policy/AmazonS3FullAccess\n  runtime: nodejs20.x\nfunctions:\n  api:\n    handler: src/api.handler\n`;
      const { output } = await fix('serverless.yml', text, 'arn:aws:iam::aws:policy/AmazonS3FullAccess', { 'src/api.js': S3_HANDLER });
      assert.equal(
        output,
        `service: a\nprovider:\n  name: aws\n  iamRoleStatements:\n    - Effect: Allow\n      Action:\n        - s3:GetObject\n        - s3:ListBucket\n        - s3:PutObject\n      Resource: "*"\n  runtime: nodejs20.x\nfunctions:\n  api:\n    handler: src/api.handler\n`,
      );
    });

    it('no replacement when nothing can be inferred', async () => {
      await noFix('template.yaml', sam(`      Policies:\n        - AdministratorAccess\n`), 'AdministratorAccess', {});
    });
  });
});
