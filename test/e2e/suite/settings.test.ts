import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, ensureActivated, openFixture, waitForDiagnostics, withSetting } from './helpers';

const HANDLER = 'src/orders.js';

describe('settings take effect without a restart', () => {
  let uri: vscode.Uri;

  before(async () => {
    await ensureActivated();
    const { doc } = await openFixture(HANDLER);
    uri = doc.uri;
    await waitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === 'plain-http'), 'the plain-http finding before any setting changes');
  });

  it('serverlessGuard.rules {"plain-http": {"severity": "off"}} removes the finding, and restoring brings it back', async () => {
    await withSetting('rules', { 'plain-http': { severity: 'off' } }, async () => {
      const ds = await waitForDiagnostics(uri, (d) => !d.some((x) => codeOf(x) === 'plain-http'), 'plain-http to be switched off');
      assert.equal(ds.filter((d) => codeOf(d) === 'plain-http').length, 0);
    });
    const back = await waitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === 'plain-http'), 'plain-http to come back after restoring the setting');
    assert.equal(back.filter((d) => codeOf(d) === 'plain-http').length, 1);
  });

  it('serverlessGuard.rules can raise plain-http to an error', async () => {
    await withSetting('rules', { 'plain-http': { severity: 'error' } }, async () => {
      const ds = await waitForDiagnostics(
        uri,
        (d) => d.some((x) => codeOf(x) === 'plain-http' && x.severity === vscode.DiagnosticSeverity.Error),
        'plain-http reported as an error',
      );
      assert.ok(ds.length > 0);
    });
    await waitForDiagnostics(
      uri,
      (d) => d.some((x) => codeOf(x) === 'plain-http' && x.severity !== vscode.DiagnosticSeverity.Error),
      'plain-http back at its default severity',
    );
  });

  it('serverlessGuard.enable false clears every finding, true restores them', async () => {
    await withSetting('enable', false, async () => {
      const ds = await waitForDiagnostics(uri, (d) => d.length === 0, 'all findings to be cleared');
      assert.equal(ds.length, 0);
    });
    await waitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === 'plain-http'), 'findings to return after re-enabling');
  });
});
