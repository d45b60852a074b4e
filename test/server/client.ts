/** A real LSP client connection over the child's stdio, for protocol tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type InitializeParams,
} from 'vscode-languageserver-protocol/node';

export const REPO = path.resolve(__dirname, '../../..');

export interface TestServer {
  connection: ProtocolConnection;
  child: ChildProcess;
  stderr: () => string;
  /** Resolves with the next diagnostics for `uri` that satisfy `predicate`, or rejects after `timeoutMs`. */
  diagnostics(uri: string, predicate?: (p: PublishDiagnosticsParams) => boolean, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  /** Settings the fake client answers `workspace/configuration` with. */
  settings: Record<string, unknown>;
  stop(): Promise<void>;
}

export async function startServer(command: string[], rootDir: string, init: Partial<InitializeParams> = {}): Promise<TestServer> {
  const child = spawn(process.execPath, command, { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const latest = new Map<string, PublishDiagnosticsParams>();
  const waiters: Array<{ uri: string; pred: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }> = [];
  const server: TestServer = {
    connection,
    child,
    stderr: () => err,
    settings: {},
    diagnostics(uri, predicate = () => true, timeoutMs = 10000) {
      const have = latest.get(uri);
      if (have && predicate(have)) return Promise.resolve(have);
      return new Promise((resolve, reject) => {
        const w = { uri, pred: predicate, resolve };
        waiters.push(w);
        const t = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; last: ${JSON.stringify(latest.get(uri))}`));
        }, timeoutMs);
        w.resolve = (p) => {
          clearTimeout(t);
          resolve(p);
        };
      });
    },
    async stop() {
      try {
        await connection.sendRequest('shutdown');
        connection.sendNotification('exit');
      } catch {
        /* already gone */
      }
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const t = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
      });
      connection.dispose();
    },
  };
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    latest.set(p.uri, p);
    for (const w of [...waiters]) {
      if (w.uri === p.uri && w.pred(p)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p);
      }
    }
  });
  connection.onRequest('workspace/configuration', (params: { items: Array<{ section?: string }> }) =>
    params.items.map((i) => (i.section === 'serverlessGuard' ? server.settings : null)),
  );
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onNotification('window/logMessage', () => undefined);
  connection.listen();
  const rootUri = pathToFileURL(rootDir).href;
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'ws' }],
    capabilities: {
      workspace: { configuration: true, workspaceEdit: { documentChanges: true }, didChangeConfiguration: { dynamicRegistration: false } },
      textDocument: { publishDiagnostics: { versionSupport: true }, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } } },
    },
    ...init,
  } as InitializeParams);
  connection.sendNotification('initialized', {});
  return server;
}
