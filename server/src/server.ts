/** Entry point of the bundled language server (dist/server.js): connection wiring only. */
import { useBundledEstree } from './host/estree-loader';
import { startServer } from './lsp/start';

useBundledEstree(__dirname);
startServer();
