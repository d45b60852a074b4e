import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { registerCommands } from './commands';
import { StatusItem } from './status';

let client: LanguageClient | undefined;

/** Languages whose documents the server analyses. */
export const DOCUMENT_SELECTOR = [
  'javascript',
  'javascriptreact',
  'typescript',
  'typescriptreact',
  'python',
  'yaml',
  'json',
  'jsonc',
].flatMap((language) => [
  { scheme: 'file', language },
  { scheme: 'untitled', language },
]);

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    synchronize: {
      // Tells the server when our settings change, so it drops its cache and pulls them again.
      configurationSection: ['serverlessGuard', 'files.exclude'],
      // Configuration and handler files on disk feed the server's deployment model and scan results.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.yml,*.yaml,*.json,*.js,*.mjs,*.cjs,*.jsx,*.ts,*.mts,*.cts,*.tsx,*.py,.env,.env.*,.npmrc}'),
    },
    outputChannelName: 'Serverless Guard',
  };
  client = new LanguageClient('serverlessGuard', 'Serverless Guard', serverOptions, clientOptions);
  const status = new StatusItem(client);
  context.subscriptions.push(status);
  registerCommands(context, client, status);
  await client.start();
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
  client = undefined;
}
