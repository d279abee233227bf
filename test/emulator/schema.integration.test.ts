import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ENDPOINTS } from '../../lib/catalogue/index';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import { DAY, NOW, getPage, schemaValidator, testKey } from './helpers';

let emu: RunningEmulator;
const key = testKey();
const validate = schemaValidator();

before(async () => {
  // groupingSince 0: costs grouped by every dimension at once (the live cut-off is tested in params.test.ts).
  emu = await startEmulator({ adminKeys: [key], now: () => NOW, groupingSince: 0 });
});
after(() => emu.close());

for (const spec of Object.values(ENDPOINTS)) {
  test(`${spec.name}: grouped and ungrouped pages of every width validate against the official schema`, async () => {
    for (const width of spec.bucketWidths) {
      const span = width === '1m' ? 3 * 3600 : width === '1h' ? 2 * DAY : 9 * DAY;
      const base = `${spec.path}?start_time=${NOW - span}&bucket_width=${width}&limit=${width === '1m' ? 180 : width === '1h' ? 48 : 10}`;
      for (const query of [
        base,
        `${base}&group_by=${spec.groupBy.join(',')}`,
        `${base}&group_by=${spec.groupBy[0] ?? ''}`,
      ]) {
        const page = await getPage(emu.baseURL, query, key);
        assert.equal(validate(page), null, query);
        const results = page.data.flatMap((b) => b.results);
        assert.ok(results.length > 0, `no results for ${query}`);
        for (const r of results) {
          assert.equal(r['object'], spec.resultObject);
          for (const dim of spec.groupBy) assert.ok(dim in r, `${dim} missing in ${query}`);
          for (const metric of spec.requiredMetrics) assert.equal(typeof r[metric], 'number');
        }
      }
    }
  });
}

test('the validator rejects a page that breaks the schema (so the checks above can fail)', () => {
  const bad = {
    object: 'page',
    data: [
      {
        object: 'bucket',
        start_time: 1,
        end_time: 2,
        results: [{ object: 'organization.usage.completions.result', input_tokens: 'x' }],
      },
    ],
    has_more: false,
    next_page: null,
  };
  assert.notEqual(validate(bad), null);
  assert.notEqual(validate({ object: 'page', data: [], has_more: false }), null);
});

test('ungrouped results carry every dimension key as null', async () => {
  const page = await getPage(emu.baseURL, `/organization/usage/completions?start_time=${NOW - DAY}`, key);
  const r = page.data.flatMap((b) => b.results)[0];
  assert.ok(r !== undefined);
  for (const dim of ENDPOINTS.completions.groupBy) assert.equal(r[dim], null);
});
