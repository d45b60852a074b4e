/**
 * Serverless Framework: an AWS managed policy of the provider role (`provider.iam.role.managedPolicies`,
 * v1 `provider.iamManagedPolicies`) replaced by a statement in the role's statements
 * (`provider.iam.role.statements`, v1 `provider.iamRoleStatements`). YAML block style only: the entry is
 * removed (its whole key when it was the only one) and the statement appended to the statements list,
 * or the list created where the managed policies were.
 */
import type { ManagedPolicyRef } from '../../model';
import { get, getPair, isMap, isSeq, type CMap, type CNode, type CPair } from '../../parse/tree';
import type { SourceFile } from '../../source';
import { inPlaceValue, lineStart, renderYaml, seqIndent, type NewValue, type RawEdit } from './edits';

interface Place {
  /** The map holding both keys (the role map, or `provider`). */
  map: CMap;
  managed: CPair;
  statementsKey: string;
}

function place(file: SourceFile, ref: ManagedPolicyRef): Place | undefined {
  const root = file.config?.roots[0];
  const provider = get(root, 'provider');
  if (!isMap(provider) || provider.flow) return undefined;
  const within = (p: CPair | undefined) => !!p?.value && p.value.range[0] <= ref.value.range[0] && p.value.range[1] >= ref.value.range[1];
  const role = get(get(provider, 'iam'), 'role');
  if (isMap(role) && !role.flow) {
    const p = getPair(role, 'managedPolicies');
    if (within(p)) return { map: role, managed: p!, statementsKey: 'statements' };
  }
  const v1 = getPair(provider, 'iamManagedPolicies');
  if (within(v1)) return { map: provider, managed: v1!, statementsKey: 'iamRoleStatements' };
  return undefined;
}

function lineEndAfter(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== '\n') i++;
  return i < text.length ? i + 1 : i;
}

/** Edits for the replacement, or undefined when the file is not written in a shape this handles. */
export function serverlessManagedEdits(file: SourceFile, ref: ManagedPolicyRef, statement: NewValue): RawEdit[] | undefined {
  const text = file.text;
  const at = place(file, ref);
  if (!at) return undefined;
  const seq = inPlaceValue(file, at.managed);
  if (!seq || !isSeq(seq) || seq.flow) return undefined;
  const item = seq.items.find((n: CNode) => n.range[0] === ref.value.range[0]);
  if (!item || item.kind !== 'scalar' || item.tag) return undefined;
  const keyStart = at.managed.key.range[0];
  if (!/^[ \t]*$/.test(text.slice(lineStart(text, keyStart), keyStart))) return undefined;
  let seqEnd = seq.range[1];
  while (seqEnd > seq.range[0] && /\s/.test(text[seqEnd - 1])) seqEnd--;
  const keyCol = keyStart - lineStart(text, keyStart);
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const off = seqIndent(file);
  const edits: RawEdit[] = [];
  const statementsPair = getPair(at.map, at.statementsKey);
  let replacedPair = false;
  // 1. The managed policy entry goes.
  if (seq.items.length > 1) {
    const s = lineStart(text, item.range[0]);
    if (!/^[ \t]*-[ \t]*$/.test(text.slice(s, item.range[0]))) return undefined;
    edits.push({ start: s, end: lineEndAfter(text, item.range[1]), text: '' });
  } else {
    replacedPair = true;
  }
  // 2. The statement is appended to the statements list, or a list is written.
  if (statementsPair) {
    const list = inPlaceValue(file, statementsPair);
    if (!list || !isSeq(list) || list.flow || list.items.length === 0) return undefined;
    const first = list.items[0];
    const dash = text.lastIndexOf('-', first.range[0]);
    const dashCol = dash - lineStart(text, dash);
    let lastEnd = list.range[1];
    while (lastEnd > list.range[0] && /\s/.test(text[lastEnd - 1])) lastEnd--;
    const insertAt = lineEndAfter(text, lastEnd);
    const body = `${' '.repeat(dashCol)}- ${renderYaml(statement, 'block', undefined, dashCol + 2)}`.replace(/\n/g, eol);
    const needsBreak = insertAt === text.length && !text.endsWith('\n');
    edits.push({ start: insertAt, end: insertAt, text: `${needsBreak ? eol : ''}${body}${eol}` });
    if (replacedPair) edits.push({ start: lineStart(text, keyStart), end: lineEndAfter(text, seqEnd), text: '' });
  } else {
    const pad = ' '.repeat(keyCol);
    const itemCol = keyCol + off;
    const pair = `${pad}${at.statementsKey}:${eol}${' '.repeat(itemCol)}- ${renderYaml(statement, 'block', undefined, itemCol + 2).replace(/\n/g, eol)}${eol}`;
    if (replacedPair) edits.push({ start: lineStart(text, keyStart), end: lineEndAfter(text, seqEnd), text: pair });
    else edits.push({ start: lineStart(text, keyStart), end: lineStart(text, keyStart), text: pair });
  }
  // Overlapping edits cannot be applied together.
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) if (sorted[i].start < sorted[i - 1].end) return undefined;
  return edits;
}
