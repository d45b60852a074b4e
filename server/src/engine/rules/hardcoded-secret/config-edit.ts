/**
 * Text edits on YAML and JSON configuration that keep the file's formatting and comments: replace a
 * scalar, remove a pair (a parameter's `Default`). Adding environment entries is the deployment
 * model's job (`model/edit-env.ts`). Each function returns undefined when it cannot produce an edit
 * it is sure of, so a fix never writes invalid YAML/JSON.
 */
import { replaceEdit } from '../../fix/edits';
import type { CMap, CPair, CScalar } from '../../parse/tree';
import type { SourceFile } from '../../source';
import type { TextEdit } from '../../types';

function lineOf(file: SourceFile, offset: number): number {
  return file.lines.positionAt(offset).line;
}

/** End of a node's text without the line breaks a YAML block scalar includes. */
export function trimmedEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && (text[e - 1] === '\n' || text[e - 1] === '\r')) e--;
  return e;
}

/** Replaces a scalar with `newText` (YAML already quoted as needed, or JSON). */
export function replaceScalar(file: SourceFile, scalar: CScalar, newText: string): TextEdit {
  const end = trimmedEnd(file.text, scalar.range[0], scalar.range[1]);
  return replaceEdit(file, scalar.range[0], end, newText);
}

/** Removes a pair of a block map (its whole lines), or undefined when it does not sit on lines of its own. */
export function yamlRemovePair(file: SourceFile, map: CMap, pair: CPair): TextEdit | undefined {
  if (map.flow || pair.merged) return undefined;
  const text = file.text;
  const startLine = lineOf(file, pair.key.range[0]);
  const lineStart = file.lines.lineStart(startLine);
  if (text.slice(lineStart, pair.key.range[0]).trim() !== '') return undefined;
  const end = trimmedEnd(text, pair.range[0], pair.range[1]);
  const endLine = lineOf(file, end);
  const next = endLine + 1 < file.lines.lineCount ? file.lines.lineStart(endLine + 1) : file.lines.lineEnd(endLine);
  return replaceEdit(file, lineStart, next, '');
}

/** Removes a pair of a JSON object with one of its commas, keeping the rest of the layout. */
export function jsonRemovePair(file: SourceFile, map: CMap, pair: CPair): TextEdit | undefined {
  const text = file.text;
  const idx = map.pairs.indexOf(pair);
  if (idx < 0) return undefined;
  const isWs = (c: string | undefined) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
  let j = pair.range[1];
  while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
  if (text[j] === ',') {
    // Remove from the pair (or its line start when it is alone on the line) through the comma and the line break after it.
    let start = pair.range[0];
    const ls = file.lines.lineStart(lineOf(file, start));
    if (text.slice(ls, start).trim() === '') start = ls;
    let end = j + 1;
    let k = end;
    while (k < text.length && (text[k] === ' ' || text[k] === '\t')) k++;
    if (start === ls && (text[k] === '\n' || text[k] === '\r')) {
      end = text[k] === '\r' && text[k + 1] === '\n' ? k + 2 : k + 1;
    } else if (start !== ls) {
      end = k;
    }
    return replaceEdit(file, start, end, '');
  }
  // Last pair: remove the comma before it and everything up to the pair's end.
  let i = pair.range[0] - 1;
  while (i > map.range[0] && isWs(text[i])) i--;
  if (text[i] !== ',') {
    // The only pair: leave the braces.
    return replaceEdit(file, pair.range[0], pair.range[1], '');
  }
  return replaceEdit(file, i, pair.range[1], '');
}
