import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ClearResultsRequest, ScanWorkspaceRequest, type ScanSummary } from '../../server/src/protocol/messages';
import type { StatusItem } from './status';

const SCAN_PROGRESS = 'serverlessGuard/scanProgress';

export function registerCommands(context: vscode.ExtensionContext, client: LanguageClient, status: StatusItem): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('serverlessGuard.scanWorkspace', () => scanWorkspace(client, status)),
    vscode.commands.registerCommand('serverlessGuard.clearResults', async () => {
      await client.sendRequest(ClearResultsRequest);
    }),
    vscode.commands.registerCommand('serverlessGuard.allowHost', (...hosts: unknown[]) => allowHosts(hosts)),
  );
}

/** Scans every workspace folder with progress (files done / total) and cancellation. */
async function scanWorkspace(client: LanguageClient, status: StatusItem): Promise<ScanSummary | undefined> {
  if (!vscode.workspace.workspaceFolders?.length) {
    void vscode.window.showInformationMessage('Serverless Guard: open a folder to scan.');
    return undefined;
  }
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Serverless Guard: scanning workspace', cancellable: true },
    async (progress, token) => {
      let last = 0;
      const sub = client.onNotification(SCAN_PROGRESS, (p: { done: number; total: number }) => {
        if (!p.total) return;
        const pct = (p.done / p.total) * 100;
        progress.report({ message: `${p.done} / ${p.total} files`, increment: pct - last });
        last = pct;
      });
      try {
        const summary = await client.sendRequest<ScanSummary>(ScanWorkspaceRequest, {}, token);
        status.scanned(summary);
        return summary;
      } catch (e) {
        if (token.isCancellationRequested) return undefined;
        throw e;
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
