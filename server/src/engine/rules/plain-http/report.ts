/**
 * Collects the findings of one file before they are reported, so that a URL reached by several calls
 * (or an endpoint used by several configuration entries) gives one finding, at the most severe level
 * any of its uses deserves, with its fixes built once.
 */
import { displayUrl, secureSuffix, type CleartextUrl } from '../../net/url';
import type { FixSpec, RuleContext } from '../../rule';
import type { Severity, TextEdit } from '../../types';

export interface Candidate {
  /** Range reported, in file offsets. */
  start: number;
  end: number;
  messageId: string;
  data: Record<string, string>;
  severity?: Severity;
  /** The URL, when the finding is about one written at [start, end). */
  url?: CleartextUrl;
  /** File offset just after the scheme name, where the `s` goes; undefined when no automatic fix is safe. */
  schemeEnd?: number;
  /** Edits of the preferred fix when it is not "add an s" (CloudFront policies, SNS protocol). */
  fix?: { title: string; edits: TextEdit[] };
  /** Host offered for "Allow plain HTTP to …". */
  host?: string;
  /** Lower wins when two candidates share a range and a severity (keeps the first, most specific, message). */
  rank?: number;
}

const ORDER: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export class Collector {
  private readonly byRange = new Map<string, Candidate>();

  constructor(private readonly context: RuleContext) {}

  add(c: Candidate): void {
    const key = `${c.start}:${c.end}`;
    const prev = this.byRange.get(key);
    if (!prev) {
      this.byRange.set(key, c);
      return;
    }
    const a = ORDER[prev.severity ?? 'warning'];
    const b = ORDER[c.severity ?? 'warning'];
    if (b > a) {
      // Keep a fix-safety decision made for an earlier use: if any use forbids the automatic fix, so does this one.
      this.byRange.set(key, { ...c, schemeEnd: prev.schemeEnd === undefined ? undefined : c.schemeEnd });
    } else if (c.schemeEnd === undefined && prev.schemeEnd !== undefined && !prev.fix) {
      this.byRange.set(key, { ...prev, schemeEnd: undefined });
    }
  }

  /** Drops the candidates `keep` rejects (e.g. hosts an HTTP mock intercepts). */
  filter(keep: (c: Candidate) => boolean): void {
    for (const [k, c] of this.byRange) if (!keep(c)) this.byRange.delete(k);
  }

  get size(): number {
    return this.byRange.size;
  }

  flush(): void {
    const { context } = this;
    for (const c of this.byRange.values()) {
      const fixes: FixSpec[] = [];
      if (c.fix) {
        fixes.push({ title: c.fix.title, isPreferred: true, edits: c.fix.edits });
      } else if (c.schemeEnd !== undefined && c.url) {
        const secure = c.url.scheme === 'http' ? 'https://' : 'wss://';
        fixes.push({
          title: `Use ${secure}`,
          isPreferred: true,
          edits: [context.replace(c.schemeEnd, c.schemeEnd, secureSuffix(context.file.text, c.schemeEnd))],
        });
      }
      const host = c.host ?? c.url?.host;
      if (host) {
        fixes.push({
          title: `Allow plain HTTP to ${host} in this workspace`,
          isPreferred: false,
          kind: 'setting',
          edits: [],
          command: { name: 'allowHost', args: [host] },
        });
      }
      context.report({ messageId: c.messageId, data: c.data, start: c.start, end: c.end, severity: c.severity, fixes });
    }
    this.byRange.clear();
  }
}

/** Message data shared by every URL finding. */
export function urlData(url: CleartextUrl): { url: string; protocol: string; secure: string } {
  return {
    url: displayUrl(url),
    protocol: url.scheme === 'http' ? 'HTTP' : 'WebSocket',
    secure: url.scheme === 'http' ? 'https://' : 'wss://',
  };
}
