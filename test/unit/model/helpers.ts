import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { modelOfFile } from '../../../server/src/engine/model/file-model';
import type { FileModel, FunctionModel, ModelValue, Span, StatementModel } from '../../../server/src/engine/model/types';
import { normalizePath } from '../../../server/src/engine/paths';
import { SourceFile } from '../../../server/src/engine/source';

/** test/fixtures/model, from out/test/unit/model (compiled) as from test/unit/model (ts-node). */
export const FIXTURES = normalizePath(path.resolve(__dirname, '../../../../test/fixtures/model'));

export function fixturePath(rel: string): string {
  return `${FIXTURES}/${rel}`;
}

export function loadFixture(rel: string): { file: SourceFile; model: FileModel } {
  const p = fixturePath(rel);
  const file = SourceFile.create(p, readFileSync(p, 'utf8'));
  const model = modelOfFile(file);
  if (!model) throw new Error(`${rel} is not modelled`);
  return { file, model };
}

export function fromText(p: string, text: string): { file: SourceFile; model: FileModel } {
  const file = SourceFile.create(p, text);
  const model = modelOfFile(file);
  if (!model) throw new Error(`${p} is not modelled`);
  return { file, model };
}

/** The source text a span covers. */
export function src(file: SourceFile, span: Span | undefined): string | undefined {
  return span ? file.text.slice(span[0], span[1]) : undefined;
}

/** `line:character`, both 1-based, of a span's start. */
export function at(file: SourceFile, span: Span): string {
  const p = file.lines.positionAt(span[0]);
  return `${p.line + 1}:${p.character + 1}`;
}

/** A compact description of a value: `lit:x`, `ref:source:address`, `tpl:a|${ref}|b`, `if:[...]`. */
export function show(v: ModelValue | undefined): string {
  if (!v) return '-';
  switch (v.kind) {
    case 'literal':
      return `lit:${String(v.value)}`;
    case 'reference':
      return `ref:${v.ref!.source}:${v.ref!.address}`;
    case 'template':
      return `tpl:${v.parts!.map((p) => ('text' in p ? p.text : `{${p.ref.source}:${p.ref.address}}`)).join('|')}`;
    case 'conditional':
      return `if:[${v.alternatives!.map(show).join(', ')}]`;
    default:
      return v.kind;
  }
}

export function fn(model: FileModel, name: string): FunctionModel {
  const f = model.functions.find((x) => x.name === name);
  if (!f) throw new Error(`no function ${name} in ${model.path} (have ${model.functions.map((x) => x.name).join(', ')})`);
  return f;
}

export function statementsOf(model: FileModel, f: FunctionModel): StatementModel[] {
  return f.statements.map((id) => model.statements.find((s) => s.id === id)!);
}

export function statementAt(model: FileModel, location: string): StatementModel {
  const s = model.statements.find((x) => x.location === location);
  if (!s) throw new Error(`no statement at ${location}; have ${model.statements.map((x) => x.location).join(', ')}`);
  return s;
}

/** `Effect Action(s) Resource(s)` in one line, for table assertions. */
export function brief(s: StatementModel): string {
  const list = (l: StatementModel['actions']) => (l ? l.items.map(show).join(',') : '');
  const parts = [show(s.effect)];
  if (s.actions) parts.push(`A=${list(s.actions)}`);
  if (s.notActions) parts.push(`NA=${list(s.notActions)}`);
  if (s.resources) parts.push(`R=${list(s.resources)}`);
  if (s.notResources) parts.push(`NR=${list(s.notResources)}`);
  if (s.principals) parts.push(`P=${s.principals.map((p) => `${p.type}:${show(p.value)}`).join(',')}`);
  return parts.join(' ');
}
