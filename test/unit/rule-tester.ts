/**
 * Table-driven rule tests, in the spirit of ESLint's RuleTester: `valid` cases (traps) must give no
 * finding of the rule; `invalid` cases give exactly the listed findings, and applying each finding's
 * preferred fix must give `output`.
 */
import * as assert from 'node:assert/strict';
import { analyzeFile } from '../../server/src/engine/analyze';
import { applyEdits } from '../../server/src/engine/fix/edits';
import { WorkspaceIndex } from '../../server/src/engine/model/workspace';
import type { Rule } from '../../server/src/engine/rule';
import type { EngineSettings } from '../../server/src/engine/settings';
import type { Severity } from '../../server/src/engine/types';

export interface ValidCase {
  name?: string;
  code: string;
  /** File name (decides the language); default `handler.ts`. */
  filename?: string;
  settings?: EngineSettings;
  /** Other files of the workspace (configuration), path -> text. */
  files?: Record<string, string>;
}

export interface ExpectedFinding {
  messageId?: string;
  severity?: Severity;
  /** 1-based line of the start. */
  line?: number;
  /** The exact source text the finding covers. */
  text?: string;
  /** Substring expected in the message. */
  message?: RegExp | string;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedFinding[];
  /** Text after applying every finding's preferred fix (same-file edits); omit to assert no fix. */
  output?: string | null;
}

const ROOT = '/ws';

export function ruleTester(rule: Rule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe(rule.meta.id, () => {
    describe('valid (traps)', () => {
      for (const c of cases.valid) {
        it(c.name ?? c.code.slice(0, 80), async () => {
          const r = await run(rule, c);
          assert.deepEqual(
            r.findings.map((f) => `${f.range.start.line + 1}: ${f.message}`),
            [],
            'expected no finding',
          );
          assert.deepEqual(r.problems.filter((p) => p.kind === 'internal-error'), []);
        });
      }
    });
    describe('invalid', () => {
      for (const c of cases.invalid) {
        it(c.name ?? c.code.slice(0, 80), async () => {
          const r = await run(rule, c);
          assert.deepEqual(r.problems.filter((p) => p.kind === 'internal-error'), []);
          assert.equal(r.findings.length, c.errors.length, `findings: ${JSON.stringify(r.findings.map((f) => [f.range.start.line + 1, f.message]))}`);
          c.errors.forEach((e, i) => {
            const f = r.findings[i];
            if (e.messageId) assert.equal(f.messageId, e.messageId);
            if (e.severity) assert.equal(f.severity, e.severity);
            if (e.line !== undefined) assert.equal(f.range.start.line + 1, e.line);
            if (e.text !== undefined) assert.equal(c.code.slice(f.range.startOffset, f.range.endOffset), e.text);
            if (e.message !== undefined) {
              if (typeof e.message === 'string') assert.ok(f.message.includes(e.message), f.message);
              else assert.match(f.message, e.message);
            }
            assert.equal(f.ruleId, rule.meta.id);
            assert.ok(!f.message.includes(rule.meta.id), 'the message must not repeat the rule id');
          });
          if (c.output !== undefined) {
            const path = `${ROOT}/${c.filename ?? 'handler.ts'}`;
            const edits = r.findings.flatMap((f) => f.fixes.find((x) => x.isPreferred && x.kind === 'quickfix')?.edits ?? []).filter((e) => e.path === path);
            if (c.output === null) assert.equal(edits.length, 0, 'expected no fix');
            else assert.equal(applyEdits(c.code, edits), c.output);
          }
        });
      }
    });
  });
}

async function run(rule: Rule, c: ValidCase) {
  const index = new WorkspaceIndex();
  for (const [p, text] of Object.entries(c.files ?? {})) index.update(`${ROOT}/${p}`, text);
  return analyzeFile({ path: `${ROOT}/${c.filename ?? 'handler.ts'}`, text: c.code }, { rules: [rule], index, settings: c.settings });
}
