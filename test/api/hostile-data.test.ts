import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MalformedResponseError, UsageClient } from '../../lib/api/index';
import { endpointSpec } from '../../lib/catalogue/index';
import {
  bucket,
  pageBody,
  startScriptedServer,
  testKey,
  type ReceivedRequest,
  type ScriptedReply,
} from '../helpers/scripted-server';

const DAY = 86_400;
const S = 1_700_006_400; // 2023-11-15T00:00:00Z
const usage = (n: number): object => ({
  object: 'organization.usage.completions.result',
  input_tokens: n,
  output_tokens: 0,
  num_model_requests: 1,
});

async function withClient<T>(
  handler: (req: ReceivedRequest) => ScriptedReply,
  run: (c: UsageClient) => Promise<T>,
): Promise<{ value?: T; error?: unknown }> {
  const server = await startScriptedServer(handler);
  const client = new UsageClient({ apiKey: testKey(), baseURL: server.baseURL, retry: { maxRetries: 0 } });
  try {
    return { value: await run(client) };
  } catch (error) {
    return { error };
  } finally {
    client.close();
    await server.close();
  }
}

function malformedAt(error: unknown, path: string, pattern: RegExp): void {
  assert.ok(error instanceof MalformedResponseError, `expected MalformedResponseError, got ${String(error)}`);
  assert.equal(error.jsonPath, path);
  assert.match(error.message, pattern);
}

describe('values the parser must reject at the boundary, with the JSON path', () => {
  const cases: Array<[string, 'completions' | 'costs', string, string, RegExp]> = [
    [
      'start_time of 1e17',
      'completions',
      JSON.stringify(pageBody([{ object: 'bucket', start_time: 1e17, end_time: 1e17 + DAY, results: [] }], null)),
      '$.data[0].start_time',
      /Unix seconds out of range: 100000000000000000/,
    ],
    [
      'currency "US$"',
      'costs',
      JSON.stringify(
        pageBody([bucket(S, [{ object: 'organization.costs.result', amount: { value: 1, currency: 'US$' } }])], null),
      ),
      '$.data[0].results[0].amount.currency',
      /three-letter ISO 4217 code like "usd", got "US\$"/,
    ],
    [
      'hex string "0x10"',
      'completions',
      JSON.stringify(pageBody([bucket(S, [{ ...usage(1), input_tokens: '0x10' }])], null)),
      '$.data[0].results[0].input_tokens',
      /expected a decimal number, got "0x10"/,
    ],
    [
      'binary string " 0b11 "',
      'costs',
      JSON.stringify(
        pageBody(
          [bucket(S, [{ object: 'organization.costs.result', amount: { value: ' 0b11 ', currency: 'usd' } }])],
          null,
        ),
      ),
      '$.data[0].results[0].amount.value',
      /expected a decimal number, got " 0b11 "/,
    ],
    [
      '1e309 as a JSON number',
      'completions',
      JSON.stringify(pageBody([bucket(S, [usage(1)])], null)).replace('"input_tokens":1', '"input_tokens":1e309'),
      '$.data[0].results[0].input_tokens',
      /number out of range/,
    ],
    [
      '"1e309" as a string',
      'costs',
      JSON.stringify(
        pageBody(
          [bucket(S, [{ object: 'organization.costs.result', amount: { value: '1e309', currency: 'usd' } }])],
          null,
        ),
      ),
      '$.data[0].results[0].amount.value',
      /number out of range: "1e309"/,
    ],
  ];
  for (const [name, endpoint, body, path, pattern] of cases) {
    test(name, async () => {
      const { error } = await withClient(
        () => ({ body }),
        (c) => c.getPage(endpoint, { start_time: S, end_time: S + DAY }),
      );
      malformedAt(error, path, pattern);
      assert.ok(!/got null/.test(String(error)));
    });
  }

  test('decimal strings are still accepted', async () => {
    const body = pageBody(
      [bucket(S, [{ object: 'organization.costs.result', amount: { value: '-12.5e-1', currency: 'jpy' } }])],
      null,
    );
    const { value, error } = await withClient(
      () => ({ body }),
      (c) => c.getPage('costs', { start_time: S, end_time: S + DAY }),
    );
    assert.equal(error, undefined);
    assert.deepEqual(value?.page.data[0]?.results[0]?.amount, { value: -1.25, currency: 'jpy' });
  });
});

describe('buckets repeated or outside the window', () => {
  test('a server ignoring start_time: with 4 windows in flight every day is kept exactly once', async () => {
    const days = 100;
    const all = Array.from({ length: days }, (_, i) => bucket(S + i * DAY, [usage(i + 1)]));
    // Windows of the width's max limit: 100 days need several in flight.
    const max = endpointSpec('completions').limits['1d']?.max ?? 1;
    assert.ok(Math.ceil(days / max) >= 4);
    const { value, error } = await withClient(
      () => ({ body: pageBody(all, null) }),
      (c) => c.fetchAll('completions', { start_time: S, end_time: S + days * DAY }, { concurrency: 4 }),
    );
    assert.equal(error, undefined);
    assert.deepEqual(
      value?.map((b) => b.start_time),
      Array.from({ length: days }, (_, i) => S + i * DAY),
    );
    const total = value?.reduce((t, b) => t + b.results.reduce((u, r) => u + r.input_tokens, 0), 0);
    assert.equal(total, (days * (days + 1)) / 2);
  });

  test('buckets before start_time or after end_time are not kept (sequential fetch)', async () => {
    const body = pageBody(
      [bucket(S - 2 * DAY), bucket(S - DAY), bucket(S), bucket(S + DAY), bucket(S + 2 * DAY)],
      null,
    );
    const { value } = await withClient(
      () => ({ body }),
      (c) => c.fetchAll('completions', { start_time: S, end_time: S + 2 * DAY }, { concurrency: 1 }),
    );
    assert.deepEqual(
      value?.map((b) => b.start_time),
      [S, S + DAY],
    );
  });

  test('a bucket repeated on a later page is kept once', async () => {
    const handler = (req: ReceivedRequest): ScriptedReply =>
      req.query.get('page') === null
        ? { body: pageBody([bucket(S, [usage(1)]), bucket(S + DAY, [usage(2)])], 'p2') }
        : { body: pageBody([bucket(S + DAY, [usage(2)]), bucket(S + 2 * DAY, [usage(3)])], null) };
    const { value } = await withClient(handler, (c) =>
      c.fetchAll('completions', { start_time: S, end_time: S + 3 * DAY }, { concurrency: 1 }),
    );
    assert.deepEqual(
      value?.map((b) => b.start_time),
      [S, S + DAY, S + 2 * DAY],
    );
  });

  test('a conflicting repeat is an error naming the bucket', async () => {
    const handler = (req: ReceivedRequest): ScriptedReply =>
      req.query.get('page') === null
        ? { body: pageBody([bucket(S, [usage(1)]), bucket(S + DAY, [usage(2)])], 'p2') }
        : { body: pageBody([bucket(S + DAY, [usage(99)])], null) };
    const { error } = await withClient(handler, (c) =>
      c.fetchAll('completions', { start_time: S, end_time: S + 3 * DAY }, { concurrency: 1 }),
    );
    malformedAt(
      error,
      '$.data[0]',
      /bucket 2023-11-16T00:00:00Z \(start_time 1700092800\) sent twice with different content/,
    );
  });
});
