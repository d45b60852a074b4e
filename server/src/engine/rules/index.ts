/**
 * The rule registry: every rule, sorted by id. Adding a rule = one file in this folder, one line here,
 * a docs page in docs/rules/<id>.md and a table of cases in test/unit/rules/<id>.test.ts.
 */
import type { Rule } from '../rule';
import { plainHttp } from './plain-http';

export const RULES: readonly Rule[] = [
  plainHttp,
].sort((a, b) => a.meta.id.localeCompare(b.meta.id));

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
