// Speed benchmark (not a test): a full `serverless-guard scan` with every rule, and secretlint's CLI
// with its recommend preset, on the same files of a large real repository, one after the other in the
// same run. Prints wall time, files/s, MB/s and peak RSS (whole process, worker threads included).
//
//   npm run bench                      # the repository at .cache/serverless-patterns
//   npm run bench -- /path/to/repo     # any folder
//   npm run bench -- --single ...      # also time our scan on one thread (--jobs 0)
//   npm run bench -- --heap-default    # also time our scan with V8's default heap settings
//                                      # (SERVERLESS_GUARD_HEAP=default; see server/src/host/heap.ts)
//   npm run bench -- --floor           # also time the parse floor: reading the files and parsing
//                                      # those some rule must read, nothing else (scripts/bench-floor.mjs),
//                                      # in one process and split over two at once
//
// The repository is not part of this project (about 13,700 files). Get it once, for example:
//   git clone --depth 1 https://github.com/aws-samples/serverless-patterns .cache/serverless-patterns
// secretlint's CLI is not a dependency either; install it next to the project:
//   mkdir -p .cache/bench-tools && cd .cache/bench-tools && npm init -y &&
//   npm install secretlint@13.0.6 @secretlint/secretlint-rule-preset-recommend@13.1.0
// (or point SECRETLINT_BIN at a secretlint executable). Without them, the benchmark says what is
// missing and exits 0, so CI machines without the repository are not failed by it.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const single = args.includes('--single');
const heapDefault = args.includes('--heap-default');
const floor = args.includes('--floor');
const target = resolve(args.find((a) => !a.startsWith('--')) ?? join(ROOT, '.cache/serverless-patterns'));
const CLI = join(ROOT, 'bin/serverless-guard.js');

function skip(message) {
  console.log(`bench: skipped: ${message}`);
  process.exit(0);
}

if (!existsSync(target) || !statSync(target).isDirectory()) {
  skip(
    `no repository at ${target}.\n` +
      '  Get one (for example: git clone --depth 1 https://github.com/aws-samples/serverless-patterns .cache/serverless-patterns)\n' +
      '  or pass a folder: npm run bench -- /path/to/repo',
  );
}
if (!existsSync(join(ROOT, 'dist/cli.js'))) skip('dist/cli.js is missing; run "npm run build" first');

const work = mkdtempSync(join(tmpdir(), 'sg-bench-'));
// Preloaded into each measured process: on exit, writes its peak resident set size (KB) and CPU time
// (user + system, µs), both for the whole process, worker threads included.
const probe = join(work, 'peak-rss.cjs');
writeFileSync(
  probe,
  `const fs = require('node:fs');\nprocess.on('exit', () => { try { const u = process.resourceUsage(); fs.writeFileSync(process.env.SG_BENCH_RSS_FILE, [u.maxRSS, u.userCPUTime + u.systemCPUTime].join(' ')); } catch {} });\n`,
);

/** Runs `node -r probe script args` in `cwd`; resolves with wall time, exit code, peak RSS and captured output. */
function measure(label, script, scriptArgs, cwd, extraEnv = {}) {
  const rssFile = join(work, `${label.replace(/\W+/g, '-')}.rss`);
  return new Promise((resolvePromise) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['-r', probe, script, ...scriptArgs], {
      cwd,
      env: { ...process.env, SG_BENCH_RSS_FILE: rssFile, NO_COLOR: '1', FORCE_COLOR: '0', ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (e) => resolvePromise({ label, error: e.message }));
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const [kb, cpuUs] = existsSync(rssFile) ? readFileSync(rssFile, 'utf8').split(' ').map(Number) : [NaN, NaN];
      resolvePromise({ label, ms, code, peakMb: kb / 1024, cpuS: cpuUs / 1e6, stdout, stderr });
    });
  });
}

