import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { GuardServer } from './service';

/**
 * Starts the language server on the transport named on the command line (`--stdio`, `--node-ipc`,
 * `--socket=N`, `--pipe=NAME`), as vscode-languageserver reads it from process.argv.
 */
export function startServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  // Never let an unexpected error kill the server: log it and keep serving.
  process.on('uncaughtException', (e) => connection.console.error(`serverless-guard: uncaught: ${e?.stack ?? e}`));
  process.on('unhandledRejection', (e) => connection.console.error(`serverless-guard: unhandled rejection: ${(e as Error)?.stack ?? e}`));
  new GuardServer(connection).listen();
}
