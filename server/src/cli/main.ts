import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import { RULES } from '../engine/rules';
import type { EngineSettings } from '../engine/settings';
import type { Severity } from '../engine/types';
import { scanPaths } from '../host/scan';
import { startServer } from '../lsp/start';
import { parseArgs, UsageError } from './args';
import { formatJson, formatSarif, formatText } from './format';

declare const SERVERLESS_GUARD_VERSION: string | undefined;
export const VERSION = typeof SERVERLESS_GUARD_VERSION === 'string' ? SERVERLESS_GUARD_VERSION : '0.0.0-dev';

/** Exit codes, documented in README.md. */
export const EXIT = { OK: 0, FINDINGS: 1, USAGE: 2, INTERNAL: 3 } as const;

const HELP = `serverless-guard ${VERSION}
Finds hardcoded secrets, wildcard IAM permissions and plain-HTTP calls in serverless projects.

Usage:
  serverless-guard scan [paths...] [options]   scan files or folders (default: .)
  serverless-guard model [dir]                  print the functions each configuration deploys, as JSON
  serverless-guard lsp --stdio                  start the language server (also --node-ipc, --socket=N)
  serverless-guard rules                        list the rules
  serverless-guard --version | --help

Scan options:
  --format text|json|sarif     output format (default: text)
  --output FILE                write the report to FILE instead of standard output
  --fail-on error|warning|never  lowest severity that makes the exit code 1 (default: warning)
  --rule ID                    run only this rule (repeatable)
  --disable-rule ID            turn a rule off (repeatable)
  --exclude GLOB               skip files matching GLOB, relative to each scanned folder (repeatable)
  --max-file-size BYTES        skip larger files (default: 1048576)
  --no-gitignore               do not honour .gitignore files
  --color / --no-color         force or disable colour in text output

Exit codes: 0 no finding at or above --fail-on; 1 findings; 2 usage error; 3 internal error.
`;

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  isTTY: boolean;
}

const defaultIO: CliIO = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  cwd: process.cwd(),
  isTTY: !!process.stdout.isTTY,
};

export async function main(argv: readonly string[], io: CliIO = defaultIO): Promise<number> {
  const [command, ...rest] = argv;
  try {
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

async function scanCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { flags, positionals } = parseArgs(argv, {
    format: { value: true, choices: ['text', 'json', 'sarif'] },
    output: { value: true },
    'fail-on': { value: true, choices: ['error', 'warning', 'never'] },
    rule: { value: true, multiple: true },
    'disable-rule': { value: true, multiple: true },
    exclude: { value: true, multiple: true },
    'max-file-size': { value: true },
    'no-gitignore': {},
    color: {},
    'no-color': {},
  });
  const format = flags.get('format')?.[0] ?? 'text';
  const failOn = (flags.get('fail-on')?.[0] ?? 'warning') as Severity | 'never';
  const known = new Set(RULES.map((r) => r.meta.id));
  const only = flags.get('rule') ?? [];
  const disabled = flags.get('disable-rule') ?? [];
  for (const id of [...only, ...disabled]) if (!known.has(id)) throw new UsageError(`unknown rule "${id}" (known: ${[...known].join(', ')})`);
  const settings: EngineSettings = { rules: {} };
  for (const r of RULES) {
    if ((only.length && !only.includes(r.meta.id)) || disabled.includes(r.meta.id)) settings.rules![r.meta.id] = { severity: 'off' };
  }
  const maxRaw = flags.get('max-file-size')?.[0];
  if (maxRaw !== undefined) {
    const n = Number(maxRaw);
    if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--max-file-size needs a positive number of bytes (got "${maxRaw}")`);
    settings.maxFileSize = n;
  }
  const paths = (positionals.length ? positionals : ['.']).map((p) => nodePath.resolve(io.cwd, p));
  for (const p of paths) {
    try {
      await fs.stat(p);
    } catch {
      throw new UsageError(`no such file or folder: ${p}`);
    }
  }
  const root = paths.length === 1 ? await rootOf(paths[0]) : commonRoot(paths);
  const started = performance.now();
  const out = await scanPaths(paths, { settings, exclude: flags.get('exclude'), gitignore: !flags.has('no-gitignore') });
  const durationMs = performance.now() - started;
  const rules = RULES.filter((r) => settings.rules?.[r.meta.id]?.severity !== 'off');
  const input = { root, results: out.results, rules, toolVersion: VERSION, durationMs, files: out.files, skipped: out.skipped.length };
  const color = flags.has('color') || (!flags.has('no-color') && !flags.has('output') && io.isTTY && !process.env.NO_COLOR);
  const report = format === 'json' ? formatJson(input) : format === 'sarif' ? formatSarif(input) : formatText(input, color);
  const output = flags.get('output')?.[0];
  if (output) await fs.writeFile(nodePath.resolve(io.cwd, output), report);
  else io.stdout(report);
  for (const r of out.results) {
    for (const p of r.problems) if (p.kind === 'internal-error') io.stderr(`serverless-guard: ${nodePath.relative(root, p.path)}: ${p.message}\n`);
  }
  if (failOn === 'never') return EXIT.OK;
  const order: Severity[] = ['info', 'warning', 'error'];
  const threshold = order.indexOf(failOn);
  const failing = out.results.some((r) => r.findings.some((f) => order.indexOf(f.severity) >= threshold));
  return failing ? EXIT.FINDINGS : EXIT.OK;
}

async function modelCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { positionals } = parseArgs(argv, {});
  const dir = nodePath.resolve(io.cwd, positionals[0] ?? '.');
  const out = await scanPaths([dir], { settings: { rules: Object.fromEntries(RULES.map((r) => [r.meta.id, { severity: 'off' as const }])) } });
  const configs = out.index.allConfigs().map((c) => ({ ...c, path: nodePath.relative(dir, c.path) || '.' }));
  io.stdout(JSON.stringify({ root: dir, configurations: configs }, null, 2) + '\n');
  return EXIT.OK;
}

async function rootOf(p: string): Promise<string> {
  const st = await fs.stat(p);
  return st.isDirectory() ? p : nodePath.dirname(p);
}

function commonRoot(paths: string[]): string {
  const split = paths.map((p) => p.split(nodePath.sep));
  const first = split[0];
  let i = 0;
  while (i < first.length && split.every((s) => s[i] === first[i])) i++;
  return first.slice(0, i).join(nodePath.sep) || nodePath.sep;
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
