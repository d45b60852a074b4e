// Runs the extension tests (test/e2e/suite) in a real VS Code through @vscode/test-electron's runTests().
//
// Which VS Code:
//   VSCODE_EXECUTABLE=<path>  a desktop VS Code (Electron) binary, e.g. /usr/share/code/code
//   VSCODE_VERSION=<stable|x.y.z>  let runTests download that desktop build (needs the internet)
//   otherwise                 a desktop VS Code found at a usual install path, or else
//                             test/e2e/launcher/code-vscode.mjs: VS Code 1.139 as code-server + headless
//                             Chromium, provisioned by scripts/provision-editors.mjs.
// The fixture workspace is copied to a temporary folder first, so the tests can edit and save freely.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

function findRepoRoot(start: string): string {
  let dir = start;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'serverless-guard') return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no serverless-guard package.json above ${start}`);
    dir = up;
  }
}

const DESKTOP_CANDIDATES = ['/usr/share/code/code', '/usr/share/code-insiders/code-insiders', '/snap/code/current/usr/share/code/code'];

function pickExecutable(repoRoot: string): { kind: 'desktop' | 'download' | 'code-server'; path?: string; version?: string } {
  const fromEnv = process.env.VSCODE_EXECUTABLE;
  if (fromEnv) {
    if (!fs.existsSync(fromEnv)) throw new Error(`VSCODE_EXECUTABLE=${fromEnv} does not exist`);
    return { kind: 'desktop', path: fromEnv };
  }
  if (process.env.VSCODE_VERSION) return { kind: 'download', version: process.env.VSCODE_VERSION };
  const local = DESKTOP_CANDIDATES.find((p) => fs.existsSync(p));
  if (local) return { kind: 'desktop', path: local };
  // VS Code as code-server + Chromium: make sure they are installed (a fast no-op once they are).
  const provision = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'provision-editors.mjs')], { stdio: 'inherit' });
  if (provision.status !== 0) throw new Error('scripts/provision-editors.mjs failed: code-server and Chromium are not available');
  const launcher = path.join(repoRoot, 'test', 'e2e', 'launcher', 'code-vscode.mjs');
  // runTests spawns the executable directly (no shell): the launcher runs through its #! line.
  fs.chmodSync(launcher, 0o755);
  return { kind: 'code-server', path: launcher };
}

async function main(): Promise<number> {
  const repoRoot = findRepoRoot(__dirname);
  const extensionTestsPath = path.join(__dirname, 'suite', 'index');
  if (!fs.existsSync(`${extensionTestsPath}.js`)) {
    throw new Error(`${extensionTestsPath}.js is missing: compile the tests first (npm run build)`);
  }
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'client.js'))) {
    throw new Error('dist/client.js is missing: build the extension first (npm run build)');
  }

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-e2e-'));
  const workspace = path.join(scratch, 'workspace');
  fs.cpSync(path.join(repoRoot, 'test', 'e2e', 'fixtures', 'workspace'), workspace, { recursive: true });

  const exe = pickExecutable(repoRoot);
  console.log(`[e2e] VS Code: ${exe.kind}${exe.path ? ` (${path.relative(repoRoot, exe.path) || exe.path})` : ''}${exe.version ? ` ${exe.version}` : ''}`);
  const started = Date.now();
  try {
    await runTests({
      ...(exe.path ? { vscodeExecutablePath: exe.path } : { version: exe.version }),
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath,
      launchArgs: [
        workspace,
        `--user-data-dir=${path.join(scratch, 'user-data')}`,
        `--extensions-dir=${path.join(scratch, 'extensions')}`,
        '--disable-extensions',
        '--skip-release-notes',
      ],
      extensionTestsEnv: { SG_E2E: '1' },
    });
    return 0;
  } catch (err) {
    console.error(`[e2e] ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    console.log(`[e2e] finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[e2e] ${err instanceof Error ? err.stack : String(err)}`);
    process.exit(1);
  },
);
