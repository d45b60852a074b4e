/** The engine's public surface, for the language server, the CLI and tests. */
export { analyzeFile, analyzeSource, effectiveSeverity, type AnalyzeInput, type AnalyzeOptions } from './analyze';
export { classifyFile, classifyPath, ignoredByPath, detectTemplateFormat, IGNORED_DIRECTORIES, DEFAULT_MAX_FILE_SIZE, type Classification, type ConfigFormat, type Language } from './classify';
export { applyEdits } from './fix/edits';
export { IGNORE_DIRECTIVE } from './fix/suppress';
export { WorkspaceIndex } from './model/workspace';
export type { ConfigSummary, DeployedFunction, HandlerRef } from './model/functions';
export { RULES, ruleById } from './rules';
export { docsUrl } from './rules/docs';
export type { Rule, RuleMeta } from './rule';
export type { EngineSettings } from './settings';
export { SourceCache, SourceFile } from './source';
export { LineIndex, stripBom } from './text';
export * from './types';
export * as model from './model';
