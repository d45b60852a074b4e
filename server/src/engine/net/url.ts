/** Facts about URLs written in code or configuration, without any network access. */

export interface CleartextUrl {
  scheme: 'http' | 'ws';
  /** Host as written (lower-cased), or undefined when it is computed (`http://${host}/`). */
  host: string | undefined;
  /** True when the URL carries a user name and password (`http://user:pass@host`). */
  hasCredentials: boolean;
  /** Offset, within the string, just after the scheme name (where `s` goes to make it secure). */
  schemeEnd: number;
  /** Offset of the scheme's first letter within the string. */
  schemeStart: number;
}

const CLEARTEXT = /^\s*(http|ws):\/\//i;

/** Reads a string that starts with `http://` or `ws://`. `prefixOnly` when the rest is not known (a template's first part). */
export function parseCleartextUrl(s: string): CleartextUrl | undefined {
  const m = CLEARTEXT.exec(s);
  if (!m) return undefined;
  const schemeStart = m[0].length - m[1].length - 3;
  const rest = s.slice(m[0].length);
  const authorityEnd = rest.search(/[/?#\s]/);
  const authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd);
  const at = authority.lastIndexOf('@');
  const userinfo = at >= 0 ? authority.slice(0, at) : '';
  const hostPort = at >= 0 ? authority.slice(at + 1) : authority;
  let host: string | undefined;
  if (hostPort.includes('${') || hostPort === '') host = undefined;
  else if (hostPort.startsWith('[')) host = hostPort.slice(0, hostPort.indexOf(']') + 1 || undefined).toLowerCase();
  else host = hostPort.replace(/:\d*$/, '').toLowerCase();
  return {
    scheme: m[1].toLowerCase() as 'http' | 'ws',
    host,
    hasCredentials: userinfo.includes(':') && !userinfo.startsWith('${'),
    schemeStart,
    schemeEnd: schemeStart + m[1].length,
  };
}

/** Names and addresses that never leave the machine (or, for the metadata service, are HTTP by design). */
export function isLocalHost(host: string): boolean {
  const h = host.replace(/\.$/, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (h === '[::1]' || h === '::1' || h === '0.0.0.0' || h === '[::]') return true;
  if (h === 'host.docker.internal' || h === 'gateway.docker.internal') return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
  return false;
}

/** The EC2/ECS instance metadata endpoints: reachable only from inside the host, HTTP by design. */
export function isMetadataHost(host: string): boolean {
  return host === '169.254.169.254' || host === '169.254.170.2' || host === '[fd00:ec2::254]';
}

/** Identifiers that look like URLs but are never requested: XML namespaces and schema ids. */
export function isIdentifierUrl(host: string): boolean {
  return /^(www\.)?w3\.org$|^json-schema\.org$|^schemas\.(xmlsoap|microsoft|openxmlformats)\.(org|com)$|^purl\.org$|^xmlns\.com$|^ns\.adobe\.com$/.test(host);
}

/** `example.com` matches `example.com`; `*.example.com` matches its subdomains. */
export function hostAllowed(host: string, allowed: readonly string[] | undefined): boolean {
  if (!allowed?.length) return false;
  const h = host.toLowerCase();
  for (const raw of allowed) {
    const a = raw.trim().toLowerCase();
    if (!a) continue;
    if (a.startsWith('*.')) {
      if (h.endsWith(a.slice(1))) return true;
    } else if (h === a) return true;
  }
  return false;
}

/** A URL safe to show in a message: scheme and host only (never a user name or password). */
export function displayUrl(u: CleartextUrl): string {
  return `${u.scheme}://${u.host ?? '…'}`;
}
