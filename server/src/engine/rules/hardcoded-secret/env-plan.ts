/**
 * The configuration half of a code fix: for the functions whose handler is the code file, the edits
 * that add `NAME` to each function's environment as a secret-store reference, one plan per file to
 * change. Functions whose effective environment already has `NAME` (their own, the Serverless
 * provider's, SAM Globals, the Azure app settings) need no edit. The edits come from the deployment
 * model (`model/edit-env.ts`); when it cannot edit a function safely, that file's plan is dropped
 * and the fix is offered without it (code change only).
 */
import { dirname } from '../../paths';
import type { WorkspaceIndex } from '../../model/workspace';
import { environmentEntryEdits, localSettingEdits } from '../../model/edit-env';
import type { FunctionModel } from '../../model/types';
import type { SourceFile } from '../../source';
import type { TextEdit } from '../../types';
import { storeRefFor, type StoreRef } from './store';

export interface EnvPlan {
  /** The file the edits change. */
  configPath: string;
  /** Names of the functions the plan covers. */
  functions: string[];
  edits: TextEdit[];
  /** Every function already has the variable: the code change alone is the fix. */
  alreadySet: boolean;
  ref: StoreRef;
}

function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The local.settings.json of the Azure Functions app a path belongs to (nearest folder above it). */
function azureLocalSettings(index: WorkspaceIndex, path: string): SourceFile | undefined {
  let dir = dirname(path);
  for (let i = 0; i < 20; i++) {
    const f = index.configFile(dir === '/' ? '/local.settings.json' : `${dir}/local.settings.json`);
    if (f) return f;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

/**
 * Plans adding `envName` to every function deploying `codePath`, grouped by the file that has to
 * change. Returns [] when no configuration deploys the file (or none can be edited).
 */
export function planEnvironment(index: WorkspaceIndex, codePath: string, envName: string): EnvPlan[] {
  // Plans depend only on the configurations, not on the handler's text: while someone types in the
  // handler the index does not change, so each analysis reuses them.
  let cached = planCache.get(index);
  if (!cached || cached.version !== index.version) {
    cached = { version: index.version, plans: new Map() };
    planCache.set(index, cached);
  }
  const key = `${codePath}\u0000${envName}`;
  let plans = cached.plans.get(key);
  if (!plans) {
    plans = computePlans(index, codePath, envName);
    cached.plans.set(key, plans);
  }
  return plans.map((p) => ({ ...p, functions: [...p.functions], edits: [...p.edits] }));
}

const planCache = new WeakMap<WorkspaceIndex, { version: number; plans: Map<string, EnvPlan[]> }>();

function computePlans(index: WorkspaceIndex, codePath: string, envName: string): EnvPlan[] {
  let fns: FunctionModel[];
  try {
    fns = index.functionsForHandler(codePath);
  } catch {
    return [];
  }
  const groups = new Map<string, { file: SourceFile; fns: FunctionModel[]; azure: boolean }>();
  for (const fn of fns) {
    const azure = fn.format === 'azure-function';
    const file = azure ? azureLocalSettings(index, fn.path) : index.configFile(fn.path);
    if (!file) continue;
    const g = groups.get(file.path) ?? { file, fns: [], azure };
    g.fns.push(fn);
    groups.set(file.path, g);
  }
  const plans: EnvPlan[] = [];
  for (const g of groups.values()) {
    const plan = g.azure ? planAzure(index, g.file, g.fns, envName) : planFunctions(g.file, g.fns, envName);
    if (plan) plans.push(plan);
  }
  return plans;
}

function planAzure(index: WorkspaceIndex, settings: SourceFile, fns: FunctionModel[], envName: string): EnvPlan | undefined {
  const ref = storeRefFor(settings, 'azure-local-settings', envName);
  if (!ref) return undefined;
  const names = fns.map((f) => f.name);
  if (index.azureSettingsFor(settings.path).some((e) => e.key === envName)) return { configPath: settings.path, functions: names, edits: [], alreadySet: true, ref };
  const res = localSettingEdits(settings, envName, ref.envValue('json'));
  return res.ok ? { configPath: settings.path, functions: names, edits: res.edits, alreadySet: false, ref } : undefined;
}

function planFunctions(file: SourceFile, fns: FunctionModel[], envName: string): EnvPlan | undefined {
  const ref = storeRefFor(file, fns[0].format, envName);
  if (!ref) return undefined;
  const lang = file.config?.language ?? 'js';
  const edits: TextEdit[] = [];
  let allSet = true;
  for (const fn of fns) {
    if (fn.environment.some((e) => e.key === envName)) continue;
    allSet = false;
    const res = environmentEntryEdits(file, fn, envName, ref.envValue(lang));
    if (!res.ok) return undefined;
    edits.push(...res.edits);
  }
  return { configPath: file.path, functions: fns.map((f) => f.name), edits, alreadySet: allSet, ref };
}

/** The fix title: where the secret must now be created, or that the configuration already provides it. */
export function planTitle(plan: EnvPlan, expr: string): string {
  if (plan.alreadySet) return `Read ${expr} (already set in ${fileName(plan.configPath)})`;
  return plan.ref.title;
}
