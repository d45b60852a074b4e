import * as assert from 'node:assert/strict';
import { applyEdits } from '../../../server/src/engine/fix/edits';
import { environmentEntryEdits, localSettingEdits, type EnvValue } from '../../../server/src/engine/model/edit-env';
import { modelOfFile } from '../../../server/src/engine/model/file-model';
import { SourceFile } from '../../../server/src/engine/source';
import { fn, show } from './helpers';

interface Case {
  title: string;
  path: string;
  text: string;
  fn: string;
  key: string;
  value: EnvValue;
  /** The function's environment after the edit (`KEY=show(value)`), in order. */
  env: string[];
  /** The exact text after the edit, when the formatting matters. */
  output?: string;
  replaced?: boolean;
}

const SLS_HEAD = 'service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n';

const cases: Case[] = [
  {
    title: 'serverless.yml: appends to the function environment, keeping the comment',
    path: '/w/serverless.yml',
    text: `${SLS_HEAD}  api:\n    handler: src/api.handler\n    environment:\n      TABLE: orders # the table\n    events:\n      - httpApi: GET /\n  other:\n    handler: src/other.handler\n`,
    fn: 'api',
    key: 'API_KEY',
    value: '${ssm:/s/api-key}',
    env: ['TABLE=lit:orders', 'API_KEY=ref:ssm:/s/api-key'],
    output: `${SLS_HEAD}  api:\n    handler: src/api.handler\n    environment:\n      TABLE: orders # the table\n      API_KEY: \${ssm:/s/api-key}\n    events:\n      - httpApi: GET /\n  other:\n    handler: src/other.handler\n`,
  },
  {
    title: 'serverless.yml: creates the environment block after the last key',
    path: '/w/serverless.yml',
    text: `${SLS_HEAD}  api:\n    handler: src/api.handler\n    events:\n      - httpApi: GET /\n  other:\n    handler: src/other.handler\n`,
    fn: 'api',
    key: 'API_KEY',
    value: '${ssm:/s/api-key}',
    env: ['API_KEY=ref:ssm:/s/api-key'],
    output: `${SLS_HEAD}  api:\n    handler: src/api.handler\n    events:\n      - httpApi: GET /\n    environment:\n      API_KEY: \${ssm:/s/api-key}\n  other:\n    handler: src/other.handler\n`,
  },
  {
    title: 'serverless.yml: last function of the file, four-space indentation, CRLF',
    path: '/w/serverless.yml',
    text: 'service: s\r\nfunctions:\r\n    api:\r\n        handler: src/api.handler\r\n',
    fn: 'api',
    key: 'TOKEN',
    value: '${env:TOKEN}',
    env: ['TOKEN=ref:env:TOKEN'],
    output: 'service: s\r\nfunctions:\r\n    api:\r\n        handler: src/api.handler\r\n        environment:\r\n            TOKEN: ${env:TOKEN}\r\n',
  },
  {
    title: 'serverless.yml: flow-style environment',
    path: '/w/serverless.yml',
    text: `${SLS_HEAD}  api:\n    handler: src/api.handler\n    environment: { TABLE: orders }\n`,
    fn: 'api',
    key: 'SECRET',
    value: 'needs, quoting: yes',
    env: ['TABLE=lit:orders', 'SECRET=lit:needs, quoting: yes'],
  },
  {
    title: 'serverless.yml: empty `environment:`',
    path: '/w/serverless.yml',
    text: `${SLS_HEAD}  api:\n    handler: src/api.handler\n    environment:\n    timeout: 10\n`,
    fn: 'api',
    key: 'A',
    value: 'x',
    env: ['A=lit:x'],
  },
  {
    title: 'serverless.yml: an existing key gets its value replaced',
    path: '/w/serverless.yml',
    text: `${SLS_HEAD}  api:\n    handler: src/api.handler\n    environment:\n      API_KEY: 'hardcoded-value' # TODO\n      OTHER: 1\n`,
    fn: 'api',
    key: 'API_KEY',
    value: '${ssm:/s/api-key}',
    env: ['API_KEY=ref:ssm:/s/api-key', 'OTHER=lit:1'],
    replaced: true,
    output: `${SLS_HEAD}  api:\n    handler: src/api.handler\n    environment:\n      API_KEY: \${ssm:/s/api-key} # TODO\n      OTHER: 1\n`,
  },
  {
    title: 'serverless.yml: values that YAML would read differently are quoted',
    path: '/w/serverless.yml',
    text: `${SLS_HEAD}  api:\n    handler: src/api.handler\n    environment:\n      A: b\n`,
    fn: 'api',
    key: 'FLAG',
    value: 'true',
    env: ['A=lit:b', 'FLAG=lit:true'],
  },
  {
    title: 'SAM: creates Environment.Variables under Properties',
    path: '/w/template.yaml',
    text: 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Runtime: python3.12\n  Other:\n    Type: AWS::S3::Bucket\n',
    fn: 'Fn',
    key: 'API_KEY',
    value: { raw: '!Ref ApiKeyParam' },
    env: ['API_KEY=ref:Ref:ApiKeyParam'],
    output: 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Runtime: python3.12\n      Environment:\n        Variables:\n          API_KEY: !Ref ApiKeyParam\n  Other:\n    Type: AWS::S3::Bucket\n',
  },
  {
    title: 'SAM: appends to existing Variables (dynamic reference value)',
    path: '/w/template.yaml',
    text: 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Environment:\n        Variables:\n          STAGE: dev\n      Runtime: python3.12\n',
    fn: 'Fn',
    key: 'DB_PASSWORD',
    value: '{{resolve:secretsmanager:app/db:SecretString:password}}',
    env: ['STAGE=lit:dev', 'DB_PASSWORD=ref:secretsmanager:app/db:SecretString:password'],
  },
  {
    title: 'CloudFormation JSON: appends with a comma at the same indentation',
    path: '/w/template.json',
    text: '{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Resources": {\n    "Fn": {\n      "Type": "AWS::Lambda::Function",\n      "Properties": {\n        "Handler": "index.handler",\n        "Environment": {\n          "Variables": {\n            "STAGE": "dev"\n          }\n        }\n      }\n    }\n  }\n}\n',
    fn: 'Fn',
    key: 'API_KEY',
    value: { raw: '{ "Ref": "ApiKey" }' },
    env: ['STAGE=lit:dev', 'API_KEY=ref:Ref:ApiKey'],
    output: '{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Resources": {\n    "Fn": {\n      "Type": "AWS::Lambda::Function",\n      "Properties": {\n        "Handler": "index.handler",\n        "Environment": {\n          "Variables": {\n            "STAGE": "dev",\n            "API_KEY": { "Ref": "ApiKey" }\n          }\n        }\n      }\n    }\n  }\n}\n',
  },
  {
    title: 'CloudFormation JSON: creates the missing levels',
    path: '/w/template.json',
    text: '{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Resources": {\n    "Fn": {\n      "Type": "AWS::Lambda::Function",\n      "Properties": {\n        "Handler": "index.handler"\n      }\n    }\n  }\n}\n',
    fn: 'Fn',
    key: 'TOKEN',
    value: 'x',
    env: ['TOKEN=lit:x'],
    output: '{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Resources": {\n    "Fn": {\n      "Type": "AWS::Lambda::Function",\n      "Properties": {\n        "Handler": "index.handler",\n        "Environment": {\n          "Variables": {\n            "TOKEN": "x"\n          }\n        }\n      }\n    }\n  }\n}\n',
  },
  {
    title: 'CloudFormation JSON: empty Variables object',
    path: '/w/template.json',
    text: '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Handler": "index.handler", "Environment": {"Variables": {}}}}}}\n',
    fn: 'Fn',
    key: 'TOKEN',
    value: 'x',
    env: ['TOKEN=lit:x'],
  },
  {
    title: 'CDK: appends to the environment object',
    path: '/w/lib/stack.ts',
    text: "import * as lambda from 'aws-cdk-lib/aws-lambda';\nexport function f(scope: any) {\n  new lambda.Function(scope, 'Fn', {\n    handler: 'index.handler',\n    code: lambda.Code.fromAsset('lambda'),\n    environment: {\n      STAGE: 'dev',\n    },\n  });\n}\n",
    fn: 'Fn',
    key: 'API_KEY_ARN',
    value: { raw: 'secret.secretArn' },
    env: ['STAGE=lit:dev', 'API_KEY_ARN=ref:member:secret.secretArn'],
    output: "import * as lambda from 'aws-cdk-lib/aws-lambda';\nexport function f(scope: any) {\n  new lambda.Function(scope, 'Fn', {\n    handler: 'index.handler',\n    code: lambda.Code.fromAsset('lambda'),\n    environment: {\n      STAGE: 'dev',\n      API_KEY_ARN: secret.secretArn,\n    },\n  });\n}\n",
  },
  {
    title: 'CDK: adds an environment property',
    path: '/w/lib/stack.ts',
    text: "import * as lambda from 'aws-cdk-lib/aws-lambda';\nexport function f(scope: any) {\n  new lambda.Function(scope, 'Fn', { handler: 'index.handler', code: lambda.Code.fromAsset('lambda') });\n}\n",
    fn: 'Fn',
    key: 'MODE',
    value: "it's",
    env: ["MODE=lit:it's"],
  },
  {
    title: 'serverless.ts: the function definition object',
    path: '/w/serverless.ts',
    text: "export default {\n  service: 's',\n  functions: {\n    api: {\n      handler: 'src/api.handler',\n    },\n  },\n};\n",
    fn: 'api',
    key: 'TOKEN',
    value: '${ssm:/s/token}',
    env: ['TOKEN=ref:ssm:/s/token'],
  },
];

