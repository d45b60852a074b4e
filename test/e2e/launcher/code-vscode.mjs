#!/usr/bin/env node
// A stand-in for the VS Code executable when running extension tests on a machine without desktop
// VS Code: accepts the CLI flags @vscode/test-electron's runTests() passes, runs the same tests in VS Code
// served by code-server and shown in Debian's headless Chromium, and exits with the tests' exit code.
//
// Understood flags (as --flag=value or --flag value):
//   --extensionDevelopmentPath (repeatable), --extensionTestsPath, --user-data-dir, --extensions-dir,
//   and one positional folder or .code-workspace path. Every other flag is accepted and ignored.
// Environment:
//   SG_E2E_DEADLINE_MS  overall deadline for the run (default 180000)
//   SG_E2E_VERBOSE=1    echo code-server and chromium output as it comes
//   CHROMIUM_PATH       browser to use instead of `chromium` on PATH

import fs from 'node:fs';
import path from 'node:path';
import {
  ProcessGroups,
  consoleEntry,
  makeTempDir,
  removeDir,
  startChromium,
  startCodeServer,
  withTimeout,
} from './code-server.mjs';

const VALUE_FLAGS = new Set(['extensionDevelopmentPath', 'extensionTestsPath', 'user-data-dir', 'extensions-dir']);

export function parseArgs(argv) {
  const out = { extensionDevelopmentPath: [], extensionTestsPath: undefined, userDataDir: undefined, extensionsDir: undefined, target: undefined, ignored: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      if (!VALUE_FLAGS.has(name)) {
        out.ignored.push(a);
        continue;
      }
      let value;
      if (eq >= 0) value = a.slice(eq + 1);
      else if (i + 1 < argv.length) value = argv[++i];
      else throw new Error(`${a} needs a value`);
      if (name === 'extensionDevelopmentPath') out.extensionDevelopmentPath.push(path.resolve(value));
      else if (name === 'extensionTestsPath') out.extensionTestsPath = path.resolve(value);
      else if (name === 'user-data-dir') out.userDataDir = path.resolve(value);
      else if (name === 'extensions-dir') out.extensionsDir = path.resolve(value);
    } else if (a.startsWith('-') && a.length > 1) {
      out.ignored.push(a);
    } else if (out.target === undefined) {
      out.target = path.resolve(a);
    } else {
      out.ignored.push(a);
    }
  }
  return out;
}

/** The workbench URL: open the folder/workspace and hand the test payload to the smoke-test driver. */
export function workbenchUrl(origin, port, opts) {
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p.split('/').map(encodeURIComponent).join('/')}`;
  const payload = [];
  for (const dev of opts.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(dev)]);
  if (opts.extensionTestsPath) payload.push(['extensionTestsPath', remote(opts.extensionTestsPath)]);
  const q = new URLSearchParams();
  if (opts.target) {
    const isWorkspace = opts.target.endsWith('.code-workspace') && fs.statSync(opts.target).isFile();
    q.set(isWorkspace ? 'workspace' : 'folder', opts.target);
  } else {
    q.set('ew', 'true');
  }
  if (payload.length) q.set('payload', JSON.stringify(payload));
  return `${origin}/?${q.toString()}`;
}

const WORKBENCH_NOISE = [
  /^Failed to load resource/,
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket/,
  /^\[(Service Worker|reconnection-grace-time|AgentHost[^\]]*|AccountPolicyGate)\]/,
  /^Updating additional builtin extensions cache/,
  /^The web worker extension host is started in a same-origin iframe/,
  /^\{"name":"Failed"\}$/, // gallery/network requests refused on a closed network
  /^%s%s$/,
  /^Ignoring fetching additional builtin extensions from gallery/,
  /^An iframe which has both allow-scripts and allow-same-origin/,
];
const verbose = !!process.env.SG_E2E_VERBOSE;

function isWorkbenchNoise(text) {
  return text.trim() === '' || WORKBENCH_NOISE.some((re) => re.test(text));
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!opts.extensionTestsPath) throw new Error('--extensionTestsPath is required');
  const deadlineMs = Number(process.env.SG_E2E_DEADLINE_MS || 180000);
  const groups = new ProcessGroups();
  const scratch = makeTempDir('sg-code-vscode-');
  let stopping;
  // One cleanup, however many callers (deadline, signal, normal end) ask for it: all wait for the same one.
  const cleanup = () =>
    (stopping ??= (async () => {
      await groups.stopAll();
      removeDir(scratch);
    })());
  process.on('exit', () => groups.killAllSync());
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      process.stderr.write(`[code-vscode] ${sig}: stopping code-server and chromium\n`);
      cleanup().finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
    });
  }

  const overall = setTimeout(() => {
    process.stderr.write(`[code-vscode] overall deadline of ${deadlineMs} ms reached: stopping\n`);
    cleanup().finally(() => process.exit(124));
  }, deadlineMs);

  let server;
  let code = 1;
  try {
    const t0 = Date.now();
    server = await startCodeServer(groups, {
      userDataDir: opts.userDataDir ?? path.join(scratch, 'user-data'),
      extensionsDir: opts.extensionsDir ?? path.join(scratch, 'extensions'),
      target: opts.target,
    });
    process.stdout.write(`[code-vscode] code-server up at ${server.origin} in ${Date.now() - t0} ms\n`);

    const { page } = await startChromium(groups, { userDataDir: path.join(scratch, 'chromium') });
    let resolveExit;
    const exitCode = new Promise((resolve) => {
      resolveExit = resolve;
    });
    // Must exist before the workbench loads: the smoke-test driver calls it with the tests' exit code.
    let finished = false;
    await page.exposeFunction('codeAutomationExit', (c) => {
      finished = true; // what the workbench logs while shutting the extension host down is not of interest
      resolveExit(Number(c));
    });

    // Relay the extension host's console output (mocha's report among it). The workbench's own start-up
    // chatter arrives the same way; leave out the lines known to be only that unless SG_E2E_VERBOSE is set.
    const pending = [];
    page.on('console', (msg) => {
      const late = finished;
      pending.push(
        consoleEntry(msg).then(({ level, text }) => {
          if (!verbose && (late || isWorkbenchNoise(text))) return;
          const prefix = /^(ERR|ERROR|WARN|WARNING|error|warning)$/.test(level) ? `[${level.toLowerCase()}] ` : '';
          process.stdout.write(`${prefix}${text}\n`);
        }),
      );
    });
    page.on('pageerror', (err) => process.stderr.write(`[workbench page error] ${err.message}\n`));

    const url = workbenchUrl(server.origin, server.port, opts);
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60000 });
    code = await withTimeout(exitCode, Math.max(1000, deadlineMs - (Date.now() - t0) - 5000), 'the extension tests to finish');
    await Promise.allSettled(pending);
    process.stdout.write(`[code-vscode] tests finished with exit code ${code} after ${Date.now() - t0} ms\n`);
  } catch (e) {
    process.stderr.write(`[code-vscode] ${e?.stack ?? e}\n`);
    server?.log.dump();
    code = 1;
  } finally {
    clearTimeout(overall);
    await cleanup();
  }
  process.exit(code);
}

main().catch((e) => {
  process.stderr.write(`[code-vscode] ${e?.stack ?? e}\n`);
  process.exit(2);
});
