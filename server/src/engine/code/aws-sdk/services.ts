/**
 * Which IAM service prefix an AWS SDK client belongs to, whatever the SDK spells it:
 *   - SDK v3 package names: `@aws-sdk/client-secrets-manager`, `client-cloudwatch-logs`
 *   - SDK v2 class / client file names: `AWS.SecretsManager`, `aws-sdk/clients/cloudwatchlogs`
 *   - boto3 client names (for the Python front end): `secretsmanager`, `logs`, `iot-data`
 *
 * Most names map by themselves: the SDK name, with or without its dashes, is the IAM prefix
 * (`client-sqs` -> `sqs`, `client-secrets-manager` -> `secretsmanager`, `client-acm-pca` -> `acm-pca`).
 * The rest are listed in {@link SERVICE_NAME_EXCEPTIONS}, keyed by the normalised name (lowercase,
 * no dashes or underscores), so one entry serves every SDK that spells the service that way.
 * Every result is checked against the IAM table: a name that maps to no known prefix yields
 * undefined, never a guess. A unit test checks every exception target is a real prefix.
 *
 * Pure; never throws.
 */
import { isKnownService } from '../../iam';

/**
 * SDK names whose IAM prefix differs from the name itself. Keys are normalised names
 * (see {@link normaliseSdkName}); values are IAM service prefixes.
 */
export const SERVICE_NAME_EXCEPTIONS: Readonly<Record<string, string>> = Object.freeze({
  // CloudWatch Logs / EventBridge / Step Functions
  cloudwatchlogs: 'logs',
  cloudwatchevents: 'events',
  eventbridge: 'events',
  sfn: 'states',
  stepfunctions: 'states',
  // Cognito
  cognitoidentityprovider: 'cognito-idp',
  cognitoidentityserviceprovider: 'cognito-idp',
  cognitoidp: 'cognito-idp',
  cognitoidentity: 'cognito-identity',
  // SES v2 and the old Pinpoint Email API authorise as `ses:`
  sesv2: 'ses',
  pinpointemail: 'ses',
  // API Gateway: the management API of WebSocket connections is `execute-api:ManageConnections`
  apigatewaymanagementapi: 'execute-api',
  apigateway: 'apigateway',
  apigatewayv2: 'apigateway',
  // IoT data planes
  iotdataplane: 'iot',
  iotdata: 'iot',
  iotjobsdataplane: 'iotjobsdata',
  iotjobsdata: 'iotjobsdata',
  ioteventsdata: 'iotevents',
  // Bedrock runtimes and agents
  bedrockruntime: 'bedrock',
  bedrockagentruntime: 'bedrock',
  bedrockagent: 'bedrock',
  // SageMaker runtimes
  sagemakerruntime: 'sagemaker',
  sagemakerfeaturestoreruntime: 'sagemaker',
  sagemakera2iruntime: 'sagemaker',
  augmentedairuntime: 'sagemaker',
  // DynamoDB Streams authorise as `dynamodb:`
  dynamodbstreams: 'dynamodb',
  // Scaling, configuration, billing, directory
  applicationautoscaling: 'application-autoscaling',
  autoscaling: 'autoscaling',
  configservice: 'config',
  costexplorer: 'ce',
  databasemigrationservice: 'dms',
  directoryservice: 'ds',
  // Load balancing, search, file systems, EMR
  elasticloadbalancing: 'elasticloadbalancing',
  elasticloadbalancingv2: 'elasticloadbalancing',
  elb: 'elasticloadbalancing',
  elbv2: 'elasticloadbalancing',
  elasticsearchservice: 'es',
  opensearch: 'es',
  efs: 'elasticfilesystem',
  emr: 'elasticmapreduce',
  // Data services
  timestreamwrite: 'timestream',
  timestreamquery: 'timestream',
  rdsdataservice: 'rds-data',
  rdsdata: 'rds-data',
  redshiftdata: 'redshift-data',
  docdb: 'rds',
  neptune: 'rds',
  neptunedata: 'neptune-db',
  keyspaces: 'cassandra',
  qldbsession: 'qldb',
  cloudsearchdomain: 'cloudsearch',
  forecastquery: 'forecast',
  forecastqueryservice: 'forecast',
  // Streaming media and analytics
  kinesisvideoarchivedmedia: 'kinesisvideo',
  kinesisvideomedia: 'kinesisvideo',
  kinesisvideosignaling: 'kinesisvideo',
  kinesisvideosignalingchannels: 'kinesisvideo',
  kinesisanalyticsv2: 'kinesisanalytics',
  mediastoredata: 'mediastore',
  ivsrealtime: 'ivs',
  // Lex runtimes and model APIs
  lexruntime: 'lex',
  lexruntimeservice: 'lex',
  lexruntimev2: 'lex',
  lexv2runtime: 'lex',
  lexmodelbuildingservice: 'lex',
  lexmodelsv2: 'lex',
  lexv2models: 'lex',
  // Personalize, Pinpoint
  personalizeruntime: 'personalize',
  personalizeevents: 'personalize',
  pinpoint: 'mobiletargeting',
  pinpointsmsvoicev2: 'sms-voice',
  // Miscellaneous renamed services
  marketplacemetering: 'aws-marketplace',
  meteringmarketplace: 'aws-marketplace',
  resourcegroupstaggingapi: 'tag',
  s3control: 's3',
  cloudhsmv2: 'cloudhsm',
  location: 'geo',
  ssoadmin: 'sso',
  mwaa: 'airflow',
  appconfigdata: 'appconfig',
  amp: 'aps',
  prometheusservice: 'aps',
  chimesdkmessaging: 'chime',
  chimesdkmeetings: 'chime',
  chimesdkidentity: 'chime',
  connectcontactlens: 'connect',
  migrationhub: 'mgh',
  acmpca: 'acm-pca',
  appmesh: 'appmesh',
  transcribestreaming: 'transcribe',
  transcribeservice: 'transcribe',
  opensearchserverless: 'aoss',
  cloudcontrol: 'cloudformation',
  cloudcontrolapi: 'cloudformation',
  iotwireless: 'iotwireless',
});

