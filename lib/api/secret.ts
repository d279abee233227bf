/**
 * The project's one secret masker: the admin key is normalized once (to the exact characters sent on the wire) and
 * masked by exact value wherever text could show it (errors, notebook output, saved notebooks), never by a pattern
 * that a `.`, `*` or `\` in the key would cut short.
 */

/** Characters axios strips from header values before sending (outside printable latin1, C0 and DEL). */
const NOT_SENDABLE = /[^\t\x20-\x7e\x80-\xff]+/g;

/** What a masked secret becomes in text. */
export const REDACTED = '[REDACTED]';

/** A key-like token (`sk-…`): masked as a last line of defence when the key itself is not known. */
const KEY_LIKE = /\bsk-[A-Za-z0-9_-]{6,}/g;

/**
 * The key exactly as it goes on the wire: without the characters axios would strip (zero-width spaces, control
 * characters) and without surrounding blanks, so an echo of what was sent is recognized.
 */
export function normalizeApiKey(key: string): string {
  return key.replace(NOT_SENDABLE, '').trim();
}

/** The forms a secret can take in text we show: as is, JSON-escaped (a `\` or `"` in an echoed JSON body), URL-encoded. */
function secretForms(secret: string): string[] {
  const forms = new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]);
  return [...forms].filter((f) => f !== '').sort((a, b) => b.length - a.length);
}

/** Replaces every occurrence of `secret` (in each form it can take) in `text` with `[REDACTED]`. */
export function scrubSecret(text: string, secret: string): string {
  if (secret === '') return text;
  let out = text;
  for (const form of secretForms(secret)) out = out.split(form).join(REDACTED);
  return out;
}

// Shared through globalThis: tslab kernels may load two copies of this module, and both must know the key.
const REGISTRY = Symbol.for('openai-usage-notebooks.secrets');
type Registry = { [REGISTRY]?: Set<string> };

function registry(): Set<string> {
  const g = globalThis as Registry;
  g[REGISTRY] ??= new Set<string>();
  return g[REGISTRY];
}

/** Shorter values are no real key: masking them would blank ordinary words in every message. */
const MIN_SECRET_LENGTH = 8;

/** Remembers a configured key (normalized) so `maskSecrets` hides it in any displayed text. */
export function registerSecret(key: string): void {
  const normalized = normalizeApiKey(key);
  if (normalized.length >= MIN_SECRET_LENGTH) registry().add(normalized);
  if (key !== normalized && key.length >= MIN_SECRET_LENGTH) registry().add(key);
}

/** Masks every configured key by exact value, then any remaining `sk-…` token (a key we were never given). */
export function maskSecrets(text: string, extra: readonly string[] = []): string {
  let out = text;
  for (const s of [...registry(), ...extra].sort((a, b) => b.length - a.length)) out = scrubSecret(out, s);
  return out.replace(KEY_LIKE, 'sk-***');
}

/** True when `text` holds `secret` in any form `scrubSecret` would mask. */
export function containsSecret(text: string, secret: string): boolean {
  return secret !== '' && secretForms(secret).some((f) => text.includes(f));
}

/**
 * A key safe to display: its prefix and last 3 characters (`sk-admin…xyz`), or `***` when too short.
 * @example redactKey('sk-admin-1234abcdxyz') // 'sk-admin…xyz'
 */
export function redactKey(key: string): string {
  if (key.length < 16) return '***';
  const prefix = /^(sk-[a-z]+)-/.exec(key)?.[1] ?? key.slice(0, 3);
  return `${prefix}…${key.slice(-3)}`;
}
