import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parse as parseYaml } from 'yaml';
import {
  applyCodeAction,
  assertSameText,
  codeActionsAt,
  codeOf,
  currentText,
  describeDiagnostics,
  ensureActivated,
  filesOf,
  locate,
  openFixture,
  pickAction,
  readFixture,
  replaceOnce,
  revertFiles,
  SOURCE,
  waitForDiagnostics,
} from './helpers';

// services/billing: src/charge.js signs receipts with a literal JWT secret, src/ledger.js gives a literal
// to dbPassword; serverless.yml deploys both (ledger already has an environment block, charge has none).
// The secret values stay in the fixtures: this file reads them from there and never prints them whole.
const CONFIG = 'services/billing/serverless.yml';
const CHARGE = 'services/billing/src/charge.js';
const LEDGER = 'services/billing/src/ledger.js';
const JWT_SECRET = /jwt\.sign\([^\n]*, ('[^']+')\)/;
const DB_PASSWORD = /const dbPassword = ('[^']+');/;

type ServerlessFunctions = { functions: Record<string, { environment?: Record<string, string> }> };

/** The quoted literal (quotes included) and its value, as the first group of `re` finds them in `text`. */
function secretIn(text: string, re: RegExp, what: string): { literal: string; value: string; label: string } {
  const m = re.exec(text);
  assert.ok(m?.[1], `the fixture must contain ${what}`);
  const literal = m[1];
  const value = literal.slice(1, -1);
  return { literal, value, label: `the ${what} (${value.slice(0, 4)}…)` };
}

describe('hardcoded-secret in a handler', () => {
  before(async () => {
    await ensureActivated();
  });

  afterEach(async () => {
    await revertFiles(CHARGE, LEDGER, CONFIG);
  });

  /** Opens the handler and waits for its one hardcoded-secret finding, which must cover the literal exactly. */
  async function secretFinding(rel: string, secret: { literal: string; label: string }) {
    const { editor } = await openFixture(rel);
    const uri = editor.document.uri;
    const ds = await waitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === 'hardcoded-secret'), 'a hardcoded-secret diagnostic');
    const secrets = ds.filter((d) => codeOf(d) === 'hardcoded-secret');
    assert.equal(secrets.length, 1, `exactly one hardcoded-secret finding expected: ${describeDiagnostics(ds)}`);
    const d = secrets[0]!;
    const expected = locate(editor.document.getText(), secret.literal, secret.label);
    assert.ok(d.range.isEqual(expected.range), `range ${describeDiagnostics([d])} must cover ${secret.label} at line ${expected.line + 1}`);
    return { editor, uri, finding: d };
  }

  it('reports the jwt.sign secret with source, code, docs link, range and a redacted message', async () => {
    const secret = secretIn(await readFixture(CHARGE), JWT_SECRET, 'jwt.sign secret');
    const { finding: d } = await secretFinding(CHARGE, secret);
    assert.equal(d.source, SOURCE);
    assert.ok(typeof d.code === 'object' && d.code.target, 'the diagnostic code must link to the rule docs');
    assert.match(d.code.target.toString(), /hardcoded-secret/);
    // A secret known by where it is used (not by a provider format) is a warning.
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.ok(!d.message.includes(secret.value), 'the message must not show the secret');
    assert.ok(d.message.includes(`${secret.value.slice(0, 4)}…`), `the message shows the first four characters and an ellipsis: ${d.message}`);
  });

  it('"Move to SSM parameter" replaces the literal with process.env.JWT_SECRET and adds it to the function environment in one edit', async () => {
    const handlerBefore = await readFixture(CHARGE);
    const configBefore = await readFixture(CONFIG);
    const secret = secretIn(handlerBefore, JWT_SECRET, 'jwt.sign secret');
    const { editor, uri, finding } = await secretFinding(CHARGE, secret);

    const fix = pickAction(await codeActionsAt(uri, finding.range), /^Move to SSM parameter \/billing\/dev\/jwt-secret$/, 'SSM fix');
    assert.equal(fix.isPreferred, true, 'moving the secret out is the preferred fix');
    assert.deepEqual(filesOf(fix.edit), [CONFIG, CHARGE].sort(), 'one workspace edit changes the handler and serverless.yml');
    await applyCodeAction(fix);

    const handlerExpected = replaceOnce(handlerBefore, secret.literal, 'process.env.JWT_SECRET', secret.label);
    const configExpected = replaceOnce(
      configBefore,
      '          path: /charges\n          method: post\n',
      '          path: /charges\n          method: post\n    environment:\n      JWT_SECRET: ${ssm:/billing/${sls:stage}/jwt-secret}\n',
    );
    assertSameText(editor.document.getText(), handlerExpected, 'the handler must read process.env.JWT_SECRET instead of the literal', [secret.value]);
    assertSameText(await currentText(CONFIG), configExpected, 'serverless.yml must gain the environment entry of the charge function');
    const parsed = parseYaml(configExpected) as ServerlessFunctions;
    assert.deepEqual(parsed.functions.charge!.environment, { JWT_SECRET: '${ssm:/billing/${sls:stage}/jwt-secret}' });
    assert.deepEqual(parsed.functions.ledger!.environment, { LEDGER_DB_HOST: 'ledger.cluster-example.eu-west-1.rds.amazonaws.com' }, 'other functions keep their environment');

    const after = await waitForDiagnostics(uri, (d) => !d.some((x) => codeOf(x) === 'hardcoded-secret'), 'the hardcoded-secret finding to disappear after the fix');
    assert.equal(after.filter((d) => codeOf(d) === 'hardcoded-secret').length, 0);
  });

  it('a password given to dbPassword moves to process.env.DB_PASSWORD, added to the existing environment block', async () => {
    const handlerBefore = await readFixture(LEDGER);
    const configBefore = await readFixture(CONFIG);
    const secret = secretIn(handlerBefore, DB_PASSWORD, 'dbPassword literal');
    const { editor, uri, finding } = await secretFinding(LEDGER, secret);
    assert.match(finding.message, /password/i);
    assert.match(finding.message, /dbPassword/);

    const fix = pickAction(await codeActionsAt(uri, finding.range), /^Move to SSM parameter \/billing\/dev\/db-password$/, 'SSM fix');
    assert.equal(fix.isPreferred, true);
    assert.deepEqual(filesOf(fix.edit), [CONFIG, LEDGER].sort());
    await applyCodeAction(fix);

    const hostLine = '      LEDGER_DB_HOST: ledger.cluster-example.eu-west-1.rds.amazonaws.com\n';
    const configExpected = replaceOnce(configBefore, hostLine, `${hostLine}      DB_PASSWORD: \${ssm:/billing/\${sls:stage}/db-password}\n`);
    assertSameText(editor.document.getText(), replaceOnce(handlerBefore, secret.literal, 'process.env.DB_PASSWORD', secret.label), 'the handler must read process.env.DB_PASSWORD', [secret.value]);
    assertSameText(await currentText(CONFIG), configExpected, 'serverless.yml must gain DB_PASSWORD in the ledger environment');
    const parsed = parseYaml(configExpected) as ServerlessFunctions;
    assert.deepEqual(parsed.functions.ledger!.environment, {
      LEDGER_DB_HOST: 'ledger.cluster-example.eu-west-1.rds.amazonaws.com',
      DB_PASSWORD: '${ssm:/billing/${sls:stage}/db-password}',
    });
    assert.equal(parsed.functions.charge!.environment, undefined, 'the charge function is left alone');

    await waitForDiagnostics(uri, (d) => !d.some((x) => codeOf(x) === 'hardcoded-secret'), 'the dbPassword finding to disappear after the fix');
  });

  it('the suppress fix adds "// serverless-guard-ignore-next-line hardcoded-secret" above the line and nothing else', async () => {
    const handlerBefore = await readFixture(CHARGE);
    const secret = secretIn(handlerBefore, JWT_SECRET, 'jwt.sign secret');
    const { editor, uri, finding } = await secretFinding(CHARGE, secret);

    const suppress = pickAction(await codeActionsAt(uri, finding.range), /^Ignore hardcoded-secret on this line$/, 'suppress fix');
    assert.notEqual(suppress.isPreferred, true, 'suppressing must not be the preferred fix');
    assert.deepEqual(filesOf(suppress.edit), [CHARGE], 'suppressing touches only the handler');
    await applyCodeAction(suppress);

    const lines = handlerBefore.split('\n');
    const at = finding.range.start.line;
    const indent = /^\s*/.exec(lines[at]!)![0];
    lines.splice(at, 0, `${indent}// serverless-guard-ignore-next-line hardcoded-secret`);
    assertSameText(editor.document.getText(), lines.join('\n'), 'only the comment line is added', [secret.value]);
    assertSameText(await currentText(CONFIG), await readFixture(CONFIG), 'serverless.yml is not touched');

    const after = await waitForDiagnostics(uri, (d) => !d.some((x) => codeOf(x) === 'hardcoded-secret'), 'the suppressed finding to disappear');
    assert.equal(after.length, 0, `nothing else is reported in the handler: ${describeDiagnostics(after)}`);
  });
});
