/**
 * hardcoded-secret quick fixes across files: the code change plus the environment entry in every
 * configuration deploying the handler, re-parsed to prove the configuration stays valid; fixes in
 * configuration; the engine's suppress fix on multi-line secrets.
 */
import * as assert from 'node:assert/strict';
import { analyzeFile } from '../../../server/src/engine/analyze';
import { applyEdits } from '../../../server/src/engine/fix/edits';
import { WorkspaceIndex } from '../../../server/src/engine/model/workspace';
import { parseJson } from '../../../server/src/engine/parse/json';
import { get, getPath, type CNode } from '../../../server/src/engine/parse/tree';
import { parseYaml } from '../../../server/src/engine/parse/yaml';
import { hardcodedSecret } from '../../../server/src/engine/rules/hardcoded-secret';
import type { Finding, Fix } from '../../../server/src/engine/types';
import { mask } from '../secrets/fakes';
import { T } from './hardcoded-secret-cases';

async function analyze(path: string, text: string, files: Record<string, string> = {}) {
  const index = new WorkspaceIndex();
  for (const [p, t] of Object.entries(files)) index.update(p, t);
  return analyzeFile({ path, text }, { rules: [hardcodedSecret], index });
}

function preferred(f: Finding): Fix {
  const fix = f.fixes.find((x) => x.isPreferred && x.kind === 'quickfix');
  assert.ok(fix, `no preferred fix for ${mask(f.message)}`);
  return fix;
}

/** Applies a fix's edits to each file it touches. */
function applyFix(fix: Fix, texts: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const path of new Set(fix.edits.map((e) => e.path))) {
    assert.ok(path in texts, `fix edits an unexpected file ${path}`);
    out[path] = applyEdits(texts[path], fix.edits.filter((e) => e.path === path));
  }
  return out;
}

function yamlRoot(text: string): CNode | undefined {
  const y = parseYaml(text);
  assert.deepEqual(y.errors, [], 'the edited YAML must parse');
  return y.documents[0].root;
}

function jsonRoot(text: string): CNode | undefined {
  const j = parseJson(text);
  assert.deepEqual(j.errors, [], 'the edited JSON must parse');
  assert.doesNotThrow(() => JSON.parse(text));
  return j.root;
}

function scalar(n: CNode | undefined): { value: unknown; tag?: string } {
  assert.ok(n && n.kind === 'scalar', 'expected a scalar');
  return { value: n.value, tag: n.tag };
}

const SLS = [
  'service: orders',
  '',
  'provider:',
  '  name: aws',
  '  runtime: nodejs20.x',
  '  environment:',
  '    TABLE: orders # the table',
  '',
  'functions:',
  '  create:',
  '    handler: src/orders.create # POST /orders',
  '    events:',
  '      - httpApi: POST /orders',
  '  refund:',
  '    handler: src/orders.refund',
  '    environment:',
  '      LOG_LEVEL: info',
  '  other:',
  '    handler: src/other.handler',
  '',
].join('\n');

const CODE = `import Stripe from 'stripe';\nconst stripe = new Stripe('${T.stripe}');\nexport const create = async () => stripe;\nexport const refund = async () => stripe;\n`;

