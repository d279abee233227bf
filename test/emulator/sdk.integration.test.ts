/**
 * The official SDK (npm `openai` 7.59.0, unchanged) as a test oracle: it drives the emulator over HTTP for every
 * usage endpoint and costs, with group_by and paging, and the library's client must see the same buckets.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import OpenAI from 'openai';
import { ENDPOINTS, ENDPOINT_NAMES, type EndpointName } from '../../lib/catalogue/index';
import { UsageClient } from '../../lib/api/index';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import { schemaValidator } from './helpers';

const NOW = 1_790_500_123; // 2026-09-27, after the api_key_id cut-off and with the cache-write TTL fields
const DAY = 86_400;

let emu: RunningEmulator;
let sdk: OpenAI;
let ours: UsageClient;
const validate = schemaValidator();

before(async () => {
  emu = await startEmulator({ now: () => NOW, dataset: { streams: 40 } });
  sdk = new OpenAI({
    adminAPIKey: emu.adminKey,
    apiKey: 'unused-by-admin-endpoints',
    baseURL: emu.baseURL,
    maxRetries: 0,
  });
  ours = new UsageClient({ apiKey: emu.adminKey, baseURL: emu.baseURL, now: () => NOW * 1000 });
});
after(async () => {
  ours.close();
  await emu.close();
});

/** One page of an endpoint through the SDK's own method (camelCase of the catalogue name), as plain JSON. */
async function sdkPage(
  endpoint: EndpointName,
  query: Record<string, unknown>,
): Promise<{ data: { start_time: number; results: object[] }[]; has_more: boolean; next_page: string | null }> {
  const usage = sdk.admin.organization.usage;
  const q = { start_time: 0, ...query };
  switch (endpoint) {
    case 'completions':
      return usage.completions(q);
    case 'decisions':
      return usage.decisions(q);
    case 'embeddings':
      return usage.embeddings(q);
    case 'moderations':
      return usage.moderations(q);
    case 'images':
      return usage.images(q);
    case 'audio_speeches':
      return usage.audioSpeeches(q);
    case 'audio_transcriptions':
      return usage.audioTranscriptions(q);
    case 'vector_stores':
      return usage.vectorStores(q);
    case 'code_interpreter_sessions':
      return usage.codeInterpreterSessions(q);
    case 'file_search_calls':
      return usage.fileSearchCalls(q);
    case 'web_search_calls':
      return usage.webSearchCalls(q);
    case 'costs':
      return usage.costs(q);
  }
}

for (const endpoint of ENDPOINT_NAMES) {
  test(`${endpoint}: the SDK pages through every group_by value; the library's client gets the same buckets`, async () => {
    const spec = ENDPOINTS[endpoint];
    const groupBy = [...spec.groupBy];
    const query = { start_time: NOW - 5 * DAY, end_time: NOW - 600, bucket_width: '1d', limit: 2, group_by: groupBy };
    const buckets: { start_time: number; results: object[] }[] = [];
    let page: string | undefined;
    let pages = 0;
    do {
      const p = await sdkPage(endpoint, page === undefined ? query : { ...query, page });
      assert.equal(validate(p), null);
      buckets.push(...p.data);
      pages++;
      page = p.has_more && p.next_page !== null ? p.next_page : undefined;
    } while (page !== undefined);
    assert.equal(pages, 3, 'six daily buckets in pages of two');
    const results = buckets.flatMap((b) => b.results);
    assert.ok(results.length > 0, 'some usage');
    for (const r of results) for (const dim of groupBy) assert.ok(dim in r, dim);
    const mine = await ours.fetchAll(endpoint, { ...query, bucket_width: '1d' }, { concurrency: 1 });
    assert.deepEqual(
      mine.map((b) => b.start_time),
      buckets.map((b) => b.start_time),
    );
    assert.deepEqual(
      mine.flatMap((b) => b.results),
      results,
    );
  });
}

test('the SDK sends filters and group_by in its own bracket form, which the emulator reads', async () => {
  emu.resetRequests();
  const byProject = await sdk.admin.organization.usage.costs({
    start_time: NOW - 3 * DAY,
    group_by: ['project_id'],
    limit: 7,
  });
  const project = byProject.data
    .flatMap((b) => b.results)
    .map((r) => ('project_id' in r ? r.project_id : null))
    .find((p) => typeof p === 'string');
  assert.ok(typeof project === 'string');
  const one = await sdk.admin.organization.usage.costs({
    start_time: NOW - 3 * DAY,
    group_by: ['project_id', 'line_item'],
    project_ids: [project],
    limit: 7,
  });
  const rows = one.data.flatMap((b) => b.results);
  assert.ok(rows.length > 0 && rows.every((r) => 'project_id' in r && r.project_id === project));
  assert.ok(emu.requests.some((r) => decodeURIComponent(r.query).includes('group_by[]=project_id')));
});

test("the SDK surfaces the emulator's live-style 400s", async () => {
  await assert.rejects(sdk.admin.organization.usage.costs({ start_time: NOW - DAY, limit: 366 }), (err: unknown) => {
    assert.ok(err instanceof OpenAI.BadRequestError);
    assert.match(err.message, /Invalid limit provided: 366\. Limit must be less than or equal to 180\./);
    return true;
  });
  await assert.rejects(
    sdk.admin.organization.usage.costs({ start_time: 1_764_000_000, group_by: ['api_key_id'] }),
    (err: unknown) => {
      assert.ok(err instanceof OpenAI.BadRequestError);
      assert.equal(err.param, 'start_time');
      return true;
    },
  );
});
