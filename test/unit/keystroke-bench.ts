/**
 * The language server's hot path while typing (a benchmark, not a mocha test): a new version of a
 * ~50 KB handler is analysed from scratch (parsed, every rule, against an index that deploys it), as
 * after each debounced keystroke. Prints CPU time per run (less disturbed by other load than wall time).
 *
 *   npm run bench:keystroke
 */
import { analyzeFile } from '../../server/src/engine/analyze';
import { WorkspaceIndex } from '../../server/src/engine/model/workspace';
import { parseJs } from '../../server/src/engine/parse/javascript';
import { handler } from './rules/bench-handler';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function cpuMs(fn: () => unknown): number {
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

async function main(): Promise<void> {
  const base = handler(50 * 1024);
  const index = new WorkspaceIndex();
  index.update('/ws/serverless.yml', 'service: orders\nprovider:\n  name: aws\nfunctions:\n  get:\n    handler: src/handler.getOrder0\n');
  // Each run types one more character, so nothing is reused from the run before.
  let n = 0;
  const next = () => `${base}\n// edit ${n++}\n`;
  for (let i = 0; i < 20; i++) await analyzeFile({ path: '/ws/src/handler.ts', text: next() }, { index });
  const parse: number[] = [];
  const full: number[] = [];
  for (let i = 0; i < 60; i++) {
    const text = next();
    parse.push(cpuMs(() => parseJs(text, { jsx: false })));
    const c0 = process.cpuUsage();
    await analyzeFile({ path: '/ws/src/handler.ts', text: next() }, { index });
    const c = process.cpuUsage(c0);
    full.push((c.user + c.system) / 1000);
  }
  parse.sort((a, b) => a - b);
  full.sort((a, b) => a - b);
  console.log(`keystroke: ${(base.length / 1024).toFixed(0)} KB TypeScript handler, CPU time per run (60 runs)`);
  console.log(`  parse (typescript-estree)          p50 ${percentile(parse, 50).toFixed(1)} ms  p95 ${percentile(parse, 95).toFixed(1)} ms`);
  console.log(`  analyzeFile (parse + every rule)   p50 ${percentile(full, 50).toFixed(1)} ms  p95 ${percentile(full, 95).toFixed(1)} ms`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
