/**
 * Secret detection library used by the `hardcoded-secret` rule. Pure functions, no I/O; nothing
 * here throws on any input.
 */

export type { LiteralClassification, LiteralVerdict, SecretSeverity, TokenMatch, TokenPattern } from './types';
export { findProviderTokens, mayHoldProviderToken, dedupeMatches, kindPriority, PROVIDER_PATTERNS } from './providers';
export { secretlintScan, secretlintAvailable, secretlintLoadError, mergeMatches } from './secretlint';
export { isSecretName, isPasswordLikeName, splitNameWords, mayContainSecretName } from './names';
export { classifyLiteral, redact, isTestPath, isClearlyFake } from './classify';
export {
  isReference,
  isPlaceholder,
  placeholderReason,
  isDocumentedExample,
  AWS_EXAMPLE_ACCESS_KEY_ID,
  AWS_EXAMPLE_SECRET_ACCESS_KEY,
  AZURITE_ACCOUNT_KEY,
  COSMOS_EMULATOR_KEY,
} from './values';
export { crc32, base62Encode, githubStyleChecksum, verifyGithubStyleChecksum } from './checksum';
