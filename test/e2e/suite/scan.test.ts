import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, describeDiagnostics, ensureActivated, fixtureUri, locate, readFixture, waitForDiagnostics } from './helpers';

const UNOPENED = 'src/invoices.js';

describe('Serverless Guard: Scan Workspace', () => {
  before(async () => {
    await ensureActivated();
  });

  it('is contributed as a command', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('serverlessGuard.scanWorkspace'), 'serverlessGuard.scanWorkspace must be registered');
  });

  it('reports findings for a handler file that is not open', async () => {
    const uri = fixtureUri(UNOPENED);
    const key = uri.toString();
    assert.ok(
      !vscode.workspace.textDocuments.some((d) => d.uri.toString() === key),
      `${UNOPENED} must not be open before the scan (no test opens it)`,
    );
    const text = await readFixture(UNOPENED);
    const expected = locate(text, `'http://billing.example.com/invoices'`);

    await vscode.commands.executeCommand('serverlessGuard.scanWorkspace');
    const ds = await waitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === 'plain-http'), 'scan results for the unopened file');
    const plain = ds.filter((d) => codeOf(d) === 'plain-http');
    assert.equal(plain.length, 1, describeDiagnostics(ds));
    assert.ok(plain[0]!.range.isEqual(expected.range), `scan finding at the URL literal expected: ${describeDiagnostics(plain)}`);
    assert.ok(
      !vscode.workspace.textDocuments.some((d) => d.uri.toString() === key && !d.isClosed && vscode.window.visibleTextEditors.some((e) => e.document === d)),
      'the scan must not open the file in an editor',
    );
  });
});
