import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { ConfigFormat, Language } from './classify';
import type { ParsedConfig, SourceFile } from './source';
import type { EngineSettings } from './settings';
import type { FixCommand, Severity, TextEdit } from './types';
import type { WorkspaceIndex } from './model/workspace';

export interface RuleMeta {
  /** Stable id, used in settings, suppress comments, SARIF and `Diagnostic.code`. */
  id: string;
  /** One sentence, shown in SARIF and the CLI's rule list. */
  description: string;
  /** The rule's docs page. */
  docsUrl: string;
  defaultSeverity: Severity;
  /** Message templates by id; `{{name}}` is replaced from the report's data. */
  messages: Record<string, string>;
  fixable: boolean;
  /** The files the rule reads. */
  appliesTo: {
    code?: ReadonlyArray<'javascript' | 'typescript' | 'python'>;
    config?: ReadonlyArray<ConfigFormat> | 'all';
    /** Other text files (`.npmrc`, `.env`, plain YAML/JSON that is not configuration). */
    other?: ReadonlyArray<Language>;
  };
}

export interface FixSpec {
  title: string;
  isPreferred?: boolean;
  edits: TextEdit[];
  /** Default 'quickfix'. */
  kind?: 'quickfix' | 'setting';
  command?: FixCommand;
}

export interface ReportSpec {
  messageId: string;
  data?: Record<string, string | number>;
  /** Offsets in the rule's file. */
  start: number;
  end: number;
  /** Overrides the rule's default severity for this finding (the user's setting still wins). */
  severity?: Severity;
  fixes?: FixSpec[];
}

export type CodeVisitor = (node: TSESTree.Node) => void;

export interface RuleListener {
  /** ESTree node type -> visitor, called in the one shared traversal of a JS/TS file (parents set). */
  code?: Partial<Record<TSESTree.Node['type'] | `${TSESTree.Node['type']}:exit`, CodeVisitor>>;
  /** Called once for a configuration file (YAML/JSON) with its parsed documents. */
  config?: (config: ParsedConfig) => void;
  /** Called once for every file the rule applies to, for text-level checks. */
  text?: () => void;
  /** Called after every other listener; may be async (for example a library with an async API). */
  end?: () => void | Promise<void>;
}

export interface RuleContext {
  readonly file: SourceFile;
  readonly index: WorkspaceIndex;
  readonly settings: EngineSettings;
  report(spec: ReportSpec): void;
  /** A text edit replacing [start, end) of this file. */
  replace(start: number, end: number, newText: string): TextEdit;
}

export interface Rule {
  meta: RuleMeta;
  /**
   * A cheap test on the file's text, before anything is parsed: false means the rule cannot report
   * anything in this file, so it is skipped (and, when no rule is left, the file is never parsed).
   * It must never be false for a file where the rule could report: it trades speed, not accuracy.
   */
  mayReport?(file: SourceFile): boolean;
  create(context: RuleContext): RuleListener;
}
