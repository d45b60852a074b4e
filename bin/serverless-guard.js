#!/usr/bin/env node
'use strict';
// The command-line front end. The code lives in the bundle built by `npm run build`.
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
