import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parse as parseYaml } from 'yaml';
import {
  applyCodeAction,
  codeActionsAt,
  codeActionsOfKind,
  codeOf,
  describeDiagnostics,
  ensureActivated,
  filesOf,
  isOpen,
  locate,
  openFixture,
  pickAction,
  readFixture,
  replaceOnce,
  revertFiles,
  SOURCE,
  waitForDiagnostics,
} from './helpers';

// services/inventory/serverless.yml grants `dynamodb:*` and names `s3:GetObjects` (a typo) for the one
// function, whose handler src/stock.js (never opened by any test) calls Query and UpdateItem.
const CONFIG = 'services/inventory/serverless.yml';
const HANDLER = 'services/inventory/src/stock.js';
const WILDCARD = 'dynamodb:*';
const TYPO = 's3:GetObjects';
const FIX_ALL = 'source.fixAll.serverlessGuard';

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: string;
}
function statementsOf(text: string): Statement[] {
  const doc = parseYaml(text) as { provider: { iam: { role: { statements: Statement[] } } } };
  return doc.provider.iam.role.statements;
}

describe('IAM rules in serverless.yml', () => {
  before(async () => {
    await ensureActivated();
  });

  afterEach(async () => {
    await revertFiles(CONFIG);
  });

  /** Opens the configuration and waits for both IAM findings, checking what they have in common. */
  async function openConfig() {
    const { editor } = await openFixture(CONFIG);
    const uri = editor.document.uri;
    const ds = await waitForDiagnostics(
      uri,
      (d) => d.some((x) => codeOf(x) === 'wildcard-permission') && d.some((x) => codeOf(x) === 'unknown-iam-action'),
      'the wildcard-permission and unknown-iam-action diagnostics',
    );
    assert.equal(ds.length, 2, `exactly two findings expected in ${CONFIG}: ${describeDiagnostics(ds)}`);
    for (const d of ds) {
      assert.equal(d.source, SOURCE);
      assert.ok(typeof d.code === 'object' && d.code.target, 'the diagnostic code must link to the rule docs');
      assert.match(d.code.target.toString(), new RegExp(String(d.code.value)));
    }
    const text = editor.document.getText();
    const wildcard = ds.find((d) => codeOf(d) === 'wildcard-permission')!;
    const unknown = ds.find((d) => codeOf(d) === 'unknown-iam-action')!;
    assert.ok(wildcard.range.isEqual(locate(text, WILDCARD).range), `wildcard-permission must cover ${WILDCARD}: ${describeDiagnostics([wildcard])}`);
    assert.ok(unknown.range.isEqual(locate(text, TYPO).range), `unknown-iam-action must cover ${TYPO}: ${describeDiagnostics([unknown])}`);
    return { editor, uri, wildcard, unknown, before: text };
  }

  it('wildcard-permission: the least-privilege fix replaces dynamodb:* with the actions the unopened handler calls', async () => {
    assert.ok(!isOpen(HANDLER), `${HANDLER} must not be open: the server must read it from its index`);
    const { editor, uri, wildcard, before } = await openConfig();
    assert.equal(wildcard.severity, vscode.DiagnosticSeverity.Error, 'an action wildcard on an Allow is an error');
    assert.match(wildcard.message, /dynamodb:\*/);

    const fix = pickAction(await codeActionsAt(uri, wildcard.range), /^Grant only what the handlers? calls?: /, 'least-privilege fix');
    assert.equal(fix.title, 'Grant only what the handler calls: dynamodb:Query, dynamodb:UpdateItem');
    assert.equal(fix.isPreferred, true, 'least privilege is the preferred fix');
    assert.deepEqual(filesOf(fix.edit), [CONFIG], 'the fix edits serverless.yml only');
    await applyCodeAction(fix);

    const expected = replaceOnce(
      before,
      `          Action: ${WILDCARD}\n`,
      '          Action:\n            - dynamodb:Query\n            - dynamodb:UpdateItem\n',
    );
    assert.equal(editor.document.getText(), expected);
    assert.deepEqual(statementsOf(expected)[0]!.Action, ['dynamodb:Query', 'dynamodb:UpdateItem']);
    assert.ok(!isOpen(HANDLER), `the fix must not open ${HANDLER}`);

    const after = await waitForDiagnostics(uri, (d) => !d.some((x) => codeOf(x) === 'wildcard-permission'), 'the wildcard-permission finding to disappear');
    assert.deepEqual(after.map(codeOf), ['unknown-iam-action'], `only the typo is left: ${describeDiagnostics(after)}`);
  });

  it('unknown-iam-action: "Change to s3:GetObject" renames the action and nothing else', async () => {
    const { editor, uri, unknown, before } = await openConfig();
    assert.equal(unknown.severity, vscode.DiagnosticSeverity.Warning, 'a typo in an Allow is a warning');
    assert.match(unknown.message, /did you mean s3:GetObject\?/);

    const fix = pickAction(await codeActionsAt(uri, unknown.range), /^Change to s3:GetObject$/, 'rename fix');
    assert.equal(fix.isPreferred, true);
    assert.deepEqual(filesOf(fix.edit), [CONFIG]);
    await applyCodeAction(fix);

    const expected = replaceOnce(before, `            - ${TYPO}\n`, '            - s3:GetObject\n');
    assert.equal(editor.document.getText(), expected);
    assert.deepEqual(statementsOf(expected)[1]!.Action, ['s3:GetObject']);

    const after = await waitForDiagnostics(uri, (d) => !d.some((x) => codeOf(x) === 'unknown-iam-action'), 'the unknown-iam-action finding to disappear');
    assert.deepEqual(after.map(codeOf), ['wildcard-permission'], `only the wildcard is left: ${describeDiagnostics(after)}`);
  });

  it('the suppress fix adds "# serverless-guard-ignore-next-line wildcard-permission" above the Action line', async () => {
    const { editor, uri, wildcard, before } = await openConfig();
    const suppress = pickAction(await codeActionsAt(uri, wildcard.range), /^Ignore wildcard-permission on this line$/, 'suppress fix');
    assert.notEqual(suppress.isPreferred, true, 'suppressing must not be the preferred fix');
    assert.deepEqual(filesOf(suppress.edit), [CONFIG]);
    await applyCodeAction(suppress);

    const expected = replaceOnce(
      before,
      `          Action: ${WILDCARD}\n`,
      `          # serverless-guard-ignore-next-line wildcard-permission\n          Action: ${WILDCARD}\n`,
    );
    assert.equal(editor.document.getText(), expected);
    assert.deepEqual(statementsOf(expected), statementsOf(before), 'a YAML comment changes no statement');

    const after = await waitForDiagnostics(uri, (d) => !d.some((x) => codeOf(x) === 'wildcard-permission'), 'the suppressed finding to disappear');
    assert.deepEqual(after.map(codeOf), ['unknown-iam-action'], describeDiagnostics(after));
  });

  it(`${FIX_ALL} applies the least-privilege and the rename fix in one edit and leaves no finding`, async () => {
    const { editor, uri, before } = await openConfig();
    const whole = new vscode.Range(0, 0, editor.document.lineCount, 0);
    const actions = await codeActionsOfKind(uri, whole, FIX_ALL);
    assert.equal(actions.length, 1, `one fix-all action expected; got ${JSON.stringify(actions.map((a) => `${a.kind?.value}: ${a.title}`))}`);
    const fixAll = actions[0]!;
    assert.equal(fixAll.kind?.value, FIX_ALL);
    assert.deepEqual(filesOf(fixAll.edit), [CONFIG]);
    await applyCodeAction(fixAll);

    let expected = replaceOnce(before, `          Action: ${WILDCARD}\n`, '          Action:\n            - dynamodb:Query\n            - dynamodb:UpdateItem\n');
    expected = replaceOnce(expected, `            - ${TYPO}\n`, '            - s3:GetObject\n');
    assert.equal(editor.document.getText(), expected);
    assert.deepEqual(
      statementsOf(expected).map((s) => s.Action),
      [['dynamodb:Query', 'dynamodb:UpdateItem'], ['s3:GetObject']],
    );

    const after = await waitForDiagnostics(uri, (d) => d.length === 0, 'every finding of serverless.yml to disappear after fix-all');
    assert.equal(after.length, 0);
    assert.equal(await readFixture(CONFIG), before, 'fix-all edits the buffer, not the file on disk');
  });
});
