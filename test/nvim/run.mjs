#!/usr/bin/env node
// Runs test/nvim/lsp.lua in headless Neovim (a real third-party LSP client) against
// `node bin/serverless-guard.js lsp --stdio`, on a temporary copy of the e2e fixture workspace.
// Prints one line per check and closes with `nvim: N passed, N failed`; exit code 0 only when all passed.
// Env: SG_NVIM_DEADLINE_MS (default 60000). Under CI=true a missing nvim is a failure, not a skip.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const DEADLINE_MS = Number(process.env.SG_NVIM_DEADLINE_MS || 60000);

function which(cmd) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const p = path.join(dir, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

function locate(text, needle) {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`fixture does not contain ${needle}`);
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  const character = offset - (before.lastIndexOf('\n') + 1);
  return { line, character, endCharacter: character + needle.length, lineText: text.split('\n')[line] };
}

/** What the CLI reports for one file of the workspace, as { code, line } (0-based lines). */
function cliFindings(workspace, relFile) {
  const res = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'serverless-guard.js'), 'scan', '--format', 'json', '--fail-on', 'never', workspace], {
    encoding: 'utf8',
    timeout: 30000,
  });
  if (res.status !== 0) throw new Error(`serverless-guard scan exited with ${res.status}: ${res.stderr}`);
  const report = JSON.parse(res.stdout);
  return report.findings
    .filter((f) => f.file.split(path.sep).join('/') === relFile)
    .map((f) => ({ code: f.ruleId, line: f.line - 1 }));
}

function finish(passed, failed, extra = '') {
  process.stdout.write(`nvim: ${passed} passed, ${failed} failed${extra}\n`);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
}

function main() {
  const nvim = which('nvim');
  if (!nvim) {
    process.stdout.write('nvim: Neovim is not installed (node scripts/provision-editors.mjs installs it)\n');
    if (process.env.CI === 'true') finish(0, 1);
    process.stdout.write('nvim: 0 passed, 0 failed, 1 skipped\n');
    process.exit(0);
  }
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'cli.js'))) {
    process.stdout.write('nvim: dist/cli.js is missing: run npm run build first\n');
    finish(0, 1);
  }

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-nvim-'));
  const workspace = fs.realpathSync(scratch) + '/workspace';
  fs.cpSync(path.join(repoRoot, 'test', 'e2e', 'fixtures', 'workspace'), workspace, { recursive: true });

  const handlerPath = path.join(workspace, 'src', 'orders.js');
  const handlerText = fs.readFileSync(handlerPath, 'utf8');
  const url = locate(handlerText, `'http://api.example.com/orders'`);
  const local = locate(handlerText, `'http://localhost:2773/health'`);
  const spec = {
    cmd: [process.execPath, path.join(repoRoot, 'bin', 'serverless-guard.js'), 'lsp', '--stdio'],
    root: workspace,
    results: path.join(scratch, 'results.json'),
    timeout_ms: 15000,
    handler: {
      path: handlerPath,
      expect_code: 'plain-http',
      line: url.line,
      character: url.character,
      end_character: url.endCharacter,
      clean_line: local.line,
      all: [{ code: 'plain-http', line: url.line }],
      fix_title: 'Use https://',
      fixed_line: url.lineText.replace(`'http://api.example.com/orders'`, `'https://api.example.com/orders'`),
    },
    config: {
      path: path.join(workspace, 'serverless.yml'),
      expect: cliFindings(workspace, 'serverless.yml'),
    },
  };
  const specFile = path.join(scratch, 'spec.json');
  fs.writeFileSync(specFile, JSON.stringify(spec, null, 2));

  const t0 = Date.now();
  const child = spawn(nvim, ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${path.join(here, 'lsp.lua')}`], {
    cwd: workspace,
    env: { ...process.env, SG_NVIM_SPEC: specFile, XDG_STATE_HOME: scratch, XDG_DATA_HOME: scratch, XDG_CACHE_HOME: scratch },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group: nvim and the language server it starts are stopped together
  });
  child.stdout.pipe(process.stdout);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const killGroup = (sig) => {
    try {
      process.kill(-child.pid, sig);
    } catch {
      // already gone
    }
  };
  const timer = setTimeout(() => {
    process.stdout.write(`nvim: deadline of ${DEADLINE_MS} ms reached, stopping Neovim and the server\n`);
    killGroup('SIGKILL');
  }, DEADLINE_MS);
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, () => {
      killGroup('SIGKILL');
      process.exit(1);
    });
  }

  child.on('exit', (code, signal) => {
    clearTimeout(timer);
    killGroup('SIGKILL'); // anything the run left behind in its group
    let results;
    try {
      results = JSON.parse(fs.readFileSync(spec.results, 'utf8'));
    } catch {
      results = undefined;
    }
    if (stderr.trim()) process.stdout.write(`nvim stderr:\n${stderr.trim()}\n`);
    fs.rmSync(scratch, { recursive: true, force: true });
    const secs = ((Date.now() - t0) / 1000).toFixed(1);
    if (!results) {
      process.stdout.write(`nvim: no results (exit ${code ?? signal}) after ${secs} s\n`);
      finish(0, 1);
    }
    const failed = results.failed + (code === 0 || results.failed > 0 ? 0 : 1);
    process.stdout.write(`nvim: finished in ${secs} s\n`);
    finish(results.passed, failed);
  });
}

main();