describe('hardcoded-secret: fixes in code and configuration', () => {
  it('Serverless: replaces the literal and adds an SSM reference to every function using the handler', async () => {
    const r = await analyze('/ws/src/orders.ts', CODE, { '/ws/serverless.yml': SLS });
    assert.equal(r.findings.length, 1);
    const fix = preferred(r.findings[0]);
    assert.equal(fix.title, 'Move to SSM parameter /orders/dev/stripe-secret-key');
    const out = applyFix(fix, { '/ws/src/orders.ts': CODE, '/ws/serverless.yml': SLS });
    assert.equal(out['/ws/src/orders.ts'], CODE.replace(`'${T.stripe}'`, 'process.env.STRIPE_SECRET_KEY'));
    const yml = out['/ws/serverless.yml'];
    assert.ok(yml.includes('# the table') && yml.includes('# POST /orders'), 'comments are kept');
    const root = yamlRoot(yml);
    const ref = '${ssm:/orders/${sls:stage}/stripe-secret-key}';
    assert.equal(scalar(getPath(root, ['functions', 'create', 'environment', 'STRIPE_SECRET_KEY'])).value, ref);
    assert.equal(scalar(getPath(root, ['functions', 'refund', 'environment', 'STRIPE_SECRET_KEY'])).value, ref);
    assert.equal(scalar(getPath(root, ['functions', 'refund', 'environment', 'LOG_LEVEL'])).value, 'info');
    assert.equal(getPath(root, ['functions', 'other', 'environment']), undefined, 'functions with another handler are left alone');
  });

  it('Serverless: the title names the configured stage', async () => {
    const sls = SLS.replace('  runtime: nodejs20.x', '  runtime: nodejs20.x\n  stage: prod');
    const r = await analyze('/ws/src/orders.ts', CODE, { '/ws/serverless.yml': sls });
    assert.equal(preferred(r.findings[0]).title, 'Move to SSM parameter /orders/prod/stripe-secret-key');
  });

  it('Serverless: a variable the provider already sets needs only the code change', async () => {
    const sls = SLS.replace('    TABLE: orders # the table', '    TABLE: orders # the table\n    STRIPE_KEY: ${ssm:/orders/stripe}');
    const code = `export const create = async () => process.env.STRIPE_KEY ?? '${T.stripe}';\nexport const refund = create;\n`;
    const r = await analyze('/ws/src/orders.ts', code, { '/ws/serverless.yml': sls });
    const fix = preferred(r.findings[0]);
    assert.equal(fix.title, 'Read process.env.STRIPE_KEY (already set in serverless.yml)');
    assert.deepEqual([...new Set(fix.edits.map((e) => e.path))], ['/ws/src/orders.ts']);
    assert.equal(applyEdits(code, fix.edits), `export const create = async () => process.env.STRIPE_KEY;\nexport const refund = create;\n`);
  });

  it('a fallback after a variable Lambda sets itself: no environment entry is added', async () => {
    const code = `export const create = async () => new S3Client({ credentials: { accessKeyId: 'x', secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? '${T.awsSecret}' } });\n`;
    const r = await analyze('/ws/src/orders.ts', code, { '/ws/serverless.yml': SLS });
    const fix = preferred(r.findings[0]);
    assert.equal(fix.title, 'Read process.env.AWS_SECRET_ACCESS_KEY (set by the Lambda runtime)');
    assert.deepEqual(fix.edits.map((e) => e.path), ['/ws/src/orders.ts']);
  });

  it('no configuration deploys the file: the code change alone', async () => {
    const r = await analyze('/ws/src/lib.ts', `export const dbPassword = '${T.pw}';\n`);
    const fix = preferred(r.findings[0]);
    assert.equal(fix.title, 'Replace with process.env.DB_PASSWORD');
    assert.deepEqual(fix.edits.map((e) => e.path), ['/ws/src/lib.ts']);
  });

  it('SAM: adds a Secrets Manager dynamic reference under Properties.Environment.Variables', async () => {
    const template = [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  OrdersFunction:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      CodeUri: src/',
      '      Handler: app.handler',
      '      Runtime: nodejs20.x',
      '',
    ].join('\n');
    const code = `const apiKey = '${T.sendgrid}';\nexport const handler = async () => apiKey;\n`;
    const r = await analyze('/ws/src/app.js', code, { '/ws/template.yaml': template });
    const fix = preferred(r.findings[0]);
    assert.equal(fix.title, 'Move to Secrets Manager secret <stack name>/sendgrid-api-key');
    const out = applyFix(fix, { '/ws/src/app.js': code, '/ws/template.yaml': template });
    assert.ok(out['/ws/src/app.js'].startsWith('const apiKey = process.env.SENDGRID_API_KEY;'));
    const root = yamlRoot(out['/ws/template.yaml']);
    const v = scalar(getPath(root, ['Resources', 'OrdersFunction', 'Properties', 'Environment', 'Variables', 'SENDGRID_API_KEY']));
    assert.equal(v.tag, '!Sub');
    assert.equal(v.value, '{{resolve:secretsmanager:${AWS::StackName}/sendgrid-api-key}}');
  });

  it('CloudFormation JSON: adds {"Fn::Sub": …} to the function and stays valid JSON', async () => {
    const template = JSON.stringify({
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: {
        Fn: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler', Runtime: 'nodejs20.x', Code: 'src', Environment: { Variables: { STAGE: 'prod' } } } },
      },
    }, null, 2);
    const code = `exports.handler = async () => ({ token: '${T.github}' });\n`;
    const r = await analyze('/ws/src/index.js', code, { '/ws/stack.json': template });
    const fix = preferred(r.findings[0]);
    const out = applyFix(fix, { '/ws/src/index.js': code, '/ws/stack.json': template });
    const vars = getPath(jsonRoot(out['/ws/stack.json']), ['Resources', 'Fn', 'Properties', 'Environment', 'Variables']);
    assert.equal(scalar(get(vars, 'STAGE')).value, 'prod');
    assert.equal(scalar(get(get(vars, 'GITHUB_TOKEN'), 'Fn::Sub')).value, '{{resolve:secretsmanager:${AWS::StackName}/github-token}}');
  });

  it('Azure Functions: adds a Key Vault reference to local.settings.json Values', async () => {
    const settings = JSON.stringify({ IsEncrypted: false, Values: { FUNCTIONS_WORKER_RUNTIME: 'node', DB: '@Microsoft.KeyVault(SecretUri=https://orders-kv.vault.azure.net/secrets/db/)' } }, null, 2);
    const fnJson = JSON.stringify({ bindings: [{ type: 'httpTrigger', direction: 'in', name: 'req', authLevel: 'function' }] }, null, 2);
    const code = `module.exports = async function (context) { const openaiKey = '${T.openai}'; };\n`;
    const files = { '/ws/app/local.settings.json': settings, '/ws/app/Orders/function.json': fnJson };
    const r = await analyze('/ws/app/Orders/index.js', code, files);
    const fix = preferred(r.findings[0]);
    assert.equal(fix.title, 'Move to Key Vault secret openai-key (vault orders-kv)');
    const out = applyFix(fix, { ...files, '/ws/app/Orders/index.js': code });
    const values = get(jsonRoot(out['/ws/app/local.settings.json']), 'Values');
    assert.equal(scalar(get(values, 'OPENAI_KEY')).value, '@Microsoft.KeyVault(SecretUri=https://orders-kv.vault.azure.net/secrets/openai-key/)');
  });

  it('Python handler: os.environ, import os, and the SAM environment entry', async () => {
    const template = [
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  Fn:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Handler: app.lambda_handler',
      '      Runtime: python3.12',
      '      Environment:',
      '        Variables:',
      '          TABLE: orders',
      '',
    ].join('\n');
    const code = `import json\n\nDB_PASSWORD = "${T.pw}"\n\ndef lambda_handler(event, context):\n    return json.dumps({})\n`;
    const r = await analyze('/ws/app.py', code, { '/ws/template.yaml': template });
    const fix = preferred(r.findings[0]);
    const out = applyFix(fix, { '/ws/app.py': code, '/ws/template.yaml': template });
    assert.equal(out['/ws/app.py'], `import os\nimport json\n\nDB_PASSWORD = os.environ["DB_PASSWORD"]\n\ndef lambda_handler(event, context):\n    return json.dumps({})\n`);
    const vars = getPath(yamlRoot(out['/ws/template.yaml']), ['Resources', 'Fn', 'Properties', 'Environment', 'Variables']);
    assert.equal(scalar(get(vars, 'TABLE')).value, 'orders');
    assert.equal(scalar(get(vars, 'DB_PASSWORD')).tag, '!Sub');
  });

  it('configuration: replacements parse back as references (flow map, block scalar, JSON)', async () => {
    const sls = `service: orders\nprovider:\n  environment: { API_TOKEN: ${T.b64}, TABLE: t }\n  stage: dev\nfunctions:\n  f:\n    handler: h.f\n    environment:\n      PRIVATE_KEY: |\n${T.pemEc.split('\n').map((l) => '        ' + l).join('\n')}\n      NEXT: x\n`;
    const r = await analyze('/ws/serverless.yml', sls);
    assert.equal(r.findings.length, 2);
    let text = sls;
    for (const f of [...r.findings].reverse()) text = applyEdits(text, preferred(f).edits);
    const root = yamlRoot(text);
    assert.equal(scalar(getPath(root, ['provider', 'environment', 'API_TOKEN'])).value, '${ssm:/orders/${sls:stage}/api-token}');
    assert.equal(scalar(getPath(root, ['functions', 'f', 'environment', 'PRIVATE_KEY'])).value, '${ssm:/orders/${sls:stage}/private-key}');
    assert.equal(scalar(getPath(root, ['functions', 'f', 'environment', 'NEXT'])).value, 'x');

    const cfn = JSON.stringify({ Resources: { F: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'i.h', Environment: { Variables: { SLACK_TOKEN: T.slackBot } } } } } }, null, 2);
    const rj = await analyze('/ws/cfn.json', cfn);
    const edited = applyEdits(cfn, preferred(rj.findings[0]).edits);
    const v = getPath(jsonRoot(edited), ['Resources', 'F', 'Properties', 'Environment', 'Variables', 'SLACK_TOKEN']);
    assert.equal(scalar(get(v, 'Fn::Sub')).value, '{{resolve:secretsmanager:${AWS::StackName}/slack-token}}');
  });

  it('configuration: a JSON parameter default is removed with its comma', async () => {
    const cfn = JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Parameters: { ApiToken: { Type: 'String', Default: T.b64 }, Admin: { Type: 'String', NoEcho: true, Default: T.pw } }, Resources: { T: { Type: 'AWS::SNS::Topic' } } }, null, 2);
    const r = await analyze('/ws/cfn.json', cfn);
    assert.equal(r.findings.length, 2);
    let text = cfn;
    for (const f of [...r.findings].reverse()) text = applyEdits(text, preferred(f).edits);
    const params = get(jsonRoot(text), 'Parameters');
    assert.equal(get(get(params, 'ApiToken'), 'Default'), undefined);
    assert.equal(get(get(params, 'Admin'), 'Default'), undefined);
    assert.equal(scalar(get(get(params, 'Admin'), 'NoEcho')).value, true);
  });
});

