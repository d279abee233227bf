import { InvalidConfigError } from './errors';
import { containsSecret } from './secret';

/** One token of printable ASCII, as a slug or an `org-…` ID is; `name:` is the fallback's own prefix. */
const ID = /^(?!name:)[\x21-\x7e]{1,256}$/;
const KEY_LIKE = /(^|[^A-Za-z0-9])sk-/;

/**
 * The organization an `openai-organization` header names, or undefined when it is absent or unusable as an ID (empty,
 * spaces, not ASCII, too long, or key-like: a server echoing the key must not get it stored).
 */
export function organizationFromHeader(value: string | undefined, apiKey: string): string | undefined {
  const v = value?.trim();
  if (v === undefined || !ID.test(v) || KEY_LIKE.test(v) || containsSecret(v, apiKey)) return undefined;
  return v;
}

/** `OPENAI_ORG_ID_<NAME>` checked: one token of printable ASCII (`org-…`), else `invalid <variable>: …`. */
export function organizationIdSetting(variable: string, value: string): string {
  const v = value.trim();
  if (!ID.test(v) || KEY_LIKE.test(v))
    throw new InvalidConfigError(
      variable,
      `invalid ${variable}: ${KEY_LIKE.test(v) ? 'a key, not an ID' : JSON.stringify(v.slice(0, 80))} (the organization's ID, e.g. org-…, one word of printable ASCII)`,
    );
  return v;
}

/** The variable that gives organization `name`'s ID when its server does not: `OPENAI_ORG_ID_<NAME>`. */
export function organizationIdVariable(name: string): string {
  return name === 'default' ? 'OPENAI_ORG_ID' : `OPENAI_ORG_ID_${name}`;
}
