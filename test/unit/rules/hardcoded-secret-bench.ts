/**
 * What the hardcoded-secret rule adds to the analysis of a ~50 KB handler (a benchmark, not a mocha
 * test). The file is parsed once (as the language server does: the parse is shared by every rule),
 * then analysed with and without the rule; the difference is the rule's cost.
 *
 *   npx tsc -b && node out/test/unit/rules/hardcoded-secret-bench.js
 */
import { analyzeSource } from '../../../server/src/engine/analyze';
import { suppressFix } from '../../../server/src/engine/fix/suppress';
import { WorkspaceIndex } from '../../../server/src/engine/model/workspace';
import type { Rule } from '../../../server/src/engine/rule';
import { hardcodedSecret } from '../../../server/src/engine/rules/hardcoded-secret';
import { SourceFile } from '../../../server/src/engine/source';
import { redact } from '../../../server/src/engine/secrets';
import { ALNUM, Fakes } from '../secrets/fakes';
import { handler } from './bench-handler';

const f = new Fakes(77);

/** A rule that only walks the tree, so the baseline pays for the shared traversal too. */
const walkOnly: Rule = {
  meta: { id: 'walk-only', description: 'baseline', docsUrl: '', defaultSeverity: 'info', messages: {}, fixable: false, appliesTo: { code: ['typescript', 'javascript'] } },
  create: () => ({ code: { Literal: () => undefined } }),
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Per-run CPU time (this process's user + system time, which other processes' load disturbs far less
 * than wall-clock time) of `a` and `b`, measured in alternating batches; returns the per-batch means
 * and the per-batch differences (b - a), each sorted.
 */
async function paired(batches: number, a: () => Promise<unknown>, b: () => Promise<unknown>, perBatch = 20): Promise<{ a: number[]; b: number[]; diff: number[] }> {
  for (let i = 0; i < 30; i++) {
    await a();
    await b();
  }
  const cpu = async (fn: () => Promise<unknown>) => {
    const c0 = process.cpuUsage();
    for (let i = 0; i < perBatch; i++) await fn();
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / 1000 / perBatch;
  };
  const ta: number[] = [];
  const tb: number[] = [];
  const diff: number[] = [];
  for (let i = 0; i < batches; i++) {
    const x = await cpu(a);
    const y = await cpu(b);
    ta.push(x);
    tb.push(y);
    diff.push(y - x);
  }
  const sort = (v: number[]) => v.sort((p, q) => p - q);
  return { a: sort(ta), b: sort(tb), diff: sort(diff) };
}

async function main(): Promise<void> {
  const clean = handler(50 * 1024);
  const secrets = [f.stripe('sk_live_'), 'Pw' + f.str(ALNUM, 12) + '!', f.awsKeyId()];
  const lines = clean.split('\n');
  lines.splice(40, 0, `const stripe = new Stripe('${secrets[0]}');`);
  lines.splice(400, 0, `const dbPassword = '${secrets[1]}';`);
  lines.splice(800, 0, `// legacy key ${secrets[2]}`);
  const dirty = lines.join('\n');
  const index = new WorkspaceIndex();
  index.update('/ws/serverless.yml', 'service: orders\nfunctions:\n  get:\n    handler: src/handler.getOrder0\n');
  const RUNS = 40; // batches of 20 runs each
  for (const [label, text] of [['50 KB handler, no secrets', clean], ['50 KB handler, 3 secrets', dirty]] as const) {
    const file = SourceFile.create('/ws/src/handler.ts', text);
    void file.js; // parse once, as the server's cache does
    const t = await paired(RUNS, () => analyzeSource(file, { rules: [walkOnly], index }), () => analyzeSource(file, { rules: [walkOnly, hardcodedSecret], index }));
    const r = await analyzeSource(file, { rules: [hardcodedSecret], index });
    console.log(`${label} (${text.length} chars): ${r.findings.length} findings [${r.findings.map((x) => x.message.slice(0, x.message.indexOf(')') + 1)).join('; ')}]`);
    console.log(`  traversal only (CPU time per run)      p50 ${percentile(t.a, 50).toFixed(3)} ms  p95 ${percentile(t.a, 95).toFixed(3)} ms`);
    console.log(`  + hardcoded-secret                     p50 ${percentile(t.b, 50).toFixed(3)} ms  p95 ${percentile(t.b, 95).toFixed(3)} ms`);
    console.log(`  added by the rule                      p50 ${percentile(t.diff, 50).toFixed(3)} ms  p25-p75 ${percentile(t.diff, 25).toFixed(3)}-${percentile(t.diff, 75).toFixed(3)} ms   (target: at most 2 ms)`);
    if (r.findings.length) {
      // The engine adds an ignore-comment fix to every finding (fix/suppress.ts); its cost is not the rule's.
      const s = await paired(RUNS, async () => undefined, async () => r.findings.forEach((x) => suppressFix(file, x)));
      console.log(`  of which the engine's suppress fixes for ${r.findings.length} findings  p50 ${percentile(s.diff, 50).toFixed(3)} ms`);
      console.log(`  the rule's own work (added - suppress)  p50 ${(percentile(t.diff, 50) - percentile(s.diff, 50)).toFixed(3)} ms`);
    }
  }
  console.log(`planted: ${secrets.map(redact).join(', ')}`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
