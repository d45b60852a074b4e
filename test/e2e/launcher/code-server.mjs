// Shared machinery for driving VS Code as code-server + Debian's headless Chromium:
// start/stop processes in their own process groups, find the installed editors, wait with deadlines.
// Used by code-vscode.mjs (the VS Code CLI stand-in for extension tests) and by the UI test.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { format } from 'node:util';
import { editorPaths, which } from '../../../scripts/provision-editors.mjs';

export { editorPaths };

/** Tracks every process group this process started, and stops them all (also from signal handlers). */
export class ProcessGroups {
  constructor() {
    /** @type {Map<number, {name: string, child: import('node:child_process').ChildProcess}>} */
    this.groups = new Map();
  }

  /** Spawns `cmd` as the leader of a new process group. */
  spawn(name, cmd, args, opts = {}) {
    const child = spawn(cmd, args, { ...opts, detached: true });
    // Kept until stopAll(), even after the leader exits: helpers may still live in its group.
    if (child.pid) this.groups.set(child.pid, { name, child });
    return child;
  }

  static alive(pgid) {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  }

  static signal(pgid, sig) {
    try {
      process.kill(-pgid, sig);
    } catch {
      // group already gone
    }
  }

  /** SIGTERM every group, wait up to `graceMs` for them to empty, then SIGKILL what is left. */
  async stopAll(graceMs = 3000) {
    const pgids = [...this.groups.keys()];
    for (const pgid of pgids) ProcessGroups.signal(pgid, 'SIGTERM');
    const until = Date.now() + graceMs;
    while (Date.now() < until && pgids.some((p) => ProcessGroups.alive(p))) {
      await new Promise((r) => setTimeout(r, 50));
    }
    for (const pgid of pgids) {
      if (ProcessGroups.alive(pgid)) ProcessGroups.signal(pgid, 'SIGKILL');
      this.groups.delete(pgid);
    }
  }

  /** Last resort from an 'exit' handler: no waiting possible, so SIGKILL at once. */
  killAllSync() {
    for (const pgid of this.groups.keys()) ProcessGroups.signal(pgid, 'SIGKILL');
    this.groups.clear();
  }
}

/** Rejects with a clear message when `ms` elapse first. */
export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Calls `test` on every chunk of the stream (line-buffered) until it returns a value; resolves that value. */
function waitForLine(stream, test, what, onLine) {
  return new Promise((resolve, reject) => {
    let buf = '';
    let done = false;
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      buf += chunk;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl).replace(/\r$/, '');
        buf = buf.slice(nl + 1);
        onLine?.(line);
        if (!done) {
          const v = test(line);
          if (v !== undefined) {
            done = true;
            resolve(v);
          }
        }
      }
    });
    stream.on('end', () => {
      if (!done) reject(new Error(`stream ended before ${what}`));
    });
  });
}

/** Keeps the last lines of a process's output, to print when something fails. */
export class TailLog {
  constructor(name, { echo = false, max = 200 } = {}) {
    this.name = name;
    this.echo = echo;
    this.max = max;
    this.lines = [];
  }
  push(line) {
    this.lines.push(line);
    if (this.lines.length > this.max) this.lines.shift();
    if (this.echo) process.stderr.write(`[${this.name}] ${line}\n`);
  }
  dump(out = process.stderr) {
    if (this.echo || this.lines.length === 0) return;
    out.write(`----- last ${this.lines.length} lines from ${this.name} -----\n`);
    for (const l of this.lines) out.write(`[${this.name}] ${l}\n`);
  }
}

/**
 * Environment variables giving a process its own home under `dir`: code-server, VS Code's extension
 * host and Chromium otherwise write logs, caches and profiles into the real user's ~/.local, ~/.cache
 * and ~/.config.
 */
export function privateHome(dir) {
  const home = path.join(dir, 'home');
  const xdg = {
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_STATE_HOME: path.join(home, '.local', 'state'),
  };
  for (const d of Object.values(xdg)) fs.mkdirSync(d, { recursive: true });
  return { HOME: home, ...xdg };
}

export function makeTempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * Starts code-server on a free loopback port (port 0: the kernel picks one, code-server reports it).
 * Returns { port, origin, child, log }.
 */
