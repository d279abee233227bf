import type { UsageClient } from './client';
import { ADMIN_KEYS_PAGE } from './config';
import { DEFAULT_BASE_URL } from './client-options';
import {
  ApiConnectionError,
  ApiStatusError,
  AuthenticationError,
  MalformedResponseError,
  PermissionDeniedError,
  UsageApiError,
} from './errors';

const DAY = 86_400;

/** The variables a failed check names (an organization's own `OPENAI_ADMIN_KEY_<NAME>`, …). */
export interface AccessSettings {
  /** @default 'OPENAI_ADMIN_KEY' */
  keyVariable?: string;
  /** @default 'OPENAI_BASE_URL' */
  baseUrlVariable?: string;
}

/** `err` said again as one line naming the setting to change, or undefined when no setting is to blame (429, 5xx). */
function settingError(err: unknown, baseURL: string, settings: AccessSettings): UsageApiError | undefined {
  const key = settings.keyVariable ?? 'OPENAI_ADMIN_KEY';
  const url = settings.baseUrlVariable ?? 'OPENAI_BASE_URL';
  if (err instanceof AuthenticationError)
    return new UsageApiError(
      `invalid ${key}: ${baseURL} rejected it (401); check the key, or create an organization admin key ` +
        `at ${ADMIN_KEYS_PAGE}`,
      { cause: err },
    );
  if (err instanceof PermissionDeniedError)
    return new UsageApiError(
      `invalid ${key}: it cannot read usage (403, missing api.usage.read); the Usage API needs an ` +
        `organization admin key: ${ADMIN_KEYS_PAGE}`,
      { cause: err },
    );
  const notTheApi =
    err instanceof MalformedResponseError
      ? 'a response that is not the Usage API'
      : err instanceof ApiStatusError && (err.status < 400 || err.status === 404 || err.status === 405)
        ? `HTTP ${err.status} for ${err.path}`
        : undefined;
  if (notTheApi !== undefined)
    return new UsageApiError(
      `invalid ${url}: ${baseURL} does not serve the Usage API (${notTheApi}); set it to ` +
        `${DEFAULT_BASE_URL}, or to your gateway's address ending in /v1, or remove it`,
      { cause: err },
    );
  // Its message already names the address and what to check (see transport.ts).
  if (err instanceof ApiConnectionError) return err;
  return undefined;
}

/**
 * One small request (a day of costs, one bucket), so that a wrong key, a wrong OPENAI_BASE_URL or no network is told
 * in one line naming the setting and the fix, before a command starts its real work. A rate limit or server error
 * is rethrown as is (nothing to change in the settings). Resolves to the organization the answer named (its
 * `openai-organization` header), or undefined when the server sent none.
 * @param now epoch ms
 */
export async function checkAccess(
  client: UsageClient,
  now = Date.now(),
  settings: AccessSettings = {},
): Promise<string | undefined> {
  try {
    // Yesterday's whole UTC day: a bucket any run reads anyway, never a partial one of its own.
    const yesterday = Math.floor(now / 1000 / DAY) * DAY - DAY;
    await client.getPage('costs', { start_time: yesterday, end_time: yesterday + DAY, limit: 1 });
  } catch (err) {
    throw settingError(err, client.baseURL, settings) ?? err;
  }
  return client.organizationId;
}