/** Lowercase, without the `@aws-sdk/client-` / `client-` prefix and without `-` and `_`. */
export function normaliseSdkName(name: string): string {
  return stripClientPrefix(name).toLowerCase().replace(/[-_]/g, '');
}

function stripClientPrefix(name: string): string {
  let n = name.trim();
  if (n.startsWith('@aws-sdk/')) n = n.slice('@aws-sdk/'.length);
  if (n.startsWith('client-')) n = n.slice('client-'.length);
  const slash = n.indexOf('/');
  return slash >= 0 ? n.slice(0, slash) : n;
}

const prefixCache = new Map<string, string | null>();

/**
 * The IAM service prefix of an SDK client name (v3 package, v2 class or client file, boto3 client
 * name), or undefined when it maps to no known IAM service.
 */
export function servicePrefixForSdkName(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length === 0 || name.length > 200) return undefined;
  const cached = prefixCache.get(name);
  if (cached !== undefined) return cached ?? undefined;
  const result = compute(name);
  if (prefixCache.size > 2000) prefixCache.clear();
  prefixCache.set(name, result ?? null);
  return result;
}

function compute(name: string): string | undefined {
  const slug = stripClientPrefix(name).toLowerCase().replace(/_/g, '-');
  const key = slug.replace(/-/g, '');
  if (key === '') return undefined;
  if (Object.prototype.hasOwnProperty.call(SERVICE_NAME_EXCEPTIONS, key)) {
    const p = SERVICE_NAME_EXCEPTIONS[key];
    return isKnownService(p) ? p : undefined;
  }
  if (isKnownService(slug)) return slug;
  if (isKnownService(key)) return key;
  return undefined;
}
