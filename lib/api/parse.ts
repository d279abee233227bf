import {
  endpointSpec,
  type EndpointName,
  type EndpointSpec,
  type ParsedResultMap,
  type ParsedBucket,
  type ParsedPage,
} from '../catalogue/index';
import { isJsonObject } from '../shared/index';
import { MalformedResponseError } from './errors';

type Json = Record<string, unknown>;

function bad(path: string, message: string): never {
  throw new MalformedResponseError(message, path);
}

/** A decimal number as JSON writes it: no hex/binary/octal prefixes, no blanks, no "Infinity". */
const DECIMAL = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Number or decimal numeric string → number; anything else fails naming the path and the real problem. Messages
 * quote the whole value: the caller scrubs the key from them first and only then shortens them.
 */
function toNumber(v: unknown, path: string): number {
  if (typeof v === 'number') {
    // JSON.parse turns 1e309 into Infinity, which JSON.stringify would show as "null".
    if (Number.isFinite(v)) return v;
    return bad(path, `number out of range (beyond ±${Number.MAX_VALUE})`);
  }
  if (typeof v === 'string' && DECIMAL.test(v)) {
    const n = Number(v);
    if (Number.isFinite(n)) return n;
    return bad(path, `number out of range: ${JSON.stringify(v)} (beyond ±${Number.MAX_VALUE})`);
  }
  if (typeof v === 'string') return bad(path, `expected a decimal number, got ${JSON.stringify(v)}`);
  return bad(path, `expected a number, got ${JSON.stringify(v) ?? typeof v}`);
}

/** Latest second an ISO 8601 date with a four-digit year can name (9999-12-31T23:59:59Z): every later step formats dates. */
const MAX_UNIX_SECONDS = 253_402_300_799;

function unixSeconds(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v))
    return bad(path, `expected integer seconds, got ${JSON.stringify(v) ?? typeof v}`);
  if (v < 0 || v > MAX_UNIX_SECONDS)
    return bad(path, `Unix seconds out of range: ${v} (allowed 0..${MAX_UNIX_SECONDS}, years 1970-9999)`);
  return v;
}

/** ISO 4217 alphabetic code (the API sends lower case, e.g. "usd"). */
const CURRENCY = /^[A-Za-z]{3}$/;

function dimension(v: unknown, path: string): string | boolean | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  return bad(path, `expected a string, boolean or null, got ${JSON.stringify(v)}`);
}

function costsFields(raw: Json, path: string, out: Json): void {
  const amount = raw['amount'];
  if (amount === undefined || amount === null) {
    out['amount'] = null;
  } else if (isJsonObject(amount)) {
    const value = amount['value'];
    const currency = amount['currency'];
    if (currency !== undefined && (typeof currency !== 'string' || !CURRENCY.test(currency))) {
      bad(
        `${path}.amount.currency`,
        `expected a three-letter ISO 4217 code like "usd", got ${JSON.stringify(currency) ?? typeof currency}`,
      );
    }
    out['amount'] = {
      value: value === null || value === undefined ? null : toNumber(value, `${path}.amount.value`),
      currency: currency ?? 'usd',
    };
  } else {
    bad(`${path}.amount`, `expected an object, got ${JSON.stringify(amount)}`);
  }
  const q = raw['quantity'];
  out['quantity'] = q === undefined || q === null ? null : toNumber(q, `${path}.quantity`);
  const unit = raw['quantity_unit'];
  out['quantity_unit'] = dimension(unit, `${path}.quantity_unit`);
}

/** A result normalized for `endpoint`; the check is what lets the caller treat it as typed. */
function isResultOf<E extends EndpointName>(endpoint: E, r: Json): r is Json & ParsedResultMap[E] {
  const spec = endpointSpec(endpoint);
  return r['object'] === spec.resultObject && spec.requiredMetrics.every((m) => typeof r[m] === 'number');
}

/** Where a result sits, turned into a JSON path only when something is wrong with it (a page holds thousands). */
interface ResultAt {
  bucketPath: string;
  key: string;
  index: number;
}

function resultPath(at: ResultAt): string {
  return `${at.bucketPath}.${at.key}[${at.index}]`;
}

/**
 * Normalizes one result in place and returns it: the object is fresh from JSON.parse and owned by the caller, and
 * copying a million results would double the memory (and the garbage collection) of a big fetch. Paths for error
 * messages are built only on error, for the same reason.
 */
