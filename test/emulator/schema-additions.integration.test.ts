import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { ENDPOINTS } from '../../lib/catalogue/index';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import { DAY, get, getPage, num, schemaValidator, testKey } from './helpers';

const FILE = path.resolve(__dirname, '../fixtures/openai-usage-openapi.json');
const doc: unknown = JSON.parse(readFileSync(FILE, 'utf8'));
const NOW = 1_790_500_123; // 2026-09-27: after the cut-off dates
const key = testKey();
const validatePage = schemaValidator();

function validator(ref: string): (value: unknown) => string | null {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'openapi', ...(typeof doc === 'object' && doc !== null ? doc : {}) });
  const validate = ajv.compile({ $ref: `openapi#${ref}` });
  return (value) => (validate(value) ? null : ajv.errorsText(validate.errors));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

let emu: RunningEmulator;
before(async () => {
  emu = await startEmulator({
    adminKeys: [key],
    now: () => NOW,
    quirks: { bucketIsoTimes: true, extraCostKeys: true },
  });
});
after(() => emu.close());

test('the schema has a path per catalogue endpoint, and every addition names the SDK release it comes from', () => {
  assert.ok(isRecord(doc) && isRecord(doc['paths']) && isRecord(doc['components']));
  const paths = doc['paths'];
  for (const spec of Object.values(ENDPOINTS)) assert.ok(spec.path in paths, spec.path);
  const json = JSON.stringify(doc);
  const marks = json.match(/"x-from-sdk":"openai-node 7\.\d+\.\d+"/g) ?? [];
  // decisions path + result + bucket ref, api_source x5 (2 group_by, 3 results), costs group_by/user_id/line_items, 30m, 12h.
  assert.ok(marks.length >= 13, `${marks.length} marks`);
  const schemas = doc['components']['schemas'];
  assert.ok(
    isRecord(schemas) &&
      isRecord(schemas['UsageDecisionsResult']) &&
      schemas['UsageDecisionsResult']['x-from-sdk'] === 'openai-node 7.33.0',
  );
  const responses = doc['components']['responses'];
  assert.ok(
    isRecord(responses) &&
      isRecord(responses['TooManyRequests']) &&
      isRecord(schemas['ErrorResponse']) &&
      isRecord(schemas['Error']),
  );
});

test('decisions and completions carry the cache-write TTL fields on new buckets (30m + 12h = total), api_source when grouped', async () => {
  for (const endpoint of ['completions', 'decisions'] as const) {
    const page = await getPage(
      emu.baseURL,
      `${ENDPOINTS[endpoint].path}?start_time=${NOW - 3 * DAY}&group_by=api_source,model`,
      key,
    );
    assert.equal(validatePage(page), null);
    const rows = page.data.flatMap((b) => b.results);
    assert.ok(rows.length > 0);
    assert.ok(rows.some((r) => num(r, 'input_cache_write_12h_tokens') > 0));
    for (const r of rows) {
      assert.equal(
        num(r, 'input_cache_write_30m_tokens') + num(r, 'input_cache_write_12h_tokens'),
        num(r, 'input_cache_write_tokens'),
      );
      assert.ok(r['api_source'] === 'agents_api' || r['api_source'] === 'unlabeled');
    }
    const old = await getPage(
      emu.baseURL,
      `${ENDPOINTS[endpoint].path}?start_time=${1_754_006_400 - 3 * DAY}&end_time=${1_754_006_400}`,
      key,
    );
    const oldRows = old.data.flatMap((b) => b.results);
    assert.ok(
      oldRows.length > 0 &&
        oldRows.every((r) => !('input_cache_write_30m_tokens' in r) && !('input_cache_write_12h_tokens' in r)),
    );
    assert.equal(validatePage(old), null);
  }
});

test('pages with the live quirks (ISO bucket times, keys outside the spec) still validate', async () => {
  const page = await getPage(
    emu.baseURL,
    `/organization/costs?start_time=${NOW - 3 * DAY}&group_by=project_id,user_id,line_item,api_key_id,api_source&line_items[]=web%20search%20tool%20calls`,
    key,
  );
  assert.equal(validatePage(page), null);
  const rows = page.data.flatMap((b) => b.results);
  assert.ok(rows.length > 0 && rows.every((r) => r['line_item'] === 'web search tool calls' && 'user_email' in r));
});

test('every error body validates against ErrorResponse, except the bare-string 403 seen live', async () => {
  const validateError = validator('/components/schemas/ErrorResponse');
  const queries = [
    '/organization/usage/completions',
    '/organization/usage/completions?start_time=x',
    `/organization/costs?start_time=${NOW - DAY}&limit=181`,
    `/organization/costs?start_time=${NOW - DAY}&bucket_width=1h`,
    `/organization/costs?start_time=1764000000&group_by=api_key_id`,
    `/organization/usage/vector_stores?start_time=${NOW - DAY}&group_by=model`,
    `/organization/usage/nothing?start_time=${NOW - DAY}`,
  ];
  for (const q of queries) {
    const reply = await get(emu.baseURL, q, key);
    assert.ok(reply.status >= 400, q);
    assert.equal(validateError(JSON.parse(reply.text)), null, q);
  }
  emu.setFaults({ rateLimit: { count: 1, retryAfterSeconds: 1 }, serverError: { count: 0 } });
  const limited = await get(emu.baseURL, `/organization/costs?start_time=${NOW - DAY}`, key);
  assert.equal(limited.status, 429);
  assert.equal(
    validator('/components/responses/TooManyRequests/content/application~1json/schema')(JSON.parse(limited.text)),
    null,
  );
  const bare = await get(
    emu.baseURL,
    `/organization/costs?start_time=${NOW - DAY}`,
    'sk-proj-abcdefghijklmnopqrstuvwx',
  );
  assert.equal(bare.status, 403);
  assert.notEqual(validateError(JSON.parse(bare.text)), null, 'the bare string is outside the schema (a live quirk)');
});
