import { randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh access token: 24 random bytes as hex, as JupyterLab prints them. */
export function newAccessToken(): string {
  return randomBytes(24).toString('hex');
}

/** Constant-time token comparison (no early exit on the first wrong character). */
export function sameToken(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The value of one cookie in a `Cookie` header, or undefined. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The token of an `Authorization: token <t>` or `Bearer <t>` header (for curl and scripts). */
export function headerToken(header: string | undefined): string | undefined {
  const m = /^(?:token|bearer)\s+(\S+)$/i.exec(header?.trim() ?? '');
  return m?.[1];
}
