#!/usr/bin/env node
'use strict';
// The command-line front end. The code lives in the bundle built by `npm run build`.

// Garbage-collector settings for a batch run, set before the bundle loads (why, and what they cost:
// server/src/host/heap.ts, docs/cli.md "Memory"; the same list as BATCH_V8_FLAGS there). Worker threads
// set them again when they start. SERVERLESS_GUARD_HEAP=default keeps V8's defaults.
const BATCH_V8_FLAGS = ['--heap-growing-percent=20', '--semi-space-growth-factor=1'];
if (process.env.SERVERLESS_GUARD_HEAP !== 'default') {
  const v8 = require('node:v8');
  for (const flag of BATCH_V8_FLAGS) {
    try {
      v8.setFlagsFromString(flag);
    } catch {
      /* a runtime without the flag keeps its default */
    }
  }
}

let cli;
try {
  cli = require('../dist/cli.js');
} catch (e) {
  process.stderr.write('serverless-guard: dist/cli.js is missing; run "npm run build" first.\n');
  process.exit(3);
}
cli.main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`serverless-guard: internal error: ${e && e.stack ? e.stack : e}\n`);
    process.exitCode = 3;
  },
);
