import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { InvalidQueryError, UsageClient, daysAgo, validateQuery, type UsageQuery } from '../../lib/api/index';
import type { EndpointName } from '../../lib/catalogue/index';
import { startScriptedServer, testKey, type ScriptedServer } from '../helpers/scripted-server';

function rejects(endpoint: EndpointName, query: UsageQuery, param: string, pattern: RegExp): void {
  assert.throws(
    () => validateQuery(endpoint, query),
    (err: unknown) => err instanceof InvalidQueryError && err.param === param && pattern.test(err.message),
  );
}

describe('validateQuery', () => {
  test('converts Dates to integer Unix seconds and keeps only given params', () => {
    const q = validateQuery('completions', {
      start_time: new Date('2025-01-01T00:00:00.900Z'),
      end_time: 1735776000,
      group_by: ['model'],
      batch: false,
    });
    assert.deepEqual(q, { start_time: 1735689600, end_time: 1735776000, group_by: ['model'], batch: false });
  });

  test('requires start_time and rejects NaN, fractions and negative times', () => {
    rejects('costs', {} as UsageQuery, 'start_time', /required/);
    rejects('costs', { start_time: Number.NaN }, 'start_time', /invalid start_time/);
    rejects('costs', { start_time: new Date('nope') }, 'start_time', /Invalid Date/);
    rejects('costs', { start_time: 1.5 }, 'start_time', /integer/);
    rejects('costs', { start_time: -1 }, 'start_time', /negative/);
  });

  test('rejects a start_time not before end_time', () => {
    rejects('costs', { start_time: 200, end_time: 200 }, 'start_time', /must be before end_time 200/);
    rejects('costs', { start_time: 300, end_time: 200 }, 'start_time', /before/);
  });

  test('names the allowed bucket widths of the endpoint', () => {
    rejects(
      'costs',
      { start_time: 0, bucket_width: '1h' },
      'bucket_width',
      /^invalid bucket_width: "1h" \(costs accepts only 1d\)$/,
    );
    rejects('embeddings', { start_time: 0, bucket_width: '5m' as '1m' }, 'bucket_width', /1m, 1h, 1d/);
  });

  test('checks limit against the maximum of the width', () => {
    rejects(
      'completions',
      { start_time: 0, bucket_width: '1h', limit: 500 },
      'limit',
      /^invalid limit: 500 \(1h buckets allow 1\.\.168\)$/,
    );
    rejects('completions', { start_time: 0, limit: 32 }, 'limit', /1d buckets allow 1\.\.31/);
    rejects('costs', { start_time: 0, limit: 181 }, 'limit', /1\.\.180/);
    rejects('costs', { start_time: 0, limit: 0 }, 'limit', /1\.\.180/);
    rejects('costs', { start_time: 0, limit: 2.5 }, 'limit', /1\.\.180/);
    assert.equal(validateQuery('costs', { start_time: 0, limit: 180 }).limit, 180);
    assert.equal(validateQuery('completions', { start_time: 0, bucket_width: '1m', limit: 1440 }).limit, 1440);
  });

  test('lists the group_by values the endpoint accepts', () => {
    rejects(
      'completions',
      { start_time: 0, group_by: ['line_item'] },
      'group_by',
      /^invalid group_by: "line_item" \(completions accepts project_id, user_id, api_key_id, model, batch, service_tier, api_source\)$/,
    );
    rejects(
      'costs',
      { start_time: 0, group_by: ['model'] },
      'group_by',
      /project_id, user_id, line_item, api_key_id, api_source/,
    );
  });

  test('rejects filters the endpoint does not accept and unknown parameters', () => {
    rejects(
      'vector_stores',
      { start_time: 0, user_ids: ['u'] },
      'user_ids',
      /vector_stores accepts filters project_ids/,
    );
    rejects('costs', { start_time: 0, models: ['gpt-4o'] }, 'models', /project_ids, api_key_ids, line_items/);
    rejects('embeddings', { start_time: 0, batch: true }, 'batch', /only completions and decisions accept batch/);
    rejects('costs', { start_time: 0, foo: 1 } as UsageQuery, 'foo', /unknown parameter/);
  });

  test('checks enumerated filter values', () => {
    rejects('images', { start_time: 0, sizes: ['100x100'] }, 'sizes', /256x256, 512x512/);
    rejects('images', { start_time: 0, sources: ['image.draw'] }, 'sources', /image.generation/);
    rejects('web_search_calls', { start_time: 0, context_levels: ['huge'] }, 'context_levels', /low, medium, high/);
    assert.deepEqual(validateQuery('images', { start_time: 0, sizes: ['1024x1024'] }).sizes, ['1024x1024']);
  });

  test('checks the costs grouping dates of the live service first, saying what to do', () => {
    const cutoff = 1764979200; // 2025-12-06, computed by hand
    rejects(
      'costs',
      { start_time: cutoff - 1, group_by: ['api_key_id'] },
      'start_time',
      /^invalid start_time: 1764979199 \(start on or after 2025-12-06 to group costs by api_key_id\)$/,
    );
    rejects(
      'costs',
      { start_time: cutoff - 86_400, group_by: ['line_item', 'user_id'] },
      'start_time',
      /start on or after 2025-12-06 to group costs by user_id together with line_item; before it user_id works alone only/,
    );
    rejects('costs', { start_time: 0, group_by: ['project_id', 'user_id'] }, 'start_time', /together with project_id/);
    assert.deepEqual(validateQuery('costs', { start_time: 0, group_by: ['user_id'] }).group_by, ['user_id']);
    assert.deepEqual(
      validateQuery('costs', { start_time: cutoff, group_by: ['api_key_id', 'user_id', 'project_id'] }).group_by,
      ['api_key_id', 'user_id', 'project_id'],
    );
    // Usage endpoints have no such rule.
    assert.deepEqual(validateQuery('completions', { start_time: 0, group_by: ['api_key_id'] }).group_by, [
      'api_key_id',
    ]);
    assert.deepEqual(validateQuery('costs', { start_time: 0, line_items: ['Vector storage'] }).line_items, [
      'Vector storage',
    ]);
  });

  test('rejects filters that are not arrays of strings', () => {
    rejects(
      'completions',
      { start_time: 0, models: 'gpt-4o' as unknown as string[] },
      'models',
      /array of non-empty strings/,
    );
    rejects('completions', { start_time: 0, project_ids: [''] }, 'project_ids', /non-empty/);
  });
});

