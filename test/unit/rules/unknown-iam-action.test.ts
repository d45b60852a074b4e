import { unknownIamAction } from '../../../server/src/engine/rules/unknown-iam-action';
import { ruleTester } from '../rule-tester';

const CFN = `AWSTemplateFormatVersion: '2010-09-09'\n`;

function sls(statements: string): string {
  return `service: a\nprovider:\n  name: aws\n  iam:\n    role:\n      statements:\n${statements}`;
}

ruleTester(unknownIamAction, {
  valid: [
    {
      name: 'real actions in any case, patterns that match something',
      filename: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: [s3:GetObject, S3:putobject, "dynamodb:Get*", "*", "ec2:Describe?pcs", execute-api:Invoke]\n          Resource: "*"\n`),
    },
    {
      name: 'values the file does not fix are not judged',
      filename: 'template.yaml',
      code: `${CFN}Parameters:\n  Act:\n    Type: String\nResources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Action: [!Ref Act, !Sub "\${AWS::Partition}:x"]\n            Resource: "*"\n`,
    },
    {
      name: 'condition keys and values are not actions',
      filename: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: s3:ListBucket\n          Resource: arn:aws:s3:::b\n          Condition:\n            StringLike:\n              s3:prefixx: ["a/*"]\n`),
    },
    {
      name: 'Lambda permission actions, stack policies',
      filename: 'template.yaml',
      code: `${CFN}Resources:\n  P:\n    Type: AWS::Lambda::Permission\n    Properties:\n      FunctionName: !Ref Fn\n      Action: lambda:InvokeFunction\n      Principal: s3.amazonaws.com\n      SourceArn: !GetAtt B.Arn\n`,
    },
  ],
  invalid: [
    {
      name: 'a typo names the closest real action, and the fix writes it (quotes kept)',
      filename: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action:\n            - s3:GetObjects\n            - "dynamodb:GetItems"\n            - 'sqs:SendMesage'\n          Resource: "*"\n`),
      errors: [
        { messageId: 'unknownAction', severity: 'warning', line: 9, text: 's3:GetObjects', message: 's3:GetObjects is not an action of s3, so this statement does not cover it; did you mean s3:GetObject?' },
        { messageId: 'unknownAction', line: 10, text: '"dynamodb:GetItems"', message: 'did you mean dynamodb:GetItem?' },
        { messageId: 'unknownAction', line: 11, text: "'sqs:SendMesage'", message: 'did you mean sqs:SendMessage?' },
      ],
      output: sls(`        - Effect: Allow\n          Action:\n            - s3:GetObject\n            - "dynamodb:GetItem"\n            - 'sqs:SendMessage'\n          Resource: "*"\n`),
    },
    {
      name: 'a typo in a Deny is an error: it denies nothing',
      filename: 'serverless.yml',
      code: sls(`        - Effect: Deny\n          Action: s3:DeleteBuckets\n          Resource: "*"\n`),
      errors: [{ messageId: 'unknownAction', severity: 'error', line: 8, message: 'so this Deny does not cover it; did you mean s3:DeleteBucket?' }],
      output: sls(`        - Effect: Deny\n          Action: s3:DeleteBucket\n          Resource: "*"\n`),
    },
    {
      name: 'an unknown service prefix, a pattern that matches nothing, a malformed name, NotAction',
      filename: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: [dynamdb:GetItem, "s3:Gte*", GetObject, zzzzzz:Foo]\n          Resource: "*"\n        - Effect: Allow\n          NotAction: iam:PassRoles\n          Resource: "*"\n`),
      errors: [
        { messageId: 'unknownService', line: 8, text: 'dynamdb:GetItem', message: '"dynamdb" is not a service prefix); did you mean dynamodb:GetItem?' },
        { messageId: 'noMatch', line: 8, text: '"s3:Gte*"', message: '"s3:Gte*" matches no IAM action' },
        { messageId: 'malformed', line: 8, text: 'GetObject' },
        { messageId: 'unknownServiceNoHint', line: 8, text: 'zzzzzz:Foo' },
        { messageId: 'unknownAction', line: 11, text: 'iam:PassRoles', message: 'did you mean iam:PassRole?' },
      ],
      output: sls(`        - Effect: Allow\n          Action: [dynamodb:GetItem, "s3:Gte*", GetObject, zzzzzz:Foo]\n          Resource: "*"\n        - Effect: Allow\n          NotAction: iam:PassRole\n          Resource: "*"\n`),
    },
    {
      name: 'inside a policy written as JSON text: the fix changes only the name',
      filename: 'template.json',
      code: `{\n  "Resources": {\n    "P": {\n      "Type": "AWS::Logs::ResourcePolicy",\n      "Properties": { "PolicyName": "x", "PolicyDocument": "{\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"Service\\":\\"es.amazonaws.com\\"},\\"Action\\":\\"logs:PutLogEvent\\",\\"Resource\\":\\"*\\"}]}" }\n    }\n  }\n}\n`,
      errors: [{ messageId: 'unknownAction', line: 5, message: 'did you mean logs:PutLogEvents?' }],
      output: `{\n  "Resources": {\n    "P": {\n      "Type": "AWS::Logs::ResourcePolicy",\n      "Properties": { "PolicyName": "x", "PolicyDocument": "{\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"Service\\":\\"es.amazonaws.com\\"},\\"Action\\":\\"logs:PutLogEvents\\",\\"Resource\\":\\"*\\"}]}" }\n    }\n  }\n}\n`,
    },
    {
      name: 'a name reached through ${self:...} is reported and fixed where it is written',
      filename: 'serverless.yml',
      code: `service: a\ncustom:\n  readAction: s3:GetObjet\nprovider:\n  name: aws\n  iamRoleStatements:\n    - Effect: Allow\n      Action: \${self:custom.readAction}\n      Resource: "*"\n`,
      errors: [{ messageId: 'unknownAction', line: 3, text: 's3:GetObjet' }],
      output: `service: a\ncustom:\n  readAction: s3:GetObject\nprovider:\n  name: aws\n  iamRoleStatements:\n    - Effect: Allow\n      Action: \${self:custom.readAction}\n      Resource: "*"\n`,
    },
    {
      name: 'CDK statements',
      filename: 'lib/stack.ts',
      code: `import * as iam from 'aws-cdk-lib/aws-iam';\nconst st = new iam.PolicyStatement({ actions: ['kinesis:PutRecords', 'kinesis:PutRecordz'], resources: ['*'] });\n`,
      errors: [{ messageId: 'unknownAction', line: 2, text: "'kinesis:PutRecordz'", message: 'did you mean kinesis:PutRecord?' }],
      output: `import * as iam from 'aws-cdk-lib/aws-iam';\nconst st = new iam.PolicyStatement({ actions: ['kinesis:PutRecords', 'kinesis:PutRecord'], resources: ['*'] });\n`,
    },
  ],
});
