/**
 * Decides what a file is: handler code, serverless configuration (and which format), other text that
 * only text-level checks read, or ignored (with the reason). Path rules first; content decides for YAML
 * and JSON templates, whatever their file name.
 */

export type Language = 'javascript' | 'typescript' | 'python' | 'yaml' | 'json' | 'text';

export type ConfigFormat =
  | 'serverless'
  | 'sam'
  | 'cloudformation'
  | 'azure-function'
  | 'azure-local-settings'
  | 'azure-host';

export type Classification =
  | { role: 'code'; language: 'javascript' | 'typescript' | 'python'; jsx: boolean }
  | { role: 'config'; language: Language; format: ConfigFormat }
  | { role: 'other'; language: Language }
  | { role: 'ignored'; reason: string };

/** Folders never analysed: dependencies, VCS data, deployment artefacts and build output. */
export const IGNORED_DIRECTORIES: ReadonlySet<string> = new Set([
  'node_modules', '.git', '.hg', '.svn', '.serverless', '.aws-sam', 'cdk.out', '.build', 'dist', 'build', 'out',
  '.next', '.nuxt', '.webpack', '.esbuild', '.parcel-cache', 'coverage', '.nyc_output', '__pycache__', '.venv',
  'venv', 'site-packages', '__pypackages__', '.tox', '.mypy_cache', '.pytest_cache', '.terraform', '.vscode-test', 'bower_components', '.yarn',
]);

export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;

const CODE_EXTENSIONS: Record<string, { language: 'javascript' | 'typescript' | 'python'; jsx: boolean }> = {
  '.js': { language: 'javascript', jsx: true },
  '.mjs': { language: 'javascript', jsx: false },
  '.cjs': { language: 'javascript', jsx: false },
  '.jsx': { language: 'javascript', jsx: true },
  '.ts': { language: 'typescript', jsx: false },
  '.mts': { language: 'typescript', jsx: false },
  '.cts': { language: 'typescript', jsx: false },
  '.tsx': { language: 'typescript', jsx: true },
  '.py': { language: 'python', jsx: false },
};

const YAML_EXTENSIONS = new Set(['.yml', '.yaml']);
const JSON_EXTENSIONS = new Set(['.json', '.template']);

export function splitPath(path: string): string[] {
  return path.split(/[\\/]+/).filter((s) => s.length > 0);
}

export function basename(path: string): string {
  const parts = splitPath(path);
  return parts.length ? parts[parts.length - 1] : '';
}

export function extname(name: string): string {
  const i = name.lastIndexOf('.');
  return i > 0 ? name.slice(i).toLowerCase() : '';
}

/** Path-only part of classification: cheap, used to prune a walk before reading files. */
export function ignoredByPath(path: string): string | undefined {
  const parts = splitPath(path);
  for (let i = 0; i < parts.length - 1; i++) {
    if (IGNORED_DIRECTORIES.has(parts[i])) return `inside ${parts[i]}/`;
  }
  const name = parts[parts.length - 1] ?? '';
  if (/\.min\.(c|m)?js$/i.test(name) || /[.-]bundle\.(c|m)?js$/i.test(name)) return 'minified bundle';
  if (/\.d\.(m|c)?ts$/i.test(name)) return 'type declarations';
  if (LOCK_FILES.has(name)) return 'lock file';
  if (/\.(js|css)\.map$/i.test(name)) return 'source map';
  return undefined;
}

