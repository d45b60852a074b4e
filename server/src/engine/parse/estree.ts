/**
 * typescript-estree, loaded on first use. It brings TypeScript (about 9 MB of code, 50–70 MB of memory
 * and 200–400 ms to load), which a thread that never reads JS/TS (a scan lane given only YAML, JSON and
 * Python; `serverless-guard rules`) should not pay for. Every other module imports only its types.
 *
 * How it is loaded is up to the front end (`setEstreeLoader`): the bundles keep it in a file of their
 * own (`dist/typescript-estree.js`, see scripts/build.mjs) that host/module-cache.ts loads with a V8
 * code cache; by default (tests run from the TypeScript output) it comes from node_modules.
 */
export type Estree = typeof import('@typescript-eslint/typescript-estree');

let loaded: Estree | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
let loader: () => Estree = () => require('@typescript-eslint/typescript-estree') as Estree;

export function estree(): Estree {
  return (loaded ??= loader());
}

/** Replaces how the module is loaded (before its first use; later calls keep what is loaded). */
export function setEstreeLoader(load: () => Estree): void {
  loader = load;
}