describe('hardcoded-secret: the suppress comment on multi-line secrets', () => {
  it('YAML block scalar: the comment goes above the key and silences the finding', async () => {
    const sls = `service: orders\nprovider:\n  environment:\n    PRIVATE_KEY: |\n${T.pemEc.split('\n').map((l) => '      ' + l).join('\n')}\n`;
    const r = await analyze('/ws/serverless.yml', sls);
    const s = r.findings[0].fixes.find((x) => x.kind === 'suppress');
    assert.ok(s, 'a suppress fix is offered');
    const text = applyEdits(sls, s.edits);
    assert.ok(text.includes('  environment:\n    # serverless-guard-ignore-next-line hardcoded-secret\n    PRIVATE_KEY: |\n'));
    yamlRoot(text);
    assert.equal((await analyze('/ws/serverless.yml', text)).findings.length, 0);
  });

  it('JS template literal spanning lines: the comment goes above the declaration', async () => {
    const code = 'export const privateKey = `\n' + T.pem + '\n`;\n';
    const r = await analyze('/ws/handler.ts', code);
    const s = r.findings[0].fixes.find((x) => x.kind === 'suppress');
    assert.ok(s);
    const text = applyEdits(code, s.edits);
    assert.ok(text.startsWith('// serverless-guard-ignore-next-line hardcoded-secret\nexport const privateKey'));
    assert.equal((await analyze('/ws/handler.ts', text)).findings.length, 0);
  });

  it('the ignore comment is honoured in Python and .env files', async () => {
    const py = `# serverless-guard-ignore-next-line hardcoded-secret\nSTRIPE_KEY = "${T.stripe}"\n`;
    assert.equal((await analyze('/ws/handler.py', py)).findings.length, 0);
    const env = `# serverless-guard-ignore-next-line hardcoded-secret\nSTRIPE_KEY=${T.stripe}\n`;
    assert.equal((await analyze('/ws/.env', env)).findings.length, 0);
  });
});
