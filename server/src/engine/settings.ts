import type { SeveritySetting } from './types';

/** What the engine needs to know of the user's settings. Front ends map their own settings onto it. */
export interface EngineSettings {
  /** Per rule: a severity, 'off', or 'default' (the rule's own severity). */
  rules?: Record<string, { severity?: SeveritySetting | 'default' } | undefined>;
  plainHttp?: {
    /** Hosts (exact names, or `*.example.com`) that may be reached over plain HTTP. */
    allowedHosts?: string[];
  };
  /** Files larger than this many characters are skipped (default 1 MiB). */
  maxFileSize?: number;
}

export const DEFAULT_SETTINGS: Readonly<EngineSettings> = Object.freeze({});
