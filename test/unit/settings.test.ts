import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_SETTINGS, normalizeSettings } from '../../server/src/protocol/settings';
import { RULES } from '../../server/src/engine/rules';

const pkg = JSON.parse(readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8'));
const props = pkg.contributes.configuration.properties as Record<string, { default: unknown; scope?: string; description?: string; markdownDescription?: string }>;

function flatten(o: Record<string, unknown>, prefix = 'serverlessGuard'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    const key = `${prefix}.${k}`;
    if (v && typeof v === 'object' && !Array.isArray(v) && key !== 'serverlessGuard.rules') Object.assign(out, flatten(v as Record<string, unknown>, key));
    else out[key] = v;
  }
  return out;
}

describe('settings', () => {
  it('package.json declares exactly the settings of the shared type, with the same defaults', () => {
    const declared = flatten(DEFAULT_SETTINGS as unknown as Record<string, unknown>);
    assert.deepEqual(Object.keys(props).sort(), Object.keys(declared).sort());
    for (const [k, v] of Object.entries(declared)) assert.deepEqual(props[k].default, v, k);
  });
  it('every setting has a scope and a description', () => {
    for (const [k, p] of Object.entries(props)) {
      assert.ok(p.scope, `${k} has no scope`);
      assert.ok(p.description || p.markdownDescription, `${k} has no description`);
    }
  });
  it('every rule can be configured by name in package.json', () => {
    const ruleProps = (props['serverlessGuard.rules'] as unknown as { properties: Record<string, unknown> }).properties;
    for (const r of RULES) assert.ok(ruleProps[r.meta.id], r.meta.id);
  });
  it('every command has a category', () => {
    for (const c of pkg.contributes.commands) assert.equal(c.category, 'Serverless Guard');
  });
  it('normalises hand-edited values', () => {
    const s = normalizeSettings({ enable: 'yes', rules: { 'plain-http': 'off', x: { severity: 'loud' } }, exclude: ['a', 3], debounceMs: -1 });
    assert.equal(s.enable, true);
    assert.deepEqual(s.rules, { 'plain-http': { severity: 'off' } });
    assert.deepEqual(s.exclude, ['a']);
    assert.equal(s.debounceMs, DEFAULT_SETTINGS.debounceMs);
  });
});
