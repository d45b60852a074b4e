/**
 * The deployment model: what a serverless project deploys, as plain data. Every value carries the
 * exact source range it was read from, as `[start, end)` offsets (UTF-16 code units) in the text of
 * the file named by the enclosing object's `path`; `file.lines.range(start, end)` turns a span into
 * line/character positions.
 *
 * The model never guesses: a value is `literal` only when the configuration fixes it (written in
 * place, or reached through `${self:...}`, `Fn::FindInMap` over literal keys and similar in-file
 * lookups). Anything that depends on the deployment (`${opt:...}`, `!Ref Param`, `{{resolve:...}}`,
 * code expressions) is a reference, with the references listed.
 */
import type { ConfigFormat } from '../classify';
import type { Span } from '../parse/tree';

export type { Span };

/** Formats the model reads: the configuration formats of `classify.ts`, plus CDK stacks (code files). */
export type ModelFormat = ConfigFormat | 'cdk';

/** A variable, intrinsic function or code expression a value depends on. */
export interface VariableRef {
  /**
   * - `serverless`: `${source:address}` (Serverless Framework variables);
   * - `cloudformation`: `Ref`, `Fn::GetAtt`, a `${Name}` inside `Fn::Sub`, `Fn::ImportValue`, ...;
   * - `dynamic`: a CloudFormation dynamic reference `{{resolve:service:...}}`;
   * - `code`: an expression of a CDK or serverless.ts file that is not a literal.
   */
  syntax: 'serverless' | 'cloudformation' | 'dynamic' | 'code';
  /**
   * serverless: the variable source (`self`, `opt`, `env`, `ssm`, `file`, `cf`, `param`, `sls`, `aws`, `s3`,
   * or whatever precedes the colon); cloudformation: `Ref`, `Fn::GetAtt`, `Fn::Sub` (a variable of a Sub
   * string), `Fn::ImportValue`, `Fn::Select`, ...; dynamic: `ssm`, `ssm-secure` or `secretsmanager`;
   * code: `identifier`, `member`, `call`, `template` or `expression`.
   */
  source: string;
  /** What the reference names: `custom.table`, `/app/key`, `MyRole.Arn`, `AWS::Region`, code text. */
  address: string;
  /** The reference as written (`${ssm:/app/key}`, `!GetAtt MyRole.Arn`, `{{resolve:...}}`). */
  text: string;
  range: Span;
  /** Serverless `${a, b}`: the value used when the variable is not set (never taken as the value). */
  fallback?: ModelValue;
}

export type ValuePart = { text: string; range: Span } | { ref: VariableRef };

/** A branch of `Fn::If` a value or statement is under. */
export interface BranchCondition {
  condition: string;
  branch: boolean;
}

export interface ModelValue {
  /**
   * - `literal`: known exactly (`value`);
   * - `reference`: exactly one variable / intrinsic (`ref`);
   * - `template`: text mixing literal pieces and references (`parts`), e.g. `arn:aws:s3:::${Bucket}/*`;
   * - `conditional`: `Fn::If`; `alternatives` lists what it may be (the `AWS::NoValue` branch is left out);
   * - `structure`: a map or list where a scalar was expected (read `range`);
   * - `expression`: anything else (another intrinsic, a code expression) with `text`.
   */
  kind: 'literal' | 'reference' | 'template' | 'conditional' | 'structure' | 'expression';
  /**
   * Where the value is written at the place it is used (quotes and short-form tags included). For a
   * YAML alias or a JavaScript `const`, that is where the anchored node / the initialiser is written.
   */
  range: Span;
  /** The value when `kind` is `literal`. */
  value?: string | number | boolean | null;
  /**
   * `literal` only: where the literal text is written. Equals `range` for a value written in place;
   * differs when it was reached through `${self:...}`, `Fn::FindInMap`, or a `Fn::Sub` variable bound
   * to a literal (a value composed from several places has `definedAt` = `range`; see `parts`).
   */
  definedAt?: Span;
  /** `template` (and literals composed from several pieces): the pieces in order. */
  parts?: ValuePart[];
  /** `reference`: the reference. */
  ref?: VariableRef;
  /** `conditional`: the values it may take. */
  alternatives?: ModelValue[];
  /** `expression`: the source text (shortened to 200 characters). */
  text?: string;
  /** Set when the value comes from a branch of `Fn::If`. */
  when?: BranchCondition[];
}

/** A list-valued field of a statement (`Action`, `Resource`, ...), single values included. */
export interface ValueList {
  /** The key as written (`Action`, `actions`, ...). */
  keyRange: Span;
  /** The whole value node (scalar or list). */
  range: Span;
  /** Every value, `Fn::If` alternatives of list items and of whole lists flattened (see `when`). */
  items: ModelValue[];
}