function parseResult<E extends EndpointName>(endpoint: E, raw: unknown, at: ResultAt): ParsedResultMap[E] {
  if (!isJsonObject(raw)) bad(resultPath(at), 'expected a result object');
  const spec = endpointSpec(endpoint);
  // Known spec typo history ("orgainzation.…"): the endpoint defines the object, not the payload.
  if (raw['object'] !== spec.resultObject) raw['object'] = spec.resultObject;
  if (endpoint === 'costs') {
    costsFields(raw, resultPath(at), raw);
  } else {
    for (const m of spec.metrics) {
      const v = raw[m];
      if (typeof v === 'number' && Number.isFinite(v)) continue;
      // Fields older buckets lack stay null: 0 would claim, e.g., that 30m + 12h cache writes = 0 ≠ the total.
      const missing = spec.mayBeAbsent.includes(m) ? null : 0;
      raw[m] = v === undefined || v === null ? missing : toNumber(v, `${resultPath(at)}.${m}`);
    }
  }
  for (const d of spec.groupBy) {
    const v = raw[d];
    if (typeof v !== 'string' && v !== null) raw[d] = dimension(v, `${resultPath(at)}.${d}`);
  }
  dropUnknownKeys(raw, spec);
  if (!isResultOf(endpoint, raw)) return bad(resultPath(at), `not a ${spec.resultObject}`);
  return raw;
}

/** Removes keys the endpoint does not define (rare: only then is the slower key walk and `delete` paid). */
function dropUnknownKeys(raw: Json, spec: EndpointSpec): void {
  const fields = spec.metrics.length + spec.attributes.length + spec.groupBy.length;
  if (Object.keys(raw).length === 1 + fields) return;
  const allowed = new Set(['object', ...spec.metrics, ...spec.attributes, ...spec.groupBy]);
  for (const key of Object.keys(raw)) if (!allowed.has(key)) delete raw[key];
}

function parseBucket<E extends EndpointName>(endpoint: E, raw: unknown, path: string): ParsedBucket<E> {
  if (!isJsonObject(raw)) bad(path, 'expected a bucket object');
  const start = unixSeconds(raw['start_time'], `${path}.start_time`);
  const end = unixSeconds(raw['end_time'], `${path}.end_time`);
  if (end <= start) bad(`${path}.end_time`, `must be after start_time ${start}, got ${end}`);
  // The spec once named this field `result`; accept both, prefer the documented `results`.
  const key = raw['results'] !== undefined ? 'results' : 'result';
  const results = raw[key];
  if (!Array.isArray(results)) bad(`${path}.results`, `expected an array, got ${JSON.stringify(results) ?? 'nothing'}`);
  return {
    object: 'bucket',
    start_time: start,
    end_time: end,
    results: results.map((r, index) => parseResult(endpoint, r, { bucketPath: path, key, index })),
  };
}

/**
 * Tolerant boundary parsing of one page of `endpoint`: unknown keys ignored, `result` accepted for
 * `results`, numeric strings accepted for numbers, missing metrics → 0, missing dimensions → null,
 * costs `amount.value` → number. Wrong shapes throw `MalformedResponseError` with the JSON path.
 */
export function parsePage<E extends EndpointName>(endpoint: E, json: unknown): ParsedPage<E> {
  if (!isJsonObject(json)) bad('$', 'expected a page object');
  const data = json['data'];
  if (!Array.isArray(data)) bad('$.data', `expected an array, got ${JSON.stringify(data) ?? 'nothing'}`);
  const next = json['next_page'] ?? null;
  if (next !== null && (typeof next !== 'string' || next === ''))
    bad('$.next_page', `expected a string or null, got ${JSON.stringify(next)}`);
  const hasMore = json['has_more'] ?? next !== null;
  if (typeof hasMore !== 'boolean') bad('$.has_more', `expected a boolean, got ${JSON.stringify(hasMore)}`);
  if (hasMore && next === null) bad('$.next_page', 'has_more is true but next_page is null');
  return {
    object: 'page',
    data: data.map((b, i) => parseBucket(endpoint, b, `$.data[${i}]`)),
    has_more: hasMore,
    next_page: hasMore ? next : null,
  };
}
