import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  AuthenticationError,
  BadRequestError,
  PermissionDeniedError,
  UsageClient,
  type ApiStatusError,
} from '../../lib/api/index';
import type { EndpointName } from '../../lib/catalogue/index';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import { startScriptedServer, type ScriptedReply, type ScriptedServer } from '../helpers/scripted-server';

const DIR = path.resolve(__dirname, '../fixtures/real-responses');

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The endpoint a recorded body belongs to, from its file name. */
function endpointOf(file: string): EndpointName {
  return file.includes('__costs__') ? 'costs' : 'completions';
}

/** A recorded body as a page (one file is the bare `data` array a notebook concatenated). */
function pageOf(json: unknown): Record<string, unknown> {
  return Array.isArray(json)
    ? { object: 'page', data: json, has_more: false, next_page: null }
    : isRecord(json)
      ? json
      : {};
}

let server: ScriptedServer;
let reply: ScriptedReply = {};
before(async () => {
  server = await startScriptedServer(() => reply);
});
after(() => server.close());

describe('every recorded live body', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
  test('the fixture folder holds the recorded usage bodies', () => assert.equal(files.length, 6));
  for (const file of files) {
    test(`${file}: parsed over HTTP without losing a bucket, result or value`, async () => {
      const raw = pageOf(JSON.parse(readFileSync(path.join(DIR, file), 'utf8')));
      const rawBuckets = Array.isArray(raw['data']) ? raw['data'].filter(isRecord) : [];
      reply = { body: raw };
      const client = new UsageClient({ apiKey: 'sk-admin-fixture-key-0000', baseURL: server.baseURL });
      try {
        const endpoint = endpointOf(file);
        const { page } = await client.getPage(endpoint, { start_time: 1 });
        assert.equal(page.data.length, rawBuckets.length);
        page.data.forEach((bucket, i) => {
          const rawBucket = rawBuckets[i] ?? {};
          assert.equal(bucket.start_time, rawBucket['start_time']);
          assert.equal(bucket.end_time, rawBucket['end_time']);
          // start_time_iso / end_time_iso are not part of the parsed bucket.
          assert.deepEqual(Object.keys(bucket).sort(), ['end_time', 'object', 'results', 'start_time']);
          const rawResults = Array.isArray(rawBucket['results']) ? rawBucket['results'].filter(isRecord) : [];
          assert.equal(bucket.results.length, rawResults.length);
          bucket.results.forEach((r, j) => {
            for (const [k, v] of Object.entries(rawResults[j] ?? {}))
              assert.deepEqual(Reflect.get(r, k), v, `${file} ${k}`);
          });
        });
      } finally {
        client.close();
      }
    });
  }
});

describe('the quirks observed live, produced by the emulator and parsed by the client', () => {
  let emu: RunningEmulator;
  const NOW = 1_790_500_000;
  before(async () => {
    emu = await startEmulator({
      now: () => NOW,
      amountFormat: 'decimal128',
      quirks: { bucketIsoTimes: true, extraCostKeys: true, quantityWithoutUnit: true },
    });
  });
  after(() => emu.close());

  test('ISO bucket times, project_name/user_email/organization_id, quantity without unit, "0E-6176" and 39-digit amounts', async () => {
    const q = `start_time=${NOW - 3 * 86_400}&end_time=${NOW}&group_by=line_item,project_id,user_id&limit=7`;
    const res = await fetch(`${emu.baseURL}/organization/costs?${q}`, {
      headers: { authorization: `Bearer ${emu.adminKey}` },
    });
    const raw: unknown = await res.json();
    assert.ok(isRecord(raw) && Array.isArray(raw['data']));
    const buckets = raw['data'].filter(isRecord);
    assert.ok(buckets.every((b) => typeof b['start_time_iso'] === 'string' && typeof b['end_time_iso'] === 'string'));
    const rows = buckets.flatMap((b) => (Array.isArray(b['results']) ? b['results'].filter(isRecord) : []));
    const values = rows.map((r) => (isRecord(r['amount']) ? r['amount']['value'] : undefined));
    assert.ok(values.includes('0E-6176'), 'free line items (moderations) show Decimal128 zero');
    assert.ok(values.some((v) => typeof v === 'string' && /^\d+\.\d+$/.test(v) && v.replace('.', '').length === 39));
    assert.ok(
      rows.every(
        (r) =>
          typeof r['organization_id'] === 'string' &&
          'project_name' in r &&
          'user_email' in r &&
          !('quantity_unit' in r),
      ),
    );
    assert.ok(rows.some((r) => typeof r['user_email'] === 'string' && String(r['user_email']).includes('@')));

    const client = new UsageClient({ apiKey: emu.adminKey, baseURL: emu.baseURL });
    try {
      const parsed = await client.fetchAll('costs', {
        start_time: NOW - 3 * 86_400,
        end_time: NOW,
        group_by: ['line_item', 'project_id', 'user_id'],
        limit: 7,
      });
      const results = parsed.flatMap((b) => b.results);
      assert.equal(results.length, rows.length);
      results.forEach((r, i) => {
        const v = values[i];
        assert.equal(r.amount?.value, Number(v));
        assert.equal(typeof r.amount?.value, 'number');
        assert.equal(r.quantity_unit, null);
        assert.equal(r.quantity, rows[i]?.['quantity']);
        assert.ok(!('user_email' in r) && !('organization_id' in r) && !('project_name' in r));
      });
    } finally {
      client.close();
    }
  });

  test('image usage can fall short of what costs bill (imageUsageGap), as seen live', async () => {
    const gap = await startEmulator({ now: () => NOW, imageUsageGap: 0.5, adminKeys: [emu.adminKey] });
    try {
      const q = `start_time=${NOW - 3 * 86_400}&end_time=${NOW}&limit=7`;
      const sum = async (base: string, p: string, pick: (r: Record<string, unknown>) => number): Promise<number> => {
        const res = await fetch(`${base}${p}?${q}`, { headers: { authorization: `Bearer ${emu.adminKey}` } });
        const json: unknown = await res.json();
        assert.ok(isRecord(json) && Array.isArray(json['data']));
        let total = 0;
        for (const b of json['data'].filter(isRecord))
          for (const r of Array.isArray(b['results']) ? b['results'].filter(isRecord) : []) total += pick(r);
        return total;
      };
      const images = (r: Record<string, unknown>): number => Number(r['images'] ?? 0);
      const amount = (r: Record<string, unknown>): number => (isRecord(r['amount']) ? Number(r['amount']['value']) : 0);
      const [full, short] = [
        await sum(emu.baseURL, '/organization/usage/images', images),
        await sum(gap.baseURL, '/organization/usage/images', images),
      ];
      assert.ok(short > 0 && short < full * 0.9, `${short} of ${full}`);
      assert.equal(
        await sum(gap.baseURL, '/organization/costs', amount),
        await sum(emu.baseURL, '/organization/costs', amount),
      );
    } finally {
      await gap.close();
    }
  });
});

