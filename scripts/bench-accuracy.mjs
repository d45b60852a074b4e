#!/usr/bin/env node
/**
 * Accuracy bench: runs the built CLI over the labelled corpora in test/fixtures/accuracy/<rule-id>/ and
 * prints precision and recall per rule (and per file kind). The label format is documented in
 * test/fixtures/accuracy/README.md.
 *
 * The corpora hold no token-shaped literals: credentials are written as placeholders such as
 * `<FAKE:github-pat-classic:1>`. Each corpus is copied to a temporary folder, its placeholders are
 * expanded there into deterministic fakes (scripts/accuracy-fakes.mjs), and the copy is scanned.
 * Labels are read from the committed files, and finding lines are mapped back to them (a
 * multi-line value such as a PEM key counts as the placeholder's line).
 *
 *   node scripts/bench-accuracy.mjs [--check] [--rule ID]... [--verbose] [--json] [--corpus DIR] [--cli FILE] [--keep-expanded]
 *
 * Exit codes: 0 done (or every target met with --check); 1 a rule under its target (only with --check);
 * 2 the bench could not run (no build, bad labels, bad arguments).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expandTree, FakeError, listFiles } from './accuracy-fakes.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_TARGET = { precision: 0.95, recall: 0.95 };
const SIDE_FILES = new Set(['labels.json', 'accuracy.json', 'README.md']);
const SEVERITIES = new Set(['error', 'warning', 'info']);
/** `expect: rule[@severity][*count][, rule…] [-- note]` after a comment opener; `expect-next-line:` labels the next line. */
const MARKER = /(?:\/\/|#|\/\*|<!--|--|\*)\s*expect(-next-line)?:\s*([^\r\n]*)/;
const TRAP = /(?:\/\/|#|\/\*|<!--|--|\*)\s*trap\b/;

class BenchError extends Error {}

function parseArgs(argv) {
  const opts = { check: false, verbose: false, json: false, keep: false, rules: [], corpus: join(ROOT, 'test', 'fixtures', 'accuracy'), cli: join(ROOT, 'dist', 'cli.js') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new BenchError(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--check') opts.check = true;
    else if (a === '--verbose' || a === '-v') opts.verbose = true;
    else if (a === '--json') opts.json = true;
    else if (a === '--keep-expanded') opts.keep = true;
    else if (a === '--rule') opts.rules.push(value());
    else if (a === '--corpus') opts.corpus = resolve(value());
    else if (a === '--cli') opts.cli = resolve(value());
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: node scripts/bench-accuracy.mjs [--check] [--rule ID]... [--verbose] [--json] [--corpus DIR] [--cli FILE] [--keep-expanded]\n');
      process.exit(0);
    } else throw new BenchError(`unknown option ${a}`);
  }
  return opts;
}

const toPosix = (p) => p.split(sep).join('/');

/** Parses one label list: `plain-http@error*2, hardcoded-secret`. */
function parseList(text, where) {
  const list = text.split(/\s+--\s+|\*\/|-->/)[0].trim();
  const out = [];
  for (const item of list.split(/[\s,]+/).filter(Boolean)) {
    const m = /^([a-z][a-z0-9-]*)(?:@([a-z]+))?(?:\*(\d+))?$/.exec(item);
    if (!m) throw new BenchError(`${where}: cannot read label "${item}" (expected rule-id[@severity][*count])`);
    if (m[2] && !SEVERITIES.has(m[2])) throw new BenchError(`${where}: unknown severity "${m[2]}"`);
    out.push({ rule: m[1], severity: m[2], count: m[3] ? Number(m[3]) : 1 });
  }
  if (!out.length) throw new BenchError(`${where}: empty expect: label`);
  return out;
}

/** Labels of a corpus: Map<relativeFile, Array<{line, rule, severity, count}>>, plus trap counts. */
function readLabels(corpusDir) {
  const labels = new Map();
  let traps = 0;
  const add = (file, label) => {
    const list = labels.get(file) ?? [];
    list.push(label);
    labels.set(file, list);
  };
  const files = listFiles(corpusDir);
  for (const abs of files) {
    const rel = toPosix(relative(corpusDir, abs));
    const name = rel.split('/').pop();
    if (name === 'labels.json') {
      let json;
      try {
        json = JSON.parse(readFileSync(abs, 'utf8'));
      } catch (e) {
        throw new BenchError(`${rel}: not valid JSON (${e.message})`);
      }
      const base = toPosix(relative(corpusDir, dirname(abs)));
      for (const [file, entries] of Object.entries(json)) {
        if (file.startsWith('$')) continue; // "$comment" and the like
        const target = base ? `${base}/${file}` : file;
        if (!existsSync(join(corpusDir, target))) throw new BenchError(`${rel}: labels a missing file ${file}`);
        if (!Array.isArray(entries)) throw new BenchError(`${rel}: "${file}" must map to a list`);
        for (const e of entries) {
          if (e.trap) {
            traps++;
            continue;
          }
          if (!Number.isInteger(e.line) || typeof e.rule !== 'string') throw new BenchError(`${rel}: every entry of "${file}" needs "line" (number) and "rule"`);
          if (e.severity !== undefined && !SEVERITIES.has(e.severity)) throw new BenchError(`${rel}: unknown severity "${e.severity}"`);
          add(target, { line: e.line, rule: e.rule, severity: e.severity, count: e.count ?? 1 });
        }
      }
      continue;
    }
    if (SIDE_FILES.has(name)) continue;
    const text = readFileSync(abs, 'utf8');
    const lines = text.split(/\r\n|\r|\n/);
    lines.forEach((lineText, i) => {
      if (TRAP.test(lineText)) traps++;
      const m = MARKER.exec(lineText);
      if (!m) return;
      const line = i + 1 + (m[1] ? 1 : 0);
      for (const l of parseList(m[2], `${rel}:${i + 1}`)) add(rel, { line, ...l });
    });
  }
  return { labels, traps, files: files.filter((f) => !SIDE_FILES.has(f.split(sep).pop())).map((f) => toPosix(relative(corpusDir, f))) };
}

function runCli(cli, dir) {
  // Run from the corpus folder so that reported paths are relative to it.
  const r = spawnSync(process.execPath, [cli, 'scan', '.', '--format', 'json', '--fail-on', 'never', '--no-gitignore', '--exclude', '**/labels.json', '--exclude', '**/accuracy.json', '--exclude', '**/README.md'], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) throw new BenchError(`could not run the CLI: ${r.error.message}`);
  if (r.status !== 0) throw new BenchError(`the CLI exited with ${r.status}: ${r.stderr.trim().split('\n').slice(0, 5).join(' | ')}`);
  let out;
  try {
    out = JSON.parse(r.stdout);
  } catch {
    throw new BenchError('the CLI did not print JSON');
  }
  // Paths relative to the corpus folder, whatever root the CLI reports them against.
  const base = typeof out.root === 'string' ? out.root : dir;
  const rel = (f) => toPosix(relative(dir, resolve(base, f)));
  for (const f of out.findings ?? []) f.file = rel(f.file);
  for (const p of out.problems ?? []) if (typeof p.file === 'string') p.file = rel(p.file);
  return out;
}

/**
 * Copies a corpus to `work` with its placeholders expanded. Returns Map<file relative to the corpus,
 * lineOf> for the files that held placeholders (lineOf[expanded line] = committed line).
 */
function expandCorpus(dir, work) {
  try {
    return expandTree(dir, work, SIDE_FILES);
  } catch (e) {
    if (e instanceof FakeError) throw new BenchError(`${basename(dir)}/${e.message}`);
    throw e;
  }
}

/** Puts the CLI's lines (of the expanded copy) back on the lines of the committed files. */
function mapLines(out, lineMaps) {
  const map = (file, line) => {
    const lineOf = lineMaps.get(file);
    return lineOf && Number.isInteger(line) ? (lineOf[line] ?? line) : line;
  };
  for (const f of out.findings ?? []) {
    f.line = map(f.file, f.line);
    if (f.endLine !== undefined) f.endLine = map(f.file, f.endLine);
  }
  for (const p of out.problems ?? []) if (p.line !== undefined) p.line = map(p.file, p.line);
}

function kindOf(file) {
  const name = file.split('/').pop().toLowerCase();
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : name;
  if (/^serverless\.(ya?ml|json|ts|js)$/.test(name)) return `serverless.${ext === 'yml' ? 'yaml' : ext}`;
  if (['ts', 'tsx', 'mts', 'cts'].includes(ext)) return 'typescript';
  if (['js', 'jsx', 'mjs', 'cjs'].includes(ext)) return 'javascript';
  if (ext === 'py') return 'python';
  if (ext === 'yml' || ext === 'yaml') return 'yaml';
  if (ext === 'json' || ext === 'template') return 'json';
  return ext;
}

function ratio(a, b) {
  return b === 0 ? 1 : a / b;
}

function score(corpusRule, corpusDir, cliOut, labelInfo, wanted) {
  const { labels } = labelInfo;
  // Rules scored in each file: the corpus's own rule, plus any rule a label in that file names.
  const scoredIn = (file, rule) => rule === corpusRule || (labels.get(file) ?? []).some((l) => l.rule === rule);
  const expected = new Map(); // rule -> Map(key -> {count, severity})
  const found = new Map(); // rule -> Map(key -> [findings])
  const bucket = (m, rule) => {
    if (!m.has(rule)) m.set(rule, new Map());
    return m.get(rule);
  };
  for (const [file, list] of labels) {
    for (const l of list) {
      const key = `${file}:${l.line}`;
      const b = bucket(expected, l.rule);
      const prev = b.get(key);
      b.set(key, { count: (prev?.count ?? 0) + l.count, severity: l.severity ?? prev?.severity });
    }
  }
  for (const f of cliOut.findings) {
    if (!scoredIn(f.file, f.ruleId)) continue;
    const key = `${f.file}:${f.line}`;
    const b = bucket(found, f.ruleId);
    const list = b.get(key) ?? [];
    list.push(f);
    b.set(key, list);
  }
  const rules = new Set([corpusRule, ...expected.keys(), ...found.keys()]);
  const results = [];
  for (const rule of rules) {
    if (wanted.length && !wanted.includes(rule)) continue;
    const exp = expected.get(rule) ?? new Map();
    const got = found.get(rule) ?? new Map();
    let tp = 0;
    let fp = 0;
    let fn = 0;
    let sevChecked = 0;
    let sevOk = 0;
    const fps = [];
    const fns = [];
    const sevMiss = [];
    const kinds = new Map();
    const kind = (file) => {
      const k = kindOf(file);
      if (!kinds.has(k)) kinds.set(k, { tp: 0, fp: 0, fn: 0 });
      return kinds.get(k);
    };
    for (const key of new Set([...exp.keys(), ...got.keys()])) {
      const file = key.slice(0, key.lastIndexOf(':'));
      const e = exp.get(key) ?? { count: 0 };
      const g = got.get(key) ?? [];
      const hit = Math.min(e.count, g.length);
      tp += hit;
      kind(file).tp += hit;
      if (g.length > e.count) {
        fp += g.length - e.count;
        kind(file).fp += g.length - e.count;
        for (const f of g.slice(e.count)) fps.push(`${key}  ${f.severity}  ${f.message}`);
      }
      if (e.count > g.length) {
        fn += e.count - g.length;
        kind(file).fn += e.count - g.length;
        fns.push(`${key}  (${e.count - g.length} missing)`);
      }
      if (e.severity && hit) {
        sevChecked++;
        if (g.slice(0, hit).every((f) => f.severity === e.severity)) sevOk++;
        else sevMiss.push(`${key}  expected ${e.severity}, got ${g.map((f) => f.severity).join(', ')}`);
      }
    }
    results.push({
      rule,
      corpus: corpusRule,
      expected: tp + fn,
      found: tp + fp,
      tp,
      fp,
      fn,
      precision: ratio(tp, tp + fp),
      recall: ratio(tp, tp + fn),
      severity: { checked: sevChecked, agreed: sevOk },
      kinds: Object.fromEntries([...kinds].sort()),
      falsePositives: fps,
      falseNegatives: fns,
      severityMismatches: sevMiss,
    });
  }
  return results;
}

function readTarget(corpusDir) {
  const p = join(corpusDir, 'accuracy.json');
  if (!existsSync(p)) return { ...DEFAULT_TARGET };
  try {
    const j = JSON.parse(readFileSync(p, 'utf8'));
    return { precision: j.target?.precision ?? DEFAULT_TARGET.precision, recall: j.target?.recall ?? DEFAULT_TARGET.recall };
  } catch (e) {
    throw new BenchError(`${relative(ROOT, p)}: not valid JSON (${e.message})`);
  }
}

const pct = (x) => `${(x * 100).toFixed(1)}%`.padStart(6);

function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!existsSync(opts.cli)) throw new BenchError(`${relative(ROOT, opts.cli)} not found: run "npm run build" first`);
  if (!existsSync(opts.corpus)) throw new BenchError(`no corpus at ${opts.corpus}`);
  const corpora = readdirSync(opts.corpus, { withFileTypes: true })
    .filter((d) => d.isDirectory() && /^[a-z][a-z0-9-]*$/.test(d.name))
    .map((d) => d.name)
    .filter((r) => !opts.rules.length || opts.rules.includes(r))
    .sort();
  if (!corpora.length) throw new BenchError('no corpus to score (test/fixtures/accuracy/<rule-id>/)');
  const started = Date.now();
  const all = [];
  const problems = [];
  let traps = 0;
  let fileCount = 0;
  const workRoot = mkdtempSync(join(tmpdir(), 'sg-accuracy-'));
  try {
    for (const rule of corpora) {
      const dir = join(opts.corpus, rule);
      const info = readLabels(dir);
      traps += info.traps;
      fileCount += info.files.length;
      const work = join(workRoot, rule);
      const lineMaps = expandCorpus(dir, work);
      const out = runCli(opts.cli, work);
      mapLines(out, lineMaps);
      for (const p of out.problems ?? []) if (p.kind !== 'skipped') problems.push(`${rule}/${p.file}${p.line ? `:${p.line}` : ''}: ${p.kind}: ${p.message}`);
      const target = readTarget(dir);
      for (const r of score(rule, dir, out, info, opts.rules)) {
        r.target = r.rule === rule ? target : { ...DEFAULT_TARGET };
        r.files = info.files.length;
        all.push(r);
      }
    }
  } finally {
    if (opts.keep) process.stderr.write(`bench:accuracy: expanded corpora kept in ${workRoot}\n`);
    else rmSync(workRoot, { recursive: true, force: true });
  }
  const failing = all.filter((r) => r.precision < r.target.precision || r.recall < r.target.recall);
  const internal = problems.filter((p) => /internal-error/.test(p));
  if (opts.json) {
    process.stdout.write(JSON.stringify({ results: all, problems, traps, files: fileCount, ms: Date.now() - started }, null, 2) + '\n');
  } else {
    const out = [];
    out.push(`Accuracy bench: ${fileCount} files in ${corpora.length} corp${corpora.length === 1 ? 'us' : 'ora'}, ${traps} annotated traps, ${((Date.now() - started) / 1000).toFixed(1)}s`);
    out.push('');
    out.push(`${'rule'.padEnd(22)} ${'corpus'.padEnd(20)} ${'expected'.padStart(8)} ${'found'.padStart(6)} ${'TP'.padStart(4)} ${'FP'.padStart(4)} ${'FN'.padStart(4)} ${'precision'.padStart(9)} ${'recall'.padStart(7)}  target`);
    for (const r of all) {
      const ok = r.precision >= r.target.precision && r.recall >= r.target.recall;
      out.push(
        `${r.rule.padEnd(22)} ${r.corpus.padEnd(20)} ${String(r.expected).padStart(8)} ${String(r.found).padStart(6)} ${String(r.tp).padStart(4)} ${String(r.fp).padStart(4)} ${String(r.fn).padStart(4)} ${pct(r.precision).padStart(9)} ${pct(r.recall).padStart(7)}  P≥${r.target.precision} R≥${r.target.recall} ${ok ? 'ok' : 'BELOW'}`,
      );
      for (const [k, v] of Object.entries(r.kinds)) {
        out.push(`${''.padEnd(22)}   ${k.padEnd(18)} ${String(v.tp + v.fn).padStart(8)} ${String(v.tp + v.fp).padStart(6)} ${String(v.tp).padStart(4)} ${String(v.fp).padStart(4)} ${String(v.fn).padStart(4)} ${pct(ratio(v.tp, v.tp + v.fp)).padStart(9)} ${pct(ratio(v.tp, v.tp + v.fn)).padStart(7)}`);
      }
      if (r.severity.checked) out.push(`${''.padEnd(22)}   severity agreed on ${r.severity.agreed}/${r.severity.checked} labelled findings`);
      if (opts.verbose || !ok) {
        for (const f of r.falsePositives) out.push(`    FP ${f}`);
        for (const f of r.falseNegatives) out.push(`    FN ${f}`);
      }
      if (opts.verbose) for (const s of r.severityMismatches) out.push(`    severity ${s}`);
    }
    if (problems.length) {
      out.push('');
      out.push(`${problems.length} problem${problems.length === 1 ? '' : 's'} while scanning the corpus:`);
      for (const p of problems.slice(0, opts.verbose ? problems.length : 10)) out.push(`  ${p}`);
    }
    process.stdout.write(out.join('\n') + '\n');
  }
  if (opts.check && (failing.length || internal.length)) {
    if (!opts.json) process.stderr.write(`bench:accuracy --check: ${failing.map((r) => r.rule).join(', ') || 'internal errors'} under target\n`);
    return 1;
  }
  return 0;
}

try {
  process.exitCode = main();
} catch (e) {
  if (e instanceof BenchError) {
    process.stderr.write(`bench:accuracy: ${e.message}\n`);
    process.exitCode = 2;
  } else throw e;
}