export async function startCodeServer(groups, opts) {
  const p = editorPaths();
  for (const f of [p.node24, p.codeServerEntry]) {
    if (!fs.existsSync(f)) throw new Error(`${f} is missing: run node scripts/provision-editors.mjs first`);
  }
  const configFile = path.join(opts.userDataDir, 'code-server-config.yaml');
  fs.mkdirSync(opts.userDataDir, { recursive: true });
  fs.mkdirSync(opts.extensionsDir, { recursive: true });
  // An explicit (empty) config keeps code-server from writing ~/.config/code-server/config.yaml.
  fs.writeFileSync(configFile, '# written by the e2e launcher; every other setting is a command-line flag\nauth: none\n');
  writeUserSettings(opts.userDataDir, opts.userSettings);

  const args = [
    p.codeServerEntry,
    '--auth', 'none',
    '--bind-addr', '127.0.0.1:0',
    '--config', configFile,
    '--user-data-dir', opts.userDataDir,
    '--extensions-dir', opts.extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--disable-file-downloads',
    '--ignore-last-opened',
    '--vscode-option', 'enable-smoke-test-driver',
  ];
  if (opts.target) args.push(opts.target);

  const log = new TailLog('code-server', { echo: !!process.env.SG_E2E_VERBOSE });
  const env = { ...process.env, ...privateHome(opts.userDataDir), ...(opts.env ?? {}) };
  // The extension host inherits this environment; keep code-server's own settings out of it.
  delete env.PASSWORD;
  delete env.HASHED_PASSWORD;
  delete env.PORT;
  // No extension gallery: on a closed network every gallery query only fails (and logs a stack).
  env.EXTENSIONS_GALLERY = '{}';
  const child = groups.spawn('code-server', p.node24, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((_, reject) =>
    child.once('exit', (code, sig) => reject(new Error(`code-server exited early (${code ?? sig})`))),
  );
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => String(d).split('\n').filter(Boolean).forEach((l) => log.push(l)));
  const port = await withTimeout(
    Promise.race([
      waitForLine(
        child.stdout,
        (line) => {
          const m = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(line);
          return m ? Number(m[1]) : undefined;
        },
        'code-server reported its port',
        (line) => log.push(line),
      ),
      exited,
    ]),
    opts.startTimeoutMs ?? 30000,
    'code-server to start listening',
  ).catch((e) => {
    log.dump();
    throw e;
  });
  exited.catch(() => {});
  const origin = `http://127.0.0.1:${port}`;
  await waitForHealthz(origin, opts.startTimeoutMs ?? 30000);
  return { port, origin, child, log };
}

/** User settings that keep a test workbench quiet and offline. */
function writeUserSettings(userDataDir, extra = {}) {
  const dir = path.join(userDataDir, 'User');
  fs.mkdirSync(dir, { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'security.workspace.trust.enabled': false,
    'chat.disableAIFeatures': true,
    'git.enabled': false,
    'npm.autoDetect': 'off',
    'typescript.tsserver.experimental.enableProjectDiagnostics': false,
    'window.restoreWindows': 'none',
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'workbench.layoutControl.enabled': false,
    'editor.minimap.enabled': false,
    'editor.hover.delay': 100,
    ...extra,
  };
  const file = path.join(dir, 'settings.json');
  if (!fs.existsSync(file)) fs.writeFileSync(file, `${JSON.stringify(settings, null, 2)}\n`);
}

export async function waitForHealthz(origin, timeoutMs) {
  const until = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < until) {
    try {
      const res = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = String(e?.message ?? e);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`code-server at ${origin} not healthy within ${timeoutMs} ms (${last})`);
}

export function chromiumPath() {
  const exe = process.env.CHROMIUM_PATH || which('chromium') || which('chromium-browser');
  if (!exe) throw new Error('chromium not found on PATH: run node scripts/provision-editors.mjs first');
  return exe;
}

/**
 * Starts Debian's chromium headless in its own process group with a DevTools port the kernel picks,
 * and connects playwright-core to it. Returns { browser, page }.
 */
export async function startChromium(groups, { userDataDir, width = 1400, height = 900, timeoutMs = 30000 } = {}) {
  const { chromium } = await import('playwright-core');
  fs.mkdirSync(userDataDir, { recursive: true });
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-extensions',
    '--disable-features=Translate,MediaRouter,OptimizationHints',
    '--remote-debugging-address=127.0.0.1',
    '--remote-debugging-port=0',
    `--user-data-dir=${userDataDir}`,
    `--window-size=${width},${height}`,
    'about:blank',
  ];
  const log = new TailLog('chromium', { echo: !!process.env.SG_E2E_VERBOSE, max: 50 });
  const child = groups.spawn('chromium', chromiumPath(), args, {
    env: { ...process.env, ...privateHome(userDataDir) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise((_, reject) =>
    child.once('exit', (code, sig) => reject(new Error(`chromium exited early (${code ?? sig})`))),
  );
  const ws = await withTimeout(
    Promise.race([
      waitForLine(
        child.stderr,
        (line) => /DevTools listening on (ws:\/\/\S+)/.exec(line)?.[1],
        'chromium DevTools endpoint',
        (line) => log.push(line),
      ),
      exited,
    ]),
    timeoutMs,
    'chromium to open its DevTools port',
  ).catch((e) => {
    log.dump();
    throw e;
  });
  exited.catch(() => {});
  const browser = await withTimeout(chromium.connectOverCDP(ws), timeoutMs, 'playwright to connect to chromium');
  const context = browser.contexts()[0] ?? (await browser.newContext());
  const page = context.pages()[0] ?? (await context.newPage());
  return { browser, context, page, log };
}

/**
 * Turns one page console message into { level, text }. The workbench logs (its own lines and, in a
 * test run, the extension host's console output) as console.log('%c INFO', '<css>', fmt, ...args);
 * strip the styling and apply the format string as Node's console would.
 */
export async function consoleEntry(msg) {
  let parts;
  try {
    parts = await Promise.all(msg.args().map((a) => a.jsonValue().catch(() => String(a))));
  } catch {
    parts = [];
  }
  if (parts.length === 0) return { level: msg.type(), text: msg.text() };
  let level = msg.type();
  if (typeof parts[0] === 'string' && parts[0].startsWith('%c')) {
    level = parts[0].replace(/%c/g, '').trim() || level;
    const styles = (parts[0].match(/%c/g) ?? []).length;
    parts = parts.slice(1 + styles);
  }
  return { level, text: parts.length ? format(...parts) : '' };
}

/** Best-effort cleanup of temp folders. */
export function removeDir(dir) {
  try {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  } catch {
    // leave it
  }
}
