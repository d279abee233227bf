import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import { DAY, NOW, get, getAllBuckets, getPage, parseError, testKey, total } from './helpers';

let emu: RunningEmulator;
const key = testKey();
const C = '/organization/usage/completions';
const START = NOW - 3 * DAY;

before(async () => {
  emu = await startEmulator({ adminKeys: [key], now: () => NOW });
});
after(() => emu.close());

async function expect400(query: string, param: string, mentions: RegExp): Promise<void> {
  const reply = await get(emu.baseURL, query, key);
  assert.equal(reply.status, 400, `${query} -> ${reply.text}`);
  const error = parseError(reply.text);
  assert.deepEqual(error.keys, ['code', 'message', 'param', 'type']);
  assert.equal(error.type, 'invalid_request_error');
  assert.equal(error.param, param);
  assert.equal(error.code, null);
  assert.match(error.message, mentions);
}

/** A 400 exactly as the live service words it (reference: api-changes-2026-11.md). */
async function expectLive400(query: string, param: string | null, code: string, message: string): Promise<void> {
  const reply = await get(emu.baseURL, query, key);
  assert.equal(reply.status, 400, `${query} -> ${reply.text}`);
  const error = parseError(reply.text);
  assert.deepEqual(
    [error.type, error.param, error.code, error.message],
    ['invalid_request_error', param, code, message],
    query,
  );
}

test('the live wording: missing and unparseable start_time, limit above the maximum', async () => {
  await expectLive400(`${C}`, null, 'invalid_request_error', "Missing required parameter: 'start_time'.");
  await expectLive400(`${C}?start_time=abc`, 'start_time', 'invalid_type', "Invalid type for 'start_time'.");
  await expectLive400(`${C}?start_time=1.5`, 'start_time', 'invalid_type', "Invalid type for 'start_time'.");
  await expectLive400(
    `${C}?start_time=${START}&end_time=soon`,
    'end_time',
    'invalid_type',
    "Invalid type for 'end_time'.",
  );
  await expectLive400(`${C}?start_time=${START}&limit=ten`, 'limit', 'invalid_type', "Invalid type for 'limit'.");
  await expectLive400(
    `/organization/costs?start_time=${START}&limit=366`,
    null,
    'invalid_request_error',
    'Invalid limit provided: 366. Limit must be less than or equal to 180.',
  );
  await expectLive400(
    `${C}?start_time=${START}&limit=32`,
    null,
    'invalid_request_error',
    'Invalid limit provided: 32. Limit must be less than or equal to 31.',
  );
  await expectLive400(
    `${C}?start_time=${START}&bucket_width=1h&limit=169`,
    null,
    'invalid_request_error',
    'Invalid limit provided: 169. Limit must be less than or equal to 168.',
  );
  await expectLive400(
    `${C}?start_time=${START}&bucket_width=1m&limit=1441`,
    null,
    'invalid_request_error',
    'Invalid limit provided: 1441. Limit must be less than or equal to 1440.',
  );
});

test('costs by api_key_id before the cut-off is a 400 on start_time; before it user_id works alone only', async () => {
  const cutoff = 1764979200;
  const late = await startEmulator({ adminKeys: [key], now: () => cutoff + 10 * DAY });
  try {
    const ask = (q: string): Promise<{ status: number; text: string }> =>
      get(late.baseURL, `/organization/costs?${q}`, key);
    const message =
      'group_by=api_key_id is not available for this time range. Try a start_time on or after 1764979200.';
    for (const g of ['api_key_id', 'project_id,api_key_id', 'line_item,api_key_id']) {
      const reply = await ask(`start_time=${cutoff - 1}&group_by=${g}`);
      assert.equal(reply.status, 400, g);
      const error = parseError(reply.text);
      assert.deepEqual([error.param, error.code, error.message], ['start_time', 'invalid_request_error', message], g);
    }
    for (const g of ['user_id,project_id', 'user_id,line_item']) {
      const error = parseError((await ask(`start_time=${cutoff - DAY}&group_by=${g}`)).text);
      assert.equal(error.param, 'start_time', g);
      assert.match(error.message, /Try a start_time on or after 1764979200\./);
    }
    for (const ok of [
      `start_time=${cutoff - DAY}&group_by=user_id`,
      `start_time=${cutoff - DAY}&group_by=project_id,line_item`,
      `start_time=${cutoff}&group_by=api_key_id,user_id,project_id,line_item`,
    ]) {
      assert.equal((await ask(ok)).status, 200, ok);
    }
  } finally {
    await late.close();
  }
  // The date is an emulator option.
  const moved = await startEmulator({ adminKeys: [key], now: () => NOW, groupingSince: 0 });
  try {
    assert.equal(
      (await get(moved.baseURL, `/organization/costs?start_time=${START}&group_by=api_key_id`, key)).status,
      200,
    );
  } finally {
    await moved.close();
  }
});