describe('model: environment entry edits', () => {
  for (const c of cases) {
    it(c.title, () => {
      const before = SourceFile.create(c.path, c.text);
      const model = modelOfFile(before)!;
      const r = environmentEntryEdits(before, fn(model, c.fn), c.key, c.value);
      assert.ok(r.ok, r.ok ? '' : r.reason);
      assert.equal(r.replaced, c.replaced ?? false);
      const out = applyEdits(c.text, r.edits);
      if (c.output !== undefined) assert.equal(out, c.output);
      const after = SourceFile.create(c.path, out);
      assert.deepEqual(after.config?.errors ?? after.js?.errors ?? [], [], 'the result parses');
      const m2 = modelOfFile(after)!;
      assert.deepEqual(m2.problems, []);
      assert.deepEqual(fn(m2, c.fn).environment.map((e) => `${e.key}=${show(e.value)}`), c.env);
      // Nothing else changed: every other function keeps its environment.
      for (const other of model.functions.filter((f) => f.name !== c.fn)) {
        assert.deepEqual(fn(m2, other.name).environment.map((e) => e.key), other.environment.map((e) => e.key));
      }
    });
  }

  it('refuses to edit an environment shared through a YAML anchor', () => {
    const text = 'defaults: &d\n  environment:\n    A: b\nfunctions:\n  api:\n    <<: *d\n    handler: src/api.handler\n';
    const file = SourceFile.create('/w/serverless.yml', text);
    const r = environmentEntryEdits(file, fn(modelOfFile(file)!, 'api'), 'K', 'v');
    assert.equal(r.ok, false);
    assert.match((r as { reason: string }).reason, /anchor/);
  });

  it('refuses an environment that is a variable', () => {
    const text = 'functions:\n  api:\n    handler: src/api.handler\n    environment: ${file(./env.yml)}\n';
    const file = SourceFile.create('/w/serverless.yml', text);
    const r = environmentEntryEdits(file, fn(modelOfFile(file)!, 'api'), 'K', 'v');
    assert.equal(r.ok, false);
  });

  it('Azure local.settings.json: adds to Values', () => {
    const text = '{\n  "IsEncrypted": false,\n  "Values": {\n    "FUNCTIONS_WORKER_RUNTIME": "node"\n  }\n}\n';
    const file = SourceFile.create('/w/local.settings.json', text);
    const r = localSettingEdits(file, 'API_KEY', '@Microsoft.KeyVault(SecretUri=https://vault.example.net/secrets/api-key/)');
    assert.ok(r.ok);
    const out = applyEdits(text, r.edits);
    assert.equal(out, '{\n  "IsEncrypted": false,\n  "Values": {\n    "FUNCTIONS_WORKER_RUNTIME": "node",\n    "API_KEY": "@Microsoft.KeyVault(SecretUri=https://vault.example.net/secrets/api-key/)"\n  }\n}\n');
    const m = modelOfFile(SourceFile.create('/w/local.settings.json', out))!;
    assert.deepEqual(m.environment.map((e) => e.key), ['FUNCTIONS_WORKER_RUNTIME', 'API_KEY']);
  });
});
