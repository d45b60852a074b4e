import { wildcardPermission } from '../../../server/src/engine/rules/wildcard-permission';
import { ruleTester } from '../rule-tester';

const SAM = `AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\n`;
const CFN = `AWSTemplateFormatVersion: '2010-09-09'\n`;

/** A Serverless configuration whose provider role has these statements (YAML list items, indented 8). */
function slsStatements(items: string, extra = ''): string {
  return `service: orders\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  iam:\n    role:\n      statements:\n${items}functions:\n  api:\n    handler: src/api.handler\n${extra}`;
}

/** A CloudFormation role whose inline policy has these statements (YAML list items, indented 16). */
function cfnRole(items: string): string {
  return `${CFN}Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal: { Service: lambda.amazonaws.com }\n            Action: sts:AssumeRole\n      Policies:\n        - PolicyName: app\n          PolicyDocument:\n            Statement:\n${items}`;
}

/** A resource policy (S3 bucket policy) with these statements (YAML list items, indented 10). */
function bucketPolicy(items: string): string {
  return `${CFN}Resources:\n  Policy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: site\n      PolicyDocument:\n        Statement:\n${items}`;
}

ruleTester(wildcardPermission, {
  valid: [
    {
      name: 'Deny statements are never reported',
      filename: 'serverless.yml',
      code: slsStatements(`        - Effect: Deny\n          Action: "*"\n          Resource: "*"\n        - Effect: Deny\n          NotAction: s3:GetObject\n          Resource: "*"\n`),
    },
    {
      name: 'provider.stackPolicy is a CloudFormation stack policy, not IAM',
      filename: 'serverless.yml',
      code: `service: a\nprovider:\n  name: aws\n  stackPolicy:\n    - Effect: Allow\n      Principal: "*"\n      Action: "Update:*"\n      Resource: "*"\n`,
    },
    {
      name: 'wildcards inside condition values',
      filename: 'serverless.yml',
      code: slsStatements(`        - Effect: Allow\n          Action: s3:ListBucket\n          Resource: arn:aws:s3:::uploads\n          Condition:\n            StringLike:\n              s3:prefix: ["incoming/*", "*"]\n              aws:ResourceTag/team: "*"\n`),
    },
    {
      name: 'actions that accept only "*" and Lambda housekeeping on Resource "*"',
      filename: 'serverless.yml',
      code: slsStatements(
        `        - Effect: Allow\n          Action:\n            - xray:PutTraceSegments\n            - xray:PutTelemetryRecords\n            - ec2:DescribeNetworkInterfaces\n            - s3:ListAllMyBuckets\n            - logs:CreateLogGroup\n            - logs:CreateLogStream\n            - logs:PutLogEvents\n            - ec2:CreateNetworkInterface\n            - ec2:DeleteNetworkInterface\n          Resource: "*"\n`,
      ),
    },
    {
      name: 'read and list actions alone on Resource "*"',
      filename: 'serverless.yml',
      code: slsStatements(`        - Effect: Allow\n          Action: [s3:GetObject, s3:ListBucket, dynamodb:Query]\n          Resource: "*"\n`),
    },
    {
      name: 'an ARN that names a bucket (objects under it) is not a wildcard resource',
      filename: 'serverless.yml',
      code: slsStatements(`        - Effect: Allow\n          Action: s3:PutObject\n          Resource:\n            - arn:aws:s3:::uploads/*\n            - !Sub "arn:aws:dynamodb:\${AWS::Region}:\${AWS::AccountId}:table/\${self:service}-*"\n            - !GetAtt Queue.Arn\n`),
    },
    {
      name: 'framework-generated statements (public function URL)',
      filename: 'serverless.yml',
      code: `service: a\nprovider:\n  name: aws\nfunctions:\n  web:\n    handler: web.handler\n    url: true\n`,
    },
    {
      name: 'SAM FunctionUrlConfig with AuthType NONE',
      filename: 'template.yaml',
      code: `${SAM}Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Runtime: nodejs20.x\n      FunctionUrlConfig:\n        AuthType: NONE\n`,
    },
    {
      name: 'anonymous principals restricted by a condition',
      filename: 'template.yaml',
      code: `${CFN}Resources:\n  TopicPolicy:\n    Type: AWS::SNS::TopicPolicy\n    Properties:\n      Topics: [!Ref Topic]\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal: "*"\n            Action: sns:Publish\n            Resource: !Ref Topic\n            Condition:\n              ArnLike:\n                aws:SourceArn: !GetAtt Bucket.Arn\n          - Effect: Allow\n            Principal: { AWS: "*" }\n            Action: sns:Subscribe\n            Resource: !Ref Topic\n            Condition:\n              StringEquals:\n                aws:PrincipalOrgID: o-abc123\n`,
    },
    {
      name: 'a key policy uses Resource "*" for the key itself',
      filename: 'template.yaml',
      code: `${CFN}Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy:\n        Statement:\n          - Effect: Allow\n            Principal: { AWS: !Sub "arn:aws:iam::\${AWS::AccountId}:root" }\n            Action: kms:Encrypt\n            Resource: "*"\n`,
    },
    {
      name: 'Lambda permissions with SourceArn / SourceAccount, and a public function URL permission',
      filename: 'template.yaml',
      code: `${CFN}Resources:\n  A:\n    Type: AWS::Lambda::Permission\n    Properties:\n      FunctionName: !Ref Fn\n      Action: lambda:InvokeFunction\n      Principal: s3.amazonaws.com\n      SourceArn: !GetAtt Bucket.Arn\n  B:\n    Type: AWS::Lambda::Permission\n    Properties:\n      FunctionName: !Ref Fn\n      Action: lambda:InvokeFunction\n      Principal: "*"\n      SourceAccount: !Ref AWS::AccountId\n  C:\n    Type: AWS::Lambda::Permission\n    Properties:\n      FunctionName: !Ref Fn\n      Action: lambda:InvokeFunctionUrl\n      Principal: "*"\n      FunctionUrlAuthType: NONE\n`,
    },
    {
      name: 'narrow managed policies and policy templates',
      filename: 'template.yaml',
      code: `${SAM}Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Runtime: nodejs20.x\n      Policies:\n        - AWSLambdaBasicExecutionRole\n        - arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess\n        - S3CrudPolicy:\n            BucketName: !Ref Bucket\n        - DynamoDBReadPolicy:\n            TableName: orders\n`,
    },
    {
      name: 'a trust policy for a service principal',
      filename: 'template.yaml',
      code: `${CFN}Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: [lambda.amazonaws.com]\n            Action: sts:AssumeRole\n`,
    },
    {
      name: 'a pattern that matches no action grants nothing (unknown-iam-action reports it)',
      filename: 'serverless.yml',
      code: slsStatements(`        - Effect: Allow\n          Action: s3:Gte*\n          Resource: arn:aws:s3:::b/*\n`),
    },
    {
      name: 'a layer shared with every account on purpose',
      filename: 'template.yaml',
      code: `${CFN}Resources:\n  P:\n    Type: AWS::Lambda::LayerVersionPermission\n    Properties:\n      Action: lambda:GetLayerVersion\n      LayerVersionArn: !Ref Layer\n      Principal: "*"\n`,
    },
    {
      name: 'suppressed with the ignore comment',
      filename: 'serverless.yml',
      code: slsStatements(`        - Effect: Allow\n          # serverless-guard-ignore-next-line wildcard-permission\n          Action: s3:*\n          Resource: arn:aws:s3:::b/*\n`),
    },
    {
      name: 'CDK statements with named actions and resources',
      filename: 'lib/stack.ts',
      code: `import * as iam from 'aws-cdk-lib/aws-iam';\nimport * as lambda from 'aws-cdk-lib/aws-lambda';\nconst fn = new lambda.Function(this, 'Fn', { handler: 'index.handler', code: lambda.Code.fromAsset('lambda'), runtime: lambda.Runtime.NODEJS_20_X });\nfn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] }));\nfn.addToRolePolicy(new iam.PolicyStatement({ actions: ['xray:PutTraceSegments'], resources: ['*'] }));\n`,
    },
    {
      name: 'malformed statements are read without failing',
      filename: 'serverless.yml',
      code: slsStatements(`        - Effect: Allow\n          Action: 5\n          Resource: { a: b }\n        - Effect: [Allow]\n          Action:\n            s3: GetObject\n        - Effect: Allow\n          Principal: []\n          NotPrincipal: "*"\n        - "just a string"\n        - Effect: Allow\n          Action: !Ref Actions\n          Resource: !Sub "\${Arn}"\n        -\n`),
    },
    {
      name: 'a YAML file that is not a deployment configuration',
      filename: 'docs/policy.yaml',
      code: `Statement:\n  - Effect: Allow\n    Action: "*"\n    Resource: "*"\n`,
    },
  ],
  invalid: [
    {
      name: 'every statement of a policy is read, not only the first',
      filename: 'serverless.yml',
      code: slsStatements(`        - Effect: Allow\n          Action: s3:GetObject\n          Resource: arn:aws:s3:::b/*\n        - Effect: Allow\n          Action: sqs:*\n          Resource: arn:aws:sqs:us-east-1:123456789012:jobs\n        - Effect: Allow\n          Action: sns:*\n          Resource: arn:aws:sns:us-east-1:123456789012:events\n`),
      errors: [
        { messageId: 'serviceWildcard', severity: 'error', line: 12, text: 'sqs:*', message: '"sqs:*" allows every Amazon SQS action (20 actions, including sqs:AddPermission and sqs:DeleteQueue)' },
        { messageId: 'serviceWildcard', severity: 'error', line: 15, text: 'sns:*' },
      ],
      output: null,
    },
    {
      name: 'Serverless v1 iamRoleStatements and v3 provider.iam.role.statements, Action before Effect',
      filename: 'serverless.yml',
      code: `service: a\nprovider:\n  name: aws\n  iamRoleStatements:\n    - Action: ["dynamodb:*"]\n      Resource: "*"\n      Effect: Allow\n  iam:\n    role:\n      statements:\n        - Resource: "arn:aws:s3:::b/*"\n          Action: 's3:*'\n          Effect: "Allow"\n`,
      errors: [
        { messageId: 'serviceWildcard', severity: 'error', line: 5, text: '"dynamodb:*"', message: '79 actions, including dynamodb:PutResourcePolicy and dynamodb:DeleteItem' },
        { messageId: 'resourceWildcard', severity: 'warning', line: 6, text: '"*"', message: 'Resource "*" lets dynamodb:PutResourcePolicy and dynamodb:DeleteItem act on every resource' },
        { messageId: 'serviceWildcard', severity: 'error', line: 12, text: "'s3:*'", message: '180 actions, including s3:PutBucketPolicy and s3:DeleteBucket' },
      ],
    },
    {
      name: 'NotAction does not stop the other statements of the role from being read',
      filename: 'serverless.yml',
      code: slsStatements(`        - Effect: Allow\n          NotAction:\n            - iam:*\n            - organizations:*\n          Resource: "*"\n        - Effect: Allow\n          Action: "*"\n          Resource: "*"\n        - Effect: Allow\n          Action: s3:GetObject\n          NotResource: arn:aws:s3:::secrets/*\n`),
      errors: [
        { messageId: 'notAction', severity: 'warning', line: 9, text: 'NotAction', message: 'Allow with NotAction iam:* and organizations:* allows every other action' },
        { messageId: 'allActions', severity: 'error', line: 14, text: '"*"', message: 'allows every action of every AWS service (22091 actions' },
        { messageId: 'resourceWildcard', severity: 'warning', line: 15, text: '"*"' },
        { messageId: 'notResource', severity: 'warning', line: 18, text: 'NotResource' },
      ],
    },
    {
      name: 'partial wildcards are warnings, a read-only service wildcard too',
      filename: 'serverless.yml',
      code: slsStatements(`        - Effect: Allow\n          Action:\n            - s3:Get*\n            - s3:*Object\n            - pricing:*\n            - ec2:Describe?pcs\n          Resource: arn:aws:s3:::b/*\n`),
      errors: [
        { messageId: 'partialWildcard', severity: 'warning', line: 10, text: 's3:Get*', message: '"s3:Get*" allows 63 actions, including s3:GetObject and s3:GetBucketAcl' },
        { messageId: 'partialWildcard', severity: 'warning', line: 11, text: 's3:*Object' },
        { messageId: 'serviceWildcard', severity: 'warning', line: 12, text: 'pricing:*' },
        { messageId: 'partialWildcard', severity: 'warning', line: 13, text: 'ec2:Describe?pcs', message: '1 action: ec2:DescribeVpcs' },
      ],
    },
    {
      name: 'ARNs whose resource part is a wildcard, with write actions',
      filename: 'template.yaml',
      code: cfnRole(`              - Effect: Allow\n                Action: [dynamodb:PutItem, dynamodb:GetItem]\n                Resource: arn:aws:dynamodb:*:*:table/*\n              - Effect: Allow\n                Action: s3:DeleteObject\n                Resource: !Sub "arn:\${AWS::Partition}:s3:::*/*"\n`),
      errors: [
        { messageId: 'resourceWildcard', severity: 'warning', line: 17, text: 'arn:aws:dynamodb:*:*:table/*', message: 'lets dynamodb:PutItem act on every resource in the account (1 write, permissions-management or tagging action' },
        { messageId: 'resourceWildcard', severity: 'warning', line: 20, text: '!Sub "arn:${AWS::Partition}:s3:::*/*"' },
      ],
    },
    {
      name: 'anonymous principals in resource and trust policies',
      filename: 'template.yaml',
      code: `${CFN}Resources:\n  Policy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: site\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal: "*"\n            Action: s3:GetObject\n            Resource: arn:aws:s3:::site/*\n            Condition:\n              Bool:\n                aws:SecureTransport: true\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal:\n              AWS: ["arn:aws:iam::123456789012:root", "*"]\n            Action: sts:AssumeRole\n            Condition:\n              StringEqualsIfExists:\n                aws:SourceAccount: "123456789012"\n`,
      errors: [
        { messageId: 'publicPrincipal', severity: 'error', line: 10, text: '"*"', message: 'lets anyone, from any AWS account, call s3:GetObject on this resource' },
        { messageId: 'publicPrincipal', severity: 'error', line: 23, text: '"*"', message: 'assume this role' },
      ],
    },
    {
      name: 'an API Gateway resource policy open to everyone is a warning',
      filename: 'serverless.yml',
      code: `service: a\nprovider:\n  name: aws\n  apiGateway:\n    resourcePolicy:\n      - Effect: Allow\n        Principal: "*"\n        Action: execute-api:Invoke\n        Resource: execute-api:/*\n      - Effect: Allow\n        Principal: "*"\n        Action: execute-api:Invoke\n        Resource: execute-api:/*\n        Condition:\n          IpAddress:\n            aws:SourceIp: 203.0.113.0/24\n`,
      errors: [{ messageId: 'publicApi', severity: 'warning', line: 7, text: '"*"', message: 'a private API is then open to the VPC endpoints of every account' }],
    },
    {
      name: 'AWS::Lambda::Permission with Principal "*" and no SourceArn',
      filename: 'template.yaml',
      code: `${CFN}Resources:\n  Perm:\n    Type: AWS::Lambda::Permission\n    Properties:\n      FunctionName: !GetAtt Fn.Arn\n      Action: lambda:InvokeFunction\n      Principal: '*'\n`,
      errors: [{ messageId: 'lambdaPermission', severity: 'error', line: 8, text: "'*'", message: 'invoke !GetAtt Fn.Arn' }],
    },
    {
      name: 'managed policies by name and ARN: SAM, Serverless, CloudFormation',
      filename: 'template.yaml',
      code: `${SAM}Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Runtime: nodejs20.x\n      Policies:\n        - AdministratorAccess\n        - AmazonDynamoDBFullAccess\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      ManagedPolicyArns:\n        - !Sub arn:\${AWS::Partition}:iam::aws:policy/IAMFullAccess\n        - arn:aws:iam::aws:policy/PowerUserAccess\n        - arn:aws:iam::aws:policy/AWSStepFunctionsFullAccess\n`,
      errors: [
        { messageId: 'adminPolicy', severity: 'error', line: 10, text: 'AdministratorAccess', message: 'AdministratorAccess allows every action on every resource (22091 actions' },
        { messageId: 'fullAccessPolicy', severity: 'warning', line: 11, text: 'AmazonDynamoDBFullAccess', message: 'allows every Amazon DynamoDB action on every resource (79 actions' },
        { messageId: 'adminPolicy', severity: 'error', line: 16, message: 'IAMFullAccess allows every IAM action' },
        { messageId: 'adminPolicy', severity: 'error', line: 17, text: 'arn:aws:iam::aws:policy/PowerUserAccess' },
        { messageId: 'fullAccessPolicy', severity: 'warning', line: 18, message: 'every AWS Step Functions action' },
      ],
    },
    {
      name: 'Serverless iamManagedPolicies and iam.role.managedPolicies',
      filename: 'serverless.yml',
      code: `service: a\nprovider:\n  name: aws\n  iamManagedPolicies:\n    - arn:aws:iam::aws:policy/AdministratorAccess\n  iam:\n    role:\n      managedPolicies:\n        - 'arn:aws:iam::aws:policy/AmazonS3FullAccess'\n`,
      errors: [
        { messageId: 'adminPolicy', severity: 'error', line: 5 },
        { messageId: 'fullAccessPolicy', severity: 'warning', line: 9, message: 'every Amazon S3 action' },
      ],
    },
    {
      name: 'a SAM policy template given "*" for its resource',
      filename: 'template.yaml',
      code: `${SAM}Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Runtime: nodejs20.x\n      Policies:\n        - S3CrudPolicy:\n            BucketName: "*"\n        - DynamoDBCrudPolicy: { TableName: '*' }\n`,
      errors: [
        { messageId: 'templateWildcard', severity: 'warning', line: 11, text: '"*"', message: 'S3CrudPolicy is given "*" for BucketName' },
        { messageId: 'templateWildcard', severity: 'warning', line: 12, text: "'*'" },
      ],
    },
    {
      name: 'statements in both branches of Fn::If, and Fn::If inside Action',
      filename: 'template.yaml',
      code: `${CFN}Conditions:\n  IsProd: !Equals [!Ref Stage, prod]\nResources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      Policies:\n        - PolicyName: app\n          PolicyDocument:\n            Statement:\n              - !If\n                - IsProd\n                - Effect: Allow\n                  Action: s3:GetObject\n                  Resource: arn:aws:s3:::b/*\n                - Effect: Allow\n                  Action: s3:*\n                  Resource: arn:aws:s3:::b/*\n              - Effect: Allow\n                Action: !If [IsProd, "sqs:SendMessage", "sqs:*"]\n                Resource: arn:aws:sqs:us-east-1:123456789012:q\n`,
      errors: [
        { messageId: 'serviceWildcard', line: 18, text: 's3:*' },
        { messageId: 'serviceWildcard', line: 21, text: '"sqs:*"' },
      ],
    },
    {
      name: 'CloudFormation JSON role',
      filename: 'stack.json',
      code: `{\n  "Resources": {\n    "Role": {\n      "Type": "AWS::IAM::Role",\n      "Properties": {\n        "Policies": [{\n          "PolicyName": "p",\n          "PolicyDocument": {\n            "Statement": [\n              { "Action": ["s3:*"], "Resource": ["*"], "Effect": "Allow" }\n            ]\n          }\n        }]\n      }\n    }\n  }\n}\n`,
      errors: [
        { messageId: 'serviceWildcard', line: 10, text: '"s3:*"' },
        { messageId: 'resourceWildcard', line: 10, text: '"*"' },
      ],
    },
    {
      name: 'a policy written as JSON text inside a string is read too',
      filename: 'template.yaml',
      code: `${CFN}Resources:\n  LogPolicy:\n    Type: AWS::Logs::ResourcePolicy\n    Properties:\n      PolicyName: es\n      PolicyDocument: '{"Statement":[{"Effect":"Allow","Principal":{"Service":"es.amazonaws.com"},"Action":"logs:*","Resource":"*"}]}'\n`,
      errors: [{ messageId: 'serviceWildcard', line: 7, text: '"logs:*"' }],
      output: null,
    },
    {
      name: 'serverless-iam-roles-per-function statements',
      filename: 'serverless.yml',
      code: `service: a\nprovider:\n  name: aws\nfunctions:\n  worker:\n    handler: src/worker.handler\n    iamRoleStatements:\n      - Effect: Allow\n        Action: kinesis:*\n        Resource: !GetAtt Stream.Arn\n`,
      errors: [{ messageId: 'serviceWildcard', line: 9, text: 'kinesis:*' }],
    },
    {
      name: 'serverless.ts',
      filename: 'serverless.ts',
      code: `const config = {\n  service: 'a',\n  provider: {\n    name: 'aws',\n    iam: { role: { statements: [{ Effect: 'Allow', Action: ['sqs:*'], Resource: 'arn:aws:sqs:us-east-1:123456789012:q' }] } },\n  },\n};\nmodule.exports = config;\n`,
      errors: [{ messageId: 'serviceWildcard', line: 5, text: "'sqs:*'" }],
    },
    {
      name: 'CDK: literal wildcards in statements, addAllResources, managed policies and AnyPrincipal',
      filename: 'lib/stack.ts',
      code: `import * as iam from 'aws-cdk-lib/aws-iam';\nimport * as lambda from 'aws-cdk-lib/aws-lambda';\nconst fn = new lambda.Function(this, 'Fn', { handler: 'index.handler', code: lambda.Code.fromAsset('lambda'), runtime: lambda.Runtime.NODEJS_20_X });\nfn.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:*'], resources: ['arn:aws:dynamodb:us-east-1:123456789012:table/orders'] }));\nconst st = new iam.PolicyStatement();\nst.addActions('s3:PutObject');\nst.addAllResources();\nfn.addToRolePolicy(st);\nfn.role?.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess'));\nnew iam.Role(this, 'Shared', { assumedBy: new iam.AnyPrincipal() });\n`,
      errors: [
        { messageId: 'serviceWildcard', line: 4, text: "'dynamodb:*'" },
        { messageId: 'resourceWildcard', line: 7, text: 'st.addAllResources()' },
        { messageId: 'adminPolicy', line: 9, text: "'AdministratorAccess'" },
        { messageId: 'publicPrincipal', line: 10, text: 'new iam.AnyPrincipal()' },
      ],
    },
    {
      name: 'CDK: PolicyStatement.fromJson without Effect is an Allow',
      filename: 'lib/stack.ts',
      code: `import * as iam from 'aws-cdk-lib/aws-iam';\nexport const st = iam.PolicyStatement.fromJson({ Action: 'sns:*', Resource: 'arn:aws:sns:us-east-1:123456789012:t' });\nexport const deny = new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['*'], resources: ['*'] });\n`,
      errors: [{ messageId: 'serviceWildcard', line: 2, text: "'sns:*'" }],
    },
    {
      name: 'severity follows the setting',
      filename: 'serverless.yml',
      code: slsStatements(`        - Effect: Allow\n          Action: "*"\n          Resource: arn:aws:s3:::b/*\n`),
      settings: { rules: { 'wildcard-permission': { severity: 'info' } } },
      errors: [{ messageId: 'allActions', severity: 'info', line: 9 }],
    },
  ],
});
