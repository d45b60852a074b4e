import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { StatusNotification, type ScanSummary, type StatusParams } from '../../server/src/protocol/messages';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * A language status item (the `{}` in the status bar, for the languages the server reads): what the
 * server is doing, and the last workspace scan's counts, file total and duration. Its command scans.
 */
export class StatusItem implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;
  private readonly disposables: vscode.Disposable[] = [];
  private last: ScanSummary | undefined;

  constructor(client: LanguageClient) {
    this.item = vscode.languages.createLanguageStatusItem('serverlessGuard.status', [
      'javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'python', 'yaml', 'json', 'jsonc',
    ]);
    this.item.name = 'Serverless Guard';
    this.item.text = 'Serverless Guard';
    this.item.detail = 'no workspace scan yet';
    this.item.command = { title: 'Scan Workspace', command: 'serverlessGuard.scanWorkspace' };
    this.disposables.push(client.onNotification(StatusNotification, (p: StatusParams) => this.update(p)));
  }

  /** The scan request returned. */
  scanned(s: ScanSummary): void {
    this.update({ state: 'idle', message: s.cancelled ? 'Scan cancelled' : `${s.findings} findings`, lastScan: s.cancelled ? this.last : s });
  }

  cancelled(): void {
    this.update({ state: 'idle', message: 'Scan cancelled', lastScan: this.last });
  }

  cleared(n: number): void {
    this.update({ state: 'idle', message: `Cleared the results of ${plural(n, 'file')}`, lastScan: this.last });
  }

  progress(done: number, total: number): void {
    this.item.busy = true;
    this.item.text = `Serverless Guard: scanning ${done}/${total}`;
  }

  private update(p: StatusParams): void {
    if (p.lastScan && !p.lastScan.cancelled) this.last = p.lastScan;
    const s = this.last;
    this.item.busy = p.state === 'scanning';
    if (p.state === 'scanning') {
      this.item.text = `Serverless Guard: ${p.message}`;
    } else if (s) {
      this.item.text = `Serverless Guard: ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}`;
    } else {
      this.item.text = `Serverless Guard: ${p.message}`;
    }
    const when = s ? `last scan: ${plural(s.findings, 'finding')} in ${plural(s.files, 'file')} (${s.skipped} skipped), ${formatDuration(s.durationMs)}` : 'no workspace scan yet';
    const note = p.state === 'idle' && /cancelled|cleared/i.test(p.message) ? `${p.message} · ` : '';
    this.item.detail = `${note}${when}`;
    this.item.severity = p.state === 'error'
      ? vscode.LanguageStatusSeverity.Error
      : s && s.errors
        ? vscode.LanguageStatusSeverity.Error
        : s && s.warnings
          ? vscode.LanguageStatusSeverity.Warning
          : vscode.LanguageStatusSeverity.Information;
  }

  dispose(): void {
    this.item.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
