/**
 * Core data types of the analysis engine. Plain data only: no editor or protocol types here.
 * Positions follow the LSP default: zero-based lines, characters counted in UTF-16 code units
 * (which is what JavaScript string indices are).
 */

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
  /** Offset of `start` in the analysed text (UTF-16 code units). */
  startOffset: number;
  /** Offset of `end` in the analysed text (exclusive). */
  endOffset: number;
}

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

export interface TextEdit {
  /** File the edit applies to (the same path form the engine was given). */
  path: string;
  range: Range;
  newText: string;
}

/**
 * An action the front end carries out instead of (or besides) text edits, because it changes state the
 * engine does not own: `allowHost` adds hosts to `serverlessGuard.plainHttp.allowedHosts` in the
 * workspace settings.
 */
export interface FixCommand {
  name: 'allowHost';
  args: string[];
}

export interface Fix {
  title: string;
  isPreferred: boolean;
  /** 'quickfix' changes the code; 'suppress' adds an ignore comment; 'setting' changes a setting. */
  kind: 'quickfix' | 'suppress' | 'setting';
  edits: TextEdit[];
  command?: FixCommand;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** Message id within the rule's `meta.messages`. */
  messageId: string;
  path: string;
  range: Range;
  fixes: Fix[];
}

export type ProblemKind = 'parse-error' | 'skipped' | 'internal-error' | 'unsupported';

/** Something the engine met that is not a finding: a parse error, a skipped file, a rule that failed. */
export interface Problem {
  kind: ProblemKind;
  path: string;
  message: string;
  range?: Range;
}

export interface AnalysisResult {
  path: string;
  findings: Finding[];
  problems: Problem[];
}
