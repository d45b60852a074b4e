/** Unified diffs (`diff -u` format) of two versions of a text, for `--fix-dry-run`. */

type Op = { kind: ' ' | '-' | '+'; text: string };

interface Lines {
  lines: string[];
  /** The text ends with a newline (otherwise the last line is marked "\ No newline at end of file"). */
  eol: boolean;
}

function splitLines(text: string): Lines {
  if (text === '') return { lines: [], eol: true };
  const lines = text.split('\n');
  const eol = lines[lines.length - 1] === '';
  if (eol) lines.pop();
  return { lines, eol };
}

/**
 * Shortest edit script between two line lists (Myers' O((N+M)D) algorithm) after trimming the common
 * head and tail. Past `maxD` differences the middle is reported as replaced, which is still a correct diff.
 */
export function diffLines(a: readonly string[], b: readonly string[], maxD = 4000): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const A = a.slice(head, a.length - tail);
  const B = b.slice(head, b.length - tail);
  const ops: Op[] = a.slice(0, head).map((text) => ({ kind: ' ' as const, text }));
  ops.push(...middle(A, B, maxD));
  for (const text of a.slice(a.length - tail)) ops.push({ kind: ' ', text });
  return ops;
}

function middle(A: readonly string[], B: readonly string[], maxD: number): Op[] {
  const N = A.length;
  const M = B.length;
  if (N === 0) return B.map((text) => ({ kind: '+' as const, text }));
  if (M === 0) return A.map((text) => ({ kind: '-' as const, text }));
  const max = N + M;
  const offset = max;
  let v: Int32Array = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= Math.min(max, maxD); d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < N && y < M && A[x] === B[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= N && y >= M) {
        found = d;
        break;
      }
    }
    if (found >= 0) break;
  }
  if (found < 0) return [...A.map((text) => ({ kind: '-' as const, text })), ...B.map((text) => ({ kind: '+' as const, text }))];
  // Walk the trace back from (N, M).
  const out: Op[] = [];
  let x = N;
  let y = M;
  for (let d = found; d > 0; d--) {
    v = trace[d];
    const k = x - y;
    const prevK = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? k + 1 : k - 1;
    const prevX = v[offset + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      out.push({ kind: ' ', text: A[x - 1] });
      x--;
      y--;
    }
    if (x === prevX) out.push({ kind: '+', text: B[y - 1] });
    else out.push({ kind: '-', text: A[x - 1] });
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    out.push({ kind: ' ', text: A[x - 1] });
    x--;
    y--;
  }
  return out.reverse();
}

/** A unified diff of `before` -> `after` with `context` lines around changes; '' when they are equal. */
export function unifiedDiff(before: string, after: string, oldName: string, newName: string, context = 3): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  // A last line without a newline differs from the same line with one: tag it for the comparison.
  const tag = (l: Lines) => (l.eol || !l.lines.length ? l.lines : [...l.lines.slice(0, -1), `${l.lines[l.lines.length - 1]}\u0000`]);
  const ops = diffLines(tag(a), tag(b)).map((op) => (op.text.endsWith('\u0000') ? { kind: op.kind, text: op.text.slice(0, -1) } : op));
  // Line numbers (1-based) of each op in the old and new text.
  const at: Array<{ o: number; n: number }> = [];
  let o = 1;
  let n = 1;
  for (const op of ops) {
    at.push({ o, n });
    if (op.kind !== '+') o++;
    if (op.kind !== '-') n++;
  }
  const lastOld = a.lines.length;
  const lastNew = b.lines.length;
  const out: string[] = [`--- ${oldName}`, `+++ ${newName}`];
  let i = 0;
  while (i < ops.length) {
    if (ops[i].kind === ' ') {
      i++;
      continue;
    }
    // A hunk: from `context` lines before this change to `context` lines after the last change that is
    // at most 2*context lines after the previous one.
    const start = Math.max(0, i - context);
    let end = i;
    let j = i;
    while (j < ops.length) {
      if (ops[j].kind !== ' ') {
        end = j;
        j++;
        continue;
      }
      let run = 0;
      while (j + run < ops.length && ops[j + run].kind === ' ') run++;
      if (j + run >= ops.length || run > 2 * context) break;
      j += run;
    }
    const stop = Math.min(ops.length, end + context + 1);
    const slice = ops.slice(start, stop);
    const oldCount = slice.filter((x) => x.kind !== '+').length;
    const newCount = slice.filter((x) => x.kind !== '-').length;
    const oldStart = oldCount ? at[start].o : at[start].o - 1;
    const newStart = newCount ? at[start].n : at[start].n - 1;
    out.push(`@@ -${oldStart}${oldCount === 1 ? '' : `,${oldCount}`} +${newStart}${newCount === 1 ? '' : `,${newCount}`} @@`);
    for (let k = start; k < stop; k++) {
      const op = ops[k];
      out.push(`${op.kind}${op.text}`);
      // "\ No newline at end of file" after the last line of a side that lacks one.
      const isLastOld = op.kind !== '+' && at[k].o === lastOld && !a.eol;
      const isLastNew = op.kind !== '-' && at[k].n === lastNew && !b.eol;
      if ((op.kind === '-' && isLastOld) || (op.kind === '+' && isLastNew) || (op.kind === ' ' && (isLastOld || isLastNew))) {
        out.push('\\ No newline at end of file');
      }
    }
    i = stop;
  }
  return out.join('\n') + '\n';
}
