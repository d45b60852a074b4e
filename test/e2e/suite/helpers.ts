import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'serverless-guard.serverless-guard';
export const SOURCE = 'serverless-guard';

/** How long the language server may take to answer (first activation included). */
export const WAIT_MS = 20000;

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the e2e run must open the fixture workspace folder');
  return folder.uri;
}

export function fixtureUri(relativePath: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...relativePath.split('/'));
}

export async function readFixture(relativePath: string): Promise<string> {
  return Buffer.from(await vscode.workspace.fs.readFile(fixtureUri(relativePath))).toString('utf8');
}

export function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

export function describeDiagnostics(ds: readonly vscode.Diagnostic[]): string {
  if (ds.length === 0) return '(none)';
  return ds
    .map((d) => `${codeOf(d)}@${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.message}`)
    .join('; ');
}

/**
 * Resolves with our diagnostics for `uri` as soon as `predicate` holds for them: checked now and on every
 * `onDidChangeDiagnostics` event for that uri. Rejects after `timeoutMs`, saying what was last seen.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (ds: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = WAIT_MS,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const key = uri.toString();
    let settled = false;
    const finish = (err: Error | undefined, ds?: vscode.Diagnostic[]) => {
      if (settled) return;
      settled = true;
      sub.dispose();
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(ds ?? []);
    };
    const check = () => {
      const ds = ourDiagnostics(uri);
      if (predicate(ds)) finish(undefined, ds);
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === key)) check();
    });
    const timer = setTimeout(() => {
      finish(new Error(`timed out after ${timeoutMs} ms waiting for ${what} in ${vscode.workspace.asRelativePath(uri)}; last seen: ${describeDiagnostics(ourDiagnostics(uri))}`));
    }, timeoutMs);
    check();
  });
}

/** The zero-based line of the first occurrence of `needle`, and the range of `needle` itself. */
export function locate(text: string, needle: string): { line: number; range: vscode.Range } {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `fixture text must contain ${needle}`);
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  const character = offset - (before.lastIndexOf('\n') + 1);
  return { line, range: new vscode.Range(line, character, line, character + needle.length) };
}

export async function openFixture(relativePath: string): Promise<{ doc: vscode.TextDocument; editor: vscode.TextEditor }> {
  const doc = await vscode.workspace.openTextDocument(fixtureUri(relativePath));
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  return { doc, editor };
}

/** Throws away unsaved changes of the document shown in `editor`, so later tests see the fixture as on disk. */
export async function revert(editor: vscode.TextEditor): Promise<void> {
  if (!editor.document.isDirty) return;
  await vscode.window.showTextDocument(editor.document, { preview: false });
  await vscode.commands.executeCommand('workbench.action.files.revert');
  assert.equal(editor.document.isDirty, false, 'the fixture document must be reverted');
}

/** Applies a code action the way the editor does: its edit first, then its command. */
export async function applyCodeAction(action: vscode.CodeAction): Promise<void> {
  if (action.edit) {
    const ok = await vscode.workspace.applyEdit(action.edit);
    assert.ok(ok, `the edit of "${action.title}" must apply`);
  }
  if (action.command) {
    await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
  }
}

export async function codeActionsAt(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    uri,
    range,
    vscode.CodeActionKind.QuickFix.value,
  );
  // A bare Command has `command: string`; a CodeAction's `command` (if any) is an object.
  return (actions ?? []).filter((a): a is vscode.CodeAction => typeof (a as vscode.Command).command !== 'string');
}

/**
 * Sets a `serverlessGuard.*` user setting for the duration of `body`, then puts the previous value back
 * (also when `body` fails).
 */
export async function withSetting<T>(key: string, value: unknown, body: () => Promise<T>): Promise<T> {
  const config = vscode.workspace.getConfiguration('serverlessGuard');
  const previous = config.inspect(key)?.globalValue;
  await config.update(key, value, vscode.ConfigurationTarget.Global);
  try {
    return await body();
  } finally {
    await vscode.workspace.getConfiguration('serverlessGuard').update(key, previous, vscode.ConfigurationTarget.Global);
  }
}

export async function ensureActivated(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} must be installed in the test instance`);
  await ext.activate();
  return ext;
}
