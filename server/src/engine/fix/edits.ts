import type { SourceFile } from '../source';
import type { TextEdit } from '../types';

export function replaceEdit(file: SourceFile, start: number, end: number, newText: string): TextEdit {
  return { path: file.path, range: file.lines.range(start, end), newText };
}

export function insertEdit(file: SourceFile, offset: number, newText: string): TextEdit {
  return replaceEdit(file, offset, offset, newText);
}

/** Applies non-overlapping edits to a text (used by tests and the CLI's --fix). Later edits first. */
export function applyEdits(text: string, edits: ReadonlyArray<Pick<TextEdit, 'range' | 'newText'>>): string {
  const sorted = [...edits].sort((a, b) => b.range.startOffset - a.range.startOffset || b.range.endOffset - a.range.endOffset);
  let out = text;
  let limit = Infinity;
  for (const e of sorted) {
    if (e.range.endOffset > limit) continue; // overlapping edit: skip rather than corrupt the text
    out = out.slice(0, e.range.startOffset) + e.newText + out.slice(e.range.endOffset);
    limit = e.range.startOffset;
  }
  return out;
}
