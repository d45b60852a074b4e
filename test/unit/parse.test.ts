import * as assert from 'node:assert/strict';
import { parseJs } from '../../server/src/engine/parse/javascript';
import { parseJson } from '../../server/src/engine/parse/json';
import { get, getPath, stringValue, type CNode } from '../../server/src/engine/parse/tree';
import { CLOUDFORMATION_TAGS, parseYaml } from '../../server/src/engine/parse/yaml';
import { LineIndex } from '../../server/src/engine/text';

const slice = (text: string, n: CNode | undefined) => (n ? text.slice(n.range[0], n.range[1]) : undefined);

describe('YAML parser', () => {
  it('accepts every CloudFormation short tag on scalars, lists and maps without errors, keeping the tag on the node', () => {
    const lines = CLOUDFORMATION_TAGS.flatMap((t) => [`  S${t}: !${t} x`, `  L${t}: !${t} [a, b]`, `  M${t}: !${t} {a: b}`, `  B${t}: !${t}\n    - c`]);
    const text = `Resources:\n${lines.join('\n')}\n`;
    const y = parseYaml(text);
    assert.deepEqual(y.errors, []);
    const res = get(y.documents[0].root, 'Resources');
    for (const t of CLOUDFORMATION_TAGS) {
      const s = get(res, `S${t}`);
      assert.deepEqual([s?.kind, s?.tag, s?.kind === 'scalar' ? s.value : undefined, slice(text, s)], ['scalar', `!${t}`, 'x', 'x'], t);
      const l = get(res, `L${t}`);
      assert.deepEqual([l?.kind, l?.tag, l?.kind === 'seq' ? l.items.map((i) => slice(text, i)) : []], ['seq', `!${t}`, ['a', 'b']], t);
      const m = get(res, `M${t}`);
      assert.deepEqual([m?.kind, m?.tag, stringValue(get(m, 'a'))], ['map', `!${t}`, 'b'], t);
      const b = get(res, `B${t}`);
      assert.deepEqual([b?.kind, b?.tag], ['seq', `!${t}`], t);
    }
    // Any other local tag is read the same way (custom resources and tools add their own).
    const other = parseYaml('a: !Custom::Thing 1\nb: !Vendor {x: 1}\n');
    assert.deepEqual(other.errors, []);
    assert.deepEqual([get(other.documents[0].root, 'a')?.tag, get(other.documents[0].root, 'b')?.kind], ['!Custom::Thing', 'map']);
  });

  it('keeps exact ranges of keys and values', () => {
    const text = 'provider:\n  # comment\n  environment:\n    API_URL: "http://x.example.com" # trailing\n';
    const root = parseYaml(text).documents[0].root;
    const v = getPath(root, ['provider', 'environment', 'API_URL']);
    assert.equal(slice(text, v), '"http://x.example.com"');
    assert.equal(stringValue(v), 'http://x.example.com');
  });

  it('resolves aliases and merge keys; written keys win over merged ones', () => {
    const text = 'base: &base\n  A: 1\n  B: 2\nfn:\n  <<: *base\n  B: 3\nref: *base\n';
    const root = parseYaml(text).documents[0].root;
    assert.equal((get(get(root, 'fn'), 'A') as { value: unknown }).value, 1);
    assert.equal((get(get(root, 'fn'), 'B') as { value: unknown }).value, 3);
    assert.equal(get(root, 'ref'), get(root, 'base'));
  });

  it('reports broken YAML as errors and keeps what it could read', () => {
    const text = 'service: x\nprovider:\n  name: aws\n  bad: [unclosed\nfunctions:\n  a:\n    handler: h.x\n';
    const y = parseYaml(text);
    assert.ok(y.errors.length > 0);
    assert.equal(stringValue(get(y.documents[0].root, 'service')), 'x');
  });

  it('survives alias bombs without blowing up', () => {
    let text = 'a0: &a0 [x, x]\n';
    for (let i = 1; i < 30; i++) text += `a${i}: &a${i} [*a${i - 1}, *a${i - 1}]\n`;
    const y = parseYaml(text);
    assert.ok(y.documents[0].root);
  });
});

describe('JSON parser', () => {
  it('gives the neutral tree with ranges', () => {
    const text = '{\n  "Resources": { "Fn": { "Type": "AWS::Lambda::Function" } }\n}';
    const root = parseJson(text).root;
    const t = getPath(root, ['Resources', 'Fn', 'Type']);
    assert.equal(slice(text, t), '"AWS::Lambda::Function"');
  });
  it('reports syntax errors and keeps a partial tree', () => {
    const j = parseJson('{ "a": 1, "b": }');
    assert.ok(j.errors.length > 0);
    assert.equal((get(j.root, 'a') as { value: unknown }).value, 1);
  });
});

describe('JavaScript/TypeScript parser', () => {
  it('parses TSX, ESM and CommonJS with ranges', () => {
    assert.ok(parseJs('export const C = () => <div a={1} />;', { jsx: true }).ast);
    assert.ok(parseJs('const x = require("y"); module.exports = { x };', { jsx: true }).ast);
    assert.ok(parseJs('import type { A } from "a"; export let v: A | undefined = undefined as any;', { jsx: false }).ast);
  });
  it('blanks broken lines so the rest is still parsed (half-typed code)', () => {
    const text = 'const a = 1;\nconst b = {;\nconst c = 3;\n';
    const r = parseJs(text, { jsx: false });
    assert.ok(r.ast);
    assert.equal(r.errors.length, 1);
    assert.equal(r.ast!.body.length, 2);
    // Offsets still refer to the original text.
    const c = r.ast!.body[1];
    assert.equal(text.slice(c.range[0], c.range[1]), 'const c = 3;');
  });
  it('gives up cleanly on hopeless input', () => {
    const r = parseJs('\u0000\u0001(((((((( {{{{ ]]]] ))))', { jsx: false });
    assert.ok(r.errors.length > 0);
  });
});

describe('LineIndex', () => {
  it('maps offsets with CRLF, CR and non-ASCII text (UTF-16 code units)', () => {
    const text = 'a\r\nbé😀c\rd';
    const li = new LineIndex(text);
    assert.equal(li.lineCount, 3);
    assert.deepEqual(li.positionAt(text.indexOf('c')), { line: 1, character: 4 });
    assert.deepEqual(li.positionAt(text.indexOf('d')), { line: 2, character: 0 });
    assert.equal(li.offsetAt({ line: 1, character: 4 }), text.indexOf('c'));
    assert.equal(li.lineText(1), 'bé😀c');
    assert.equal(li.eol(), '\r\n');
  });
});
