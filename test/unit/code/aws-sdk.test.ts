import assert from 'node:assert/strict';
import {
  buildInference,
  callsFromOperation,
  inferAwsCalls,
  mergeInferences,
  methodToOperation,
  normaliseSdkName,
  resolveOperation,
  SERVICE_NAME_EXCEPTIONS,
  servicePrefixForSdkName,
  snakeToOperation,
  type AwsCallInference,
  type SdkCall,
  type SdkInput,
  type TextPart,
} from '../../../server/src/engine/code/aws-sdk';
import { exceptionOperations } from '../../../server/src/engine/code/aws-sdk/operations';
import { isKnownService, lookupAction } from '../../../server/src/engine/iam';
import { SourceFile } from '../../../server/src/engine/source';

function infer(code: string, path = 'src/handler.ts'): AwsCallInference {
  return inferAwsCalls(SourceFile.create(path, code));
}

/** The text of the file at each unresolved call, with its reason. */
function unresolvedOf(code: string, r: AwsCallInference): string[] {
  return r.unresolved.map((c) => `${c.reason}: ${code.slice(c.range[0], c.range[1])}`);
}

interface Case {
  name: string;
  path?: string;
  code: string;
  actions: string[];
  /** Reasons of the unresolved calls, in order (default: none). */
  unresolved?: string[];
}