/** Dependency lock files: machine-written hashes and registry URLs, never configuration or secrets. */
const LOCK_FILES = new Set(['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'Pipfile.lock', 'poetry.lock', 'composer.lock', 'Gemfile.lock', 'cdk.context.json']);

const SERVERLESS_NAME = /^serverless(\.[\w-]+)?\.(ya?ml|json|ts|js|cjs|mjs)$/i;

/** Classifies by path alone; YAML/JSON that is not named as configuration needs `classifyFile`. */
export function classifyPath(path: string): Classification {
  const ignored = ignoredByPath(path);
  if (ignored) return { role: 'ignored', reason: ignored };
  const name = basename(path);
  const lower = name.toLowerCase();
  const ext = extname(name);
  if (SERVERLESS_NAME.test(name)) {
    const language: Language = YAML_EXTENSIONS.has(ext) ? 'yaml' : ext === '.json' ? 'json' : ext === '.ts' ? 'typescript' : 'javascript';
    return { role: 'config', language, format: 'serverless' };
  }
  if (lower === 'function.json') return { role: 'config', language: 'json', format: 'azure-function' };
  if (lower === 'local.settings.json') return { role: 'config', language: 'json', format: 'azure-local-settings' };
  if (lower === 'host.json') return { role: 'config', language: 'json', format: 'azure-host' };
  const code = CODE_EXTENSIONS[ext];
  if (code) return { role: 'code', ...code };
  if (YAML_EXTENSIONS.has(ext)) return { role: 'other', language: 'yaml' };
  if (JSON_EXTENSIONS.has(ext)) return { role: 'other', language: 'json' };
  if (lower === '.npmrc' || lower === '.env' || lower.startsWith('.env.')) return { role: 'other', language: 'text' };
  return { role: 'ignored', reason: 'not a file kind Serverless Guard reads' };
}

const SAM_TRANSFORM = /["']?Transform["']?\s*:\s*(?:\[\s*)?["']?AWS::Serverless-2016-10-31/;
const CFN_VERSION = /["']?AWSTemplateFormatVersion["']?\s*:/;
const CFN_RESOURCES = /(^|[\s{,])["']?Resources["']?\s*:/m;
const CFN_TYPE = /["']?Type["']?\s*:\s*["']?(AWS|Alexa|Custom)::/;
const SAM_TYPE = /["']?Type["']?\s*:\s*["']?AWS::Serverless::/;

/** Recognises SAM and CloudFormation templates by content. */
export function detectTemplateFormat(text: string): 'sam' | 'cloudformation' | undefined {
  if (SAM_TRANSFORM.test(text)) return 'sam';
  const hasVersion = CFN_VERSION.test(text);
  const hasResources = CFN_RESOURCES.test(text) && CFN_TYPE.test(text);
  if (!hasVersion && !hasResources) return undefined;
  return SAM_TYPE.test(text) ? 'sam' : 'cloudformation';
}

export interface ClassifyOptions {
  maxFileSize?: number;
}

/** Full classification of a file with its text: size, binary and minified checks, then content rules. */
export function classifyFile(path: string, text: string, options: ClassifyOptions = {}): Classification {
  const byPath = classifyPath(path);
  if (byPath.role === 'ignored') return byPath;
  const max = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  if (text.length > max) return { role: 'ignored', reason: `larger than the size limit (${formatSize(text.length)} > ${formatSize(max)})` };
  if (looksBinary(text)) return { role: 'ignored', reason: 'binary content' };
  if ((byPath.role === 'code' && byPath.language !== 'python') && looksMinified(text)) return { role: 'ignored', reason: 'minified or generated code' };
  if (byPath.role === 'other' && (byPath.language === 'yaml' || byPath.language === 'json')) {
    const format = detectTemplateFormat(text);
    if (format) return { role: 'config', language: byPath.language, format };
  }
  return byPath;
}

/** A NUL character or many replacement characters in the first 8 KB. */
export function looksBinary(text: string): boolean {
  const head = text.length > 8192 ? text.slice(0, 8192) : text;
  if (head.includes('\u0000')) return true;
  let bad = 0;
  for (let i = 0; i < head.length; i++) if (head.charCodeAt(i) === 0xfffd) bad++;
  return head.length > 0 && bad / head.length > 0.1;
}

/** Long lines on average: bundles and minified output, which nobody edits by hand. */
export function looksMinified(text: string): boolean {
  if (text.length < 4096) return false;
  let lines = 1;
  let longest = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      lines++;
      longest = Math.max(longest, i - start);
      start = i + 1;
    }
  }
  longest = Math.max(longest, text.length - start);
  return text.length / lines > 300 && longest > 1000;
}

function formatSize(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;
}
