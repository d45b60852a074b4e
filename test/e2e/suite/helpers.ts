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
export function locate(text: string, needle: string, label = needle): { line: number; range: vscode.Range } {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `fixture text must contain ${label}`);
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
  return codeActionsOfKind(uri, range, vscode.CodeActionKind.QuickFix.value);
}

function isCanceled(e: unknown): boolean {
  return e instanceof Error && (e.name === 'Canceled' || e.message === 'Canceled');
}

/** How often a code action request VS Code cancelled is asked again before the test fails. */
const CODE_ACTION_ATTEMPTS = 5;

/**
 * All code actions of `kind` (a hierarchical kind such as `quickfix` or `source.fixAll.serverlessGuard`)
 * for the range, as `vscode.executeCodeActionProvider` returns them.
 *
 * VS Code cancels a code action request when the set of code action providers for the document changes
 * while it runs (seen on the first code action request of a run, as extensions register their providers),
 * and the command then rejects with "Canceled"; the editor's light bulb simply asks again, and so do we,
 * a bounded number of times.
 */
export async function codeActionsOfKind(uri: vscode.Uri, range: vscode.Range, kind: string): Promise<vscode.CodeAction[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range, kind);
      // A bare Command has `command: string`; a CodeAction's `command` (if any) is an object.
      return (actions ?? []).filter((a): a is vscode.CodeAction => typeof (a as vscode.Command).command !== 'string');
    } catch (e) {
      if (!isCanceled(e) || attempt >= CODE_ACTION_ATTEMPTS) throw e;
      console.log(`[e2e] VS Code cancelled code action request ${attempt} for ${vscode.workspace.asRelativePath(uri)}; asking again`);
    }
  }
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

/** The one code action whose title matches `title`, with every offered title in the failure message. */
export function pickAction(actions: readonly vscode.CodeAction[], title: RegExp, what: string): vscode.CodeAction {
  const found = actions.filter((a) => title.test(a.title));
  assert.equal(found.length, 1, `exactly one ${what} (title ${title}) expected; offered: ${JSON.stringify(actions.map((a) => a.title))}`);
  return found[0]!;
}

/** The files a workspace edit touches, relative to the workspace folder, sorted. */
export function filesOf(edit: vscode.WorkspaceEdit | undefined): string[] {
  assert.ok(edit, 'the code action must carry a workspace edit');
  return [...new Set(edit.entries().map(([uri]) => vscode.workspace.asRelativePath(uri, false)))].sort();
}

/**
 * `text` with the only occurrence of `from` replaced by `to` (fails when `from` is missing or repeated).
 * `label` names `from` in the failure message (pass one when `from` is a secret).
 */
export function replaceOnce(text: string, from: string, to: string, label = JSON.stringify(from)): string {
  const at = text.indexOf(from);
  assert.ok(at >= 0, `fixture text must contain ${label}`);
  assert.ok(text.indexOf(from, at + 1) < 0, `fixture text must contain ${label} only once`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** `text` with every occurrence of each secret cut to its first four characters and an ellipsis. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join(`${s.slice(0, 4)}…`);
  return out;
}

/**
 * Asserts two texts are equal; when they are not, the failure (and mocha's diff) shows them with the
 * secrets redacted, so no test output prints a whole secret.
 */
export function assertSameText(actual: string, expected: string, message: string, secrets: readonly string[] = []): void {
  if (actual === expected) return;
  assert.equal(redact(actual, secrets), redact(expected, secrets), message);
  assert.fail(`${message}: the texts differ inside a secret`);
}

/** The text VS Code holds for `relativePath`: the open (possibly unsaved) document, else the file on disk. */
export async function currentText(relativePath: string): Promise<string> {
  const key = fixtureUri(relativePath).toString();
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key && !d.isClosed);
  return doc ? doc.getText() : readFixture(relativePath);
}

/** Whether `relativePath` is open as a document in this window (in an editor or not). */
export function isOpen(relativePath: string): boolean {
  const key = fixtureUri(relativePath).toString();
  return vscode.workspace.textDocuments.some((d) => d.uri.toString() === key && !d.isClosed);
}

/**
 * Throws away unsaved changes of every listed fixture file that a test edited (a cross-file fix opens the
 * files it edits in the background), so later tests see the fixture as on disk.
 */
export async function revertFiles(...relativePaths: string[]): Promise<void> {
  for (const rel of relativePaths) {
    const key = fixtureUri(rel).toString();
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key && !d.isClosed);
    if (!doc?.isDirty) continue;
    await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.equal(doc.isDirty, false, `${rel} must be reverted`);
    // (a boolean check: a fixture may hold a secret, and a failing text comparison would print it)
    assert.ok(doc.getText() === (await readFixture(rel)), `${rel} must be back to its text on disk`);
  }
}
