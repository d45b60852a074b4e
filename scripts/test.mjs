// Runs every test tier in order (unit, protocol, real editors), streams their output, and closes with
// one line that sums them: "tests: N passed, N failed". Exit code 1 when any tier fails.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const tiers = [
  { name: 'unit', cmd: ['npx', 'mocha', '--config', 'test/unit/.mocharc.json'] },
  { name: 'server', cmd: ['npx', 'mocha', '--config', 'test/server/.mocharc.json'] },
  { name: 'editors', cmd: ['node', 'test/e2e/run-all.mjs'] },
].filter((t) => !only.length || only.includes(t.name));

function run(t) {
  return new Promise((resolve) => {
    const child = spawn(t.cmd[0], t.cmd.slice(1), { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => process.stderr.write(d));
    child.on('close', (code) => {
      const plain = /(\d+) passed, (\d+) failed/g;
      let passed = 0;
      let failed = 0;
      let m;
      let found = false;
      // Mocha: "N passing" / "N failing"; our editor runner: "editors: N passed, N failed" (last one wins).
      while ((m = plain.exec(out))) {
        found = true;
        passed = Number(m[1]);
        failed = Number(m[2]);
      }
      if (!found) {
        passed = Number(/(\d+) passing/.exec(out)?.[1] ?? 0);
        failed = Number(/(\d+) failing/.exec(out)?.[1] ?? 0);
      }
      if (code !== 0 && failed === 0) failed = 1; // a crash before any test result still fails the tier
      resolve({ name: t.name, passed, failed, code });
    });
  });
}

const results = [];
for (const t of tiers) {
  console.log(`\n=== ${t.name} tests ===`);
  results.push(await run(t));
}
console.log('\n=== summary ===');
for (const r of results) console.log(`${r.name.padEnd(8)} ${r.passed} passed, ${r.failed} failed (exit ${r.code})`);
const passed = results.reduce((a, r) => a + r.passed, 0);
const failed = results.reduce((a, r) => a + r.failed, 0);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exitCode = failed || results.some((r) => r.code !== 0) ? 1 : 0;
