import { EmulatorHttpError, errorBody } from './http-error';
import type { ProjectKeyErrorStyle } from './types';

const NO_KEY =
  "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.";
const MISSING_SCOPE = 'You have insufficient permissions for this operation. Missing scopes: api.usage.read.';
const MISSING_SCOPE_LONG = `${MISSING_SCOPE} Check that you have the correct role in your organization, and if you're using a restricted API key, that it has the necessary scopes.`;

/** Masks a key like the real API does in messages: a short prefix and suffix only, never the whole key. */
export function maskKey(key: string): string {
  if (key.length < 12) return '***';
  return `${key.slice(0, 5)}***${key.slice(-3)}`;
}

/**
 * Checks `Authorization: Bearer <key>`: admin keys pass, `sk-proj-` keys lack the usage scope (refused in
 * the configured style), anything else is an incorrect key. Error bodies never contain the key.
 */
export function checkAuth(
  header: string | undefined,
  adminKeys: ReadonlySet<string>,
  style: ProjectKeyErrorStyle,
): void {
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  const key = match?.[1];
  if (key === undefined) throw new EmulatorHttpError(401, errorBody(NO_KEY, 'invalid_request_error'));
  if (adminKeys.has(key)) return;
  if (key.startsWith('sk-proj-')) {
    if (style === 'bare-string-403') throw new EmulatorHttpError(403, { error: MISSING_SCOPE });
    if (style === 'envelope-403') throw new EmulatorHttpError(403, errorBody(MISSING_SCOPE, 'invalid_request_error'));
    throw new EmulatorHttpError(401, errorBody(MISSING_SCOPE_LONG, 'invalid_request_error'));
  }
  throw new EmulatorHttpError(
    401,
    errorBody(
      `Incorrect API key provided: ${maskKey(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
      'invalid_request_error',
      null,
      'invalid_api_key',
    ),
  );
}