export interface PrincipalEntry {
  /** `AWS`, `Service`, `Federated`, `CanonicalUser`, or `*` for `Principal: "*"`. */
  type: string;
  typeRange?: Span;
  value: ModelValue;
}

export interface ConditionEntry {
  operator: string;
  operatorRange: Span;
  key: string;
  keyRange: Span;
  values: ModelValue[];
}

export type PolicyKind = 'identity' | 'resource' | 'trust';

/** One IAM policy statement. */
export interface StatementModel {
  /** Unique in the workspace: `<path>#s<n>`. */
  id: string;
  path: string;
  /** Keys and list indexes from the file's root to the statement, e.g. `provider.iam.role.statements[0]`. */
  location: string;
  range: Span;
  policyKind: PolicyKind;
  /**
   * What the statement belongs to: `provider` (Serverless default role), `function:<name>`,
   * `resource:<LogicalId>`, `cdk:<construct id or variable>`.
   */
  owner: string;
  /** CloudFormation type of the owning resource (`AWS::IAM::Role`, `AWS::S3::BucketPolicy`, ...), when there is one. */
  resourceType?: string;
  /** Policy name when the statement sits in a named inline policy. */
  policyName?: string;
  /**
   * Set when the framework creates this statement from a setting rather than it being written as a
   * statement: `function-url` (a public function URL's resource policy), `lambda-permission`
   * (an `AWS::Lambda::Permission` resource), `event-bus-permission` (legacy EventBusPolicy form).
   */
  generated?: string;
  when?: BranchCondition[];
  /**
   * True when the statement is written inside a string (a policy given as JSON text, e.g.
   * `AWS::Logs::ResourcePolicy`): ranges point into that string, so replacement text must be escaped
   * the way the string is (`\"` in a JSON file, `''` in a single-quoted YAML scalar).
   */
  embedded?: boolean;
  sid?: ModelValue;
  effect?: ModelValue;
  actions?: ValueList;
  notActions?: ValueList;
  resources?: ValueList;
  notResources?: ValueList;
  principals?: PrincipalEntry[];
  notPrincipals?: PrincipalEntry[];
  /** Range of the `Principal` / `NotPrincipal` value. */
  principalRange?: Span;
  conditions?: ConditionEntry[];
}

/** A managed policy attached by name or ARN (or a reference to a policy resource). */
export interface ManagedPolicyRef {
  path: string;
  owner: string;
  value: ModelValue;
  /** For AWS managed policies given literally: the policy name (`AdministratorAccess`). */
  awsManagedName?: string;
  /** Logical id of an `AWS::IAM::ManagedPolicy` of the same file it refers to. */
  resource?: string;
  when?: BranchCondition[];
}

/** A SAM policy template (`S3ReadPolicy: {BucketName: ...}`). */
export interface PolicyTemplateRef {
  path: string;
  owner: string;
  name: string;
  nameRange: Span;
  parameters: Array<{ name: string; nameRange: Span; value: ModelValue }>;
}

/** An IAM role defined in the file (or the framework's default role). */
export interface RoleModel {
  /** Logical id (`resource:<id>` owners), `provider` for Serverless's default role, or the CDK construct. */
  name: string;
  path: string;
  range: Span;
  statements: string[];
  trustStatements: string[];
  managedPolicies: ManagedPolicyRef[];
  permissionsBoundary?: ModelValue;
}

/** The role a function runs with, when set explicitly. */
export interface RoleRef {
  value: ModelValue;
  /** The role it names inside the file (logical id), when it does. */
  resource?: string;
  /** True when the role is defined outside the file (a name or ARN, an import). */
  external: boolean;
}

export interface EnvEntry {
  key: string;
  keyRange: Span;
  value: ModelValue;
  path: string;
  /**
   * Where the entry is written: `provider` (Serverless `provider.environment`), `globals` (SAM
   * `Globals.Function`), `function` (the function's own), `local-settings` (Azure `Values`),
   * `connection-string` (Azure `ConnectionStrings`), `extension` (Serverless `resources.extensions`).
   */
  scope: 'provider' | 'globals' | 'function' | 'local-settings' | 'connection-string' | 'extension';
  /** The function it is written on (scope `function`/`extension`). */
  owner?: string;
}

