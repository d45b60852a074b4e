import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { StatusNotification, type ScanSummary, type StatusParams } from '../../server/src/protocol/messages';

/** A language status item: what the server is doing and what the last scan found. */
export class StatusItem implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(client: LanguageClient) {
    this.item = vscode.languages.createLanguageStatusItem('serverlessGuard.status', [
      'javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'python', 'yaml', 'json', 'jsonc',
    ]);
    this.item.name = 'Serverless Guard';
    this.item.text = 'Serverless Guard';
    this.item.command = { title: 'Scan Workspace', command: 'serverlessGuard.scanWorkspace' };
    this.disposables.push(client.onNotification(StatusNotification, (p: StatusParams) => this.update(p)));
  }

  scanned(s: ScanSummary): void {
    this.update({ state: 'idle', message: s.cancelled ? 'Scan cancelled' : `${s.findings} findings`, lastScan: s });
  }

  private update(p: StatusParams): void {
    this.item.busy = p.state === 'scanning';
    const s = p.lastScan;
    this.item.text = s ? `Serverless Guard: ${s.errors} errors, ${s.warnings} warnings` : `Serverless Guard: ${p.message}`;
    this.item.detail = s ? `last scan: ${s.files} files in ${(s.durationMs / 1000).toFixed(1)}s${s.cancelled ? ' (cancelled)' : ''}` : undefined;
    this.item.severity = s && s.errors ? vscode.LanguageStatusSeverity.Error : s && s.warnings ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
  }

  dispose(): void {
    this.item.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
