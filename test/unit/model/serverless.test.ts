import * as assert from 'node:assert/strict';
import { at, brief, fixturePath, fn, fromText, loadFixture, show, src, statementAt, statementsOf } from './helpers';

describe('model: Serverless Framework', () => {
  describe('orders-v3 (v3 IAM, custom variables, resources, extensions, url)', () => {
    const { file, model } = loadFixture('serverless/orders-v3/serverless.yml');

    it('reads the file without problems', () => {
      assert.deepEqual(model.problems, []);
      assert.equal(model.format, 'serverless');
    });

    const functionTable: Array<[name: string, handlerFile: string, exportName: string, handlerAt: string, runtime: string]> = [
      ['createOrder', 'src/orders', 'create', '35:14', 'lit:nodejs20.x'],
      ['getOrder', 'src/orders', 'get', '42:14', 'lit:nodejs20.x'],
      ['report', 'src/report', 'handler', '50:14', 'lit:python3.12'],
    ];
    for (const [name, handlerFile, exportName, handlerAt, runtime] of functionTable) {
      it(`function ${name}: handler ${handlerFile}.${exportName}`, () => {
        const f = fn(model, name);
        assert.equal(f.handler?.fileBase, fixturePath(`serverless/orders-v3/${handlerFile}`));
        assert.equal(f.handler?.exportName, exportName);
        assert.equal(at(file, f.handler!.range), handlerAt);
        assert.equal(src(file, f.nameRange), name);
        assert.equal(show(f.runtime), runtime);
      });
    }

    it('environment: provider entries inherited, ${self:custom.x} resolved to where the literal is written', () => {
      const f = fn(model, 'createOrder');
      assert.deepEqual(
        f.environment.map((e) => [e.key, e.scope, show(e.value)]),
        [
          ['TABLE_NAME', 'provider', 'tpl:orders|-|{sls:stage}|-orders'],
          ['PAYMENTS_URL', 'provider', 'lit:http://payments.internal.example.com/v1'],
          ['LOG_LEVEL', 'provider', 'lit:info'],
          ['API_KEY', 'function', 'ref:ssm:/orders/${sls:stage}/api-key'],
          ['STRIPE_SECRET', 'function', 'lit:not-a-real-secret-value-1234'],
          ['FROM_EXTENSION', 'extension', 'lit:yes'],
        ],
      );
      const url = f.environment.find((e) => e.key === 'PAYMENTS_URL')!;
      assert.equal(src(file, url.keyRange), 'PAYMENTS_URL');
      assert.equal(src(file, url.value.range), '${self:custom.paymentsUrl}');
      assert.equal(at(file, url.value.definedAt!), '7:16');
      assert.equal(src(file, url.value.definedAt), 'http://payments.internal.example.com/v1');
      const secret = f.environment.find((e) => e.key === 'STRIPE_SECRET')!;
      assert.deepEqual(secret.value.range, secret.value.definedAt);
      assert.equal(at(file, secret.value.range), '38:22');
      assert.equal(src(file, f.environmentRange)?.split('\n')[0], 'API_KEY: ${ssm:${self:custom.apiKeyParam}}');
      // The variable inside the template keeps its own range.
      const table = f.environment.find((e) => e.key === 'TABLE_NAME')!;
      const stage = table.value.parts!.find((p) => 'ref' in p) as { ref: { range: [number, number] } };
      assert.equal(src(file, stage.ref.range), '${sls:stage}');
      assert.equal(at(file, stage.ref.range), '6:30');
    });

    it('every environment entry is listed once for the file', () => {
      assert.deepEqual(model.environment.map((e) => e.key).sort(), ['API_KEY', 'FROM_EXTENSION', 'LOG_LEVEL', 'PAYMENTS_URL', 'STRIPE_SECRET', 'TABLE_NAME']);
    });

    it('statements: provider.iam.role.statements with values and ranges', () => {
      const s0 = statementAt(model, 'provider.iam.role.statements[0]');
      assert.equal(brief(s0), 'lit:Allow A=lit:dynamodb:GetItem,lit:dynamodb:PutItem R=ref:Fn::GetAtt:OrdersTable.Arn');
      assert.equal(s0.policyKind, 'identity');
      assert.equal(s0.owner, 'provider');
      const s1 = statementAt(model, 'provider.iam.role.statements[1]');
      assert.equal(brief(s1), 'lit:Allow A=lit:s3:* R=lit:*');
      assert.equal(src(file, s1.actions!.items[0].range), "'s3:*'");
      assert.equal(src(file, s1.actions!.keyRange), 'Action');
      assert.equal(at(file, s1.resources!.items[0].range), '29:21');
    });

    it('links: default-role functions get the provider statements; a custom role its own', () => {
      const names = (name: string) => statementsOf(model, fn(model, name)).map((s) => s.location);
      assert.deepEqual(names('createOrder'), ['provider.iam.role.statements[0]', 'provider.iam.role.statements[1]']);
      assert.deepEqual(names('report'), [
        'resources.Resources.ReportRole.Properties.Policies[0].PolicyDocument.Statement[0]',
        'resources.Resources.ReportRole.Properties.AssumeRolePolicyDocument.Statement[0]',
      ]);
      const report = fn(model, 'report');
      assert.equal(report.role?.resource, 'ReportRole');
      assert.equal(report.role?.external, false);
      assert.deepEqual(fn(model, 'createOrder').managedPolicies.map((m) => m.awsManagedName), ['AmazonSQSFullAccess']);
      assert.deepEqual(report.managedPolicies, []);
      for (const l of model.links) assert.ok(fn(model, l.function.split('#')[1]).statements.includes(l.statement));
    });

    it('a Sub string mixes CloudFormation and Serverless variables', () => {
      const s = statementAt(model, 'resources.Resources.ReportRole.Properties.Policies[0].PolicyDocument.Statement[0]');
      assert.equal(show(s.resources!.items[0]), 'tpl:arn:aws:dynamodb:|{Fn::Sub:AWS::Region}|:|{Fn::Sub:AWS::AccountId}|:table/|orders|-|{sls:stage}|-orders');
      const trust = statementAt(model, 'resources.Resources.ReportRole.Properties.AssumeRolePolicyDocument.Statement[0]');
      assert.equal(trust.policyKind, 'trust');
      assert.deepEqual(trust.principals!.map((p) => [p.type, show(p.value)]), [['Service', 'lit:lambda.amazonaws.com']]);
    });

    it('resource policies: S3 bucket policy', () => {
      const s = statementAt(model, 'resources.Resources.UploadsBucketPolicy.Properties.PolicyDocument.Statement[0]');
      assert.equal(s.policyKind, 'resource');
      assert.equal(s.resourceType, 'AWS::S3::BucketPolicy');
      assert.equal(brief(s), 'lit:Allow A=lit:s3:GetObject R=lit:arn:aws:s3:::uploads-bucket/* P=*:lit:*');
    });

    it('url: true is a public function URL with a generated resource statement', () => {
      const f = fn(model, 'getOrder');
      assert.equal(f.url?.authType, 'NONE');
      const st = model.statements.find((s) => s.id === f.url!.publicStatement)!;
      assert.equal(st.generated, 'function-url');
      assert.equal(brief(st), 'lit:Allow A=lit:lambda:InvokeFunctionUrl R=ref:Fn::GetAtt:getOrder.Arn P=*:lit:*');
      assert.ok(f.statements.includes(st.id));
      assert.equal(src(file, f.url!.range), 'true');
    });

    it('endpoints: httpApi string and http map with an authorizer', () => {
      const c = fn(model, 'createOrder').endpoints[0];
      assert.deepEqual([c.kind, show(c.method), show(c.route)], ['httpApi', 'lit:POST', 'lit:/orders']);
      assert.equal(at(file, c.method!.range), '40:18');
      const g = fn(model, 'getOrder').endpoints[0];
      assert.deepEqual([g.kind, show(g.method), show(g.route), show(g.authorizer)], ['http', 'lit:get', 'lit:orders/{id}', 'lit:aws_iam']);
    });
  });

  describe('legacy-v1 (iamRoleStatements, per-function roles, anchors and merge keys)', () => {
    const { file, model } = loadFixture('serverless/legacy-v1/serverless.yml');

    it('records what it cannot read and keeps the rest', () => {
      assert.deepEqual(
        model.problems.map((p) => [p.kind, src(file, p.range)]),
        [
          ['unresolved', '${self:custom.missingTable}'],
          ['unresolved', '${file(./env.yml)}'],
        ],
      );
      assert.equal(model.functions.length, 3);
    });

    const table: Array<[string, string]> = [
      ['provider.iamRoleStatements[0]', 'lit:Allow A=lit:s3:GetObject R=lit:arn:aws:s3:::legacy-users-uploads/*'],
      ['provider.iamRoleStatements[1]', 'lit:Allow A=lit:* R=lit:*'],
      ['provider.resourcePolicy[0]', 'lit:Allow A=lit:execute-api:Invoke R=lit:execute-api:/*/*/* P=*:lit:*'],
      ['functions.listUsers.iamRoleStatements[0]', 'lit:Allow A=lit:dynamodb:Scan R=ref:self:custom.missingTable'],
      ['functions.exportUsers.iamRoleStatements[0]', 'lit:Allow NA=lit:iam:* NR=lit:arn:aws:s3:::legacy-users-uploads'],
    ];
    for (const [location, expected] of table) {
      it(`statement ${location}`, () => assert.equal(brief(statementAt(model, location)), expected));
    }

    it('conditions keep operator, key and every value with its range', () => {
      const s = statementAt(model, 'provider.iamRoleStatements[1]');
      assert.deepEqual(
        s.conditions!.map((c) => [c.operator, c.key, c.values.map(show)]),
        [['StringEquals', 'aws:RequestedRegion', ['lit:eu-west-1', 'lit:us-east-1']]],
      );
      assert.equal(src(file, s.conditions![0].keyRange), 'aws:RequestedRegion');
      assert.equal(at(file, s.conditions![0].values[1].range), '33:15');
    });

    it('serverless-iam-roles-per-function: own statements, inheriting per defaultInherit unless overridden', () => {
      const loc = (name: string) => statementsOf(model, fn(model, name)).map((s) => s.location);
      assert.deepEqual(loc('listUsers'), ['functions.listUsers.iamRoleStatements[0]', 'provider.iamRoleStatements[0]', 'provider.iamRoleStatements[1]']);
      assert.deepEqual(loc('exportUsers'), ['functions.exportUsers.iamRoleStatements[0]']);
      assert.deepEqual(loc('ping'), ['provider.iamRoleStatements[0]', 'provider.iamRoleStatements[1]']);
      assert.deepEqual(fn(model, 'ping').managedPolicies.map((m) => m.awsManagedName), ['AWSLambdaVPCAccessExecutionRole']);
    });

    it('merge keys bring anchored settings into the function; ranges point at the anchor', () => {
      const f = fn(model, 'listUsers');
      assert.deepEqual(f.environment.map((e) => [e.key, show(e.value)]), [['SHARED', 'lit:from-anchor']]);
      assert.equal(at(file, f.environment[0].keyRange), '11:5');
      assert.equal(show(f.runtime), 'lit:nodejs12.x');
    });

    it('service given as a map still names the service', () => {
      const { model: m } = fromText('/w/serverless.yml', 'service:\n  name: svc\nprovider:\n  name: aws\n  environment:\n    NAME: ${self:service}\n');
      assert.equal(show(m.environment[0].value), 'lit:svc');
    });
  });

  describe('typescript-config (serverless.ts read statically)', () => {
    const { file, model } = loadFixture('serverless/typescript-config/serverless.ts');

    it('reads the exported object literal, following consts and spreads', () => {
      const f = fn(model, 'goodbye');
      assert.equal(show(f.runtime), 'lit:nodejs18.x');
      assert.equal(src(file, f.runtime!.definedAt), "'nodejs18.x'");
      assert.equal(f.handler?.fileBase, fixturePath('serverless/typescript-config/src/functions/goodbye/handler'));
      assert.equal(f.handler?.exportName, 'main');
      assert.deepEqual(
        f.environment.map((e) => [e.key, show(e.value)]),
        [
          ['AWS_NODEJS_CONNECTION_REUSE_ENABLED', 'lit:1'],
          ['GREETING_TABLE', 'tpl:greetings-|{sls:stage}'],
          ['UPSTREAM', 'lit:http://legacy.example.org/api'],
          ['FAREWELL', 'lit:see you'],
        ],
      );
      const up = f.environment.find((e) => e.key === 'UPSTREAM')!;
      assert.equal(src(file, up.value.range), '"http://legacy.example.org/api"');
      assert.equal(f.url?.authType, 'AWS_IAM');
      assert.equal(f.url?.publicStatement, undefined);
      assert.equal(brief(statementAt(model, 'provider.iam.role.statements[0]')), 'lit:Allow A=lit:dynamodb:* R=lit:*');
    });

    it('an imported function definition is a problem, not a guess', () => {
      assert.deepEqual(model.problems.map((p) => [p.kind, src(file, p.range)]), [['unresolved', 'hello']]);
      assert.deepEqual(model.functions.map((f) => f.name), ['goodbye']);
    });

    it('a configuration that must be executed is reported as unsupported', () => {
      const { model: m } = fromText('/w/serverless.js', "module.exports = require('./build-config')();\n");
      assert.equal(m.functions.length, 0);
      assert.equal(m.problems[0].kind, 'unsupported');
    });
  });

  describe('json-config (serverless.json)', () => {
    const { file, model } = loadFixture('serverless/json-config/serverless.json');
    it('functions, environment and Fn::Join with variables', () => {
      assert.deepEqual(model.problems, []);
      const f = fn(model, 'resize');
      assert.equal(f.handler?.fileBase, fixturePath('serverless/json-config/resize'));
      assert.deepEqual(f.environment.map((e) => [e.key, show(e.value)]), [
        ['BUCKET', 'lit:thumbnails-uploads'],
        ['SIZES', 'lit:128,256'],
        ['QUALITY', 'lit:85'],
      ]);
      assert.equal(src(file, f.environment[0].value.definedAt), '"thumbnails-uploads"');
      assert.equal(brief(statementsOf(model, f)[0]), 'lit:Allow A=lit:s3:GetObject,lit:s3:PutObject R=lit:arn:aws:s3:::thumbnails-uploads/*');
    });
  });

  describe('variables', () => {
    const cases: Array<[string, string, string]> = [
      ['plain literal', 'plain-value', 'lit:plain-value'],
      ['opt with fallback stays a reference', "${opt:stage, 'dev'}", 'ref:opt:stage'],
      ['env', '${env:DB_URL}', 'ref:env:DB_URL'],
      ['ssm', '${ssm:/app/db-password}', 'ref:ssm:/app/db-password'],
      ['file', '${file(./secrets.yml):db}', 'ref:file:(./secrets.yml):db'],
      ['cf', '${cf:network.VpcId}', 'ref:cf:network.VpcId'],
      ['param', '${param:apiKey}', 'ref:param:apiKey'],
      ['aws', '${aws:accountId}', 'ref:aws:accountId'],
      ['sls', '${sls:stage}', 'ref:sls:stage'],
      ['self resolved', '${self:custom.known}', 'lit:k-value'],
      ['self missing with a fallback takes the fallback', "${self:custom.missing, 'fb'}", 'lit:fb'],
      ['self through another self', '${self:custom.chain}', 'lit:k-value'],
      ['self through a file include stays a reference', '${self:custom.fromFile.key}', 'ref:self:custom.fromFile.key'],
      ['nested self in an address', '${self:custom.byStage.${self:custom.stage}}', 'lit:prod-value'],
      ['text around variables', 'pre-${self:custom.known}-${opt:x}', 'tpl:pre-|k-value|-|{opt:x}'],
      ['dynamic reference', '{{resolve:secretsmanager:app/db:SecretString:password}}', 'ref:secretsmanager:app/db:SecretString:password'],
      ['CloudFormation pseudo parameter outside Sub', '${AWS::Region}', 'ref::AWS::Region'],
    ];
    const custom = `custom:\n  known: k-value\n  chain: \${self:custom.known}\n  fromFile: \${file(./x.yml)}\n  stage: prod\n  byStage:\n    prod: prod-value\n`;
    for (const [title, value, expected] of cases) {
      it(title, () => {
        const text = `service: v\n${custom}provider:\n  name: aws\n  environment:\n    X: "${value.replace(/"/g, '\\"')}"\n`;
        const { file, model } = fromText('/w/serverless.yml', text);
        const e = model.environment.find((x) => x.key === 'X')!;
        assert.equal(show(e.value), expected);
        assert.equal(src(file, e.value.range), `"${value}"`);
      });
    }

    it('a variable never becomes its fallback when its source is unknown', () => {
      const { model } = fromText('/w/serverless.yml', "provider:\n  environment:\n    STAGE: ${opt:stage, 'dev'}\n");
      const v = model.environment[0].value;
      assert.equal(v.kind, 'reference');
      assert.equal(v.value, undefined);
      assert.equal(show(v.ref!.fallback), 'lit:dev');
    });
  });

  it('functions of other providers are read without IAM', () => {
    const { model } = fromText('/w/serverless.yml', 'service: az\nprovider:\n  name: azure\n  runtime: nodejs18\nfunctions:\n  hello:\n    handler: src/handlers/hello.sayHello\n    events:\n      - http: true\n');
    assert.equal(fn(model, 'hello').handler?.exportName, 'sayHello');
    assert.equal(model.statements.length, 0);
  });

  it('handlers of non-JS/Python runtimes are not files the model points at', () => {
    const { model } = fromText('/w/serverless.yml', 'provider:\n  name: aws\n  runtime: java17\nfunctions:\n  a:\n    handler: com.example.Handler::handleRequest\n  b:\n    handler: com.serverless.Handler\n');
    assert.equal(fn(model, 'a').handler, undefined);
    assert.equal(fn(model, 'b').handler, undefined);
  });
});
