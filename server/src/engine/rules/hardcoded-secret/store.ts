/**
 * The secret-store reference a fix writes into a configuration, per format, and the fix title that
 * says where the secret has to be created:
 * - Serverless Framework: `${ssm:/<service>/${sls:stage}/<name>}` (SSM Parameter Store; a SecureString
 *   parameter is decrypted by the framework at deploy time);
 * - SAM / CloudFormation: `!Sub '{{resolve:secretsmanager:${AWS::StackName}/<name>}}'` (Secrets Manager
 *   dynamic reference, one secret per stack; SSM SecureString references are not allowed in Lambda
 *   environment variables, so Secrets Manager it is);
 * - Azure Functions app settings: `@Microsoft.KeyVault(SecretUri=https://<vault>.vault.azure.net/secrets/<name>/)`.
 */
import { get, getPair, isMap, walk, type CNode, type ScalarStyle } from '../../parse/tree';
import type { EnvValue } from '../../model/edit-env';
import type { SourceFile } from '../../source';
import { storeName } from './naming';

export interface StoreRef {
  /** What the value becomes, as YAML text for a value position (`flow`: inside `{}`/`[]`). */
  yaml(style: ScalarStyle | undefined, flow: boolean): string;
  /** What the value becomes, as JSON text. */
  json(): string;
  /** The value for `model/edit-env` in a file of this language. */
  envValue(language: 'yaml' | 'json' | 'js'): EnvValue;
  /** Fix title: "Move to SSM parameter /orders/dev/stripe-key". */
  title: string;
  /** Where the secret lives, for the docs and titles: "SSM parameter /orders/dev/stripe-key". */
  where: string;
}

/** Stage the Serverless Framework deploys by default (`sls deploy` without `--stage`). */
const DEFAULT_STAGE = 'dev';

function literalString(n: CNode | undefined): string | undefined {
  return n && n.kind === 'scalar' && !n.tag && typeof n.value === 'string' && n.value.trim() !== '' ? n.value.trim() : undefined;
}

/** `service: orders` or (Serverless v1) `service: { name: orders }`. */
export function serverlessService(root: CNode | undefined): string | undefined {
  const s = get(root, 'service');
  return literalString(s) ?? literalString(get(s, 'name'));
}

function isPlainName(s: string | undefined): s is string {
  return !!s && /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(s);
}

export function yamlQuoted(value: string, style: ScalarStyle | undefined): string {
  if (style === 'double') return JSON.stringify(value);
  return `'${value.replace(/'/g, "''")}'`;
}

/** Whether `value` can be written as a plain YAML scalar at this position. */
export function plainSafe(value: string, flow: boolean): boolean {
  if (value === '' || /^[\s\-?:,[\]{}#&*!|>'"%@`]/.test(value)) return false;
  if (/:\s|\s#|\s$|[\r\n\t]/.test(value)) return false;
  if (flow && /[,[\]{}]/.test(value)) return false;
  if (/^(?:true|false|yes|no|on|off|null|~|[-+]?[0-9.][0-9._eExXoO+-]*)$/i.test(value)) return false;
  return true;
}

function yamlString(value: string, style: ScalarStyle | undefined, flow: boolean): string {
  if ((style === 'plain' || style === 'block-literal' || style === 'block-folded' || style === undefined) && plainSafe(value, flow)) return value;
  return yamlQuoted(value, style === 'double' ? 'double' : 'single');
}

/** The reference for a configuration of `format`, naming the secret after `envName`; undefined when the format has none. */
export function storeRefFor(configFile: SourceFile, format: string, envName: string): StoreRef | undefined {
  const name = storeName(envName);
  const root = configFile.config?.roots[0];
  if (format === 'serverless') {
    // serverless.ts / .js have no configuration tree here: read the two literals from the text.
    const service = root ? serverlessService(root) : /\bservice\s*:\s*['"`]([A-Za-z0-9][\w.-]*)['"`]/.exec(configFile.text)?.[1];
    const stage = root ? literalString(get(get(root, 'provider'), 'stage')) : /\bstage\s*:\s*['"`]([\w-]+)['"`]/.exec(configFile.text)?.[1];
    const svcRef = isPlainName(service) ? service : '${self:service}';
    const ref = `\${ssm:/${svcRef}/\${sls:stage}/${name}}`;
    const where = `SSM parameter /${isPlainName(service) ? service : '<service>'}/${isPlainName(stage) ? stage : DEFAULT_STAGE}/${name}`;
    return {
      yaml: (style, flow) => yamlString(ref, style, flow),
      json: () => JSON.stringify(ref),
      envValue: () => ref,
      title: `Move to ${where}`,
      where,
    };
  }
  if (format === 'sam' || format === 'cloudformation') {
    const inner = `{{resolve:secretsmanager:\${AWS::StackName}/${name}}}`;
    const where = `Secrets Manager secret <stack name>/${name}`;
    const yaml = (style: ScalarStyle | undefined): string => `!Sub ${yamlQuoted(inner, style === 'double' ? 'double' : 'single')}`;
    const json = (): string => `{ "Fn::Sub": ${JSON.stringify(inner)} }`;
    return {
      yaml,
      json,
      envValue: (language) => ({ raw: language === 'json' ? json() : yaml(undefined) }),
      title: `Move to ${where}`,
      where,
    };
  }
  if (format === 'cdk') {
    // The construct's environment ends up in the synthesised template, where CloudFormation resolves it.
    const ref = `{{resolve:secretsmanager:${name}}}`;
    const where = `Secrets Manager secret ${name}`;
    return { yaml: (style) => yamlQuoted(ref, style), json: () => JSON.stringify(ref), envValue: () => ref, title: `Move to ${where}`, where };
  }
  if (format === 'azure-local-settings' || format === 'azure-function') {
    const vault = keyVaultName(root);
    const uri = `https://${vault ?? '<key-vault-name>'}.vault.azure.net/secrets/${name}/`;
    const ref = `@Microsoft.KeyVault(SecretUri=${uri})`;
    const where = vault ? `Key Vault secret ${name} (vault ${vault})` : `Key Vault secret ${name}`;
    return {
      yaml: (style) => yamlQuoted(ref, style),
      json: () => JSON.stringify(ref),
      envValue: () => ref,
      title: vault ? `Move to ${where}` : `Move to ${where} (fill in the vault name)`,
      where,
    };
  }
  return undefined;
}

/** A Key Vault already referenced by the app settings, so new references use the same vault. */
export function keyVaultName(root: CNode | undefined): string | undefined {
  let found: string | undefined;
  const values = getPair(root, 'Values')?.value;
  walk(isMap(values) ? values : root, (n) => {
    if (found || n.kind !== 'scalar' || typeof n.value !== 'string') return;
    const m = /@Microsoft\.KeyVault\(\s*(?:SecretUri=https:\/\/([A-Za-z0-9-]{3,24})\.vault\.azure\.net|VaultName=([A-Za-z0-9-]{3,24}))/i.exec(n.value);
    if (m) found = m[1] ?? m[2];
  });
  return found;
}
