/**
 * Key=value connection strings with an inline password (ADO.NET, ODBC, JDBC properties, libpq):
 * `Server=tcp:db.example.net;Database=orders;User ID=app;Password=…;`. The URL forms
 * (`postgres://user:pass@host`) are in the provider table; these are not.
 */
import { classifyLiteral, isReference, type TokenMatch } from '../../secrets';

/** A `Password=` / `Pwd=` item; its value ends at `;`, a quote or the end of the line. */
const PASSWORD_ITEM_RE = /(?<![A-Za-z0-9_])(?:password|pwd)[ \t]{0,4}=[ \t]{0,4}(\{[^}\r\n]{1,200}\}|[^;'"`\r\n]{1,200})/gi;
/** Other items that say the text around is a connection string, not prose or a query string. */
const CONTEXT_ITEM_RE = /(?<![A-Za-z0-9_])(?:server|data source|host|hostname|address|addr|user id|userid|uid|user|username|database|initial catalog|dbname|driver|dsn|port|provider|endpoint)[ \t]{0,4}=/i;

/** Every inline password of a key=value connection string in `text`; the span is the value. */
export function findConnectionStringPasswords(text: string): TokenMatch[] {
  const out: TokenMatch[] = [];
  if (!/p(?:ass)?w(?:or)?d\s{0,4}=/i.test(text)) return out;
  PASSWORD_ITEM_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  let guard = 0;
  while ((m = PASSWORD_ITEM_RE.exec(text)) !== null && guard++ < 1000) {
    // The item must sit among other items of the same string (same line, separated by `;`).
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    let lineEnd = text.indexOf('\n', m.index);
    if (lineEnd < 0) lineEnd = text.length;
    const before = text.slice(Math.max(lineStart, m.index - 300), m.index);
    const after = text.slice(m.index + m[0].length, Math.min(lineEnd, m.index + m[0].length + 300));
    const separated = /;\s*$/.test(before) || /^\s*;/.test(after);
    if (!separated) continue;
    const neighbours = before.slice(Math.max(0, before.lastIndexOf('"'), before.lastIndexOf("'"), before.lastIndexOf('`'))) + after.split(/["'`]/)[0];
    if (!CONTEXT_ITEM_RE.test(neighbours)) continue;
    let raw = m[1];
    let start = m.index + m[0].length - raw.length;
    const trimmed = raw.replace(/\s+$/, '');
    raw = trimmed;
    if (raw.startsWith('{') && raw.endsWith('}')) {
      raw = raw.slice(1, -1);
      start += 1;
    }
    if (raw.length === 0 || isReference(raw) || /^%\w+%$|^\$\w+$/.test(raw)) continue;
    if (classifyLiteral(raw, 'password').verdict !== 'secret') continue;
    out.push({
      kind: 'connection-string-password',
      name: 'Connection string with an inline password',
      start,
      end: start + raw.length,
      severity: 'error',
      value: raw,
      source: 'builtin',
    });
  }
  return out;
}
