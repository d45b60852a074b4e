/**
 * URLs that carry a credential in their query string (`https://hooks.example.com/in?token=…`,
 * `…?api_key=…`, a pre-signed `X-Amz-Signature`), wherever they are written. The verdict is the
 * secrets library's (`classifyLiteral` → `secret-in-url-query`); this finds the URLs and the span of
 * the value. Azure `sig=` and Google `key=AIza…` are provider formats and win the merge.
 */
import { classifyLiteral, type TokenMatch } from '../../secrets';

const URL_RE = /\bhttps?:\/\/[^\s'"`<>\\]{1,2000}/g;
const PARAM_RE = /[?&;](token|access_token|auth_token|api_key|apikey|api-key|key|appid|secret|client_secret|password|signature|x-amz-signature|x-amz-security-token)=([^&#\s'"`]{16,})/gi;

export function findUrlQuerySecrets(text: string): TokenMatch[] {
  const out: TokenMatch[] = [];
  if (!text.includes('://') || !text.includes('=')) return out;
  URL_RE.lastIndex = 0;
  let u: RegExpExecArray | null;
  let guard = 0;
  while ((u = URL_RE.exec(text)) !== null && guard++ < 10_000) {
    const url = u[0];
    if (!url.includes('=')) continue;
    if (classifyLiteral(url).reason !== 'secret-in-url-query') continue;
    PARAM_RE.lastIndex = 0;
    let p: RegExpExecArray | null;
    while ((p = PARAM_RE.exec(url)) !== null) {
      const value = p[2];
      const start = u.index + p.index + p[0].length - value.length;
      // Each parameter is judged on its own: only the ones that hold a credential are reported.
      if (classifyLiteral(`https://x.invalid/?${p[1]}=${value}`).reason !== 'secret-in-url-query') continue;
      out.push({ kind: 'url-query-secret', name: 'URL with a credential in its query', start, end: start + value.length, severity: 'warning', value, source: 'builtin' });
    }
  }
  return out;
}
