import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

/** "Now" of the cookbook run (2025-02-10T17:31:03Z): a Monday afternoon. */
export const NOW = 1739208663;
export const DAY = 86400;

/** A fresh admin key for tests (asserted never to leak). */
export function testKey(): string {
  return `sk-admin-test-${randomBytes(12).toString('hex')}`;
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
}

/** GET with a bearer key; returns status, headers and raw text. */
export async function get(baseURL: string, pathAndQuery: string, key?: string): Promise<Reply> {
  const headers: Record<string, string> = key === undefined ? {} : { Authorization: `Bearer ${key}` };
  const res = await fetch(`${baseURL}${pathAndQuery}`, { headers });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** A bucket as sent; `R` is what the caller knows its results to be (the body is not checked beyond a page). */
export interface Bucket<R = Record<string, unknown>> {
  object: string;
  start_time: number;
  end_time: number;
  results: R[];
}
export interface Page<R = Record<string, unknown>> {
  object: string;
  data: Array<Bucket<R>>;
  has_more: boolean;
  next_page: string | null;
}

function isPage<R>(value: unknown): value is Page<R> {
  return (
    typeof value === 'object' && value !== null && 'data' in value && Array.isArray(value.data) && 'has_more' in value
  );
}

/** GET a page, failing on a non-200 status or a body that is not a page. */
export async function getPage<R = Record<string, unknown>>(
  baseURL: string,
  pathAndQuery: string,
  key: string,
): Promise<Page<R>> {
  const reply = await get(baseURL, pathAndQuery, key);
  if (reply.status !== 200) throw new Error(`HTTP ${reply.status}: ${reply.text.slice(0, 300)}`);
  const body: unknown = JSON.parse(reply.text);
  if (!isPage<R>(body)) throw new Error(`not a page: ${reply.text.slice(0, 300)}`);
  return body;
}

/** Follows `next_page` re-sending the same query; returns every page. */
export async function getAllPages<R = Record<string, unknown>>(
  baseURL: string,
  pathAndQuery: string,
  key: string,
): Promise<Array<Page<R>>> {
  const pages = [await getPage<R>(baseURL, pathAndQuery, key)];
  for (let last = pages[0]; last?.has_more === true && last.next_page !== null; last = pages[pages.length - 1]) {
    if (pages.length > 500) throw new Error('too many pages');
    pages.push(await getPage<R>(baseURL, `${pathAndQuery}&page=${encodeURIComponent(last.next_page)}`, key));
  }
  return pages;
}

/** Every bucket of every page; `R` types the results (e.g. `WireCostsResult`), unchecked like any parsed JSON. */
export async function getAllBuckets<R = Record<string, unknown>>(
  baseURL: string,
  pathAndQuery: string,
  key: string,
): Promise<Array<Bucket<R>>> {
  return (await getAllPages<R>(baseURL, pathAndQuery, key)).flatMap((p) => p.data);
}

/** A number field of a result (0 when absent). */
export function num(result: Record<string, unknown>, name: string): number {
  const value = result[name];
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value !== '' && Number.isFinite(Number(value))) return Number(value);
  return 0;
}

/** Sums one metric over every result of every bucket, with a plain loop. */
export function total(buckets: readonly Bucket[], name: string): number {
  let sum = 0;
  for (const b of buckets) for (const r of b.results) sum += num(r, name);
  return sum;
}

/**
 * The official OpenAPI schema of the Usage and Costs endpoints, vendored in test/fixtures so that a fresh clone
 * tests against it (a copy of openai/openai-openapi's paths and schemas for these endpoints).
 */
export function schemaValidator(): (value: unknown) => string | null {
  const file = path.resolve(__dirname, '../fixtures/openai-usage-openapi.json');
  const doc: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'openapi', ...(typeof doc === 'object' && doc !== null ? doc : {}) });
  const validate = ajv.compile({ $ref: 'openapi#/components/schemas/UsageResponse' });
  return (value) => (validate(value) ? null : ajv.errorsText(validate.errors));
}

export interface ErrorEnvelope {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
  keys: string[];
}

/** Parses an error envelope body, failing when it is not one. */
export function parseError(text: string): ErrorEnvelope {
  const body: unknown = JSON.parse(text);
  if (typeof body !== 'object' || body === null || !('error' in body)) throw new Error(`not an error body: ${text}`);
  const e: unknown = body.error;
  if (typeof e !== 'object' || e === null || !('message' in e) || !('type' in e) || !('param' in e) || !('code' in e)) {
    throw new Error(`not an error envelope: ${text}`);
  }
  const { message, type, param, code } = e;
  if (typeof message !== 'string' || typeof type !== 'string') throw new Error(`bad envelope: ${text}`);
  return {
    message,
    type,
    param: typeof param === 'string' ? param : null,
    code: typeof code === 'string' ? code : null,
    keys: Object.keys(e).sort(),
  };
}

/** `amount.value` of a costs result as a number (accepts the numeric-string quirk). */
export function amountValue(result: Record<string, unknown>): number {
  const amount = result['amount'];
  if (typeof amount !== 'object' || amount === null || !('value' in amount)) return 0;
  const value = amount.value;
  return typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : 0;
}