test('each parameter rule answers 400 in the official envelope, naming the parameter and what is allowed', async () => {
  await expect400(`${C}?start_time=${START}&end_time=${START}`, 'start_time', /before/);
  await expect400(`${C}?start_time=${START}&end_time=${START - 60}`, 'start_time', /before/);
  await expect400(`${C}?start_time=${NOW + DAY}`, 'start_time', /before/);
  await expect400(`${C}?start_time=${START}&bucket_width=1w`, 'bucket_width', /'1m', '1h', '1d'/);
  await expect400(`/organization/costs?start_time=${START}&bucket_width=1h`, 'bucket_width', /'1d'/);
  await expect400(`${C}?start_time=${START}&limit=0`, 'limit', /between 1 and 31/);
  await expect400(
    `${C}?start_time=${START}&group_by=line_item`,
    'group_by',
    /project_id, user_id, api_key_id, model, batch, service_tier, api_source/,
  );
  await expect400(
    `/organization/costs?start_time=${START}&group_by=model`,
    'group_by',
    /project_id, user_id, line_item, api_key_id, api_source/,
  );
  await expect400(`/organization/usage/images?start_time=${START}&sizes[]=2x2`, 'sizes', /1024x1024/);
  await expect400(`/organization/usage/images?start_time=${START}&sources=image.paint`, 'sources', /image\.generation/);
  await expect400(
    `/organization/usage/web_search_calls?start_time=${START}&context_levels=extreme`,
    'context_levels',
    /low, medium, high/,
  );
  await expect400(`${C}?start_time=${START}&batch=yes`, 'batch', /true or false/);
  await expect400(`${C}?start_time=${START}&colour=blue`, 'colour', /Unrecognized/);
  await expect400(`/organization/usage/embeddings?start_time=${START}&batch=true`, 'batch', /Unrecognized/);
  await expect400(`${C}?start_time=${START}&limit[]=3`, 'limit[]', /Unrecognized/);
  await expect400(`${C}?start_time=${START}&start_time=${START}`, 'start_time', /more than once/);
  await expect400(`${C}?start_time=${START}&page=nonsense`, 'page', /cursor/);
});

test('a valid request with a Content-Type header on the GET is accepted', async () => {
  const res = await fetch(`${emu.baseURL}${C}?start_time=${START}`, {
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
  });
  assert.equal(res.status, 200);
});

test('group_by in bracket, repeated and comma-joined form gives identical results', async () => {
  const base = `${C}?start_time=${START}&bucket_width=1h&limit=72`;
  const forms = [
    `${base}&group_by%5B%5D=model&group_by%5B%5D=project_id`,
    `${base}&group_by[]=project_id&group_by[]=model`,
    `${base}&group_by=model&group_by=project_id`,
    `${base}&group_by=model,project_id`,
    `${base}&group_by[]=model&group_by=project_id`,
  ];
  const pages = await Promise.all(forms.map((q) => getPage(emu.baseURL, q, key)));
  for (const page of pages) assert.deepEqual(page, pages[0]);
  const page = pages[0] ?? { data: [] };
  const models = new Set(page.data.flatMap((b) => b.results.map((r) => r['model'])));
  assert.ok(models.size > 3 && !models.has(null));
  assert.ok(
    page.data.flatMap((b) => b.results).every((r) => r['user_id'] === null && typeof r['project_id'] === 'string'),
  );
});

test('filters filter: per-project sums add up to the total and each filtered result belongs to the filter', async () => {
  const base = `${C}?start_time=${START}&end_time=${NOW - DAY}&bucket_width=1d`;
  const byProject = await getAllBuckets(emu.baseURL, `${base}&group_by=project_id`, key);
  const projects = [...new Set(byProject.flatMap((b) => b.results.map((r) => String(r['project_id']))))];
  assert.ok(projects.length >= 4);
  const all = total(await getAllBuckets(emu.baseURL, base, key), 'input_tokens');
  const [first, second] = projects;
  const one = await getAllBuckets(emu.baseURL, `${base}&project_ids[]=${first}`, key);
  const two = await getAllBuckets(emu.baseURL, `${base}&project_ids=${first},${second}&group_by=project_id`, key);
  let expectedOne = 0;
  for (const b of byProject)
    for (const r of b.results) if (r['project_id'] === first) expectedOne += Number(r['input_tokens']);
  assert.equal(total(one, 'input_tokens'), expectedOne);
  assert.ok(expectedOne > 0 && expectedOne < all);
  assert.ok(two.flatMap((b) => b.results).every((r) => r['project_id'] === first || r['project_id'] === second));
  assert.equal(total(await getAllBuckets(emu.baseURL, `${base}&project_ids=nope`, key), 'input_tokens'), 0);
});

test('batch=true and batch=false split completions into two parts that add up to the whole', async () => {
  const base = `${C}?start_time=${START}&end_time=${NOW - DAY}`;
  const [all, yes, no, grouped] = await Promise.all(
    [base, `${base}&batch=true`, `${base}&batch=false`, `${base}&batch=true&group_by=batch`].map((q) =>
      getAllBuckets(emu.baseURL, q, key),
    ),
  );
  const t = (b: typeof all | undefined): number => total(b ?? [], 'num_model_requests');
  assert.ok(t(yes) > 0 && t(no) > t(yes));
  assert.equal(t(yes) + t(no), t(all));
  assert.ok((grouped ?? []).flatMap((b) => b.results).every((r) => r['batch'] === true));
});

test('enumerated filters (sizes, sources, context levels) and model filters keep only matching rows', async () => {
  const images = await getAllBuckets(
    emu.baseURL,
    `/organization/usage/images?start_time=${START}&sizes[]=1024x1024&group_by=size,source,model`,
    key,
  );
  const rows = images.flatMap((b) => b.results);
  assert.ok(rows.length > 0 && rows.every((r) => r['size'] === '1024x1024'));
  const web = await getAllBuckets(
    emu.baseURL,
    `/organization/usage/web_search_calls?start_time=${START}&context_levels=high&group_by=context_level`,
    key,
  );
  assert.ok(web.flatMap((b) => b.results).every((r) => r['context_level'] === 'high'));
  const ft = 'ft:gpt-4o-mini-2024-07-18:acme::abc123';
  const tuned = await getAllBuckets(
    emu.baseURL,
    `${C}?start_time=${START}&models=${encodeURIComponent(ft)}&group_by=model`,
    key,
  );
  const tunedRows = tuned.flatMap((b) => b.results);
  assert.ok(tunedRows.length > 0 && tunedRows.every((r) => r['model'] === ft));
});