describe('daysAgo', () => {
  test('counts whole days back from now in Unix seconds', () => {
    assert.equal(daysAgo(30, new Date('2025-02-10T17:31:03Z')), Date.UTC(2025, 0, 11, 17, 31, 3) / 1000);
    assert.throws(() => daysAgo(-1), /invalid n/);
  });
});

describe('validation happens before any request', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer(() => ({
      body: { object: 'page', data: [], has_more: false, next_page: null },
    }));
  });
  after(() => server.close());

  test('invalid queries reach no server through getPage, pages and fetchAll', async () => {
    const client = new UsageClient({ apiKey: testKey(), baseURL: server.baseURL });
    const bad: UsageQuery = { start_time: 0, bucket_width: '1h' };
    await assert.rejects(client.getPage('costs', bad), InvalidQueryError);
    await assert.rejects(client.fetchAll('costs', bad), InvalidQueryError);
    await assert.rejects(client.pages('completions', { start_time: 0, limit: 99 }).next(), InvalidQueryError);
    await assert.rejects(
      client.fetchAll('costs', { start_time: 0, end_time: 86_400 * 400, group_by: ['model'] }, { concurrency: 4 }),
      InvalidQueryError,
    );
    assert.equal(server.requests.length, 0);
    client.close();
  });
});
