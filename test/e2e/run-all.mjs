#!/usr/bin/env node
// One entry point for the real-editor tests:
//   1. provision the editors (scripts/provision-editors.mjs: a no-op when already done),
//   2. e2e:  the extension tests in VS Code (out/test/e2e/runTest.js, @vscode/test-electron's runTests),
//   3. ui:   what a user sees in the VS Code workbench (test/e2e/ui/workbench.ui.mjs),
//   4. nvim: Neovim as a third-party LSP client (test/nvim/run.mjs).
// Every suite runs even when an earlier one failed; each prints its own `<suite>: N passed, N failed`
// line, and this script closes with `editors: N passed, N failed` over all of them.
//
// Usage: node test/e2e/run-all.mjs [e2e] [ui] [nvim]     (default: all three; needs `npm run build` first)
// Env:   SG_EDITORS_SUITE_DEADLINE_MS  per-suite deadline (default 300000)

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SUITE_DEADLINE_MS = Number(process.env.SG_EDITORS_SUITE_DEADLINE_MS || 300000);

const SUITES = {
  e2e: { args: [path.join(repoRoot, 'out', 'test', 'e2e', 'runTest.js')], needs: 'out/test/e2e/runTest.js' },
  ui: { args: [path.join(repoRoot, 'test', 'e2e', 'ui', 'workbench.ui.mjs')] },
  nvim: { args: [path.join(repoRoot, 'test', 'nvim', 'run.mjs')] },
};

let current;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    if (current?.pid) {
      try {
        process.kill(-current.pid, 'SIGTERM');
      } catch {
        // gone
      }
    }
    process.exit(sig === 'SIGINT' ? 130 : 143);
  });
}

/** Runs one step in its own process group, echoing its output; resolves { code, output }. */
function runStep(name, args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    current = child;
    let output = '';
    const onData = (stream) => (d) => {
      output += d;
      stream.write(d);
    };
    child.stdout.on('data', onData(process.stdout));
    child.stderr.on('data', onData(process.stderr));
    const timer = setTimeout(() => {
      process.stdout.write(`[editors] ${name}: deadline of ${SUITE_DEADLINE_MS} ms reached, stopping it\n`);
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // gone
      }
      setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // gone
        }
      }, 5000).unref();
    }, SUITE_DEADLINE_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      current = undefined;
      resolve({ code: code ?? (signal ? 1 : 0), output });
    });
  });
}

function closingCounts(name, output) {
  const re = new RegExp(`^${name}: (\\d+) passed, (\\d+) failed`, 'gm');
  let m;
  let last;
  while ((m = re.exec(output))) last = m;
  return last ? { passed: Number(last[1]), failed: Number(last[2]) } : undefined;
}

async function main() {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  for (const w of wanted) {
    if (!SUITES[w]) {
      process.stderr.write(`unknown suite ${w}; choose from ${Object.keys(SUITES).join(', ')}\n`);
      process.exit(2);
    }
  }
  const names = wanted.length ? wanted : Object.keys(SUITES);
  const t0 = Date.now();

  process.stdout.write('[editors] provisioning\n');
  const prov = await runStep('provision', [path.join(repoRoot, 'scripts', 'provision-editors.mjs')]);
  if (prov.code !== 0) {
    process.stdout.write('[editors] provisioning failed: no editor suite can run\n');
    process.stdout.write(`editors: 0 passed, ${names.length} failed\n`);
    process.exit(1);
  }

  const summary = [];
  for (const name of names) {
    const suite = SUITES[name];
    const s = Date.now();
    process.stdout.write(`\n[editors] ${name}\n`);
    if (suite.needs && !fs.existsSync(path.join(repoRoot, suite.needs))) {
      process.stdout.write(`[editors] ${suite.needs} is missing: run npm run build first\n`);
      summary.push({ name, passed: 0, failed: 1, code: 1, secs: 0 });
      continue;
    }
    const { code, output } = await runStep(name, suite.args);
    const counts = closingCounts(name, output);
    const secs = (Date.now() - s) / 1000;
    if (!counts) {
      process.stdout.write(`[editors] ${name} ended (exit ${code}) without a closing line: counted as one failure\n`);
      summary.push({ name, passed: 0, failed: 1, code, secs });
    } else {
      // A suite whose exit code says failure counts at least one failure, whatever it printed.
      const failed = counts.failed + (code !== 0 && counts.failed === 0 ? 1 : 0);
      summary.push({ name, passed: counts.passed, failed, code, secs });
    }
  }

  process.stdout.write('\n[editors] summary\n');
  for (const r of summary) {
    process.stdout.write(`  ${r.name.padEnd(5)} ${r.passed} passed, ${r.failed} failed  (exit ${r.code}, ${r.secs.toFixed(1)} s)\n`);
  }
  const passed = summary.reduce((n, r) => n + r.passed, 0);
  const failed = summary.reduce((n, r) => n + r.failed, 0);
  process.stdout.write(`[editors] total ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  process.stdout.write(`editors: ${passed} passed, ${failed} failed\n`);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
}

main();
