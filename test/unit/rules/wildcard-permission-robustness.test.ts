/**
 * `wildcard-permission` and `unknown-iam-action` never fail on what users write: every configuration
 * and CDK stack of the fixtures, whole and cut at every few lines (half-typed), is analysed without an
 * internal error, and every preferred fix yields a file that still parses.
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyzeFile } from '../../../server/src/engine/analyze';
import { applyEdits } from '../../../server/src/engine/fix/edits';
import { parseJson } from '../../../server/src/engine/parse/json';
import { parseYaml } from '../../../server/src/engine/parse/yaml';
import { unknownIamAction } from '../../../server/src/engine/rules/unknown-iam-action';
import { wildcardPermission } from '../../../server/src/engine/rules/wildcard-permission';

const FIXTURES = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures');
const ROOTS = [join(FIXTURES, 'accuracy', 'wildcard-permission'), join(FIXTURES, 'model')];

function files(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...files(p));
    else if (/\.(ya?ml|json|ts)$/.test(e.name) && e.name !== 'labels.json') out.push(p);
  }
  return out;
}

describe('wildcard-permission robustness', () => {
  const all = ROOTS.flatMap(files);

  it('finds the fixtures', () => {
    assert.ok(all.length >= 20, `only ${all.length} files`);
  });

  it('analyses every fixture, whole and cut every few lines, without an internal error', async function () {
    this.timeout(60000);
    for (const path of all) {
      const text = readFileSync(path, 'utf8');
      const lines = text.split('\n');
      const cuts = [lines.length];
      for (let i = 1; i < lines.length; i += 5) cuts.push(i);
      for (const n of cuts) {
        const cut = lines.slice(0, n).join('\n');
        const r = await analyzeFile({ path: `/ws/${relative(FIXTURES, path)}`, text: cut }, { rules: [wildcardPermission, unknownIamAction] });
        assert.deepEqual(
          r.problems.filter((p) => p.kind === 'internal-error'),
          [],
          `${relative(FIXTURES, path)} cut at line ${n}`,
        );
      }
    }
  });

  it('every preferred fix of the fixtures leaves a file that parses', async () => {
    for (const path of all) {
      const text = readFileSync(path, 'utf8');
      const virtual = `/ws/${relative(FIXTURES, path)}`;
      const r = await analyzeFile({ path: virtual, text }, { rules: [wildcardPermission, unknownIamAction] });
      for (const f of r.findings) {
        const fix = f.fixes.find((x) => x.isPreferred && x.kind === 'quickfix');
        if (!fix) continue;
        const out = applyEdits(text, fix.edits.filter((e) => e.path === virtual));
        if (path.endsWith('.json')) assert.deepEqual(parseJson(out).errors, [], `${virtual}: ${fix.title}`);
        else if (/\.ya?ml$/.test(path)) assert.deepEqual(parseYaml(out).errors, [], `${virtual}: ${fix.title}`);
      }
    }
  });
});
