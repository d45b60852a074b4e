import * as assert from 'node:assert/strict';
import { analyzeFile } from '../../../server/src/engine/analyze';
import { WorkspaceIndex } from '../../../server/src/engine/model/workspace';
import { hardcodedSecret } from '../../../server/src/engine/rules/hardcoded-secret';
import { ruleById } from '../../../server/src/engine/rules';
import type { Finding } from '../../../server/src/engine/types';
import { ruleTester, type ValidCase } from '../rule-tester';
import { mask } from '../secrets/fakes';
import { INVALID, VALID } from './hardcoded-secret-cases';

ruleTester(hardcodedSecret, { valid: VALID, invalid: INVALID });

async function run(c: ValidCase) {
  const index = new WorkspaceIndex();
  for (const [p, text] of Object.entries(c.files ?? {})) index.update(`/ws/${p}`, text);
  return analyzeFile({ path: `/ws/${c.filename ?? 'handler.ts'}`, text: c.code }, { rules: [hardcodedSecret], index });
}

/** The source text a finding covers, without quotes and YAML block indicators. */
function coveredText(code: string, f: Finding): string {
  return code.slice(f.range.startOffset, f.range.endOffset).replace(/^['"`|>\-\s]+|['"`\s]+$/g, '');
}

/** Splits a message into the data it was filled with, using the rule's template. */
function messageData(f: Finding): Record<string, string> {
  const template = hardcodedSecret.meta.messages[f.messageId];
  assert.ok(template, `unknown message id ${f.messageId}`);
  const names: string[] = [];
  const pattern = template
    .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
    .replace(/\{\{(\w+)\}\}/g, (_m, n: string) => {
      names.push(n);
      return '(.*?)';
    });
  const m = new RegExp(`^${pattern}$`, 'u').exec(f.message);
  assert.ok(m, `message does not follow its template: ${mask(f.message)}`);
  return Object.fromEntries(names.map((n, i) => [n, m[i + 1]]));
}

/**
 * A message names the kind and shows at most four characters of the value, then an ellipsis: the
 * preview is `…` or four characters of the covered text and `…`, and no eight consecutive characters
 * of the covered text appear in the kind or anywhere outside the name the message quotes on purpose.
 */
export function assertRedacted(code: string, f: Finding): void {
  const data = messageData(f);
  const preview = data.preview;
  assert.match(preview, /^(?:.{4})?…$/u, `preview is not 4 characters + ellipsis: ${mask(preview)}`);
  const covered = coveredText(code, f);
  if (preview.length > 1) assert.ok(covered.includes(preview.slice(0, -1)), `preview ${mask(preview)} is not part of the covered value`);
  const outsideName = data.name ? f.message.replace(data.name, '') : f.message;
  for (let i = 0; i + 8 <= covered.length; i++) {
    const window = covered.slice(i, i + 8);
    assert.ok(!outsideName.includes(window), `message repeats part of the secret: ${mask(f.message)}`);
  }
}

describe('hardcoded-secret: redaction', () => {
  for (const c of INVALID) {
    it(`redacts every finding: ${c.name}`, async () => {
      const r = await run(c);
      assert.ok(r.findings.length > 0);
      for (const f of r.findings) {
        assertRedacted(c.code, f);
        for (const fix of f.fixes) assert.ok(!/[A-Za-z0-9_-]{5,}…|sk_live_[A-Za-z0-9]/.test(fix.title) || fix.title.includes('/'), `fix title: ${mask(fix.title)}`);
      }
    });
  }
});

describe('hardcoded-secret: registry and settings', () => {
  it('is registered', () => {
    assert.equal(ruleById('hardcoded-secret'), hardcodedSecret);
  });
  it('can be switched off and its severity overridden', async () => {
    const c = INVALID[0];
    const off = await analyzeFile({ path: '/ws/handler.ts', text: c.code }, { rules: [hardcodedSecret], settings: { rules: { 'hardcoded-secret': { severity: 'off' } } } });
    assert.equal(off.findings.length, 0);
    const info = await analyzeFile({ path: '/ws/handler.ts', text: c.code }, { rules: [hardcodedSecret], settings: { rules: { 'hardcoded-secret': { severity: 'info' } } } });
    assert.deepEqual(info.findings.map((f) => f.severity), ['info']);
  });
});
