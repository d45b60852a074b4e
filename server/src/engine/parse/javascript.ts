import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { estree } from './estree';

export type Program = TSESTree.Program;
export type Comment = TSESTree.Comment;

export interface JsParseError {
  message: string;
  offset: number;
}

export interface ParsedJs {
  /** Undefined when the text could not be parsed even after blanking the broken lines. */
  ast: Program | undefined;
  /** Always empty: comments are not collected (see `parseJs`). Kept for callers that may want them. */
  comments: Comment[];
  /** Syntax errors met; when `ast` is set despite errors, the lines holding them were left out. */
  errors: JsParseError[];
  /** Offsets ranges blanked to get a partial tree (half-typed code). */
  blanked: Array<[number, number]>;
}

export interface JsParseOptions {
  jsx: boolean;
}

const MAX_REPAIRS = 8;

/** The options of every typescript-estree parse (also the code cache's warm-up, host/estree-loader.ts). */
export function estreeOptions(jsx: boolean) {
  return {
    range: true,
    loc: false,
    // No comment collection: nothing reads it (suppress comments are read per line) and it costs
    // about 40% of the parse of a 50 KB handler (measured with /tmp scripts, see the session note).
    comment: false,
    tokens: false,
    jsx,
    errorOnUnknownASTType: false,
    suppressDeprecatedPropertyWarnings: true,
    // Syntax errors TypeScript reports still throw (and the line is blanked below); this only skips
    // the converter's extra checks of constructs TypeScript parses but ESTree forbids (a modifier
    // in the wrong place, `const x;`). An analyser reads such code as written, and the checks were
    // a third of the parse (measured on 400 TS files of serverless-patterns: 560–880 → 356–394 ms).
    allowInvalidAST: true,
  } as const;
}

/**
 * Parses JavaScript or TypeScript (ESM or CommonJS, JSX when asked) into an ESTree with ranges.
 * Half-typed code: the line holding a syntax error is replaced by spaces (so every other offset stays
 * valid) and parsing is tried again, a few times, so the rest of the file is still analysed.
 */
export function parseJs(text: string, options: JsParseOptions): ParsedJs {
  const errors: JsParseError[] = [];
  const blanked: Array<[number, number]> = [];
  let source = text;
  for (let attempt = 0; attempt <= MAX_REPAIRS; attempt++) {
    try {
      const { parse, simpleTraverse } = estree();
      const ast = parse(source, estreeOptions(options.jsx));
      // Parent pointers, once per tree, so rules can look up from any node they reach.
      simpleTraverse(ast, { enter() {} }, true);
      return { ast, comments: ast.comments ?? [], errors, blanked };
    } catch (e) {
      const offset = errorOffset(e, source);
      errors.push({ message: String((e as Error)?.message ?? e).split('\n')[0], offset });
      if (offset < 0 || attempt === MAX_REPAIRS) break;
      const [s, t] = lineBounds(source, offset);
      if (t <= s) break;
      source = source.slice(0, s) + source.slice(s, t).replace(/[^\r\n]/g, ' ') + source.slice(t);
      blanked.push([s, t]);
    }
  }
  return { ast: undefined, comments: [], errors: errors.slice(0, 1), blanked: [] };
}

function errorOffset(e: unknown, text: string): number {
  const loc = (e as { location?: { start?: { offset?: number } } })?.location?.start?.offset;
  if (typeof loc === 'number') return Math.max(0, Math.min(loc, text.length));
  return -1;
}

/** The bounds of the line holding `offset`; an error at end of text blanks the last non-empty line. */
function lineBounds(text: string, offset: number): [number, number] {
  let o = Math.min(offset, text.length);
  if (o === text.length) {
    while (o > 0 && /\s/.test(text[o - 1])) o--;
    if (o > 0) o--;
  }
  let s = o;
  while (s > 0 && text[s - 1] !== '\n' && text[s - 1] !== '\r') s--;
  let t = o;
  while (t < text.length && text[t] !== '\n' && text[t] !== '\r') t++;
  return [s, t];
}