// 1. The files: our selection (kinds we read, .gitignore, ignored folders), relative to the repository.
console.log(`bench: repository ${target}`);
const listed = await measure('list', CLI, ['scan', '.', '--list-files'], target);
if (listed.code !== 0) skip(`listing files failed: ${listed.stderr.trim()}`);
const files = listed.stdout.split('\n').filter(Boolean);
console.log(`bench: listing the files (serverless-guard scan --list-files: start-up and walk) took ${(listed.ms / 1000).toFixed(2)} s`);
let bytes = 0;
for (const f of files) {
  try {
    bytes += readFileSync(join(target, f)).length; // also warms the page cache for both tools
  } catch {
    /* vanished: counted by the tools themselves */
  }
}
const mb = bytes / 1024 / 1024;
console.log(`bench: ${files.length} files, ${mb.toFixed(1)} MB (read once to warm the cache)`);
console.log(
  `bench: machine: ${availableParallelism?.() ?? cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GB, node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
);

// How much two processes at once get from this machine (shared or throttled cores give far less than 2x);
// worker threads cannot gain more than this.
{
  const spin = `let x = 0; for (let i = 0; i < 3e8; i++) x = (x + i * 7) % 1000003; if (x < 0) console.log(x);`;
  const run = (n) =>
    new Promise((resolvePromise) => {
      const t = performance.now();
      let left = n;
      for (let i = 0; i < n; i++) spawn(process.execPath, ['-e', spin], { stdio: 'ignore' }).on('close', () => --left === 0 && resolvePromise(performance.now() - t));
    });
  const one = await run(1);
  const two = await run(2);
  console.log(`bench: two CPU-bound processes at once run ${((2 * one) / two).toFixed(2)}x as fast as one after the other (2.00 = two full cores)`);
}

// 2. secretlint, if it can be found.
const secretlintCandidates = [
  process.env.SECRETLINT_BIN,
  join(ROOT, '.cache/bench-tools/node_modules/secretlint/bin/secretlint.js'),
  join(ROOT, 'node_modules/secretlint/bin/secretlint.js'),
].filter(Boolean);
const secretlintBin = secretlintCandidates.find((p) => existsSync(p));
let secretlintVersion = '';
if (secretlintBin) {
  try {
    secretlintVersion = JSON.parse(readFileSync(join(dirname(secretlintBin), '..', 'package.json'), 'utf8')).version;
  } catch {
    /* a bare executable */
  }
}

const results = [];
const oursOut = join(work, 'ours.json');
results.push(await measure('serverless-guard scan (all rules)', CLI, ['scan', '.', '--format', 'json', '--output', oursOut, '--fail-on', 'never'], target));
if (single) {
  results.push(await measure('serverless-guard scan --jobs 0', CLI, ['scan', '.', '--format', 'json', '--output', join(work, 'ours1.json'), '--fail-on', 'never', '--jobs', '0'], target));
}
if (heapDefault) {
  results.push(
    await measure('serverless-guard scan, V8 heap defaults', CLI, ['scan', '.', '--format', 'json', '--output', join(work, 'ours2.json'), '--fail-on', 'never'], target, { SERVERLESS_GUARD_HEAP: 'default' }),
  );
}
if (floor) {
  // The same file list as both tools read, so the floor leaves out only the walk (the listing row above).
  const listFile = join(work, 'files.txt');
  writeFileSync(listFile, files.join('\n'));
  const script = join(ROOT, 'scripts/bench-floor.mjs');
  results.push(await measure('parse floor, 1 process (no walk)', script, [target, listFile, '0', '1'], target));
  const halves = await Promise.all([0, 1].map((i) => measure(`parse floor half ${i + 1}`, script, [target, listFile, String(i), '2'], target)));
  const failed = halves.find((h) => h.error || h.code !== 0);
  results.push(
    failed ?? {
      label: 'parse floor, 2 processes at once (no walk)',
      ms: Math.max(...halves.map((h) => h.ms)),
      cpuS: halves.reduce((n, h) => n + h.cpuS, 0),
      peakMb: halves.reduce((n, h) => n + h.peakMb, 0),
      code: 0,
      stdout: halves.map((h) => h.stdout).join(''),
    },
  );
}
if (secretlintBin) {
  const rc = JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] });
  const slArgs = ['--secretlintrcJSON', rc, '--format', 'json', '--output', join(work, 'secretlint.json'), '--no-color', '--no-glob', ...files];
  results.push(await measure(`secretlint ${secretlintVersion} (recommend preset)`, secretlintBin, slArgs, target));
} else {
  console.log('bench: secretlint not found; install it next to the project (see the top of scripts/bench.mjs) or set SECRETLINT_BIN');
}

// 3. Report.
const count = (file) => {
  try {
    const j = JSON.parse(readFileSync(file, 'utf8'));
    if (Array.isArray(j)) return j.reduce((n, r) => n + (r.messages?.length ?? 0), 0); // secretlint
    return j.findings.length;
  } catch {
    return NaN;
  }
};
const pad = (s, n) => String(s).padStart(n);
console.log('');
console.log(`${'tool'.padEnd(42)} ${pad('wall s', 8)} ${pad('CPU s', 7)} ${pad('files/s', 9)} ${pad('MB/s', 7)} ${pad('peak RSS MB', 12)} ${pad('findings', 9)} ${pad('exit', 5)}`);
for (const r of results) {
  if (r.error) {
    console.log(`${r.label.padEnd(42)} failed to start: ${r.error}`);
    continue;
  }
  const secs = r.ms / 1000;
  if (r.label.startsWith('parse floor')) {
    const parsed = r.stdout
      .split('\n')
      .filter(Boolean)
      .reduce((n, l) => n + JSON.parse(l).parsed, 0);
    console.log(`${r.label.padEnd(42)} ${pad(secs.toFixed(2), 8)} ${pad(r.cpuS.toFixed(1), 7)} ${pad((files.length / secs).toFixed(0), 9)} ${pad((mb / secs).toFixed(1), 7)} ${pad(r.peakMb.toFixed(0), 12)} ${pad(`${parsed} parsed`, 9)} ${pad(r.code, 5)}`);
    continue;
  }
  const file = r.label.startsWith('secretlint') ? join(work, 'secretlint.json') : r.label.includes('--jobs 0') ? join(work, 'ours1.json') : r.label.includes('heap defaults') ? join(work, 'ours2.json') : oursOut;
  console.log(
    `${r.label.padEnd(42)} ${pad(secs.toFixed(2), 8)} ${pad(r.cpuS.toFixed(1), 7)} ${pad((files.length / secs).toFixed(0), 9)} ${pad((mb / secs).toFixed(1), 7)} ${pad(r.peakMb.toFixed(0), 12)} ${pad(count(file), 9)} ${pad(r.code, 5)}`,
  );
  if (r.code !== 0 && r.code !== 1) console.log(`  stderr: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
}
const ours = results[0];
const sl = results.find((r) => r.label.startsWith('secretlint'));
console.log('');
if (ours && sl && !ours.error && !sl.error) {
  const ratio = ours.ms / sl.ms;
  console.log(`time ratio serverless-guard / secretlint: ${ratio.toFixed(2)} (target <= 0.33: ${ratio <= 1 / 3 ? 'met' : 'NOT met'})`);
}
if (ours && !ours.error) console.log(`serverless-guard peak RSS: ${ours.peakMb.toFixed(0)} MB (target < 300: ${ours.peakMb < 300 ? 'met' : 'NOT met'})`);
console.log(`load average after the run: ${loadavg().map((l) => l.toFixed(2)).join(' ')} (other work on the machine inflates wall times)`);
rmSync(work, { recursive: true, force: true });
