/**
 * The extension's settings, declared once. The client's package.json `contributes.configuration`
 * mirrors this type (a unit test checks that they agree); the server pulls them per resource.
 *
 * Adding a setting: add it here with its default, add it to package.json with `scope` and a
 * description, map it in `toEngineSettings`, and document it in README.md.
 */
import type { EngineSettings } from '../engine/settings';

export type RuleSeveritySetting = 'default' | 'error' | 'warning' | 'info' | 'off';

export interface ServerlessGuardSettings {
  /** Turns every check on or off for the resource. */
  enable: boolean;
  /** Per rule id: `{ "severity": "off" | "error" | "warning" | "info" | "default" }`. */
  rules: Record<string, { severity?: RuleSeveritySetting } | undefined>;
  /** Glob patterns (relative to the workspace folder) of files never analysed. */
  exclude: string[];
  /** Hosts that may be reached over plain HTTP (`example.com`, `*.internal.example.com`). */
  plainHttp: { allowedHosts: string[] };
  /** Files larger than this many bytes are skipped. */
  maxFileSize: number;
  /** Milliseconds to wait after the last keystroke before analysing a document. */
  debounceMs: number;
}

export const DEFAULT_SETTINGS: ServerlessGuardSettings = {
  enable: true,
  rules: {},
  exclude: [],
  plainHttp: { allowedHosts: [] },
  maxFileSize: 1024 * 1024,
  debounceMs: 200,
};

/** Fills in defaults and drops values of the wrong type (settings files are hand-edited). */
export function normalizeSettings(raw: unknown): ServerlessGuardSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Partial<Record<keyof ServerlessGuardSettings, unknown>>;
  const rules: ServerlessGuardSettings['rules'] = {};
  if (r.rules && typeof r.rules === 'object') {
    for (const [id, v] of Object.entries(r.rules as Record<string, unknown>)) {
      const sev = typeof v === 'string' ? v : v && typeof v === 'object' ? (v as { severity?: unknown }).severity : undefined;
      if (sev === 'default' || sev === 'error' || sev === 'warning' || sev === 'info' || sev === 'off') rules[id] = { severity: sev };
    }
  }
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const ph = (r.plainHttp && typeof r.plainHttp === 'object' ? r.plainHttp : {}) as { allowedHosts?: unknown };
  return {
    enable: typeof r.enable === 'boolean' ? r.enable : DEFAULT_SETTINGS.enable,
    rules,
    exclude: strings(r.exclude),
    plainHttp: { allowedHosts: strings(ph.allowedHosts) },
    maxFileSize: typeof r.maxFileSize === 'number' && r.maxFileSize > 0 ? r.maxFileSize : DEFAULT_SETTINGS.maxFileSize,
    debounceMs: typeof r.debounceMs === 'number' && r.debounceMs >= 0 ? Math.min(r.debounceMs, 5000) : DEFAULT_SETTINGS.debounceMs,
  };
}

export function toEngineSettings(s: ServerlessGuardSettings): EngineSettings {
  return { rules: s.rules, plainHttp: { allowedHosts: s.plainHttp.allowedHosts }, maxFileSize: s.maxFileSize };
}
