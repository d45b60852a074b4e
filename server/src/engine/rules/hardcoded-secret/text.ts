/**
 * Plain text files the rule reads (`.env`, `.npmrc`, …): `KEY=value` lines under secret-named keys.
 * Provider formats are found over the whole text by the caller.
 */
import { classifyLiteral, isSecretName } from '../../secrets';
import { isKeyValueList } from './config';

export interface LineHit {
  start: number;
  end: number;
  value: string;
  name: string;
}

const LINE_RE = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*[=:][ \t]*(.*)$/;

export function scanKeyValueLines(text: string): LineHit[] {
  const out: LineHit[] = [];
  let pos = 0;
  while (pos <= text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    const line = text.slice(pos, nl).replace(/\r$/, '');
    const m = LINE_RE.exec(line);
    if (m && isSecretName(m[1])) {
      const raw = m[2];
      let valueStart = pos + line.length - raw.length;
      let value: string;
      const q = raw[0];
      if (q === '"' || q === "'") {
        const close = raw.indexOf(q, 1);
        value = close > 0 ? raw.slice(1, close) : raw.slice(1);
        valueStart += 1;
      } else {
        value = raw.replace(/[ \t]+#.*$/, '').trim();
      }
      if (value && !isKeyValueList(value) && classifyLiteral(value, m[1]).verdict === 'secret') {
        out.push({ start: valueStart, end: valueStart + value.length, value, name: m[1] });
      }
    }
    pos = nl + 1;
  }
  return out;
}

/** `.env.example`, `.env.sample`, `.env.template`: documentation of the variables, judged like test files. */
export function isExampleEnvPath(path: string): boolean {
  const name = path.slice(path.replace(/\\/g, '/').lastIndexOf('/') + 1).toLowerCase();
  return /^\.env\.(?:example|sample|template|dist|defaults?|tpl)$/.test(name) || /\.(?:example|sample|template|dist)$/.test(name);
}
