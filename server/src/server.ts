/** Entry point of the bundled language server (dist/server.js): connection wiring only. */
import { startServer } from './lsp/start';

startServer();
