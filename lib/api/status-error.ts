import {
  ApiStatusError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  type ApiStatusDetails,
} from './errors';
import { scrubSecret } from './secret';

/** A raw HTTP response as the transport hands it over (header names lower-case). */
export interface RawResponse {
  status: number;
  headers: Readonly<Record<string, string>>;
  body: string;
}

const HINTS: Readonly<Record<number, string>> = {
  401: 'check OPENAI_ADMIN_KEY; create an admin key at https://platform.openai.com/settings/organization/admin-keys',
  403: 'this key lacks api.usage.read: use an organization admin key, not a project key',
  404: 'check OPENAI_BASE_URL: it must end in /v1, e.g. https://api.openai.com/v1',
  429: 'rate limited: lower concurrency or retry later',
};

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

function summarizeNonJson(body: string): string {
  const title = /<title>([^<]*)<\/title>/i.exec(body)?.[1]?.trim();
  if (title !== undefined && title !== '') return `non-JSON body (HTML page "${title}")`;
  const text = body.replace(/\s+/g, ' ').trim();
  return text === '' ? 'empty body' : `non-JSON body: ${text.slice(0, 120)}`;
}

/** Reads the official envelope, the bare-string `{"error": "..."}` shape, or anything else. */
function readErrorBody(body: string): Pick<ApiStatusDetails, 'apiMessage' | 'type' | 'code' | 'param'> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { apiMessage: summarizeNonJson(body), type: null, code: null, param: null };
  }
  const error = typeof json === 'object' && json !== null && 'error' in json ? json.error : undefined;
  if (typeof error === 'string') return { apiMessage: error, type: null, code: null, param: null };
  if (typeof error === 'object' && error !== null) {
    const e: Record<string, unknown> = { ...error };
    return {
      apiMessage: str(e['message']) ?? JSON.stringify(error),
      type: str(e['type']),
      code: str(e['code']),
      param: str(e['param']),
    };
  }
  return { apiMessage: body.slice(0, 200), type: null, code: null, param: null };
}

/** A 3xx is never followed (the bearer token must not travel): say where it pointed, host only. */
function redirectMessage(status: number, location: string | undefined): string {
  if (location === undefined || location.trim() === '')
    return `redirect (HTTP ${status}) without a Location, not followed`;
  let host: string;
  try {
    host = new URL(location, 'http://relative.invalid').host;
  } catch {
    return `redirect (HTTP ${status}) to an unreadable Location, not followed`;
  }
  const where = host === 'relative.invalid' ? 'a relative path on the same host' : host;
  return `redirect (HTTP ${status}) to ${where}, not followed (check OPENAI_BASE_URL: a gateway or http→https redirect?)`;
}

/**
 * Maps an error response to its typed class (400…5xx), copying only secret-free fields.
 * `secret` (the API key) is scrubbed from everything copied from the body.
 */
export function statusError(res: RawResponse, method: string, path: string, secret: string): ApiStatusError {
  // Scrubbed before any truncation (a key cut at the boundary would survive in part), and again after parsing
  // (a JSON-escaped echo decodes to the key itself).
  const clean = (v: string): string => scrubSecret(v, secret);
  const cleanOrNull = (v: string | null): string | null => (v === null ? null : clean(v));
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) headers[k] = clean(v);
  const isRedirect = res.status >= 300 && res.status <= 399;
  const parsed = isRedirect
    ? { apiMessage: redirectMessage(res.status, headers['location']), type: null, code: null, param: null }
    : readErrorBody(clean(res.body));
  const d: ApiStatusDetails = {
    status: res.status,
    method,
    path,
    requestId: headers['x-request-id'],
    apiMessage: clean(parsed.apiMessage),
    type: cleanOrNull(parsed.type),
    code: cleanOrNull(parsed.code),
    param: cleanOrNull(parsed.param),
    headers,
  };
  const hint = HINTS[res.status];
  const s = res.status;
  if (s === 400) return new BadRequestError(d, hint);
  if (s === 401) return new AuthenticationError(d, hint);
  if (s === 403) return new PermissionDeniedError(d, hint);
  if (s === 404) return new NotFoundError(d, hint);
  if (s === 409) return new ConflictError(d, hint);
  if (s === 429) return new RateLimitError(d, hint);
  if (s >= 500) return new InternalServerError(d, hint);
  return new ApiStatusError(d, hint);
}