export interface HandlerRef {
  /** The handler string as written, e.g. `src/orders.handler`. */
  raw: string;
  range: Span;
  /** The handler file without extension, absolute and normalised: `/repo/src/orders`. */
  fileBase: string;
  /** The exported function, e.g. `handler`. */
  exportName: string;
  /**
   * Other files (without extension) that may hold the handler: the TypeScript source of a compiled
   * Azure `scriptFile`, `__init__` for a Python Azure function without `scriptFile`.
   */
  alternateFileBases?: string[];
}

export interface UrlConfig {
  range: Span;
  /** `NONE` or `AWS_IAM` when known; otherwise see `authTypeValue`. */
  authType?: 'NONE' | 'AWS_IAM';
  authTypeValue?: ModelValue;
  /** Statement id of the resource policy a public URL gets, when `authType` is `NONE`. */
  publicStatement?: string;
}

/** An HTTP entry point of a function (API Gateway event, Azure HTTP trigger). */
export interface Endpoint {
  kind: 'http' | 'httpApi' | 'sam-api' | 'sam-http-api' | 'azure-http' | 'alb';
  range: Span;
  method?: ModelValue;
  route?: ModelValue;
  /** Authorizer as written (`aws_iam`, a name, an ARN); absent means none was configured. */
  authorizer?: ModelValue;
  /** Azure `authLevel` (`anonymous`, `function`, `admin`). */
  authLevel?: ModelValue;
  /** Serverless `private: true` (API key required). */
  private?: boolean;
}

export interface FunctionModel {
  /** Unique in the workspace: `<path>#<name>`. */
  id: string;
  /** Logical name (Serverless function key, CloudFormation logical id, Azure folder, CDK construct id). */
  name: string;
  /** The file that declares the function (same as `configPath`). */
  path: string;
  configPath: string;
  format: ModelFormat;
  /** Range of the function's name (its key, the construct id). */
  nameRange: Span;
  /** Range of the whole definition. */
  range: Span;
  handler?: HandlerRef;
  runtime?: ModelValue;
  /** Effective environment: inherited entries first, minus those the function overrides. */
  environment: EnvEntry[];
  /** The function's own environment map (where an entry would be inserted), when it has one. */
  environmentRange?: Span;
  role?: RoleRef;
  /** Ids of the statements that apply to the function (its role's identity and trust statements, its resource policy). */
  statements: string[];
  managedPolicies: ManagedPolicyRef[];
  policyTemplates: PolicyTemplateRef[];
  permissionsBoundary?: ModelValue;
  url?: UrlConfig;
  endpoints: Endpoint[];
}

export interface ParameterModel {
  name: string;
  nameRange: Span;
  path: string;
  /** `parameter` (CloudFormation/SAM `Parameters`) or `stage-param` (Serverless `params.<stage>`). */
  kind: 'parameter' | 'stage-param';
  /** Serverless stage the param belongs to (`default` for `params.default`). */
  stage?: string;
  type?: ModelValue;
  default?: ModelValue;
  noEcho?: boolean;
  noEchoRange?: Span;
}

export type ModelProblemKind =
  /** The file could not be parsed (the model holds what the parser recovered). */
  | 'parse-error'
  /** A part depends on something the model cannot read (another file, a code expression, a plugin). */
  | 'unresolved'
  /** A part is not in a shape the format allows. */
  | 'invalid'
  /** A construct the model does not read. */
  | 'unsupported';

export interface ModelProblem {
  kind: ModelProblemKind;
  path: string;
  message: string;
  range?: Span;
}

/** Facts about one handler code file that configurations point at. */
export interface HandlerFacts {
  path: string;
  language: 'javascript' | 'typescript' | 'python';
  /** Names exported at the top level (`default` for a default export, `*` when `module.exports` is not a literal). */
  exports: string[];
  /** Environment variables the code reads by name (`process.env.X`, `os.environ['X']`, `os.getenv('X')`). */
  envReads: Array<{ name: string; range: Span }>;
}

/** Azure `host.json` settings the model reads. */
export interface AzureHostSettings {
  version?: ModelValue;
  routePrefix?: ModelValue;
  extensionBundle?: ModelValue;
}

export interface FileModel {
  path: string;
  format: ModelFormat;
  language: 'yaml' | 'json' | 'typescript' | 'javascript';
  functions: FunctionModel[];
  statements: StatementModel[];
  roles: RoleModel[];
  managedPolicies: ManagedPolicyRef[];
  policyTemplates: PolicyTemplateRef[];
  parameters: ParameterModel[];
  /** Every environment entry written in the file, once (functions list the ones they get). */
  environment: EnvEntry[];
  /** Which statements apply to which functions (ids). */
  links: Array<{ statement: string; function: string }>;
  azureHost?: AzureHostSettings;
  problems: ModelProblem[];
}
