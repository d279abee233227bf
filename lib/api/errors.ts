/**
 * Typed errors of the Usage API client, one root (openai-node style). Errors carry only copied,
 * secret-free data: never an axios config/request/response, never headers we sent, and every string that came
 * from the server scrubbed of the key (see `secret.ts`).
 */

import { UsageNotebooksError } from '../shared/index';

/** Root of every error this client throws; a member of the library's error family (`lib/shared/errors.ts`). */
export class UsageApiError extends UsageNotebooksError {
  override name = 'UsageApiError';
  /** A short, actionable next step, when one is known. */
  readonly hint: string | undefined;
  constructor(message: string, options: { cause?: unknown; hint?: string } = {}) {
    super(
      options.hint === undefined ? message : `${message} (hint: ${options.hint})`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.hint = options.hint;
  }
}

/** What an HTTP error response told us, copied from the wire. */
export interface ApiStatusDetails {
  status: number;
  method: string;
  /** URL path only: no host, no query string. */
  path: string;
  requestId: string | undefined;
  /** The API's own message (or a summary of a non-JSON body). */
  apiMessage: string;
  type: string | null;
  code: string | null;
  param: string | null;
  /** Response headers (lower-case names), the key scrubbed from every value (a proxy may echo our Authorization). */
  headers: Readonly<Record<string, string>>;
}

/** The server answered with a non-2xx status. */
export class ApiStatusError extends UsageApiError {
  override name = 'ApiStatusError';
  readonly status: number;
  readonly requestId: string | undefined;
  readonly type: string | null;
  readonly code: string | null;
  readonly param: string | null;
  readonly apiMessage: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  constructor(d: ApiStatusDetails, hint?: string) {
    const rid = d.requestId === undefined ? '' : ` [request ${d.requestId}]`;
    super(`${d.status} ${d.method} ${d.path}: ${d.apiMessage}${rid}`, hint === undefined ? {} : { hint });
    this.status = d.status;
    this.requestId = d.requestId;
    this.type = d.type;
    this.code = d.code;
    this.param = d.param;
    this.apiMessage = d.apiMessage;
    this.method = d.method;
    this.path = d.path;
    this.headers = d.headers;
  }
}

/** HTTP 400. */
export class BadRequestError extends ApiStatusError {
  override name = 'BadRequestError';
}
/** HTTP 401. */
export class AuthenticationError extends ApiStatusError {
  override name = 'AuthenticationError';
}
/** HTTP 403. */
export class PermissionDeniedError extends ApiStatusError {
  override name = 'PermissionDeniedError';
}
/** HTTP 404. */
export class NotFoundError extends ApiStatusError {
  override name = 'NotFoundError';
}
/** HTTP 409. */
export class ConflictError extends ApiStatusError {
  override name = 'ConflictError';
}
/** HTTP 429. */
export class RateLimitError extends ApiStatusError {
  override name = 'RateLimitError';
}
/** HTTP 5xx. */
export class InternalServerError extends ApiStatusError {
  override name = 'InternalServerError';
}

/** The request never got an HTTP response (refused, reset, DNS…). `cause` is a sanitized copy. */
export class ApiConnectionError extends UsageApiError {
  override name = 'ApiConnectionError';
  constructor(message: string, cause?: Error) {
    super(message, cause === undefined ? {} : { cause });
  }
}

/** An attempt exceeded the per-attempt timeout. */
export class ApiTimeoutError extends ApiConnectionError {
  override name = 'ApiTimeoutError';
}

/** A 2xx response whose body is not the documented page (bad JSON, wrong shape, inconsistent cursor). */
export class MalformedResponseError extends UsageApiError {
  override name = 'MalformedResponseError';
  /** JSON path of the offending value, e.g. `$.data[3].start_time`. */
  readonly jsonPath: string;
  /** What is wrong, without the path prefix. */
  readonly detail: string;
  readonly requestId: string | undefined;
  constructor(detail: string, jsonPath = '$', requestId?: string) {
    super(`malformed response at ${jsonPath}: ${detail}${requestId === undefined ? '' : ` [request ${requestId}]`}`);
    this.jsonPath = jsonPath;
    this.detail = detail;
    this.requestId = requestId;
  }
}

/** Pagination went on for more pages than `maxPages` allows. */
export class PaginationLimitError extends UsageApiError {
  override name = 'PaginationLimitError';
  readonly maxPages: number;
  constructor(maxPages: number, endpoint: string) {
    super(`pagination of ${endpoint} exceeded maxPages=${maxPages}`, {
      hint: 'narrow the time range or raise maxPages',
    });
    this.maxPages = maxPages;
  }
}

/** A query failed validation before any request was sent. */
export class InvalidQueryError extends UsageApiError {
  override name = 'InvalidQueryError';
  /** The offending query parameter. */
  readonly param: string;
  constructor(param: string, message: string) {
    super(message);
    this.param = param;
  }
}

/**
 * A setting the user gave (OPENAI_ADMIN_KEY, OPENAI_BASE_URL…) cannot work: a project key, a malformed URL. Thrown
 * before any request; notebooks show it as one line like any error of this client.
 */
export class InvalidConfigError extends UsageApiError {
  override name = 'InvalidConfigError';
  /** The environment variable to change. */
  readonly variable: string;
  constructor(variable: string, message: string) {
    super(message);
    this.variable = variable;
  }
}

const ERROR_NAMES: ReadonlySet<string> = new Set([
  'UsageApiError',
  'ApiStatusError',
  'BadRequestError',
  'AuthenticationError',
  'PermissionDeniedError',
  'NotFoundError',
  'ConflictError',
  'RateLimitError',
  'InternalServerError',
  'ApiConnectionError',
  'ApiTimeoutError',
  'MalformedResponseError',
  'PaginationLimitError',
  'InvalidQueryError',
  'InvalidConfigError',
]);

/**
 * True for any error of this client, also when it comes from another copy of the module
 * (tslab kernels may load two), by checking `name` when `instanceof` fails.
 */
export function isUsageApiError(value: unknown): value is UsageApiError {
  if (value instanceof UsageApiError) return true;
  return value instanceof Error && ERROR_NAMES.has(value.name);
}
