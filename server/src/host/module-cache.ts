/**
 * Loads a CommonJS bundle with a V8 code cache, so a process that needs it again skips compiling it.
 * For the typescript-estree bundle (~10 MB) that is about 150 ms of CPU and 20–30 MB of peak memory
 * per thread that parses JS/TS (measured in the session note of the scan-speed work). Node 22 has
 * `module.enableCompileCache()` for every module; this does the same for one file on Node 20.
 *
 * The cache lives in the system temporary folder, keyed by the bundle's size and modification time and
 * by Node's version and architecture; V8 checks it again (a cache made by another V8, or with other
 * flags, is rejected and the bundle is compiled as usual). Nothing here may fail a scan: any error
 * falls back to a plain `require`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import * as vm from 'node:vm';
import Module = require('node:module');

const CACHE_DIR = nodePath.join(os.tmpdir(), 'serverless-guard-compile-cache');

/** What a loaded bundle exports; `warmUp` runs once after a fresh compile, before the cache is written. */
export function requireWithCodeCache<T>(file: string, warmUp?: (exports: T) => void): T {
  let src: string;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
    src = fs.readFileSync(file, 'utf8');
  } catch {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(file) as T;
  }
  const key = `${nodePath.basename(file)}-${stat.size}-${Math.floor(stat.mtimeMs)}-${process.version}-${process.arch}.bin`;
  const cachePath = nodePath.join(CACHE_DIR, key);
  let cached: Buffer | undefined;
  try {
    cached = fs.readFileSync(cachePath);
  } catch {
    cached = undefined;
  }
  let script: vm.Script;
  try {
    script = new vm.Script(Module.wrap(src), { filename: file, cachedData: cached });
  } catch {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(file) as T;
  }
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(nodePath.dirname(file));
  const fn = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  const req = ((id: string) => mod.require(id)) as NodeJS.Require;
  fn.call(mod.exports, mod.exports, req, mod, file, nodePath.dirname(file));
  mod.loaded = true;
  const exports = mod.exports as T;
  if (!cached || script.cachedDataRejected) {
    try {
      warmUp?.(exports);
    } catch {
      /* the warm-up only decides which functions the cache holds */
    }
    try {
      fs.mkdirSync(CACHE_DIR, { recursive: true });
      const tmp = `${cachePath}.${process.pid}.${Math.random().toString(36).slice(2)}`;
      fs.writeFileSync(tmp, script.createCachedData());
      fs.renameSync(tmp, cachePath);
    } catch {
      /* a read-only or full temporary folder: no cache, same results */
    }
  }
  return exports;
}
