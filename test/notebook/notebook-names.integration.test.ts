import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageClient } from '../../lib/api/index';
import { startEmulator, type DirectoryOptions, ODD_PROJECT_IDS } from '../../lib/emulator/index';
import {
  connectNotebook,
  namesLoader,
  notebookParams,
  type DisplayWriter,
  type MimeBundle,
} from '../../lib/notebook/index';
import { NOW, testKey } from '../emulator/helpers';

function recorder(): { writer: DisplayWriter; published: MimeBundle[] } {
  const published: MimeBundle[] = [];
  return {
    published,
    writer: {
      publish: (bundle) => {
        published.push(bundle);
      },
    },
  };
}

async function withEmulator(
  directory: DirectoryOptions,
  run: (client: UsageClient, directoryCalls: () => number) => Promise<void>,
): Promise<void> {
  const key = testKey();
  const emu = await startEmulator({ adminKeys: [key], now: () => NOW, directory });
  const client = new UsageClient({ apiKey: key, baseURL: emu.baseURL, sleep: async () => {} });
  try {
    await run(
      client,
      () => emu.requests.filter((r) => !r.path.includes('/usage/') && !r.path.endsWith('/costs')).length,
    );
  } finally {
    client.close();
    await emu.close();
  }
}

test('names load once per connection: project names, user emails, key names, no notice', async () => {
  await withEmulator({}, async (client, calls) => {
    const published: string[] = [];
    const names = namesLoader(client, (line) => published.push(line));
    const first = await names();
    assert.equal(first.available, true);
    assert.ok([...first.labels('project_id').values()].includes('Production'));
    assert.ok([...first.labels('user_id').values()].includes('ada.lovelace@example.com'));
    assert.ok([...first.labels('api_key_id').values()].includes('Production key 1'));
    const n = calls();
    assert.equal(await names(true), first);
    assert.equal(calls(), n);
    assert.equal(published.length, 0);
  });
});

for (const [fail, status] of [
  ['forbidden', 'PermissionDeniedError'],
  ['server-error', 'InternalServerError'],
] as const) {
  test(`a failing directory (${fail}) gives IDs and exactly one notice, however often names are asked for`, async () => {
    await withEmulator({ fail }, async (client, calls) => {
      const published: string[] = [];
      const names = namesLoader(client, (line) => published.push(line));
      for (let i = 0; i < 3; i++) {
        const n = await names();
        assert.equal(n.available, false);
        assert.equal(n.label('project_id', 'proj_x'), 'proj_x');
      }
      assert.equal(published.length, 1);
      const text = published[0] ?? '';
      assert.match(text, /^Names unavailable, charts and tables show IDs/);
      assert.match(text, new RegExp(status));
      assert.doesNotMatch(text, /api\.usage\.read/, 'not the usage hint: this key may read usage');
      if (fail === 'forbidden') assert.match(text, /HTTP 403: .*Missing scopes: api\.management\.read/);
      // One failed load, projects and users listed at once: 1 request each for 403, 1 + 2 retries each for 500.
      assert.equal(calls(), fail === 'forbidden' ? 2 : 6);
    });
  });
}

test('an odd-ID directory: every project named, key names kept, one notice naming the IDs no path carries', async () => {
  await withEmulator({ oddProjectIds: true }, async (client) => {
    const published: string[] = [];
    const names = namesLoader(client, (line) => published.push(line));
    for (let i = 0; i < 3; i++) {
      const n = await names();
      assert.equal(n.available, true);
      const projects = n.labels('project_id');
      for (const id of ODD_PROJECT_IDS) assert.ok(projects.has(id), JSON.stringify(id));
      assert.ok([...n.labels('api_key_id').values()].includes('Production key 1'));
      // The apostrophe/quote project's keys were listed (only it has a second "Support Assistant" key).
      assert.ok([...n.labels('api_key_id').values()].includes('Support Assistant key 2'));
    }
    assert.deepEqual(published, [
      'Names incomplete, their IDs are shown: the API keys and service accounts of projects "..", "proj_eu/west", "" ' +
        'were not listed (no URL path can carry those IDs).',
    ]);
  });
});

test('any failure reading names, not only an API error, gives IDs and one notice; an abort goes on', async () => {
  const published: string[] = [];
  const broken = { getJson: () => Promise.reject(new TypeError('invalid path: "/organization/projects/x/api_keys"')) };
  const names = namesLoader(broken, (line) => published.push(line));
  assert.equal((await names()).available, false);
  assert.equal((await names()).available, false);
  assert.equal(published.length, 1);
  assert.match(published[0] ?? '', /^Names unavailable, .*\(TypeError: invalid path: /);
  const aborted = { getJson: () => Promise.reject(new DOMException('Interrupted by the kernel', 'AbortError')) };
  await assert.rejects(namesLoader(aborted, () => assert.fail('no notice'))(), { name: 'AbortError' });
});

test('connectNotebook against an odd-ID directory (live mode): names with one notice, the usage still arrives', async () => {
  const key = testKey();
  const emu = await startEmulator({ adminKeys: [key], now: () => NOW, directory: { oddProjectIds: true } });
  const { writer, published } = recorder();
  const conn = await connectNotebook({
    env: { OPENAI_ADMIN_KEY: key, OPENAI_BASE_URL: emu.baseURL, USAGE_NOW: String(NOW) },
    dotenvPath: '/nonexistent/.env',
    writer,
  });
  try {
    const names = await conn.names();
    assert.equal(names.available, true);
    const notices = published
      .map((b) => (typeof b['text/plain'] === 'string' ? b['text/plain'] : ''))
      .filter((t) => t.startsWith('Names'));
    assert.equal(notices.length, 1);
    assert.match(notices[0] ?? '', /"\.\.", "proj_eu\/west", ""/);
    const buckets = await conn.fetch('completions', {
      start_time: NOW - 3 * 86_400,
      end_time: NOW,
      group_by: ['project_id'],
    });
    const ids = new Set(buckets.flatMap((b) => b.results.map((r) => r.project_id)));
    assert.ok(ids.has(ODD_PROJECT_IDS[0] ?? '') && ids.has('..'), [...ids].join(' '));
  } finally {
    await conn.close();
    await emu.close();
  }
});

test('names: false asks the directory nothing and says nothing', async () => {
  await withEmulator({}, async (client, calls) => {
    const published: string[] = [];
    const names = await namesLoader(client, (line) => published.push(line))(false);
    assert.equal(names.available, false);
    assert.equal(calls(), 0);
    assert.equal(published.length, 0);
  });
});

test('the names parameter is validated and defaults to true', () => {
  const now = { now: NOW, fixedNow: true };
  assert.equal(notebookParams({ days_ago: 7 }, 'completions', now).names, true);
  assert.equal(notebookParams({ days_ago: 7, names: false }, 'completions', now).names, false);
  assert.equal(notebookParams({ days_ago: 7, names: null }, 'costs', now).names, true);
  assert.throws(
    () => notebookParams({ days_ago: 7, names: 'no' as unknown as boolean }, 'completions', now),
    /invalid names: "no" \(expected true or false\)/,
  );
});

test('connectNotebook in demo mode offers names from the built-in emulator', async () => {
  const { writer } = recorder();
  const conn = await connectNotebook({ env: {}, dotenvPath: '/nonexistent/.env', writer });
  try {
    const names = await conn.names();
    assert.equal(names.available, true);
    assert.ok(names.labels('project_id').size > 0);
  } finally {
    await conn.close();
  }
});
