import type { ListQuery } from './list-query';
import { requestWithRetry, type RequestContext } from './request-page';

/** A parsed JSON body and the `x-request-id` of the response that carried it. */
export interface JsonResult {
  body: unknown;
  requestId: string | undefined;
}

// Only the read-only admin paths this library knows; an id is one segment of unreserved characters and escapes
// (what `pathSegment` builds).
const ADMIN_PATH =
  /^\/organization\/(projects|users|spend_limit|spend_alerts)(\/(?:[A-Za-z0-9_.~-]|%[0-9A-F]{2})+\/(api_keys|service_accounts|spend_limit))?$/;

/**
 * GETs one admin object or list page (`/organization/projects`, …) and parses its JSON, retrying per the policy
 * exactly like usage pages (the same request loop, statuses, delays, scrubbing and `onRetry` reports). The shape is
 * checked by the caller.
 */
export async function requestJson(path: string, params: ListQuery, ctx: RequestContext): Promise<JsonResult> {
  if (!ADMIN_PATH.test(path) || /\/\.+\//.test(path))
    throw new TypeError(`invalid path: ${JSON.stringify(path)} (an /organization/ directory path)`);
  const { value, requestId } = await requestWithRetry(path, params, (json) => json, ctx);
  return { body: value, requestId };
}
