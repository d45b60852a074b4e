/**
 * The rule registry: every rule, sorted by id. Adding a rule = one file in this folder, one line here,
 * a docs page in docs/rules/<id>.md and a table of cases in test/unit/rules/<id>.test.ts.
 */
import type { Rule } from '../rule';
import { hardcodedSecret } from './hardcoded-secret';
import { plainHttp } from './plain-http';
import { unknownIamAction } from './unknown-iam-action';
import { wildcardPermission } from './wildcard-permission';

export const RULES: readonly Rule[] = [
  hardcodedSecret,
  plainHttp,
  unknownIamAction,
  wildcardPermission,
].sort((a, b) => a.meta.id.localeCompare(b.meta.id));

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
