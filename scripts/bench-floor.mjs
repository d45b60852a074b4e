// The parse floor of a scan (run by `npm run bench -- --floor`, not on its own): reads the listed files
// and parses, once, those that some rule has to read (the engine's own pre-filters decide, and every
// configuration, as the deployment model reads it), with the design card's parsers. No rule runs and no
// model is built, so no scan of the same files can cost less than this on one thread.
//
//   node scripts/bench-floor.mjs <root> <file-list> <part> <parts>
//
// Reads the paths of <file-list> (one per line, relative to <root>) whose index modulo <parts> is
// <part>, and prints one JSON line: files read, files parsed, and the milliseconds spent.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { SourceFile } = require(join(ROOT, 'out/server/src/engine/source.js'));
const { rulesFor } = require(join(ROOT, 'out/server/src/engine/analyze.js'));
const { isModelled } = require(join(ROOT, 'out/server/src/engine/model/file-model.js'));
const { readTextFileSync } = require(join(ROOT, 'out/server/src/host/read.js'));
const { DEFAULT_MAX_FILE_SIZE } = require(join(ROOT, 'out/server/src/engine/classify.js'));
// typescript-estree as the CLI loads it: its own bundle, with the V8 code cache.
require(join(ROOT, 'out/server/src/host/estree-loader.js')).useBundledEstree(join(ROOT, 'dist'));

const [root, listFile, part = '0', parts = '1'] = process.argv.slice(2);
const list = readFileSync(listFile, 'utf8').split('\n').filter(Boolean);
const mine = list.filter((_, i) => i % Number(parts) === Number(part));

const started = performance.now();
let read = 0;
let parsed = 0;
let parseMs = 0;
for (const rel of mine) {
  const path = join(root, rel);
  const r = readTextFileSync(path, DEFAULT_MAX_FILE_SIZE);
  if (!r.ok) continue;
  read++;
  const file = SourceFile.create(path, r.text, { maxFileSize: DEFAULT_MAX_FILE_SIZE });
  const c = file.classification;
  if (c.role === 'ignored') continue;
  if (c.role !== 'config' && !isModelled(file) && rulesFor(file).length === 0) continue;
  const t = performance.now();
  void file.js;
  void file.config;
  parseMs += performance.now() - t;
  parsed++;
}
process.stdout.write(`${JSON.stringify({ read, parsed, parseMs: Math.round(parseMs), totalMs: Math.round(performance.now() - started) })}\n`);