const V3_CASES: Case[] = [
  {
    name: 'ESM client + commands, service from the package',
    code: `
      import { S3Client, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
      const s3 = new S3Client({});
      export const handler = async () => {
        await s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'k' }));
        await s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'x' }));
      };`,
    actions: ['s3:GetObject', 's3:PutObject'],
  },
  {
    name: 'CommonJS destructured require, namespace import and TS import =',
    path: 'src/handler.js',
    code: `
      const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');
      const sns = require('@aws-sdk/client-sns');
      const sm = require('@aws-sdk/client-secrets-manager').GetSecretValueCommand;
      exports.handler = async () => {
        await new SQSClient({}).send(new SendMessageCommand({ QueueUrl: 'q', MessageBody: 'm' }));
        await new sns.SNSClient({}).send(new sns.PublishCommand({ TopicArn: 't', Message: 'm' }));
        await client.send(new sm({ SecretId: 's' }));
      };`,
    actions: ['secretsmanager:GetSecretValue', 'sns:Publish', 'sqs:SendMessage'],
  },
  {
    name: 'TypeScript import = require and namespace import',
    code: `
      import ssm = require('@aws-sdk/client-ssm');
      import * as kinesis from '@aws-sdk/client-kinesis';
      const c = new ssm.SSMClient({});
      export async function handler(): Promise<void> {
        await c.send(new ssm.GetParameterCommand({ Name: '/app/x', WithDecryption: true }) as any);
        await new kinesis.KinesisClient({}).send(new kinesis.PutRecordsCommand({ StreamName: 's', Records: [] }));
      }`,
    actions: ['kinesis:PutRecords', 'ssm:GetParameter'],
  },
  {
    name: 'package names that differ from the IAM prefix',
    code: `
      import { CloudWatchLogsClient, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
      import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
      import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
      import { AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
      import { SendEmailCommand } from '@aws-sdk/client-sesv2';
      import { PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
      import { PublishCommand } from '@aws-sdk/client-iot-data-plane';
      import { InvokeModelCommand, ConverseCommand, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
      import { InvokeCommand } from '@aws-sdk/client-lambda';
      import { PutRecordBatchCommand } from '@aws-sdk/client-firehose';
      import { GetRecordsCommand } from '@aws-sdk/client-dynamodb-streams';
      export const handler = async () => {
        for (const cmd of [
          new PutLogEventsCommand({}), new PutEventsCommand({ Entries: [] }), new StartExecutionCommand({}),
          new AdminGetUserCommand({}), new SendEmailCommand({}), new PostToConnectionCommand({}), new PublishCommand({}),
          new InvokeModelCommand({}), new ConverseCommand({}), new ConverseStreamCommand({}), new InvokeCommand({}),
          new PutRecordBatchCommand({}), new GetRecordsCommand({}),
        ]) await client.send(cmd);
      };`,
    actions: [
      'bedrock:InvokeModel',
      'bedrock:InvokeModelWithResponseStream',
      'cognito-idp:AdminGetUser',
      'dynamodb:GetRecords',
      'events:PutEvents',
      'execute-api:ManageConnections',
      'firehose:PutRecordBatch',
      'iot:Publish',
      'lambda:InvokeFunction',
      'logs:PutLogEvents',
      'ses:SendEmail',
      'states:StartExecution',
    ],
  },
  {
    name: 'S3 operations whose action has another name',
    code: `
      import * as S from '@aws-sdk/client-s3';
      const ops = [
        new S.ListObjectsV2Command({}), new S.HeadObjectCommand({}), new S.HeadBucketCommand({}),
        new S.ListObjectVersionsCommand({}), new S.DeleteObjectsCommand({}), new S.CreateMultipartUploadCommand({}),
        new S.UploadPartCommand({}), new S.CompleteMultipartUploadCommand({}), new S.AbortMultipartUploadCommand({}),
        new S.GetObjectAttributesCommand({}), new S.ListBucketsCommand({}),
      ];`,
    actions: [
      's3:AbortMultipartUpload',
      's3:DeleteObject',
      's3:GetObject',
      's3:GetObjectAttributes',
      's3:ListAllMyBuckets',
      's3:ListBucket',
      's3:ListBucketVersions',
      's3:PutObject',
    ],
  },
  {
    name: 'CopyObject reads the source and writes the destination',
    code: `
      import { CopyObjectCommand } from '@aws-sdk/client-s3';
      await s3.send(new CopyObjectCommand({ Bucket: 'dst', Key: 'k', CopySource: 'src/k' }));`,
    actions: ['s3:GetObject', 's3:PutObject'],
  },
  {
    name: 'S3 input parameters that need more actions (VersionId, ACL, Tagging)',
    code: `
      import { GetObjectCommand, PutObjectCommand, DeleteObjectCommand } from '@aws-sdk/client-s3';
      await s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'k', VersionId: v }));
      await s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', ACL: 'public-read', Tagging: 'a=b' }));
      await s3.send(new DeleteObjectCommand({ Bucket: 'b', Key: 'k', VersionId: undefined }));`,
    actions: ['s3:DeleteObject', 's3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:PutObjectAcl', 's3:PutObjectTagging'],
  },
  {
    name: 'aggregated v3 clients',
    code: `
      import { S3 } from '@aws-sdk/client-s3';
      import { DynamoDB } from '@aws-sdk/client-dynamodb';
      import { SFN } from '@aws-sdk/client-sfn';
      const s3 = new S3({ region: 'eu-west-1' });
      export const handler = async () => {
        await s3.getObject({ Bucket: 'b', Key: 'k' });
        await s3.listObjectsV2({ Bucket: 'b' });
        await new DynamoDB({}).query({ TableName: 't' });
        await new SFN({}).startSyncExecution({ stateMachineArn: 'a' });
        s3.destroy();
      };`,
    actions: ['dynamodb:Query', 's3:GetObject', 's3:ListBucket', 'states:StartSyncExecution'],
  },
  {
    name: 'lib-dynamodb commands map to the table actions',
    code: `
      import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
      import {
        DynamoDBDocumentClient, PutCommand, GetCommand, UpdateCommand, DeleteCommand, QueryCommand, ScanCommand,
        BatchGetCommand, BatchWriteCommand, TransactGetCommand,
      } from '@aws-sdk/lib-dynamodb';
      const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
      export const handler = async () => {
        await doc.send(new PutCommand({ TableName: 't', Item: {} }));
        await doc.send(new GetCommand({ TableName: 't', Key: {} }));
        await doc.send(new UpdateCommand({ TableName: 't', Key: {} }));
        await doc.send(new DeleteCommand({ TableName: 't', Key: {} }));
        await doc.send(new QueryCommand({ TableName: 't' }));
        await doc.send(new ScanCommand({ TableName: 't' }));
        await doc.send(new BatchGetCommand({ RequestItems: {} }));
        await doc.send(new BatchWriteCommand({ RequestItems: {} }));
        await doc.send(new TransactGetCommand({ TransactItems: [{ Get: { TableName: 't', Key: {} } }] }));
      };`,
    actions: [
      'dynamodb:BatchGetItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:Scan',
      'dynamodb:UpdateItem',
    ],
  },
  {
    name: 'TransactWrite needs the per-item actions',
    code: `
      import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
      await doc.send(new TransactWriteCommand({ TransactItems: [
        { Put: { TableName: 'a', Item: {} } },
        { Delete: { TableName: 'a', Key: {} } },
        { ConditionCheck: { TableName: 'b', Key: {}, ConditionExpression: 'x' } },
      ] }));`,
    actions: ['dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem'],
  },
  {
    name: 'TransactWrite with items built at run time is unresolved (never guessed)',
    code: `
      import { TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
      await ddb.send(new TransactWriteItemsCommand({ TransactItems: items.map(toItem) }));`,
    actions: [],
    unresolved: ['dynamic-input'],
  },
  {
    name: 'DynamoDBDocument (aggregated lib-dynamodb)',
    code: `
      import { DynamoDB } from '@aws-sdk/client-dynamodb';
      import { DynamoDBDocument } from '@aws-sdk/lib-dynamodb';
      const doc = DynamoDBDocument.from(new DynamoDB({}));
      await doc.put({ TableName: 't', Item: {} });
      await doc.transactWrite({ TransactItems: [{ Update: { TableName: 't', Key: {} } }] });`,
    actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
  },
  {
    name: 'PartiQL statements map by verb',
    code: `
      import { ExecuteStatementCommand, BatchExecuteStatementCommand } from '@aws-sdk/client-dynamodb';
      await ddb.send(new ExecuteStatementCommand({ Statement: 'SELECT * FROM "Orders" WHERE id = ?' }));
      await ddb.send(new BatchExecuteStatementCommand({ Statements: [{ Statement: \`INSERT INTO "\${process.env.T}" VALUE {'a': ?}\` }] }));
      await ddb.send(new ExecuteStatementCommand({ Statement: sql }));`,
    actions: ['dynamodb:PartiQLInsert', 'dynamodb:PartiQLSelect'],
    unresolved: ['dynamic-input'],
  },
  {
    name: 'paginators, waiters, presigned URLs and posts',
    code: `
      import { S3Client, GetObjectCommand, PutObjectCommand, paginateListObjectsV2, waitUntilObjectExists, waitUntilBucketExists } from '@aws-sdk/client-s3';
      import { paginateQuery } from '@aws-sdk/lib-dynamodb';
      import { paginateScan } from '@aws-sdk/client-dynamodb';
      import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
      import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
      const s3 = new S3Client({});
      for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: 'b' })) {}
      for await (const page of paginateQuery({ client: doc }, { TableName: 't' })) {}
      for await (const page of paginateScan({ client: ddb }, { TableName: 't' })) {}
      await waitUntilObjectExists({ client: s3, maxWaitTime: 30 }, { Bucket: 'b', Key: 'k' });
      await waitUntilBucketExists({ client: s3, maxWaitTime: 30 }, { Bucket: 'b' });
      const url = await getSignedUrl(s3, new PutObjectCommand({ Bucket: 'b', Key: 'k' }), { expiresIn: 60 });
      const post = await createPresignedPost(s3, { Bucket: 'b', Key: 'k' });`,
    actions: ['dynamodb:Query', 'dynamodb:Scan', 's3:GetObject', 's3:ListBucket', 's3:PutObject'],
  },
  {
    name: 'lib-storage Upload needs PutObject and AbortMultipartUpload',
    code: `
      import { Upload } from '@aws-sdk/lib-storage';
      const upload = new Upload({ client: s3, params: { Bucket: 'b', Key: 'k', Body: stream } });
      await upload.done();`,
    actions: ['s3:AbortMultipartUpload', 's3:PutObject'],
  },
  {
    name: 'fromTemporaryCredentials assumes a role',
    code: `
      import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
      const credentials = fromTemporaryCredentials({ params: { RoleArn: process.env.ROLE_ARN } });`,
    actions: ['sts:AssumeRole'],
  },
  {
    name: 'X-Ray wrapped v3 client and a client kept in a class field',
    code: `
      import AWSXRay from 'aws-xray-sdk-core';
      import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
      import { SQS } from '@aws-sdk/client-sqs';
      const s3 = AWSXRay.captureAWSv3Client(new S3Client({}));
      class Queue {
        private readonly sqs = new SQS({});
        async push(body: string) { return this.sqs.sendMessage({ QueueUrl: 'q', MessageBody: body }); }
      }
      await s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'k' }));`,
    actions: ['s3:GetObject', 'sqs:SendMessage'],
  },
  {
    name: 'command classes used as values (a dispatch table) still count',
    code: `
      import { GetObjectCommand, DeleteObjectCommand } from '@aws-sdk/client-s3';
      import * as ddb from '@aws-sdk/lib-dynamodb';
      const COMMANDS = { get: GetObjectCommand, remove: DeleteObjectCommand, put: ddb.PutCommand } as const;
      export const run = (op: keyof typeof COMMANDS, input: any) => client.send(new (COMMANDS[op] as any)(input));`,
    actions: ['dynamodb:PutItem', 's3:DeleteObject', 's3:GetObject'],
  },
];

