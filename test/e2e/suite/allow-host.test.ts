import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  codeActionsAt,
  codeOf,
  describeDiagnostics,
  ensureActivated,
  locate,
  openFixture,
  pickAction,
  readFixture,
  waitForDiagnostics,
} from './helpers';

// services/billing/src/refund.js posts to a partner gateway over plain HTTP.
const HANDLER = 'services/billing/src/refund.js';
const HOST = 'legacy-gateway.bank-partner.example';
const URL_LITERAL = `'http://${HOST}/refunds'`;
const KEY = 'plainHttp.allowedHosts';
const SETTINGS_FILE = '.vscode/settings.json';

function workspaceHosts(): string[] | undefined {
  return vscode.workspace.getConfiguration('serverlessGuard').inspect<string[]>(KEY)?.workspaceValue;
}

describe('the "Allow plain HTTP to <host>" setting fix', () => {
  before(async () => {
    await ensureActivated();
  });

  after(async () => {
    // Put the workspace setting back and wait for the finding to return, so later tests see the fixture as it was.
    if (workspaceHosts() === undefined) return;
    await vscode.workspace.getConfiguration('serverlessGuard').update(KEY, undefined, vscode.ConfigurationTarget.Workspace);
    const { doc } = await openFixture(HANDLER);
    await waitForDiagnostics(doc.uri, (d) => d.some((x) => codeOf(x) === 'plain-http'), 'the plain-http finding to return once the host is no longer allowed');
  });

  it('runs serverlessGuard.allowHost (no edit): the host lands in the workspace settings and the finding goes away', async () => {
    assert.equal(workspaceHosts(), undefined, `no workspace value of serverlessGuard.${KEY} before the test`);
    const { editor } = await openFixture(HANDLER);
    const uri = editor.document.uri;
    const before = editor.document.getText();
    const ds = await waitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === 'plain-http'), 'a plain-http diagnostic');
    const plain = ds.filter((d) => codeOf(d) === 'plain-http');
    assert.equal(plain.length, 1, describeDiagnostics(ds));
    const finding = plain[0]!;
    assert.ok(finding.range.isEqual(locate(before, URL_LITERAL).range), `the finding must cover ${URL_LITERAL}: ${describeDiagnostics(plain)}`);

    const allow = pickAction(await codeActionsAt(uri, finding.range), /^Allow plain HTTP to /, '"Allow plain HTTP" fix');
    assert.equal(allow.title, `Allow plain HTTP to ${HOST} in this workspace`);
    assert.equal(allow.edit, undefined, 'the setting fix must not edit any file itself');
    assert.ok(allow.command, 'the setting fix must carry a command');
    assert.equal(allow.command.command, 'serverlessGuard.allowHost');
    assert.deepEqual(allow.command.arguments, [HOST]);
    assert.notEqual(allow.isPreferred, true, 'allowing plain HTTP must not be the preferred fix');

    await vscode.commands.executeCommand(allow.command.command, ...(allow.command.arguments ?? []));

    assert.deepEqual(workspaceHosts(), [HOST], 'the host must be added to the workspace value of the setting');
    const settings = JSON.parse(await readFixture(SETTINGS_FILE)) as Record<string, unknown>;
    assert.deepEqual(settings, { [`serverlessGuard.${KEY}`]: [HOST] }, `${SETTINGS_FILE} must hold exactly the allowed host`);
    assert.equal(editor.document.getText(), before, 'the handler text must not change');
    assert.equal(editor.document.isDirty, false, 'the handler must not be edited');

    const after = await waitForDiagnostics(uri, (d) => !d.some((x) => codeOf(x) === 'plain-http'), `the finding for ${HOST} to go away`);
    assert.equal(after.length, 0, describeDiagnostics(after));
  });
});
