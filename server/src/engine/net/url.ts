/** Facts about URLs written in code or configuration, without any network access. */

export interface CleartextUrl {
  scheme: 'http' | 'ws';
  /** Host as written (lower-cased, without port), or undefined when it is computed (`http://${host}/`). */
  host: string | undefined;
  /** True when the URL carries a user name and password (`http://user:pass@host`). */
  hasCredentials: boolean;
  /** The name of a query parameter that carries a token or key (`?access_token=…`), if any. */
  tokenParam: string | undefined;
  /** Offset, within the string, just after the scheme name (where `s` goes to make it secure). */
  schemeEnd: number;
  /** Offset of the scheme's first letter within the string. */
  schemeStart: number;
}

const CLEARTEXT = /^\s*(http|ws):\/\//i;

/** Query parameters that carry a credential when they appear in a URL. */
const TOKEN_PARAMS = /^(?:access_?token|id_?token|refresh_?token|auth_?token|token|api_?key|apikey|key|secret|client_?secret|password|passwd|pwd|sig|signature|x-amz-signature|x-amz-security-token|code)$/i;

/**
 * Reads a string that starts with `http://` or `ws://` (leading blanks allowed). Interpolations in the
 * string must be written as `${…}` so that a computed host is recognised as unknown.
 */
export function parseCleartextUrl(s: string): CleartextUrl | undefined {
  const m = CLEARTEXT.exec(s);
  if (!m) return undefined;
  const schemeStart = m[0].length - m[1].length - 3;
  const rest = s.slice(m[0].length);
  const authority = readAuthority(rest);
  const at = authority.lastIndexOf('@');
  const userinfo = at >= 0 ? authority.slice(0, at) : '';
  const hostPort = at >= 0 ? authority.slice(at + 1) : authority;
  let host: string | undefined;
  // `localhost:${port}`: a computed port does not make the host unknown; nor does a computed path
  // glued to a complete host (`http://169.254.170.2${relativeUri}`).
  let hostOnly = hostPort.replace(/:(?:\$\{[^}]*\}|\d*)$/, '');
  const glued = /^([a-z0-9-]+(?:\.[a-z0-9-]+)+|localhost)(?::\d+)?\$\{/i.exec(hostOnly);
  if (glued && /[a-z0-9]$/i.test(glued[1])) hostOnly = glued[1];
  if (hostOnly.includes('${') || hostOnly.includes('{{') || hostOnly === '') host = undefined;
  else if (hostOnly.startsWith('[')) host = hostOnly.slice(0, hostOnly.indexOf(']') + 1 || undefined).toLowerCase();
  else host = hostOnly.toLowerCase();
  if (host !== undefined && !/^[a-z0-9._\-[\]:%]+$/.test(host)) host = undefined;
  return {
    scheme: m[1].toLowerCase() as 'http' | 'ws',
    host,
    hasCredentials: userinfo.includes(':') && !/^\$\{[^}]*\}$/.test(userinfo),
    tokenParam: queryTokenParam(rest.slice(authority.length)),
    schemeStart,
    schemeEnd: schemeStart + m[1].length,
  };
}

/** The authority part of `rest` (after `scheme://`), skipping over `${…}` interpolations. */
function readAuthority(rest: string): string {
  let i = 0;
  while (i < rest.length) {
    if (rest.startsWith('${', i)) {
      const close = rest.indexOf('}', i + 2);
      if (close < 0) return rest.slice(0, i + 2);
      i = close + 1;
      continue;
    }
    const c = rest[i];
    if (c === '/' || c === '?' || c === '#' || /\s/.test(c)) break;
    i++;
  }
  return rest.slice(0, i);
}

function queryTokenParam(pathAndQuery: string): string | undefined {
  const q = pathAndQuery.indexOf('?');
  if (q < 0) return undefined;
  const query = pathAndQuery.slice(q + 1).split('#')[0];
  const parts = query.split('&');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq);
    const value = part.slice(eq + 1);
    // `?token=` at the very end of a literal: the value is appended (`'…?token=' + token`).
    const appended = value === '' && i === parts.length - 1 && !pathAndQuery.includes('#');
    if ((value || appended) && TOKEN_PARAMS.test(name)) return name;
  }
  return undefined;
}

/** True when the string is a URL with any scheme (`https://…`, `s3://…`, `mailto:`), not a relative path. */
export function hasScheme(s: string): boolean {
  return /^\s*[a-z][a-z0-9+.-]*:/i.test(s);
}

