import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  codeOf,
  describeDiagnostics,
  ensureActivated,
  locate,
  openFixture,
  readFixture,
  revert,
  SOURCE,
  waitForDiagnostics,
} from './helpers';

const HANDLER = 'src/orders.js';
const PLAIN_URL = `'http://api.example.com/orders'`;

describe('diagnostics in the editor', () => {
  let editor: vscode.TextEditor | undefined;

  before(async () => {
    await ensureActivated();
  });

  afterEach(async () => {
    if (editor) await revert(editor);
  });

  it('reports plain-http on the fetch URL with source, code, docs link and range', async () => {
    const text = await readFixture(HANDLER);
    const expected = locate(text, PLAIN_URL);
    ({ editor } = await openFixture(HANDLER));
    const ds = await waitForDiagnostics(editor.document.uri, (d) => d.some((x) => codeOf(x) === 'plain-http'), 'a plain-http diagnostic');

    const plain = ds.filter((d) => codeOf(d) === 'plain-http');
    assert.equal(plain.length, 1, `exactly one plain-http finding expected (localhost is allowed); got ${describeDiagnostics(ds)}`);
    const d = plain[0]!;
    assert.equal(d.source, SOURCE);
    assert.ok(typeof d.code === 'object' && d.code.target, 'the diagnostic code must link to the rule docs');
    assert.match(d.code.target.toString(), /plain-http/);
    assert.ok(d.range.isEqual(expected.range), `range ${describeDiagnostics([d])} must cover ${PLAIN_URL} at line ${expected.line + 1}`);
    assert.equal(editor.document.getText(d.range), PLAIN_URL);
    assert.ok(
      d.severity === vscode.DiagnosticSeverity.Warning || d.severity === vscode.DiagnosticSeverity.Error,
      `plain-http should be a warning or error, got severity ${d.severity}`,
    );
    assert.match(d.message, /api\.example\.com/);
  });

  it('updates diagnostics as the document is edited', async () => {
    ({ editor } = await openFixture(HANDLER));
    const doc = editor.document;
    const uri = doc.uri;
    await waitForDiagnostics(uri, (d) => d.filter((x) => codeOf(x) === 'plain-http').length === 1, 'the initial finding');

    // Add a second plain-HTTP call at the top of the handler body.
    const insertLine = locate(doc.getText(), 'exports.handler').line + 1;
    const added = `  await fetch('http://audit.example.com/log');\n`;
    const ok = await editor.edit((b) => b.insert(new vscode.Position(insertLine, 0), added));
    assert.ok(ok, 'the insertion must apply');
    const two = await waitForDiagnostics(uri, (d) => d.filter((x) => codeOf(x) === 'plain-http').length === 2, 'a finding for the inserted line');
    const onNewLine = two.find((d) => d.range.start.line === insertLine);
    assert.ok(onNewLine, `a finding must sit on the inserted line ${insertLine + 1}: ${describeDiagnostics(two)}`);
    assert.equal(doc.getText(onNewLine.range), `'http://audit.example.com/log'`);

    // The original finding moved down one line with its text.
    const original = locate(doc.getText(), PLAIN_URL);
    assert.ok(two.some((d) => d.range.isEqual(original.range)), `the original finding must follow its line: ${describeDiagnostics(two)}`);

    // Remove the line again: back to one finding.
    const removed = await editor.edit((b) => b.delete(new vscode.Range(insertLine, 0, insertLine + 1, 0)));
    assert.ok(removed, 'the deletion must apply');
    const one = await waitForDiagnostics(uri, (d) => d.filter((x) => codeOf(x) === 'plain-http').length === 1, 'the inserted finding to go away');
    assert.ok(one[0]!.range.isEqual(locate(doc.getText(), PLAIN_URL).range));
  });
});
