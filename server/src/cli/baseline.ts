import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import { UsageError } from './args';

/**
 * A baseline: findings accepted as they are, so that CI fails only on new ones. Findings are keyed by
 * file (relative to the baseline file's folder), rule and fingerprint — a hash of the rule and of the
 * text the finding points at, never the text itself and never a line number — so the baseline survives
 * edits elsewhere in the file and never stores a secret. The same text reported twice in one file is
 * one entry with a count.
 */
export interface BaselineFile {
  version: 1;
  tool: 'serverless-guard';
  /** Tool version that wrote it (informational). */
  toolVersion: string;
  findings: BaselineEntry[];
}

export interface BaselineEntry {
  file: string;
  ruleId: string;
  fingerprint: string;
  count: number;
}

export interface Keyed {
  /** Absolute path of the file the finding is in. */
  path: string;
  ruleId: string;
  fingerprint: string;
}

export class Baseline {
  private readonly remaining = new Map<string, number>();

  private constructor(
    readonly location: string,
    entries: readonly BaselineEntry[],
  ) {
    for (const e of entries) this.remaining.set(key(e.file, e.ruleId, e.fingerprint), (this.remaining.get(key(e.file, e.ruleId, e.fingerprint)) ?? 0) + Math.max(1, e.count | 0));
  }

  static async load(file: string): Promise<Baseline> {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new UsageError(code === 'ENOENT' ? `baseline file not found: ${file} (create it with --write-baseline)` : `cannot read the baseline ${file}: ${code ?? e}`);
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new UsageError(`the baseline ${file} is not valid JSON: ${(e as Error).message}`);
    }
    const d = data as Partial<BaselineFile>;
    if (!d || typeof d !== 'object' || d.version !== 1 || !Array.isArray(d.findings)) {
      throw new UsageError(`the baseline ${file} is not a serverless-guard baseline (version 1)`);
    }
    const entries = d.findings.filter(
      (e): e is BaselineEntry => !!e && typeof e.file === 'string' && typeof e.ruleId === 'string' && typeof e.fingerprint === 'string',
    );
    return new Baseline(nodePath.resolve(file), entries);
  }

  /** True (and one occurrence used up) when the baseline accepts this finding. Call in a stable order. */
  accepts(f: Keyed): boolean {
    const k = key(relativeTo(this.location, f.path), f.ruleId, f.fingerprint);
    const n = this.remaining.get(k) ?? 0;
    if (n <= 0) return false;
    this.remaining.set(k, n - 1);
    return true;
  }
}

export function buildBaseline(location: string, findings: readonly Keyed[], toolVersion: string): BaselineFile {
  const counts = new Map<string, BaselineEntry>();
  for (const f of findings) {
    const file = relativeTo(nodePath.resolve(location), f.path);
    const k = key(file, f.ruleId, f.fingerprint);
    const e = counts.get(k);
    if (e) e.count++;
    else counts.set(k, { file, ruleId: f.ruleId, fingerprint: f.fingerprint, count: 1 });
  }
  const list = [...counts.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : a.fingerprint < b.fingerprint ? -1 : 1));
  return { version: 1, tool: 'serverless-guard', toolVersion, findings: list };
}

export async function writeBaseline(location: string, data: BaselineFile): Promise<void> {
  await fs.mkdir(nodePath.dirname(nodePath.resolve(location)), { recursive: true });
  await fs.writeFile(location, JSON.stringify(data, null, 2) + '\n');
}

function relativeTo(baselineFile: string, path: string): string {
  return nodePath.relative(nodePath.dirname(baselineFile), path).split(nodePath.sep).join('/');
}

function key(file: string, ruleId: string, fingerprint: string): string {
  return `${file}\u0000${ruleId}\u0000${fingerprint}`;
}