const V2_CASES: Case[] = [
  {
    name: 'require aws-sdk, new AWS.S3(), .promise() and callbacks',
    path: 'handler.js',
    code: `
      const AWS = require('aws-sdk');
      const s3 = new AWS.S3();
      exports.handler = async (event) => {
        const obj = await s3.getObject({ Bucket: 'b', Key: 'k' }).promise();
        s3.putObject({ Bucket: 'b', Key: 'k', Body: 'x' }, (err) => {});
        await s3.listObjectsV2({ Bucket: 'b' }).promise();
      };`,
    actions: ['s3:GetObject', 's3:ListBucket', 's3:PutObject'],
  },
  {
    name: 'DocumentClient methods',
    path: 'handler.js',
    code: `
      const AWS = require('aws-sdk');
      const doc = new AWS.DynamoDB.DocumentClient();
      module.exports.handler = async () => {
        await doc.put({ TableName: 't', Item: {} }).promise();
        await doc.get({ TableName: 't', Key: {} }).promise();
        await doc.update({ TableName: 't', Key: {} }).promise();
        await doc.delete({ TableName: 't', Key: {} }).promise();
        await doc.query({ TableName: 't' }).promise();
        await doc.scan({ TableName: 't' }).promise();
        await doc.batchGet({ RequestItems: {} }).promise();
        await doc.batchWrite({ RequestItems: {} }).promise();
        await doc.transactGet({ TransactItems: [] }).promise();
        await doc.transactWrite({ TransactItems: [{ Put: { TableName: 't', Item: {} } }] }).promise();
        const set = doc.createSet([1, 2]);
      };`,
    actions: [
      'dynamodb:BatchGetItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:Scan',
      'dynamodb:UpdateItem',
    ],
  },
  {
    name: 'ESM named import from aws-sdk and per-service client files',
    code: `
      import { S3, DynamoDB } from 'aws-sdk';
      import SQS from 'aws-sdk/clients/sqs';
      const Lambda = require('aws-sdk/clients/lambda');
      const { DocumentClient } = require('aws-sdk/clients/dynamodb');
      new S3().deleteObject({ Bucket: 'b', Key: 'k' });
      new DynamoDB.DocumentClient().get({ TableName: 't', Key: {} });
      new SQS().sendMessageBatch({ QueueUrl: 'q', Entries: [] });
      new Lambda().invoke({ FunctionName: 'f' });
      new DocumentClient().scan({ TableName: 't' });`,
    actions: ['dynamodb:GetItem', 'dynamodb:Scan', 'lambda:InvokeFunction', 's3:DeleteObject', 'sqs:SendMessage'],
  },
  {
    name: 'X-Ray captureAWS, lazy initialisation and this.client',
    path: 'handler.js',
    code: `
      const AWSXRay = require('aws-xray-sdk-core');
      const AWS = AWSXRay.captureAWS(require('aws-sdk'));
      let sns;
      const getSns = () => (sns ??= new AWS.SNS());
      class Store { constructor() { this.sm = new AWS.SecretsManager(); } read() { return this.sm.getSecretValue({ SecretId: 's' }).promise(); } }
      exports.handler = async () => {
        if (!sns) sns = new AWS.SNS();
        await sns.publish({ TopicArn: 't', Message: 'm' }).promise();
      };`,
    actions: ['secretsmanager:GetSecretValue', 'sns:Publish'],
  },
  {
    name: 'getSignedUrl, upload, waitFor, makeRequest',
    path: 'handler.js',
    code: `
      const AWS = require('aws-sdk');
      const s3 = new AWS.S3({ signatureVersion: 'v4' });
      exports.handler = async () => {
        const url = s3.getSignedUrl('getObject', { Bucket: 'b', Key: 'k', Expires: 60 });
        const put = await s3.getSignedUrlPromise('putObject', { Bucket: 'b', Key: 'k' });
        await s3.upload({ Bucket: 'b', Key: 'k', Body: stream }).promise();
        await s3.waitFor('objectExists', { Bucket: 'b', Key: 'k' }).promise();
        await s3.makeRequest('headBucket', { Bucket: 'b' }).promise();
      };`,
    actions: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:ListBucket', 's3:PutObject'],
  },
  {
    name: 'v2 classes that differ from the IAM prefix',
    path: 'handler.js',
    code: `
      const AWS = require('aws-sdk');
      new AWS.StepFunctions().startExecution({});
      new AWS.CloudWatchLogs().putLogEvents({});
      new AWS.CognitoIdentityServiceProvider().adminGetUser({});
      new AWS.ApiGatewayManagementApi({ endpoint: e }).postToConnection({});
      new AWS.IotData({ endpoint: e }).publish({});
      new AWS.EventBridge().putEvents({ Entries: [] });
      new AWS.SESV2().sendEmail({});
      new AWS.Kinesis().putRecords({});
      new AWS.STS().assumeRole({ RoleArn: r, RoleSessionName: 'x' });
      new AWS.Config({ region: 'x' });
      AWS.config.update({ region: 'x' });`,
    actions: [
      'cognito-idp:AdminGetUser',
      'events:PutEvents',
      'execute-api:ManageConnections',
      'iot:Publish',
      'kinesis:PutRecords',
      'logs:PutLogEvents',
      'ses:SendEmail',
      'states:StartExecution',
      'sts:AssumeRole',
    ],
  },
  {
    name: 'client methods passed around (promisify, bind) still count',
    path: 'handler.js',
    code: `
      const { promisify } = require('util');
      const AWS = require('aws-sdk');
      const s3 = new AWS.S3();
      const doc = new AWS.DynamoDB.DocumentClient();
      const { DynamoDB } = AWS;
      const { DocumentClient } = DynamoDB;
      new DocumentClient().query({ TableName: 't' });
      const getObject = promisify(s3.getObject.bind(s3));
      const put = doc.put.bind(doc);
      const region = s3.config.region;`,
    actions: ['dynamodb:PutItem', 'dynamodb:Query', 's3:GetObject'],
  },
];

