import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';
import { REPO, startServer, type TestServer } from './client';

const transports: Array<[string, string[]]> = [
  ['bundled server (dist/server.js --stdio)', [path.join(REPO, 'dist/server.js'), '--stdio']],
  ['CLI (serverless-guard lsp --stdio)', [path.join(REPO, 'bin/serverless-guard.js'), 'lsp', '--stdio']],
];

for (const [label, command] of transports) {
  describe(`language server over stdio: ${label}`, function () {
    let dir: string;
    let server: TestServer;

    before(async () => {
      dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sg-lsp-'));
      await fs.mkdir(path.join(dir, 'src'));
      await fs.writeFile(path.join(dir, 'serverless.yml'), 'service: s\nfunctions:\n  a:\n    handler: src/a.handler\n');
      await fs.writeFile(path.join(dir, 'src/unopened.js'), 'fetch("http://unopened.example.com");\n');
      server = await startServer(command, dir);
    });
    after(async () => {
      await server?.stop();
    });

    it('answers initialize with its capabilities (already done in before) and serverInfo', async () => {
      assert.equal(server.child.exitCode, null);
    });

    it('publishes diagnostics on open with code, codeDescription and source', async () => {
      const uri = pathToFileURL(path.join(dir, 'src/a.js')).href;
      const text = 'exports.handler = async () => fetch("http://api.example.com/x");\n';
      server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'javascript', version: 1, text } });
      const p = await server.diagnostics(uri, (d) => d.diagnostics.length > 0);
      const d = p.diagnostics[0];
      assert.equal(d.code, 'plain-http');
      assert.equal(d.source, 'serverless-guard');
      assert.match(d.codeDescription!.href, /docs\/rules\/plain-http\.md$/);
      assert.deepEqual(d.range, { start: { line: 0, character: 36 }, end: { line: 0, character: 62 } });
      assert.equal(p.version, 1);
    });

    it('offers the quick fix (preferred) and fix-all; applying it clears the diagnostic', async () => {
      const uri = pathToFileURL(path.join(dir, 'src/a.js')).href;
      const p = await server.diagnostics(uri, (d) => d.diagnostics.length > 0);
      const actions = (await server.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: p.diagnostics[0].range,
        context: { diagnostics: p.diagnostics },
      })) as CodeAction[];
      const fix = actions.find((a) => a.isPreferred)!;
      assert.equal(fix.title, 'Use https://');
      assert.equal(fix.kind, 'quickfix');
      assert.ok(actions.some((a) => a.kind === 'source.fixAll.serverlessGuard'));
      assert.ok(actions.some((a) => a.title === 'Ignore plain-http on this line'));
      const change = fix.edit!.documentChanges![0] as TextDocumentEdit;
      const edits = change.edits as TextEdit[];
      assert.equal(change.textDocument.version, 1);
      const doc = TextDocument.create(uri, 'javascript', 1, 'exports.handler = async () => fetch("http://api.example.com/x");\n');
      const newText = TextDocument.applyEdits(doc, edits);
      assert.equal(newText, 'exports.handler = async () => fetch("https://api.example.com/x");\n');
      server.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: 2 },
        contentChanges: edits.map((e) => ({ range: e.range, text: e.newText })),
      });
      const after = await server.diagnostics(uri, (d) => d.version === 2);
      assert.deepEqual(after.diagnostics, []);
    });

    it('incremental edits: the newest version wins', async () => {
      const uri = pathToFileURL(path.join(dir, 'src/b.ts')).href;
      server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text: 'const u = "https://a.example.com";\nfetch(u);\n' } });
      await server.diagnostics(uri, (d) => d.version === 1);
      // Three quick edits: only the last state matters.
      for (let v = 2; v <= 4; v++) {
        server.connection.sendNotification('textDocument/didChange', {
          textDocument: { uri, version: v },
          contentChanges: [{ range: { start: { line: 0, character: 15 }, end: { line: 0, character: v === 2 ? 16 : 15 } }, text: v === 2 ? '' : v === 3 ? '' : '' }],
        });
      }
      const p = await server.diagnostics(uri, (d) => d.version === 4);
      assert.equal(p.diagnostics.length, 1);
      assert.equal(p.diagnostics[0].code, 'plain-http');
    });

    it('settings are pulled per resource and refreshed on change (rule off, then on)', async () => {
      const uri = pathToFileURL(path.join(dir, 'src/c.js')).href;
      server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'javascript', version: 1, text: 'fetch("http://c.example.com");\n' } });
      await server.diagnostics(uri, (d) => d.diagnostics.length === 1);
      server.settings = { rules: { 'plain-http': { severity: 'off' } } };
      server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await server.diagnostics(uri, (d) => d.diagnostics.length === 0);
      server.settings = { rules: { 'plain-http': { severity: 'error' } } };
      server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      const p = await server.diagnostics(uri, (d) => d.diagnostics.length === 1 && d.diagnostics[0].severity === 1);
      assert.equal(p.diagnostics[0].severity, 1);
      server.settings = {};
      server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await server.diagnostics(uri, (d) => d.diagnostics.length === 1 && d.diagnostics[0].severity === 2);
    });

    it('stays up on broken input and shows a parse hint', async () => {
      const uri = pathToFileURL(path.join(dir, 'src/broken.ts')).href;
      server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text: 'fetch("http://x.example.com");\nconst a = {;\n' } });
      const p = await server.diagnostics(uri, (d) => d.diagnostics.length > 0);
      assert.ok(p.diagnostics.some((d: Diagnostic) => d.code === 'plain-http'));
      assert.ok(p.diagnostics.some((d: Diagnostic) => d.severity === 4));
      const yml = pathToFileURL(path.join(dir, 'serverless.yml')).href;
      server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: yml, languageId: 'yaml', version: 1, text: 'service: [\n  : : :\n\t\u0000' } });
      await server.diagnostics(yml, (d) => d.version === 1);
      assert.equal(server.child.exitCode, null);
    });

    it('the scan request publishes diagnostics for files that are not open', async () => {
      const uri = pathToFileURL(path.join(dir, 'src/unopened.js')).href;
      const summary = (await server.connection.sendRequest('serverlessGuard/scanWorkspace', {})) as { files: number; findings: number; cancelled: boolean };
      assert.equal(summary.cancelled, false);
      assert.ok(summary.files >= 2);
      const p = await server.diagnostics(uri, (d) => d.diagnostics.length > 0);
      assert.equal(p.diagnostics[0].code, 'plain-http');
      await server.connection.sendRequest('serverlessGuard/clearResults', {});
      await server.diagnostics(uri, (d) => d.diagnostics.length === 0);
    });
  });
}
