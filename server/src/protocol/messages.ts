/** Custom protocol messages between the client and the server, all named `serverlessGuard/...`. */

export interface ScanWorkspaceParams {
  /** Optional work-done progress token created by the client. */
  workDoneToken?: string | number;
}

export interface ScanSummary {
  files: number;
  findings: number;
  errors: number;
  warnings: number;
  skipped: number;
  durationMs: number;
  cancelled: boolean;
}

/** Request: scan every workspace folder; results are published as diagnostics. */
export const ScanWorkspaceRequest = 'serverlessGuard/scanWorkspace';
/** Request: clear the diagnostics of files that are not open. */
export const ClearResultsRequest = 'serverlessGuard/clearResults';
/** Notification server -> client: status for the language status item. */
export const StatusNotification = 'serverlessGuard/status';

export interface StatusParams {
  state: 'idle' | 'scanning' | 'error';
  message: string;
  lastScan?: ScanSummary;
}