const TRAPS: Case[] = [
  {
    name: 'a local function named send and a non-SDK .send()',
    code: `
      import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
      function send(message: unknown) { return mailer.send(message); }
      await send({ to: 'a@b.c' });
      await socket.send(new Uint8Array(4));
      await mailer.send(new Message());`,
    actions: [],
  },
  {
    name: 'a Command imported from a non-AWS package or a local module',
    code: `
      import { Command } from 'commander';
      import { GetObjectCommand } from './commands';
      const { PutObjectCommand } = require('my-s3-wrapper');
      new Command('x');
      await bus.send(new GetObjectCommand({ Bucket: 'b' }));
      await bus.send(new PutObjectCommand({ Bucket: 'b' }));`,
    actions: [],
  },
  {
    name: 'an S3 helper package that is not the SDK',
    code: `
      import { S3 } from 's3-helpers';
      const s3 = new S3();
      await s3.getObject({ Bucket: 'b' });`,
    actions: [],
  },
  {
    name: 'dynamic command names and methods are unresolved',
    code: `
      import * as sdk from '@aws-sdk/client-s3';
      import { S3Client } from '@aws-sdk/client-s3';
      import AWS from 'aws-sdk';
      const client = new S3Client({});
      const v2 = new AWS.S3();
      export async function run(op: string, input: object, Cmd: any) {
        await client.send(new (sdk as any)[op + 'Command'](input));
        await client.send(new Cmd(input));
        await (v2 as any)[op](input).promise();
        await v2.makeRequest(op, input).promise();
      }`,
    actions: [],
    unresolved: ['dynamic-operation', 'dynamic-operation', 'dynamic-operation', 'dynamic-operation'],
  },
  {
    name: 'a method that is no API operation is unresolved, not guessed',
    path: 'handler.js',
    code: `
      const AWS = require('aws-sdk');
      new AWS.S3().getObjects({ Bucket: 'b' });`,
    actions: [],
    unresolved: ['no-iam-action'],
  },
  {
    name: 'a waiter whose polling operation is not known is unresolved',
    code: `
      import { waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
      await waitUntilFunctionActiveV2({ client, maxWaitTime: 60 }, { FunctionName: 'f' });`,
    actions: [],
    unresolved: ['no-iam-action'],
  },
  {
    name: 'a client package with no IAM service is unresolved',
    code: `
      import { CreateTokenCommand } from '@aws-sdk/client-sso-oidc';
      await oidc.send(new CreateTokenCommand({}));`,
    actions: [],
    unresolved: ['unknown-service'],
  },
  {
    name: 'the same name bound to clients of two services is not guessed',
    path: 'handler.js',
    code: `
      const AWS = require('aws-sdk');
      let c = new AWS.S3();
      if (x) c = new AWS.SQS();
      c.getQueueUrl({ QueueName: 'q' });`,
    actions: [],
  },
  {
    name: 'SDK named only in a comment or a string',
    code: `
      // uses @aws-sdk/client-s3 in production
      const note = "require('aws-sdk')";
      s3.getObject({ Bucket: 'b' });`,
    actions: [],
  },
  {
    name: 'commands used only as types, imported but unused, or re-exported are not calls',
    code: `
      import { GetObjectCommand, PutObjectCommand, DeleteObjectCommand, type GetObjectCommandOutput } from '@aws-sdk/client-s3';
      export { DeleteObjectCommand };
      let last: GetObjectCommand | undefined;
      function keep(out: GetObjectCommandOutput, c: typeof PutObjectCommand): void {}`,
    actions: [],
  },
];

