import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileSelector } from '../../../server/src/host/select';
import { walkFiles, type WalkFs } from '../../../server/src/host/walk';

/** Writes a tree: path -> content (a string), or a symbolic link `{ link: target }`. */
function tree(root: string, files: Record<string, string | { link: string }>): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    if (typeof content === 'string') fs.writeFileSync(abs, content);
    else fs.symlinkSync(content.link, abs);
  }
}

const rels = (root: string, files: string[]) => files.map((f) => path.relative(root, f).split(path.sep).join('/'));

describe('host/walk and file selection', () => {
  let base: string;
  beforeEach(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-walk-'));
  });

  it('selects by kind, skips dependency/build folders, and lists in a stable order', async () => {
    tree(base, {
      'serverless.yml': 'service: s\n',
      'src/b.ts': '',
      'src/a.js': '',
      'src/a.min.js': '',
      'src/types.d.ts': '',
      'README.md': '# hi\n',
      'node_modules/x/index.js': '',
      'dist/bundle.js': '',
      '.serverless/state.json': '{}',
      'cfg/.env': 'A=1\n',
      'pkg/app.py': '',
    });
    const r = await walkFiles(base);
    assert.deepEqual(rels(base, r.files), ['cfg/.env', 'pkg/app.py', 'serverless.yml', 'src/a.js', 'src/b.ts']);
    assert.deepEqual(r.skipped, []);
  });

  it('honours nested .gitignore files with git precedence (a deeper ! re-includes)', async () => {
    tree(base, {
      '.gitignore': 'generated/\n*.gen.js\nsecret-*.json\n',
      'a.gen.js': '',
      'generated/x.js': '',
      'svc/.gitignore': '!keep.gen.js\n/local.js\n',
      'svc/keep.gen.js': '',
      'svc/drop.gen.js': '',
      'svc/local.js': '',
      'svc/deep/local.js': '',
      'secret-1.json': '{}',
      'ok.json': '{}',
    });
    const r = await walkFiles(base);
    assert.deepEqual(rels(base, r.files), ['ok.json', 'svc/deep/local.js', 'svc/keep.gen.js']);
    const all = await walkFiles(base, { gitignore: false });
    assert.equal(all.files.length, 8);
  });

  it('reads the .gitignore files above the scanned folder up to the repository (and .git/info/exclude)', async () => {
    tree(base, {
      '.git/info/exclude': 'local-only.js\n',
      '.gitignore': 'ignored-dir/\n',
      'packages/api/.gitignore': 'tmp.js\n',
      'packages/api/src/ignored-dir/x.js': '',
      'packages/api/src/tmp.js': '',
      'packages/api/src/local-only.js': '',
      'packages/api/src/handler.js': '',
    });
    const r = await walkFiles(path.join(base, 'packages/api/src'));
    assert.deepEqual(rels(base, r.files), ['packages/api/src/handler.js']);
  });

  it('a folder scanned on purpose is scanned even when the repository around it ignores it', async () => {
    tree(base, { '.git/HEAD': '', '.gitignore': '.cache/\n*.log\n', '.cache/vendor/a.js': '', '.cache/vendor/b.log.js': '' });
    const r = await walkFiles(path.join(base, '.cache/vendor'));
    assert.deepEqual(rels(base, r.files), ['.cache/vendor/a.js', '.cache/vendor/b.log.js']);
    assert.deepEqual((await walkFiles(base)).files, []);
  });

  it('exclude globs and files.exclude (with a `when` sibling clause) prune files and folders', async () => {
    tree(base, {
      'fixtures/a.js': '',
      'test/fixtures/b.js': '',
      'src/app.ts': '',
      'src/app.js': '',
      'src/lone.js': '',
      'tmp/x.js': '',
      'keep/y.js': '',
    });
    const r = await walkFiles(base, {
      exclude: ['**/fixtures/**'],
      filesExclude: { 'tmp': true, 'keep': false, '**/*.js': { when: '$(basename).ts' } },
    });
    assert.deepEqual(rels(base, r.files), ['keep/y.js', 'src/app.ts', 'src/lone.js']);
  });

  it('FileSelector.check decides one path the way a walk would', () => {
    tree(base, {
      '.gitignore': 'build-cache/\n',
      'svc/.gitignore': '*.local.js\n',
      'svc/a.js': '',
      'svc/b.local.js': '',
      'build-cache/c.js': '',
      'node_modules/m/index.js': '',
      'fixtures/f.js': '',
      'docs/readme.md': '',
    });
    const sel = new FileSelector(base, { exclude: ['fixtures/**'] });
    const why = (rel: string) => {
      const r = sel.check(path.join(base, rel));
      return r.selected ? 'selected' : r.reason;
    };
    assert.equal(why('svc/a.js'), 'selected');
    assert.equal(why('svc/b.local.js'), 'ignored by .gitignore');
    assert.equal(why('build-cache/c.js'), 'ignored by .gitignore');
    assert.equal(why('node_modules/m/index.js'), 'inside node_modules/');
    assert.equal(why('fixtures/f.js'), 'excluded by "fixtures/**"');
    assert.equal(why('docs/readme.md'), 'not a file kind Serverless Guard reads');
    assert.equal(sel.check(path.join(os.tmpdir(), 'elsewhere.js')).selected, false);
  });

  it('symbolic links: a loop, a link to a folder already walked, a broken link and a link outside are skipped with reasons', async () => {
    tree(base, {
      'src/a.js': '',
      'src/loop': { link: '..' },
      'alias': { link: 'src' },
      'dangling.js': { link: 'missing.js' },
      'same.js': { link: 'src/a.js' },
    });
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-outside-'));
    fs.writeFileSync(path.join(outside, 'o.js'), '');
    fs.symlinkSync(outside, path.join(base, 'ext'));
    const r = await walkFiles(base);
    assert.deepEqual(rels(base, r.files), ['src/a.js']);
    const reasons = Object.fromEntries(r.skipped.map((s) => [path.relative(base, s.path), s.reason]));
    assert.match(reasons['src/loop'], /symbolic link loop/);
    assert.match(reasons['alias'], /symbolic link to a folder already scanned/);
    assert.equal(reasons['dangling.js'], 'broken symbolic link');
    assert.match(reasons['same.js'], /symbolic link to a file already scanned/);
    assert.match(reasons['ext'], /outside the scanned folder/);
  });

  it('a folder that cannot be read, or vanishes during the walk, is skipped with a reason (not thrown)', async () => {
    tree(base, { 'ok/a.js': '', 'locked/b.js': '', 'gone/c.js': '' });
    // Tests run as root, where chmod 000 denies nothing: the failures are stood in.
    const fake: WalkFs = {
      ...fs,
      readdirSync: ((p: fs.PathLike, o: unknown) => {
        const name = path.basename(String(p));
        if (name === 'locked') throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
        if (name === 'gone') throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
        return fs.readdirSync(p, o as { withFileTypes: true });
      }) as WalkFs['readdirSync'],
    };
    const r = await walkFiles(base, { fs: fake });
    assert.deepEqual(rels(base, r.files), ['ok/a.js']);
    const reasons = Object.fromEntries(r.skipped.map((s) => [path.relative(base, s.path), s.reason]));
    assert.deepEqual(reasons, { locked: 'permission denied', gone: 'folder vanished during the scan' });
  });

  it('a file given directly is scanned if it is a kind we read; a missing root is a skip', async () => {
    tree(base, { 'x.ts': '', 'notes.txt': '' });
    assert.deepEqual(rels(base, (await walkFiles(path.join(base, 'x.ts'))).files), ['x.ts']);
    const txt = await walkFiles(path.join(base, 'notes.txt'));
    assert.deepEqual([txt.files, txt.skipped[0]?.reason], [[], 'not a file kind Serverless Guard reads']);
    const missing = await walkFiles(path.join(base, 'nope'));
    assert.equal(missing.skipped[0]?.reason, 'vanished before it could be read');
  });

  it('yields to the event loop while walking a big tree, and stops when cancelled', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 400; i++) files[`d${i % 40}/sub${i}/f${i}.js`] = '';
    tree(base, files);
    let ticks = 0;
    let ticking = true;
    const tick = () => {
      ticks++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const r = await walkFiles(base, { sliceMs: 1 });
    ticking = false;
    assert.equal(r.files.length, 400);
    assert.ok(ticks > 1, `the event loop ran ${ticks} times during the walk`);
    let visited = 0;
    const c = await walkFiles(base, { sliceMs: 1, isCancelled: () => ++visited > 20 });
    assert.equal(c.cancelled, true);
    assert.ok(c.files.length < 400);
  });
});
