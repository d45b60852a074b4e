/**
 * The deployment model's public surface: per-file models (`modelOfFile`), the workspace index that
 * links them, value helpers, and the environment-entry edit for quick fixes. See `types.ts` for the
 * data and README.md in this folder for what each format contributes.
 */
export * from './types';
export { modelOfFile, isModelled } from './file-model';
export { WorkspaceIndex } from './workspace';
export { handlerFactsOf } from './handler';
export { splitHandler, runtimeFamily, type ConfigSummary, type DeployedFunction } from './functions';
export { leaves, literalString, literalText } from './values';
export { awsManagedPolicyName, referencedId } from './builder';
export { environmentEntryEdits, localSettingEdits, yamlValue, jsonValue, type EnvValue, type EnvEditResult } from './edit-env';
export { looksLikeCdk } from './cdk';
export { normalizedFunctionName, DEFAULT_ROLE_ID } from './serverless';
export { RESOURCE_POLICY_PROPERTY } from './cloudformation';
