// Entry point of the extension tests, loaded by VS Code's extension host (desktop VS Code through
// @vscode/test-electron, or VS Code in code-server through test/e2e/launcher/code-vscode.mjs).
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/** Per-test bound; every wait inside a test has its own, shorter deadline. */
const TEST_TIMEOUT_MS = 45000;

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: TEST_TIMEOUT_MS,
    slow: Number(process.env.SG_E2E_SLOW_MS || 5000),
    // Under CI a .only left in a test must fail the run rather than quietly skip the rest.
    forbidOnly: process.env.CI === 'true',
    grep: process.env.SG_E2E_GREP || undefined,
  });
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));

  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const { passes = 0, pending = 0 } = runner.stats ?? {};
        const skipped = pending > 0 ? `, ${pending} skipped` : '';
        console.log(`e2e: ${passes} passed, ${failures} failed${skipped}`);
        if (failures > 0) reject(new Error(`${failures} e2e test(s) failed`));
        else if (passes === 0) reject(new Error('no e2e test ran'));
        else if (pending > 0 && process.env.CI === 'true') reject(new Error(`${pending} e2e test(s) skipped under CI`));
        else resolve();
      });
    } catch (err) {
      reject(err);
    }
  });
}
