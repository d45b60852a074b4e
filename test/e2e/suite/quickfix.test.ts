import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  applyCodeAction,
  codeActionsAt,
  codeOf,
  describeDiagnostics,
  ensureActivated,
  openFixture,
  revert,
  waitForDiagnostics,
} from './helpers';

const HANDLER = 'src/orders.js';
const PLAIN_URL = `'http://api.example.com/orders'`;

describe('quick fixes', () => {
  let editor: vscode.TextEditor | undefined;

  before(async () => {
    await ensureActivated();
  });

  afterEach(async () => {
    if (editor) await revert(editor);
  });

  async function findingAndActions() {
    ({ editor } = await openFixture(HANDLER));
    const uri = editor.document.uri;
    const ds = await waitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === 'plain-http'), 'a plain-http diagnostic');
    const finding = ds.find((d) => codeOf(d) === 'plain-http')!;
    const actions = await codeActionsAt(uri, finding.range);
    return { editor, uri, finding, actions };
  }

  it('offers a preferred "Use https://" fix that rewrites only the scheme and clears the finding', async () => {
    const { editor: ed, uri, finding, actions } = await findingAndActions();
    const titles = actions.map((a) => a.title);
    const fix = actions.find((a) => /https:\/\//.test(a.title));
    assert.ok(fix, `a "Use https://" quick fix must be offered; got ${JSON.stringify(titles)}`);
    assert.equal(fix.isPreferred, true, 'the https fix must be the preferred one');
    assert.ok(fix.kind && vscode.CodeActionKind.QuickFix.contains(fix.kind), `the fix must be a quickfix, got ${fix.kind?.value}`);
    // (vscode.executeCodeActionProvider does not hand back a CodeAction's `diagnostics`, so that link is
    // checked by the server tests, not here.)

    const before = ed.document.getText();
    const line = finding.range.start.line;
    await applyCodeAction(fix);

    const expected = before.replace(PLAIN_URL, `'https://api.example.com/orders'`);
    assert.equal(ed.document.getText(), expected, 'the fix must change exactly http:// into https:// in that URL');
    const after = await waitForDiagnostics(
      uri,
      (d) => !d.some((x) => codeOf(x) === 'plain-http' && x.range.start.line === line),
      'the plain-http finding to disappear after the fix',
    );
    assert.ok(!after.some((d) => codeOf(d) === 'plain-http'), `no plain-http finding may remain: ${describeDiagnostics(after)}`);
  });

  it('offers a suppress fix that silences the finding with a comment', async () => {
    const { editor: ed, uri, actions } = await findingAndActions();
    const titles = actions.map((a) => a.title);
    const suppress = actions.find((a) => /suppress|ignore|disable/i.test(a.title));
    assert.ok(suppress, `a suppress fix must be offered; got ${JSON.stringify(titles)}`);
    assert.notEqual(suppress.isPreferred, true, 'suppressing must not be the preferred fix');

    const before = ed.document.getText();
    await applyCodeAction(suppress);
    const afterText = ed.document.getText();
    assert.notEqual(afterText, before, 'the suppress fix must change the text');
    assert.ok(afterText.includes(PLAIN_URL), 'suppressing must leave the URL itself alone');
    // Only comment text is added: every original line is still there, and the added text names the rule.
    const added = afterText.split('\n').filter((l) => !before.split('\n').includes(l));
    assert.ok(added.length >= 1, 'the suppress fix must add or change a line');
    assert.ok(added.some((l) => /(\/\/|\/\*).*plain-http/.test(l)), `the added comment must name plain-http: ${JSON.stringify(added)}`);

    const after = await waitForDiagnostics(uri, (d) => !d.some((x) => codeOf(x) === 'plain-http'), 'the suppressed finding to disappear');
    assert.equal(after.filter((d) => codeOf(d) === 'plain-http').length, 0);
  });
});
