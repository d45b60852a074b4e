import * as assert from 'node:assert/strict';
import { fromText, show, src } from './helpers';

/** The value of `X` in a template's function environment, with the file. */
function cfnValue(yamlValue: string) {
  const text = `Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Handler: index.handler\n      Environment:\n        Variables:\n          X: ${yamlValue}\n`;
  const { file, model } = fromText('/w/template.yaml', text);
  const e = model.environment.find((x) => x.key === 'X')!;
  return { file, model, value: e.value };
}

describe('model: values', () => {
  describe('CloudFormation intrinsics, short and long form', () => {
    const cases: Array<[string, string, string]> = [
      ['!Ref Param', 'ref:Ref:Param', '!Ref Param'],
      ['{Ref: Param}', 'ref:Ref:Param', '{Ref: Param}'],
      ['!GetAtt Queue.Arn', 'ref:Fn::GetAtt:Queue.Arn', '!GetAtt Queue.Arn'],
      ['{"Fn::GetAtt": [Queue, Arn]}', 'ref:Fn::GetAtt:Queue.Arn', '{"Fn::GetAtt": [Queue, Arn]}'],
      ['!ImportValue shared-vpc', 'ref:Fn::ImportValue:shared-vpc', '!ImportValue shared-vpc'],
      ["!Sub 'https://${Api}.execute-api.${AWS::Region}.amazonaws.com'", 'tpl:https://|{Fn::Sub:Api}|.execute-api.|{Fn::Sub:AWS::Region}|.amazonaws.com', "!Sub 'https://${Api}.execute-api.${AWS::Region}.amazonaws.com'"],
      ["!Sub ['http://${Host}/x', {Host: example.com}]", 'lit:http://example.com/x', "!Sub ['http://${Host}/x', {Host: example.com}]"],
      ["!Sub 'literal ${!NotAVar}'", 'lit:literal ${NotAVar}', "!Sub 'literal ${!NotAVar}'"],
      ["!Join ['', ['http://', !Ref Host, ':8080']]", 'tpl:http://|{Ref:Host}|:8080', "!Join ['', ['http://', !Ref Host, ':8080']]"],
      ['!If [Cond, a, !Ref AWS::NoValue]', 'if:[lit:a]', '!If [Cond, a, !Ref AWS::NoValue]'],
      ['!Select [0, !GetAZs ""]', 'ref:Fn::Select:!Select [0, !GetAZs ""]', '!Select [0, !GetAZs ""]'],
      ["'{{resolve:ssm-secure:/app/db:3}}'", 'ref:ssm-secure:/app/db:3', "'{{resolve:ssm-secure:/app/db:3}}'"],
      ["!Sub '{{resolve:secretsmanager:${Secret}:SecretString:pw}}'", 'ref:secretsmanager:${Secret}:SecretString:pw', "!Sub '{{resolve:secretsmanager:${Secret}:SecretString:pw}}'"],
      ["'${NotSub}'", 'lit:${NotSub}', "'${NotSub}'"],
    ];
    for (const [yaml, expected, range] of cases) {
      it(yaml, () => {
        const { file, value } = cfnValue(yaml);
        assert.equal(show(value), expected);
        assert.equal(src(file, value.range), range);
      });
    }
  });

  describe('ranges of pieces inside strings of every YAML style', () => {
    const cases: Array<[title: string, yaml: string]> = [
      ['plain', "!Sub arn:aws:s3:::${Bucket}/*"],
      ['single-quoted', "!Sub 'arn:aws:s3:::${Bucket}/*'"],
      ['double-quoted with escapes', '!Sub "arn:aws:s3:::\\u0024{x}${Bucket}/*"'],
      ['block literal', '!Sub |\n            arn:aws:s3:::${Bucket}/*'],
      ['folded over lines', '!Sub >-\n            arn:aws:s3:::\n            ${Bucket}/*'],
    ];
    for (const [title, yaml] of cases) {
      it(title, () => {
        const { file, value } = cfnValue(yaml);
        const refs = value.parts!.filter((p) => 'ref' in p) as Array<{ ref: { range: [number, number]; address: string } }>;
        const bucket = refs.find((r) => r.ref.address === 'Bucket')!;
        assert.equal(src(file, bucket.ref.range), '${Bucket}');
        // An escaped `$` still maps to the characters that wrote it.
        const x = refs.find((r) => r.ref.address === 'x');
        if (title.startsWith('double')) assert.equal(src(file, x!.ref.range), '\\u0024{x}');
      });
    }
  });

  it('a JSON policy inside a block scalar gets exact ranges', () => {
    const text = 'Resources:\n  P:\n    Type: AWS::Logs::ResourcePolicy\n    Properties:\n      PolicyName: p\n      PolicyDocument: !Sub |\n        {\n          "Statement": [{\n            "Effect": "Allow",\n            "Principal": {"Service": "delivery.logs.amazonaws.com"},\n            "Action": "logs:PutLogEvents",\n            "Resource": "arn:aws:logs:${AWS::Region}:${AWS::AccountId}:log-group:*"\n          }]\n        }\n';
    const { file, model } = fromText('/w/t.yaml', text);
    assert.deepEqual(model.problems, []);
    const s = model.statements[0];
    assert.equal(src(file, s.actions!.items[0].range), '"logs:PutLogEvents"');
    const region = s.resources!.items[0].parts!.find((p) => 'ref' in p) as { ref: { range: [number, number] } };
    assert.equal(src(file, region.ref.range), '${AWS::Region}');
  });

  it('a JSON string with escapes maps back to the file', () => {
    const text = '{"Resources": {"P": {"Type": "AWS::Logs::ResourcePolicy", "Properties": {"PolicyName": "p", "PolicyDocument": "{\\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Action\\": \\"logs:*\\", \\"Resource\\": \\"*\\"}]}"}}}}';
    const { file, model } = fromText('/w/t.json', text);
    assert.deepEqual(model.problems, []);
    assert.equal(src(file, model.statements[0].actions!.items[0].range), '\\"logs:*\\"');
  });

  it('Fn::If statements and list items: both branches, with their conditions', () => {
    const text = 'Conditions:\n  Prod: !Equals [a, a]\nResources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      Policies:\n        - PolicyName: p\n          PolicyDocument:\n            Statement:\n              - Effect: Allow\n                Action:\n                  - s3:GetObject\n                  - !If [Prod, s3:PutObject, !Ref AWS::NoValue]\n                Resource: !If [Prod, ["arn:aws:s3:::a/*"], ["*"]]\n';
    const { model } = fromText('/w/t.yaml', text);
    const s = model.statements[0];
    assert.deepEqual(s.actions!.items.map(show), ['lit:s3:GetObject', 'lit:s3:PutObject']);
    assert.deepEqual(s.actions!.items[1].when, [{ condition: 'Prod', branch: true }]);
    assert.deepEqual(s.resources!.items.map((v) => [show(v), v.when?.[0].branch]), [['lit:arn:aws:s3:::a/*', true], ['lit:*', false]]);
  });

  it('YAML aliases: the value is read from the anchor', () => {
    const text = 'x-common: &arn "arn:aws:s3:::shared/*"\nprovider:\n  name: aws\n  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Action: s3:GetObject\n          Resource: *arn\n';
    const { file, model } = fromText('/w/serverless.yml', text);
    const v = model.statements[0].resources!.items[0];
    assert.equal(show(v), 'lit:arn:aws:s3:::shared/*');
    assert.equal(src(file, v.definedAt), '"arn:aws:s3:::shared/*"');
  });
});