describe('every error body of the emulator becomes its typed error with a readable message', () => {
  let emu: RunningEmulator;
  before(async () => {
    emu = await startEmulator({ now: () => 1_790_500_000 });
  });
  after(() => emu.close());

  const cases: {
    what: string;
    path: string;
    key?: string;
    style?: 'envelope-403' | 'bare-string-403' | 'envelope-401';
    type: new (...a: never[]) => ApiStatusError;
    says: RegExp;
  }[] = [
    {
      what: 'limit above the maximum',
      path: '/organization/costs?start_time=1&limit=366',
      type: BadRequestError,
      says: /Invalid limit provided: 366\. Limit must be less than or equal to 180\./,
    },
    {
      what: 'unparseable start_time',
      path: '/organization/usage/completions?start_time=yesterday',
      type: BadRequestError,
      says: /Invalid type for 'start_time'\./,
    },
    {
      what: 'missing start_time',
      path: '/organization/usage/completions',
      type: BadRequestError,
      says: /Missing required parameter: 'start_time'/,
    },
    {
      what: 'costs by the hour',
      path: '/organization/costs?start_time=1&bucket_width=1h',
      type: BadRequestError,
      says: /Supported values are: '1d'/,
    },
    {
      what: 'unsupported group_by',
      path: '/organization/usage/file_search_calls?start_time=1&group_by=model',
      type: BadRequestError,
      says: /project_id, user_id, api_key_id, vector_store_id/,
    },
    {
      what: 'api_key_id before the cut-off',
      path: '/organization/costs?start_time=1764000000&group_by=api_key_id',
      type: BadRequestError,
      says: /Try a start_time on or after 1764979200/,
    },
    {
      what: 'bare-string 403',
      path: '/organization/costs?start_time=1',
      key: 'sk-proj-abcdefghijklmnop',
      style: 'bare-string-403',
      type: PermissionDeniedError,
      says: /Missing scopes: api\.usage\.read/,
    },
    {
      what: 'envelope 403',
      path: '/organization/costs?start_time=1',
      key: 'sk-proj-abcdefghijklmnop',
      style: 'envelope-403',
      type: PermissionDeniedError,
      says: /Missing scopes/,
    },
    {
      what: 'wrong key',
      path: '/organization/costs?start_time=1',
      key: 'sk-admin-wrong-000000000000',
      type: AuthenticationError,
      says: /Incorrect API key provided/,
    },
  ];
  for (const c of cases) {
    test(c.what, async () => {
      const source = c.style === undefined ? emu : await startEmulator({ projectKeyErrorStyle: c.style });
      try {
        const res = await fetch(`${source.baseURL}${c.path}`, {
          headers: { authorization: `Bearer ${c.key ?? source.adminKey}` },
        });
        const body = await res.text();
        assert.ok(res.status >= 400, body);
        if (c.style === 'bare-string-403')
          assert.equal(typeof (JSON.parse(body) as { error: unknown }).error, 'string');
        // The client meets the body over HTTP (its own validation would stop most of these queries before sending).
        reply = { status: res.status, body };
        const client = new UsageClient({
          apiKey: 'sk-admin-fixture-key-0000',
          baseURL: server.baseURL,
          retry: { maxRetries: 0 },
        });
        try {
          await assert.rejects(client.getPage('costs', { start_time: 1 }), (err: unknown) => {
            assert.ok(err instanceof c.type, String(err));
            assert.equal(err.status, res.status);
            assert.match(err.message, c.says);
            assert.ok(!err.message.includes('[object Object]') && err.message.length < 400);
            return true;
          });
        } finally {
          client.close();
        }
      } finally {
        if (source !== emu) await source.close();
      }
    });
  }
});
