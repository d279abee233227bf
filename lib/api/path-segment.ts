/**
 * One ID as one URL path segment: every character outside RFC 3986's unreserved set (`A-Z a-z 0-9 - . _ ~`) is
 * percent-encoded as UTF-8, `!'()*` included (`encodeURIComponent` leaves those five as they are, and the request
 * guard admits only unreserved characters and escapes). Null when no path can carry the ID: empty, dots only (`.`
 * and `..` are resolved away by URL parsers, the guard refuses any run of dots), a `/` (many servers and proxies
 * decode `%2F` back to a separator), or a lone UTF-16 surrogate (no UTF-8 encoding).
 * @example pathSegment("proj_O'Brien (x)") // 'proj_O%27Brien%20%28x%29'
 */
export function pathSegment(id: string): string | null {
  if (id === '' || /^\.+$/.test(id) || id.includes('/')) return null;
  let encoded: string;
  try {
    encoded = encodeURIComponent(id);
  } catch {
    return null;
  }
  return encoded.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
