import { plainHttp } from '../../../server/src/engine/rules/plain-http';
import { ruleTester } from '../rule-tester';

const SAM = `AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\n`;
const CFN = `AWSTemplateFormatVersion: '2010-09-09'\n`;

/** A SAM template whose one function has these environment variables (YAML, indented 10). */
function samEnv(vars: string, head = ''): string {
  return `${SAM}${head}Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: src/a.handler\n      Environment:\n        Variables:\n${vars}`;
}

// Configuration: Serverless Framework, SAM, CloudFormation (YAML and JSON), serverless.ts, Azure local settings.
ruleTester(plainHttp, {
  valid: [
    { name: 'https environment value', filename: 'serverless.yml', code: `service: a\nprovider:\n  name: aws\n  environment:\n    API_URL: https://api.example.com\n` },
    { name: 'proxy settings', filename: 'serverless.yml', code: `service: a\nprovider:\n  environment:\n    HTTPS_PROXY: http://proxy.corp.example.com:3128\n    http_proxy: http://proxy.corp.example.com:3128\n` },
    { name: 'LocalStack endpoint', filename: 'serverless.yml', code: `service: a\nprovider:\n  name: aws\n  environment:\n    S3_ENDPOINT: http://localhost:4566\n` },
    { name: 'schema identifier', filename: 'serverless.yml', code: `service: a\nprovider:\n  environment:\n    SCHEMA: http://json-schema.org/draft-07/schema#\n` },
    { name: 'metadata endpoint', filename: 'template.yaml', code: samEnv(`          IMDS: http://169.254.169.254/latest/\n`) },
    { name: 'not a URL value', filename: 'serverless.yml', code: `service: a\nprovider:\n  environment:\n    NOTE: "upload with curl http://<host>/x"\n    HOST: api.example.com\n` },
    { name: 'URL outside any endpoint position', filename: 'serverless.yml', code: `service: a\ncustom:\n  docs: http://docs.example.com\nfunctions:\n  f:\n    handler: a.h\n    description: see http://docs.example.com\n` },
    { name: 'unknown Serverless variables', filename: 'serverless.yml', code: `service: a\nprovider:\n  environment:\n    A: \${ssm:/a/url}\n    B: \${file(./c.yml):url}\n    C: \${env:URL}\n` },
    { name: 'parameter default not used as an endpoint', filename: 'template.yaml', code: `${SAM}Parameters:\n  Docs:\n    Type: String\n    Default: http://docs.example.com\nOutputs:\n  D:\n    Value: !Ref Docs\n` },
    { name: 'Sub with an https scheme', filename: 'template.yaml', code: samEnv(`          A: !Sub 'https://\${Host}/x'\n`) },
    { name: 'GetAtt and ImportValue are unknown', filename: 'template.yaml', code: samEnv(`          A: !GetAtt Lb.DNSName\n          B: !ImportValue shared-url\n`) },
    { name: 'allowed host', filename: 'serverless.yml', code: `service: a\nprovider:\n  environment:\n    A: http://legacy.example.com\n`, settings: { plainHttp: { allowedHosts: ['legacy.example.com'] } } },
    { name: 'SNS https and sqs subscriptions', filename: 'template.yaml', code: `${CFN}Resources:\n  S:\n    Type: AWS::SNS::Subscription\n    Properties:\n      Protocol: https\n      Endpoint: https://hooks.example.com\n  Q:\n    Type: AWS::SNS::Subscription\n    Properties:\n      Protocol: sqs\n      Endpoint: !GetAtt Queue.Arn\n` },
    { name: 'SNS http subscription to loopback', filename: 'template.yaml', code: `${CFN}Resources:\n  S:\n    Type: AWS::SNS::Subscription\n    Properties:\n      Protocol: http\n      Endpoint: http://localhost:8080/sns\n` },
    { name: 'Lambda proxy and MOCK integrations', filename: 'template.yaml', code: `${CFN}Resources:\n  M:\n    Type: AWS::ApiGateway::Method\n    Properties:\n      Integration:\n        Type: AWS_PROXY\n        Uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/x\n  N:\n    Type: AWS::ApiGateway::Method\n    Properties:\n      Integration:\n        Type: MOCK\n` },
    { name: 'CloudFront https policies', filename: 'template.yaml', code: `${CFN}Resources:\n  D:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        DefaultCacheBehavior:\n          ViewerProtocolPolicy: redirect-to-https\n        CacheBehaviors:\n          - PathPattern: /a\n            ViewerProtocolPolicy: https-only\n` },
    { name: 'CloudFront S3 website origins', filename: 'template.yaml', code: `${CFN}Resources:\n  D:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Origins:\n          - Id: a\n            DomainName: site.s3-website-eu-west-1.amazonaws.com\n            CustomOriginConfig:\n              OriginProtocolPolicy: http-only\n          - Id: b\n            DomainName: !Select [2, !Split ['/', !GetAtt Bucket.WebsiteURL]]\n            CustomOriginConfig:\n              OriginProtocolPolicy: http-only\n` },
    { name: 'S3 bucket policy without aws:SecureTransport (documented choice)', filename: 'template.yaml', code: `${CFN}Resources:\n  P:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: b\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal: '*'\n            Action: s3:GetObject\n            Resource: arn:aws:s3:::b/*\n` },
    { name: 'Azure emulator connection string', filename: 'local.settings.json', code: `{ "Values": { "S": "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=abc;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;" } }` },
    { name: 'Azure https connection string and development storage', filename: 'local.settings.json', code: `{ "Values": { "A": "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=abc", "B": "UseDevelopmentStorage=true" } }` },
    { name: 'a YAML file that is not a configuration', filename: 'docs/config.yaml', code: `environment:\n  API_URL: http://api.example.com\n` },
  ],
  invalid: [
    {
      name: 'Serverless provider and function environment (plain, quoted, ws)',
      filename: 'serverless.yml',
      code: `service: a\nprovider:\n  name: aws\n  environment:\n    A: http://a.example.com\nfunctions:\n  f:\n    handler: a.h\n    environment:\n      B: "http://b.example.com/x"\n      C: 'ws://c.example.com'\n`,
      errors: [
        { line: 5, text: 'http://a.example.com', messageId: 'configUrl', message: 'Environment variable A of every function points at http://a.example.com' },
        { line: 10, text: '"http://b.example.com/x"', message: 'of function f' },
        { line: 11, message: 'wss://' },
      ],
      output: `service: a\nprovider:\n  name: aws\n  environment:\n    A: https://a.example.com\nfunctions:\n  f:\n    handler: a.h\n    environment:\n      B: "https://b.example.com/x"\n      C: 'wss://c.example.com'\n`,
    },
    {
      name: 'Serverless variables: self, param, fallback, literal scheme with a variable host',
      filename: 'serverless.yml',
      code: `service: a\ncustom:\n  url: http://a.example.com\nparams:\n  default:\n    b: http://b.example.com\n  prod:\n    b: https://b.example.com\nprovider:\n  environment:\n    A: \${self:custom.url}\n    B: \${param:b}\n    C: \${env:C_URL, 'http://c.example.com'}\n    D: http://\${self:custom.host}/x\n`,
      errors: [
        { line: 3, message: 'custom.url (used by environment variable A of every function)' },
        { line: 6, message: 'params.default.b' },
        { line: 13 },
        { line: 14, message: 'http://…' },
      ],
      output: `service: a\ncustom:\n  url: https://a.example.com\nparams:\n  default:\n    b: https://b.example.com\n  prod:\n    b: https://b.example.com\nprovider:\n  environment:\n    A: \${self:custom.url}\n    B: \${param:b}\n    C: \${env:C_URL, 'https://c.example.com'}\n    D: https://\${self:custom.host}/x\n`,
    },
    {
      name: 'YAML anchors and merge keys: reported once, at the anchor',
      filename: 'serverless.yml',
      code: `service: a\nx-env: &env\n  A: http://a.example.com\nprovider:\n  environment:\n    <<: *env\nfunctions:\n  f:\n    handler: a.h\n    environment: *env\n`,
      errors: [{ line: 3 }],
    },
    {
      name: 'Serverless http-proxy event',
      filename: 'serverless.yml',
      code: `service: a\nfunctions:\n  p:\n    handler: a.h\n    events:\n      - http:\n          path: x/{proxy+}\n          method: any\n          integration: http-proxy\n          request:\n            uri: http://legacy.example.com/{proxy}\n`,
      errors: [{ line: 11, message: 'The http-proxy event of function p forwards requests to' }],
      output: `service: a\nfunctions:\n  p:\n    handler: a.h\n    events:\n      - http:\n          path: x/{proxy+}\n          method: any\n          integration: http-proxy\n          request:\n            uri: https://legacy.example.com/{proxy}\n`,
    },
    {
      name: 'Serverless resources: SNS subscription with protocol http',
      filename: 'serverless.yml',
      code: `service: a\nresources:\n  Resources:\n    S:\n      Type: AWS::SNS::Subscription\n      Properties:\n        Protocol: http\n        Endpoint: http://hooks.example.com/x\n`,
      errors: [{ line: 7, messageId: 'snsHttp', text: 'http', message: 'SNS subscription S delivers messages to http://hooks.example.com' }],
      output: `service: a\nresources:\n  Resources:\n    S:\n      Type: AWS::SNS::Subscription\n      Properties:\n        Protocol: https\n        Endpoint: https://hooks.example.com/x\n`,
    },
    {
      name: 'SAM: Globals, Ref to a parameter default, FindInMap, Sub (short and long), Join',
      filename: 'template.yaml',
      code: samEnv(
        [
          `          A: !Ref ApiUrl`,
          `          B: !FindInMap [Stages, !Ref Stage, Url]`,
          `          C: !Sub 'http://\${Host}/c'`,
          `          D:`,
          `            Fn::Sub: http://d.example.com/\${Stage}`,
          `          E: !Join ['', ['http://', !GetAtt Lb.DNSName, '/e']]`,
          `          F: !Sub`,
          `            - 'http://\${H}/f'`,
          `            - H: !GetAtt Lb.DNSName`,
          ``,
        ].join('\n'),
        `Parameters:\n  ApiUrl:\n    Type: String\n    Default: http://a.example.com\nMappings:\n  Stages:\n    dev:\n      Url: http://b.example.com\n    prod:\n      Url: https://b.example.com\nGlobals:\n  Function:\n    Environment:\n      Variables:\n        G: http://g.example.com\n`,
      ),
      errors: [
        { line: 6, message: 'The default of parameter ApiUrl (used by environment variable A of function Fn)' },
        { line: 10, message: 'Mapping Stages' },
        { line: 17, message: 'of every function' },
        { line: 27, text: `'http://\${Host}/c'` },
        { line: 29, text: 'http://d.example.com/${Stage}' },
        { line: 30, text: `'http://'` },
        { line: 32, text: `'http://\${H}/f'` },
      ],
    },
    {
      name: 'CloudFormation Lambda environment in JSON, with intrinsic functions in long form',
      filename: 'stack.json',
      code: JSON.stringify(
        {
          AWSTemplateFormatVersion: '2010-09-09',
          Parameters: { Url: { Type: 'String', Default: 'http://p.example.com' } },
          Resources: {
            Fn: {
              Type: 'AWS::Lambda::Function',
              Properties: { Environment: { Variables: { A: 'http://a.example.com', B: { Ref: 'Url' }, C: { 'Fn::If': ['Prod', 'https://c.example.com', 'http://c-test.example.com'] }, D: { 'Fn::Sub': 'http://${Host}/d' } } } },
            },
          },
        },
        null,
        2,
      ),
      errors: [{ line: 6, text: '"http://p.example.com"' }, { line: 15, text: '"http://a.example.com"' }, { line: 23 }, { line: 27 }],
    },
    {
      name: 'SNS topic inline subscription in JSON (protocol and endpoint fixed together)',
      filename: 'stack.json',
      code: `{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Resources": {\n    "T": {\n      "Type": "AWS::SNS::Topic",\n      "Properties": {\n        "Subscription": [{ "Protocol": "http", "Endpoint": "http://hooks.example.com/sns" }]\n      }\n    }\n  }\n}\n`,
      errors: [{ line: 7, messageId: 'snsHttp', text: '"http"' }],
      output: `{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Resources": {\n    "T": {\n      "Type": "AWS::SNS::Topic",\n      "Properties": {\n        "Subscription": [{ "Protocol": "https", "Endpoint": "https://hooks.example.com/sns" }]\n      }\n    }\n  }\n}\n`,
    },
    {
      name: 'SNS subscription whose endpoint is not known: reported without a fix',
      filename: 'template.yaml',
      code: `${CFN}Resources:\n  S:\n    Type: AWS::SNS::Subscription\n    Properties:\n      Protocol: http\n      Endpoint: !ImportValue hook-url\n`,
      errors: [{ line: 6, message: 'http://…' }],
      output: null,
    },
    {
      name: 'API Gateway REST method HTTP integration, V2 HTTP_PROXY integration, VPC link is info',
      filename: 'template.yaml',
      code: `${CFN}Resources:\n  M:\n    Type: AWS::ApiGateway::Method\n    Properties:\n      Integration:\n        Type: HTTP\n        Uri: http://a.example.com/x\n  I:\n    Type: AWS::ApiGatewayV2::Integration\n    Properties:\n      IntegrationType: HTTP_PROXY\n      IntegrationUri: http://b.example.com\n  V:\n    Type: AWS::ApiGateway::Method\n    Properties:\n      Integration:\n        Type: HTTP_PROXY\n        ConnectionType: VPC_LINK\n        Uri: http://nlb.internal.example.com/x\n`,
      errors: [
        { line: 8, severity: 'warning', message: 'API Gateway integration of method M forwards requests to http://a.example.com' },
        { line: 13, message: 'API Gateway integration I' },
        { line: 20, severity: 'info' },
      ],
    },
    {
      name: 'OpenAPI x-amazon-apigateway-integration in a SAM API body',
      filename: 'template.yaml',
      code: `${SAM}Resources:\n  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      DefinitionBody:\n        paths:\n          /x:\n            get:\n              x-amazon-apigateway-integration:\n                type: http_proxy\n                uri: http://backend.example.com/x\n`,
      errors: [{ line: 13, message: 'x-amazon-apigateway-integration' }],
    },
    {
      name: 'EventBridge API destination (through a parameter) and OAuth connection are errors',
      filename: 'template.yaml',
      code: `${CFN}Parameters:\n  Hook:\n    Type: String\n    Default: http://hook.example.com\nResources:\n  D:\n    Type: AWS::Events::ApiDestination\n    Properties:\n      InvocationEndpoint: !Sub '\${Hook}/events'\n  C:\n    Type: AWS::Events::Connection\n    Properties:\n      AuthParameters:\n        OAuthParameters:\n          AuthorizationEndpoint: http://auth.example.com/token\n`,
      errors: [
        { line: 5, severity: 'error', messageId: 'configCredentials', message: "The default of parameter Hook (used by EventBridge API destination D) sends events to http://hook.example.com over unencrypted HTTP with the connection's credentials" },
        { line: 16, severity: 'error', message: 'OAuth client secret' },
      ],
    },
    {
      name: 'CloudFront allow-all (default and path behaviours) and an http-only custom origin',
      filename: 'template.yaml',
      code: `${CFN}Resources:\n  D:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Origins:\n          - Id: api\n            DomainName: api.example.com\n            CustomOriginConfig:\n              OriginProtocolPolicy: http-only\n        DefaultCacheBehavior:\n          ViewerProtocolPolicy: allow-all\n        CacheBehaviors:\n          - PathPattern: /legacy/*\n            ViewerProtocolPolicy: "allow-all"\n`,
      errors: [
        { line: 11, messageId: 'originHttpOnly', message: 'origin api' },
        { line: 13, messageId: 'viewerAllowAll', message: 'its default cache behavior' },
        { line: 16, message: 'the cache behavior for /legacy/*' },
      ],
      output: `${CFN}Resources:\n  D:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Origins:\n          - Id: api\n            DomainName: api.example.com\n            CustomOriginConfig:\n              OriginProtocolPolicy: https-only\n        DefaultCacheBehavior:\n          ViewerProtocolPolicy: redirect-to-https\n        CacheBehaviors:\n          - PathPattern: /legacy/*\n            ViewerProtocolPolicy: "redirect-to-https"\n`,
    },
    {
      name: 'credentials and tokens in configuration URLs are errors',
      filename: 'serverless.yml',
      code: `service: a\nprovider:\n  environment:\n    A: http://svc:hunter2@a.example.com/x\n    B: http://b.example.com/hook?token=abc123\n`,
      errors: [
        { line: 4, severity: 'error', message: /^Environment variable A of every function points at http:\/\/a\.example\.com over unencrypted HTTP with a user name and password/ },
        { line: 5, severity: 'error', message: 'query string (token)' },
      ],
    },
    {
      name: 'Azure local settings: URL and storage connection string',
      filename: 'local.settings.json',
      code: `{\n  "Values": {\n    "API": "http://api.example.com",\n    "STORE": "DefaultEndpointsProtocol=http;AccountName=acme;AccountKey=abc;EndpointSuffix=core.windows.net"\n  },\n  "ConnectionStrings": { "Blob": "DefaultEndpointsProtocol=http;AccountName=b;SharedAccessSignature=sv=1" }\n}\n`,
      errors: [
        { line: 3, message: 'of the function app' },
        { line: 4, messageId: 'storageHttp', severity: 'error', message: 'acme' },
        { line: 6, messageId: 'storageHttp', severity: 'error', message: 'Connection string Blob of the function app' },
      ],
      output: `{\n  "Values": {\n    "API": "https://api.example.com",\n    "STORE": "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=abc;EndpointSuffix=core.windows.net"\n  },\n  "ConnectionStrings": { "Blob": "DefaultEndpointsProtocol=https;AccountName=b;SharedAccessSignature=sv=1" }\n}\n`,
    },
    {
      name: 'serverless.ts: environment through a const, spread base and a template with a variable host',
      filename: 'serverless.ts',
      code: [
        `const A = 'http://a.example.com';`,
        `const base = { provider: { name: 'aws', environment: { A, L: 'http://localhost:1' } } };`,
        `const config = <any>{`,
        `  ...base,`,
        `  functions: { f: { handler: 'a.h', environment: { B: \`http://\${process.env.H}/b\` } } },`,
        `};`,
        `module.exports = config;`,
      ].join('\n'),
      errors: [{ line: 1, message: 'Environment variable A of every function' }, { line: 5, message: 'of function f' }],
      output: [
        `const A = 'https://a.example.com';`,
        `const base = { provider: { name: 'aws', environment: { A, L: 'http://localhost:1' } } };`,
        `const config = <any>{`,
        `  ...base,`,
        `  functions: { f: { handler: 'a.h', environment: { B: \`https://\${process.env.H}/b\` } } },`,
        `};`,
        `module.exports = config;`,
      ].join('\n'),
    },
    {
      name: 'serverless.json',
      filename: 'serverless.json',
      code: `{\n  "service": "a",\n  "provider": { "environment": { "A": "http://a.example.com" } }\n}\n`,
      errors: [{ line: 3 }],
      output: `{\n  "service": "a",\n  "provider": { "environment": { "A": "https://a.example.com" } }\n}\n`,
    },
    {
      name: 'a JSON string with escaped slashes is reported without a fix',
      filename: 'serverless.json',
      code: `{ "provider": { "environment": { "A": "http:\\/\\/a.example.com" } } }`,
      errors: [{ line: 1 }],
      output: null,
    },
    {
      name: 'block scalar value',
      filename: 'serverless.yml',
      code: `service: a\nprovider:\n  environment:\n    A: >-\n      http://a.example.com/x\n`,
      errors: [{ line: 4 }],
      output: `service: a\nprovider:\n  environment:\n    A: >-\n      https://a.example.com/x\n`,
    },
  ],
});
