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

/** `err` said again as one line naming the setting to change, or undefined when no setting is to blame (429, 5xx). */
function settingError(err: unknown, baseURL: string): UsageApiError | undefined {
  if (err instanceof AuthenticationError)
    return new UsageApiError(
      `invalid OPENAI_ADMIN_KEY: ${baseURL} rejected it (401); check the key, or create an organization admin key ` +
        `at ${ADMIN_KEYS_PAGE}`,
      { cause: err },
    );
  if (err instanceof PermissionDeniedError)
    return new UsageApiError(
      'invalid OPENAI_ADMIN_KEY: it cannot read usage (403, missing api.usage.read); the Usage API needs an ' +
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
      `invalid OPENAI_BASE_URL: ${baseURL} does not serve the Usage API (${notTheApi}); set it to ` +
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
 * is rethrown as is (nothing to change in the settings).
 * @param now epoch ms
 */
export async function checkAccess(client: UsageClient, now = Date.now()): Promise<void> {
  try {
    // Yesterday's whole UTC day: a bucket any run reads anyway, never a partial one of its own.
    const yesterday = Math.floor(now / 1000 / DAY) * DAY - DAY;
    await client.getPage('costs', { start_time: yesterday, end_time: yesterday + DAY, limit: 1 });
  } catch (err) {
    throw settingError(err, client.baseURL) ?? err;
  }
}
