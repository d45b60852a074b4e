import { RULES } from '../engine/rules';
import { startServer } from '../lsp/start';
import { UsageError } from './args';
import { SCAN_HELP, scanCommand } from './scan';
import { modelCommand } from './model';
import { useBundledEstree } from '../host/estree-loader';

// In the bundle, typescript-estree is the file next to this one (with a code cache); see host/estree-loader.ts.
useBundledEstree(__dirname);

declare const SERVERLESS_GUARD_VERSION: string | undefined;
export const VERSION = typeof SERVERLESS_GUARD_VERSION === 'string' ? SERVERLESS_GUARD_VERSION : '0.0.0-dev';

/** Exit codes, documented in docs/cli.md. */
export const EXIT = { OK: 0, FINDINGS: 1, USAGE: 2, INTERNAL: 3 } as const;

const HELP = `serverless-guard ${VERSION}
Finds hardcoded secrets, wildcard IAM permissions and plain-HTTP calls in serverless projects.

Usage:
  serverless-guard scan [paths...] [options]   scan files or folders (default: .)
  serverless-guard model [dir]                  print the functions each configuration deploys, as JSON
  serverless-guard lsp --stdio                  start the language server (also --node-ipc, --socket=N)
  serverless-guard rules                        list the rules
  serverless-guard --version | --help

${SCAN_HELP}
Exit codes: 0 no finding at or above --fail-on (or --write-baseline done); 1 findings at or above
--fail-on (after --fix: those left); 2 usage error; 3 internal error. See docs/cli.md.
`;

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  isTTY: boolean;
  /** Standard error is a terminal: `scan` draws a progress line there. */
  stderrIsTTY?: boolean;
}

const defaultIO: CliIO = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  cwd: process.cwd(),
  isTTY: !!process.stdout.isTTY,
  stderrIsTTY: !!process.stderr.isTTY,
};

export async function main(argv: readonly string[], io: CliIO = defaultIO): Promise<number> {
  const [command, ...rest] = argv;
  try {
    // `serverless-guard scan --help` (or -h) before any `--`: the usage, like the top-level --help.
    const options = rest.indexOf('--') >= 0 ? rest.slice(0, rest.indexOf('--')) : rest;
    if ((command === 'scan' || command === 'model' || command === 'rules') && (options.includes('--help') || options.includes('-h'))) {
      io.stdout(HELP);
      return EXIT.OK;
    }
    switch (command) {
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.stdout(HELP);
        return command === undefined ? EXIT.USAGE : EXIT.OK;
      case '--version':
      case '-v':
        io.stdout(`${VERSION}\n`);
        return EXIT.OK;
      case 'scan':
        return await scanCommand(rest, io);
      case 'model':
        return await modelCommand(rest, io);
      case 'rules':
        for (const r of RULES) io.stdout(`${r.meta.id.padEnd(22)} ${r.meta.defaultSeverity.padEnd(8)} ${r.meta.description}\n`);
        return EXIT.OK;
      case 'lsp': {
        startServer();
        return new Promise<number>(() => undefined); // runs until the client exits the process
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`serverless-guard: ${e.message}\nRun "serverless-guard --help" for usage.\n`);
      return EXIT.USAGE;
    }
    io.stderr(`serverless-guard: internal error: ${(e as Error)?.stack ?? e}\n`);
    return EXIT.INTERNAL;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`serverless-guard: internal error: ${e}\n`);
      process.exitCode = EXIT.INTERNAL;
    },
  );
}