describe('aws-sdk call inference', () => {
  for (const [group, cases] of [['SDK v3', V3_CASES], ['SDK v2', V2_CASES], ['traps', TRAPS]] as const) {
    describe(group, () => {
      for (const c of cases) {
        it(c.name, () => {
          const r = infer(c.code, c.path);
          assert.equal(r.analyzed, true);
          assert.deepEqual(r.actions, c.actions);
          assert.deepEqual(
            r.unresolved.map((u) => u.reason),
            c.unresolved ?? [],
            unresolvedOf(c.code, r).join('\n'),
          );
          for (const a of r.actions) assert.ok(lookupAction(a)?.fullName === a, `${a} is a canonical IAM action`);
        });
      }
    });
  }

  describe('calls', () => {
    it('reports each call with its operation, via and range', () => {
      const code = `import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';\nconst s3 = new S3Client({});\nawait s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'k' }));\n`;
      const r = infer(code);
      assert.equal(r.calls.length, 1);
      const c = r.calls[0];
      assert.deepEqual(
        { service: c.service, operation: c.operation, action: c.action, via: c.via, sdk: c.sdk },
        { service: 's3', operation: 'GetObject', action: 's3:GetObject', via: 'v3-command', sdk: '@aws-sdk/client-s3' },
      );
      assert.equal(code.slice(c.range[0], c.range[1]), "new GetObjectCommand({ Bucket: 'b', Key: 'k' })");
    });

    it('marks presigned commands, paginators and DocumentClient calls by via', () => {
      const r = infer(`
        import { GetObjectCommand, paginateListObjectsV2 } from '@aws-sdk/client-s3';
        import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
        import AWS from 'aws-sdk';
        await getSignedUrl(s3, new GetObjectCommand({ Bucket: 'b', Key: 'k' }));
        paginateListObjectsV2({ client: s3 }, {});
        new AWS.DynamoDB.DocumentClient().get({});`);
      assert.deepEqual(
        r.calls.map((c) => c.via),
        ['v3-presign', 'v3-paginator', 'documentclient'],
      );
    });

    it('gives one call per action for operations that need several, with a transaction item range each', () => {
      const code = `import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';\nnew TransactWriteCommand({ TransactItems: [{ Put: { TableName: 'a' } }, { Update: { TableName: 'b' } }] });`;
      const r = infer(code);
      assert.deepEqual(
        r.calls.map((c) => [c.operation, c.action, code.slice(c.range[0], c.range[1])]),
        [
          ['TransactWriteItems', 'dynamodb:PutItem', "{ Put: { TableName: 'a' } }"],
          ['TransactWriteItems', 'dynamodb:UpdateItem', "{ Update: { TableName: 'b' } }"],
        ],
      );
    });

    it('lists the candidate actions of a transaction it cannot read', () => {
      const r = infer(`import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';\nnew TransactWriteCommand(input);`);
      assert.deepEqual(r.unresolved[0].candidates, ['dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
    });
  });

  describe('resource hints', () => {
    const hints = (code: string, path?: string) =>
      infer(code, path).calls.map((c) => [c.action, c.resourceHint ? { ...c.resourceHint } : undefined]);

    it('records the env var that names the resource, directly or through consts', () => {
      assert.deepEqual(
        hints(`
          import { PutCommand } from '@aws-sdk/lib-dynamodb';
          import { SendMessageCommand } from '@aws-sdk/client-sqs';
          import { PublishCommand } from '@aws-sdk/client-sns';
          import { InvokeCommand } from '@aws-sdk/client-lambda';
          import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
          import { GetParameterCommand } from '@aws-sdk/client-ssm';
          import { GetObjectCommand } from '@aws-sdk/client-s3';
          const TABLE = process.env.ORDERS_TABLE as string;
          const { QUEUE_URL } = process.env;
          const config = { topic: process.env['TOPIC_ARN'] };
          export const handler = async () => {
            await ddb.send(new PutCommand({ TableName: TABLE, Item: {} }));
            await sqs.send(new SendMessageCommand({ QueueUrl: QUEUE_URL, MessageBody: 'm' }));
            await sns.send(new PublishCommand({ TopicArn: config.topic, Message: 'm' }));
            await lambda.send(new InvokeCommand({ FunctionName: process.env.WORKER ?? 'worker' }));
            await sm.send(new GetSecretValueCommand({ SecretId: \`\${process.env.SECRET_ID}\` }));
            await ssm.send(new GetParameterCommand({ Name: process.env.PARAM! }));
            await s3.send(new GetObjectCommand({ Bucket: 'literal-bucket', Key: 'k' }));
          };`),
        [
          ['dynamodb:PutItem', { param: 'TableName', envVar: 'ORDERS_TABLE' }],
          ['sqs:SendMessage', { param: 'QueueUrl', envVar: 'QUEUE_URL' }],
          ['sns:Publish', { param: 'TopicArn', envVar: 'TOPIC_ARN' }],
          ['lambda:InvokeFunction', { param: 'FunctionName', envVar: 'WORKER' }],
          ['secretsmanager:GetSecretValue', { param: 'SecretId', envVar: 'SECRET_ID' }],
          ['ssm:GetParameter', { param: 'Name', envVar: 'PARAM' }],
          ['s3:GetObject', { param: 'Bucket', literal: 'literal-bucket' }],
        ],
      );
    });

    it('follows a params object declared once, and v2 bound params', () => {
      assert.deepEqual(
        hints(
          `
          const AWS = require('aws-sdk');
          const doc = new AWS.DynamoDB.DocumentClient();
          const s3 = new AWS.S3({ params: { Bucket: process.env.BUCKET } });
          const params = { TableName: process.env.TABLE, Key: { id: 1 } };
          exports.handler = async () => {
            await doc.get(params).promise();
            await s3.getObject({ Key: 'k' }).promise();
          };`,
          'handler.js',
        ),
        [
          ['dynamodb:GetItem', { param: 'TableName', envVar: 'TABLE' }],
          ['s3:GetObject', { param: 'Bucket', envVar: 'BUCKET' }],
        ],
      );
    });

    it('gives no hint when the value is not static', () => {
      assert.deepEqual(
        hints(`
          import { GetCommand } from '@aws-sdk/lib-dynamodb';
          export const handler = async (event: any) => { await ddb.send(new GetCommand({ TableName: event.table, Key: {} })); };`),
        [['dynamodb:GetItem', undefined]],
      );
    });

    it('names every table of a batch and every item of a transaction', () => {
      assert.deepEqual(
        hints(`
          import { BatchWriteCommand, TransactGetCommand } from '@aws-sdk/lib-dynamodb';
          const A = process.env.TABLE_A;
          new BatchWriteCommand({ RequestItems: { [A]: [], [process.env.TABLE_B]: [] } });
          new TransactGetCommand({ TransactItems: [{ Get: { TableName: A } }] });`),
        [
          ['dynamodb:BatchWriteItem', { param: 'RequestItems{}', envVar: 'TABLE_A' }],
          ['dynamodb:BatchWriteItem', { param: 'RequestItems{}', envVar: 'TABLE_B' }],
          ['dynamodb:GetItem', { param: 'TransactItems[].Get.TableName', envVar: 'TABLE_A' }],
        ],
      );
    });

    it('reads the bucket of a copy source and the table of a PartiQL statement', () => {
      assert.deepEqual(
        hints(`
          import { CopyObjectCommand } from '@aws-sdk/client-s3';
          import { ExecuteStatementCommand } from '@aws-sdk/client-dynamodb';
          new CopyObjectCommand({ Bucket: process.env.DST, CopySource: \`\${process.env.SRC}/\${key}\`, Key: key });
          new ExecuteStatementCommand({ Statement: \`SELECT * FROM "\${process.env.T}" WHERE pk = ?\` });`),
        [
          ['s3:PutObject', { param: 'Bucket', envVar: 'DST' }],
          ['s3:GetObject', { param: 'CopySource', envVar: 'SRC' }],
          ['dynamodb:PartiQLSelect', { param: 'Statement', envVar: 'T' }],
        ],
      );
    });

    it('does not take a shadowed name for the env var', () => {
      assert.deepEqual(
        hints(`
          import { GetCommand } from '@aws-sdk/lib-dynamodb';
          const TABLE = process.env.TABLE;
          function f(TABLE: string) { return new GetCommand({ TableName: TABLE, Key: {} }); }`),
        [['dynamodb:GetItem', undefined]],
      );
    });
  });

  describe('files', () => {
    it('a Python file is not analysed yet (no parser): analyzed is false', () => {
      const r = infer('import boto3\ns3 = boto3.client("s3")\ns3.get_object(Bucket="b", Key="k")\n', 'handler.py');
      assert.equal(r.analyzed, false);
      assert.deepEqual(r.actions, []);
    });

    it('a configuration file is not analysed', () => {
      assert.equal(infer('Resources: {}\n', 'template.yaml').analyzed, false);
    });

    it('a file with no SDK is analysed and needs nothing', () => {
      const r = infer('export const handler = async () => ({ statusCode: 200 });');
      assert.deepEqual([r.analyzed, r.partial, r.calls.length], [true, false, 0]);
    });

    it('half-typed code is analysed around the broken line and flagged partial', () => {
      const r = infer(`
        import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
        const s3 = new S3Client({});
        const broken = ;
        export const handler = async () => s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'k' }));`);
      assert.deepEqual([r.analyzed, r.partial, r.actions], [true, true, ['s3:GetObject']]);
    });

    it('caches per SourceFile', () => {
      const f = SourceFile.create('a.ts', `import { GetObjectCommand } from '@aws-sdk/client-s3'; new GetObjectCommand({});`);
      assert.equal(inferAwsCalls(f), inferAwsCalls(f));
    });

    it('merges the inferences of several handlers', () => {
      const a = infer(`import { GetObjectCommand } from '@aws-sdk/client-s3'; new GetObjectCommand({});`);
      const b = infer(`import { PutObjectCommand } from '@aws-sdk/client-s3'; new PutObjectCommand({}); new (x as any)();`);
      const py = infer('import boto3\n', 'h.py');
      const m = mergeInferences([a, b]);
      assert.deepEqual([m.actions, m.analyzed, m.calls.length], [['s3:GetObject', 's3:PutObject'], true, 2]);
      assert.equal(mergeInferences([a, py]).analyzed, false);
      assert.equal(mergeInferences([]).analyzed, false);
    });

    it('never throws on odd input', () => {
      const odd = [
        '',
        'import',
        `import * as s from '@aws-sdk/client-s3'; new s[Symbol.iterator](); new s.GetObjectCommand(...args);`,
        `const AWS = require('aws-sdk'); const a = a; a.getObject(); let b = c, c = b; b.x();`,
        `const AWS = require('aws-sdk'); new AWS['S' + 3]().getObject({}); new AWS.DynamoDB.DocumentClient()[k]({});`,
        `import { S3Client } from '@aws-sdk/client-s3'; const s3 = new S3Client(); s3.send(); s3.send(...x);`,
        `const p = {...q, Bucket: process.env}; import { GetObjectCommand } from '@aws-sdk/client-s3'; new GetObjectCommand(p);`,
      ];
      for (const code of odd) {
        const r = infer(code);
        assert.ok(Array.isArray(r.actions));
      }
    });
  });

  describe('performance', () => {
    it('infers a 50 KB handler in a few milliseconds after parsing', () => {
      const code = bigHandler(50_000);
      const times: number[] = [];
      let r: AwsCallInference | undefined;
      // The first run warms the JIT up; then the best of five (the machine may be busy).
      for (let i = 0; i < 6; i++) {
        const f = SourceFile.create('src/big.ts', code);
        assert.ok(f.js?.ast); // parse outside the measurement
        const t = process.hrtime.bigint();
        r = inferAwsCalls(f);
        if (i > 0) times.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
      assert.ok(r && r.actions.length === 11 && r.unresolved.length === 0, String(r?.actions));
      // A bound for busy CI machines (it catches blow-ups, not small regressions); idle, it takes a few ms.
      const best = Math.min(...times);
      assert.ok(best < 250, `best of 5: ${best.toFixed(2)} ms`);
    });
  });
});

/** A handler of about `size` characters mixing v3, lib-dynamodb and v2 calls with ordinary code. */
export function bigHandler(size: number): string {
  const head = `
import { S3Client, GetObjectCommand, PutObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
import AWS from 'aws-sdk';
const TABLE = process.env.TABLE!;
const BUCKET = process.env.BUCKET!;
const s3 = new S3Client({});
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const sqs = new SQSClient({});
const sns = new SNSClient({});
const lambda = new AWS.Lambda();
const secrets = new AWS.SecretsManager();
`;
  const parts = [head];
  let n = 0;
  while (parts.join('').length < size) {
    parts.push(`
export async function step${n}(event: { id: string; items: Array<{ sku: string; qty: number }> }): Promise<number> {
  const key = \`orders/\${event.id}/${n}.json\`;
  const total = event.items.reduce((sum, it) => sum + it.qty * ${n + 1}, 0);
  if (total > ${n * 10}) {
    await doc.send(new PutCommand({ TableName: TABLE, Item: { pk: event.id, sk: '${n}', total } }));
  } else {
    const prev = await doc.send(new GetCommand({ TableName: TABLE, Key: { pk: event.id, sk: '${n}' } }));
    await doc.send(new UpdateCommand({ TableName: TABLE, Key: { pk: event.id }, UpdateExpression: 'SET t = :t', ExpressionAttributeValues: { ':t': total } }));
    console.log(prev.Item);
  }
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'orders/' }));
  for (const o of listed.Contents ?? []) {
    const body = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: o.Key }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: JSON.stringify(body.Metadata) }));
  }
  await doc.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': event.id } }));
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: key }));
  await sns.send(new PublishCommand({ TopicArn: process.env.TOPIC_ARN, Message: String(total) }));
  await lambda.invoke({ FunctionName: process.env.WORKER, Payload: JSON.stringify({ key }) }).promise();
  const s = await secrets.getSecretValue({ SecretId: process.env.SECRET_ID }).promise();
  return total + (s.SecretString?.length ?? 0);
}
`);
    n++;
  }
  return parts.join('');
}

describe('aws-sdk service names', () => {
  it('maps every exception to a real IAM service prefix', () => {
    for (const [name, prefix] of Object.entries(SERVICE_NAME_EXCEPTIONS)) {
      assert.ok(isKnownService(prefix), `${name} -> ${prefix}`);
      assert.equal(normaliseSdkName(name), name, `exception keys are normalised: ${name}`);
    }
  });

  const table: Array<[string, string | undefined]> = [
    ['@aws-sdk/client-s3', 's3'],
    ['@aws-sdk/client-dynamodb', 'dynamodb'],
    ['@aws-sdk/client-sqs', 'sqs'],
    ['@aws-sdk/client-sns', 'sns'],
    ['@aws-sdk/client-secrets-manager', 'secretsmanager'],
    ['@aws-sdk/client-ssm', 'ssm'],
    ['@aws-sdk/client-lambda', 'lambda'],
    ['@aws-sdk/client-eventbridge', 'events'],
    ['@aws-sdk/client-cloudwatch-events', 'events'],
    ['@aws-sdk/client-sfn', 'states'],
    ['@aws-sdk/client-kinesis', 'kinesis'],
    ['@aws-sdk/client-firehose', 'firehose'],
    ['@aws-sdk/client-cloudwatch-logs', 'logs'],
    ['@aws-sdk/client-cloudwatch', 'cloudwatch'],
    ['@aws-sdk/client-kms', 'kms'],
    ['@aws-sdk/client-sts', 'sts'],
    ['@aws-sdk/client-cognito-identity-provider', 'cognito-idp'],
    ['@aws-sdk/client-cognito-identity', 'cognito-identity'],
    ['@aws-sdk/client-ses', 'ses'],
    ['@aws-sdk/client-sesv2', 'ses'],
    ['@aws-sdk/client-apigatewaymanagementapi', 'execute-api'],
    ['@aws-sdk/client-iot-data-plane', 'iot'],
    ['@aws-sdk/client-bedrock-runtime', 'bedrock'],
    ['@aws-sdk/client-bedrock-agent-runtime', 'bedrock'],
    ['@aws-sdk/client-rekognition', 'rekognition'],
    ['@aws-sdk/client-textract', 'textract'],
    ['@aws-sdk/client-comprehend', 'comprehend'],
    ['@aws-sdk/client-translate', 'translate'],
    ['@aws-sdk/client-athena', 'athena'],
    ['@aws-sdk/client-glue', 'glue'],
    ['@aws-sdk/client-ecs', 'ecs'],
    ['@aws-sdk/client-ec2', 'ec2'],
    ['@aws-sdk/client-scheduler', 'scheduler'],
    ['@aws-sdk/client-appsync', 'appsync'],
    ['@aws-sdk/client-rds-data', 'rds-data'],
    ['@aws-sdk/client-acm-pca', 'acm-pca'],
    ['@aws-sdk/client-route-53', 'route53'],
    ['@aws-sdk/client-elastic-load-balancing-v2', 'elasticloadbalancing'],
    ['@aws-sdk/client-opensearch', 'es'],
    ['@aws-sdk/client-sagemaker-runtime', 'sagemaker'],
    ['@aws-sdk/client-dynamodb-streams', 'dynamodb'],
    ['@aws-sdk/client-s3-control', 's3'],
    ['@aws-sdk/client-polly', 'polly'],
    ['@aws-sdk/client-xray', 'xray'],
    ['@aws-sdk/client-sso-oidc', undefined],
    ['@aws-sdk/client-not-a-service', undefined],
    // SDK v2 class names and client files
    ['S3', 's3'],
    ['DynamoDB', 'dynamodb'],
    ['StepFunctions', 'states'],
    ['CloudWatchLogs', 'logs'],
    ['CognitoIdentityServiceProvider', 'cognito-idp'],
    ['ApiGatewayManagementApi', 'execute-api'],
    ['IotData', 'iot'],
    ['SESV2', 'ses'],
    ['SecretsManager', 'secretsmanager'],
    ['RDSDataService', 'rds-data'],
    ['secretsmanager', 'secretsmanager'],
    ['cloudwatchlogs', 'logs'],
    // boto3 client names (future Python front end)
    ['stepfunctions', 'states'],
    ['logs', 'logs'],
    ['cognito-idp', 'cognito-idp'],
    ['iot-data', 'iot'],
    ['bedrock-runtime', 'bedrock'],
    ['lexv2-runtime', 'lex'],
  ];
  for (const [name, prefix] of table) {
    it(`${name} -> ${prefix ?? 'no service'}`, () => assert.equal(servicePrefixForSdkName(name), prefix));
  }

  it('rejects non-strings and empty names', () => {
    for (const v of [undefined, null, 3, '', '@aws-sdk/client-', {}]) assert.equal(servicePrefixForSdkName(v), undefined);
  });

  it('converts method names to operations', () => {
    assert.deepEqual(
      [snakeToOperation('get_object'), snakeToOperation('list_objects_v2'), methodToOperation('listObjectsV2'), methodToOperation('')],
      ['GetObject', 'ListObjectsV2', 'ListObjectsV2', ''],
    );
  });
});

describe('aws-sdk operation -> action table', () => {
  it('every explicit mapping names real IAM actions', () => {
    const ops = exceptionOperations();
    assert.ok(ops.length > 60, String(ops.length));
    for (const { service, operation } of ops) {
      const r = resolveOperation(service, operation, undefined);
      if ('requirements' in r) {
        assert.ok(r.requirements.length > 0, `${service}:${operation}`);
        for (const q of r.requirements) assert.equal(lookupAction(q.action)?.fullName, q.action, `${service}:${operation} -> ${q.action}`);
      } else {
        // Only input-dependent mappings may be unresolved without input; their candidates are real.
        assert.equal(r.reason, 'dynamic-input', `${service}:${operation}`);
        for (const c of r.candidates ?? []) assert.equal(lookupAction(c)?.fullName, c);
      }
    }
  });

  const cases: Array<[string, string, string[]]> = [
    ['s3', 'ListObjectsV2', ['s3:ListBucket']],
    ['s3', 'ListObjects', ['s3:ListBucket']],
    ['s3', 'HeadObject', ['s3:GetObject']],
    ['s3', 'HeadBucket', ['s3:ListBucket']],
    ['s3', 'ListObjectVersions', ['s3:ListBucketVersions']],
    ['s3', 'CopyObject', ['s3:PutObject', 's3:GetObject']],
    ['s3', 'DeleteObjects', ['s3:DeleteObject']],
    ['s3', 'GetObjectAttributes', ['s3:GetObject', 's3:GetObjectAttributes']],
    ['s3', 'UploadPart', ['s3:PutObject']],
    ['s3', 'CreateMultipartUpload', ['s3:PutObject']],
    ['s3', 'CompleteMultipartUpload', ['s3:PutObject']],
    ['s3', 'AbortMultipartUpload', ['s3:AbortMultipartUpload']],
    ['s3', 'GetBucketCors', ['s3:GetBucketCORS']],
    ['s3', 'PutBucketLifecycleConfiguration', ['s3:PutLifecycleConfiguration']],
    ['s3', 'WriteGetObjectResponse', ['s3-object-lambda:WriteGetObjectResponse']],
    ['lambda', 'Invoke', ['lambda:InvokeFunction']],
    ['lambda', 'InvokeAsync', ['lambda:InvokeFunction', 'lambda:InvokeAsync']],
    ['execute-api', 'PostToConnection', ['execute-api:ManageConnections']],
    ['ses', 'SendEmail', ['ses:SendEmail']],
    ['bedrock', 'InvokeModel', ['bedrock:InvokeModel']],
    ['bedrock', 'Converse', ['bedrock:InvokeModel']],
    ['kinesis', 'PutRecords', ['kinesis:PutRecords']],
    ['sts', 'GetCallerIdentity', ['sts:GetCallerIdentity']],
    ['iot', 'Publish', ['iot:Publish']],
    ['sqs', 'SendMessageBatch', ['sqs:SendMessage']],
    ['sns', 'PublishBatch', ['sns:Publish']],
    ['secretsmanager', 'BatchGetSecretValue', ['secretsmanager:BatchGetSecretValue', 'secretsmanager:GetSecretValue']],
    ['dynamodb', 'TransactGetItems', ['dynamodb:GetItem']],
    ['dynamodb', 'getitem', ['dynamodb:GetItem']],
  ];
  for (const [service, op, actions] of cases) {
    it(`${service} ${op} -> ${actions.join(', ')}`, () => {
      const r = resolveOperation(service, op);
      assert.ok('requirements' in r, JSON.stringify(r));
      assert.deepEqual(r.requirements.map((q) => q.action), actions);
    });
  }

  it('an operation with no IAM action is unresolved', () => {
    assert.deepEqual(resolveOperation('s3', 'GetObjects'), { reason: 'no-iam-action' });
    assert.deepEqual(resolveOperation('apigateway', 'GetRestApis'), { reason: 'no-iam-action' });
    assert.deepEqual(resolveOperation('s3', ''), { reason: 'dynamic-operation' });
  });
});

describe('aws-sdk language-neutral helpers (for a boto3 front end)', () => {
  /** A tiny SdkInput over plain data, as a Python front end would build from keyword arguments. */
  class DataInput implements SdkInput {
    constructor(private readonly v: unknown) {}
    readonly range = undefined;
    prop(name: string): SdkInput | undefined {
      const o = this.v as Record<string, unknown>;
      return o && typeof o === 'object' && !Array.isArray(o) && name in o ? new DataInput(o[name]) : undefined;
    }
    has(name: string): boolean {
      return this.prop(name) !== undefined;
    }
    entries() {
      const o = this.v as Record<string, unknown>;
      return o && typeof o === 'object' && !Array.isArray(o)
        ? Object.entries(o).map(([k, v]) => ({ key: new DataInput(k) as SdkInput, value: new DataInput(v) as SdkInput }))
        : undefined;
    }
    elements() {
      return Array.isArray(this.v) ? this.v.map((x) => new DataInput(x)) : undefined;
    }
    text(): TextPart[] | undefined {
      if (typeof this.v === 'string') return [this.v];
      const env = (this.v as { env?: string })?.env;
      return env ? [{ envVar: env }] : undefined;
    }
  }

  it('callsFromOperation + buildInference give the same output type for boto3 calls', () => {
    const calls: SdkCall[] = [
      ...callsFromOperation(
        { service: servicePrefixForSdkName('s3'), operation: snakeToOperation('list_objects_v2'), range: [10, 40], via: 'boto3', sdk: 'boto3' },
        new DataInput({ Bucket: { env: 'BUCKET' } }),
      ),
      ...callsFromOperation(
        { service: servicePrefixForSdkName('dynamodb'), operation: snakeToOperation('transact_write_items'), range: [50, 90], via: 'boto3', sdk: 'boto3' },
        new DataInput({ TransactItems: [{ Delete: { TableName: 'orders' } }] }),
      ),
      ...callsFromOperation({ service: servicePrefixForSdkName('not-a-service'), operation: 'X', range: [0, 5], via: 'boto3', sdk: 'not-a-service' }),
    ];
    const r = buildInference(calls, { analyzed: true });
    assert.deepEqual(r.actions, ['dynamodb:DeleteItem', 's3:ListBucket']);
    assert.deepEqual(r.calls[1].resourceHint, { param: 'Bucket', envVar: 'BUCKET' });
    assert.deepEqual(r.calls[2].resourceHint, { param: 'TransactItems[].Delete.TableName', literal: 'orders' });
    assert.deepEqual(r.unresolved.map((c) => [c.service, c.reason]), [['not-a-service', 'unknown-service']]);
  });
});