/** Names and addresses that never leave the machine. */
export function isLocalHost(host: string): boolean {
  const h = host.replace(/\.$/, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (h === '[::1]' || h === '::1' || h === '0.0.0.0' || h === '[::]' || h === '[0:0:0:0:0:0:0:1]') return true;
  if (h === 'host.docker.internal' || h === 'gateway.docker.internal') return true;
  // The Lambda sandbox's own name, used by extensions and the Telemetry API.
  if (h === 'sandbox.localdomain' || h === 'sandbox') return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
  return false;
}

/** The EC2/ECS instance metadata endpoints: reachable only from inside the host, HTTP by design. */
export function isMetadataHost(host: string): boolean {
  return host === '169.254.169.254' || host === '169.254.170.2' || host === '169.254.170.23' || host === '[fd00:ec2::254]' || host === '[fd00:ec2::23]';
}

/** Identifiers that look like URLs but are never requested: XML namespaces and schema ids. */
export function isIdentifierUrl(host: string): boolean {
  return /^(www\.)?w3\.org$|^json-schema\.org$|^schemas\.(xmlsoap|microsoft|openxmlformats|android)\.(org|com)$|^purl\.org$|^xmlns\.com$|^ns\.adobe\.com$|^xml\.org$|^docbook\.org$|^rdfs\.org$|^schema\.org$|^ogp\.me$/.test(host);
}

/** `example.com` matches `example.com`; `*.example.com` matches its subdomains. Ports in entries are ignored. */
export function hostAllowed(host: string, allowed: readonly string[] | undefined): boolean {
  if (!allowed?.length) return false;
  const h = host.toLowerCase().replace(/\.$/, '');
  for (const raw of allowed) {
    const a = raw
      .trim()
      .toLowerCase()
      .replace(/^[a-z]+:\/\//, '')
      .replace(/\/.*$/, '')
      .replace(/:\d+$/, '');
    if (!a) continue;
    if (a.startsWith('*.')) {
      if (h.endsWith(a.slice(1))) return true;
    } else if (h === a) return true;
  }
  return false;
}

/** Hosts for which plain HTTP is never reported: local, metadata, identifiers and the user's allowed hosts. */
export function isExemptHost(host: string, allowed: readonly string[] | undefined): boolean {
  return isLocalHost(host) || isMetadataHost(host) || isIdentifierUrl(host) || hostAllowed(host, allowed);
}

/** S3 static-website endpoints serve HTTP only (`bucket.s3-website-eu-west-1.amazonaws.com`). */
export function isS3WebsiteHost(host: string): boolean {
  return /\.s3-website[.-][a-z0-9-]+\.amazonaws\.com(\.cn)?$/.test(host.toLowerCase());
}

/** A URL safe to show in a message: scheme and host only (never a user name, password or path). */
export function displayUrl(u: CleartextUrl): string {
  return `${u.scheme}://${u.host ?? '…'}`;
}

/**
 * Offset, within `raw` (a literal as written in the source, quotes included), just after the first
 * `http`/`ws` scheme name at or after `from`; -1 when it is not written plainly (escapes).
 */
export function schemeEndIn(raw: string, from = 0): number {
  const re = /(?:http|ws)(?=:\/\/)/gi;
  re.lastIndex = from;
  const m = re.exec(raw);
  return m ? m.index + m[0].length : -1;
}

/** `s`, or `S` after an upper-case scheme (`HTTP://` becomes `HTTPS://`). */
export function secureSuffix(text: string, schemeEnd: number): string {
  const last = text[schemeEnd - 1];
  return last && last === last.toUpperCase() && last !== last.toLowerCase() ? 'S' : 's';
}

export interface StorageConnection {
  /** Offset, in the string, of `http` in `DefaultEndpointsProtocol=http`. */
  protocolAt: number;
  /** The connection string signs requests with an account key or carries a SAS token. */
  hasKey: boolean;
  account: string | undefined;
}

/**
 * An Azure Storage connection string that selects plain HTTP (`DefaultEndpointsProtocol=http;…`).
 * The storage emulator (`devstoreaccount1`, or endpoints on a loopback address) is not returned.
 */
export function parseStorageConnection(s: string): StorageConnection | undefined {
  const m = /(?:^|;)\s*DefaultEndpointsProtocol\s*=\s*(http)\s*(?:;|$)/i.exec(s);
  if (!m) return undefined;
  const fields = new Map<string, string>();
  for (const part of s.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  const account = fields.get('accountname');
  if (account === 'devstoreaccount1') return undefined;
  for (const k of ['blobendpoint', 'queueendpoint', 'tableendpoint', 'fileendpoint']) {
    const v = fields.get(k);
    const u = v ? parseCleartextUrl(v) : undefined;
    if (u?.host && isLocalHost(u.host)) return undefined;
  }
  return {
    protocolAt: m.index + m[0].indexOf(m[1], m[0].indexOf('=')),
    hasKey: fields.has('accountkey') || fields.has('sharedaccesssignature'),
    account,
  };
}
