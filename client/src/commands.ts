import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ClearResultsRequest, ScanWorkspaceRequest, type ScanSummary } from '../../server/src/protocol/messages';
import type { StatusItem } from './status';

/** Server -> client during a scan (see `ScanProgressParams` in server/src/lsp/service.ts). */
const SCAN_PROGRESS = 'serverlessGuard/scanProgress';

interface ScanProgress {
  done: number;
  total: number;
  phase?: 'selecting' | 'modelling' | 'analysing';
  folder?: string;
}

export function registerCommands(context: vscode.ExtensionContext, client: LanguageClient, status: StatusItem): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('serverlessGuard.scanWorkspace', () => scanWorkspace(client, status)),
    vscode.commands.registerCommand('serverlessGuard.clearResults', async () => {
      const n = await client.sendRequest<number>(ClearResultsRequest);
      status.cleared(n);
    }),
    vscode.commands.registerCommand('serverlessGuard.allowHost', (...hosts: unknown[]) => allowHosts(hosts)),
  );
}

/**
 * Scans every workspace folder with a cancellable progress notification (files done / total). Results
 * reach the Problems panel as the server publishes them; the status item keeps the summary.
 */
async function scanWorkspace(client: LanguageClient, status: StatusItem): Promise<ScanSummary | undefined> {
  if (!vscode.workspace.workspaceFolders?.length) {
    void vscode.window.showInformationMessage('Serverless Guard: open a folder to scan.');
    return undefined;
  }
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Serverless Guard', cancellable: true },
    async (progress, token) => {
      let last = 0;
      progress.report({ message: 'listing files…' });
      const sub = client.onNotification(SCAN_PROGRESS, (p: ScanProgress) => {
        const where = p.folder ? ` in ${p.folder}` : '';
        if (p.phase === 'selecting') {
          progress.report({ message: `listing files${where}…` });
          return;
        }
        if (p.phase === 'modelling') {
          progress.report({ message: `reading configurations of ${p.total} files${where}…` });
          return;
        }
        // A new folder restarts the bar.
        const pct = p.total ? (p.done / p.total) * 100 : 100;
        if (pct < last) last = 0;
        progress.report({ message: `${p.done} / ${p.total} files${where}`, increment: pct - last });
        last = pct;
        status.progress(p.done, p.total);
      });
      try {
        const summary = await client.sendRequest<ScanSummary>(ScanWorkspaceRequest, {}, token);
        status.scanned(summary);
        return summary;
      } catch (e) {
        if (token.isCancellationRequested) {
          status.cancelled();
          return undefined;
        }
        void vscode.window.showErrorMessage(`Serverless Guard: the scan failed: ${(e as Error)?.message ?? e}`);
        return undefined;
      } finally {
        sub.dispose();
      }
    },
  );
}

/** Adds hosts to `serverlessGuard.plainHttp.allowedHosts` in the workspace settings (a code action's command). */
async function allowHosts(hosts: unknown[]): Promise<void> {
  const add = hosts.filter((h): h is string => typeof h === 'string' && h.length > 0);
  if (!add.length) return;
  const config = vscode.workspace.getConfiguration('serverlessGuard');
  const current = config.inspect<string[]>('plainHttp.allowedHosts')?.workspaceValue ?? [];
  const next = [...new Set([...current, ...add])];
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await config.update('plainHttp.allowedHosts', next, target);
}
