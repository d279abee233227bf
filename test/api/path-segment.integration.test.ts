import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import {
  UsageClient,
  directoryNotice,
  escapedId,
  loadDirectory,
  pathSegment,
  projectSpendLimit,
} from '../../lib/api/index';
import { projectIdOfPath, ODD_PROJECT_IDS, startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import { NOW, get, testKey } from '../emulator/helpers';

// What the request guard admits in an ID's place (lib/api/request-json.ts), written out independently.
const SEGMENT = /^(?:[A-Za-z0-9_.~-]|%[0-9A-F]{2})+$/;
const PRINTABLE = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));
const UNICODE = ['é', '✓', 'Ж', '中文', '😀', '\u202E', '\u00A0', '\u0000', '\u001F', '\u007F', 'a\u0301'];
const NO_PATH = ['', '.', '..', '...', 'a/b', '/', 'proj_eu/west', '\uD800', 'x\uDFFFy'];

let emu: RunningEmulator;
let odd: RunningEmulator;
const key = testKey();

before(async () => {
  emu = await startEmulator({ adminKeys: [key], now: () => NOW });
  odd = await startEmulator({ adminKeys: [key], now: () => NOW, directory: { oddProjectIds: true } });
});
after(async () => {
  await emu.close();
  await odd.close();
});

/** The `id` of every object of a raw list, read with plain fetch (independent of the client under test). */
async function rawIds(baseURL: string, pathAndQuery: string): Promise<string[]> {
  const body: unknown = JSON.parse((await get(baseURL, pathAndQuery, key)).text);
  assert.ok(typeof body === 'object' && body !== null && 'data' in body && Array.isArray(body.data));
  return body.data.map((item: unknown) =>
    typeof item === 'object' && item !== null && 'id' in item && typeof item.id === 'string' ? item.id : assert.fail(),
  );
}

function client(baseURL: string): UsageClient {
  return new UsageClient({ apiKey: key, baseURL, retry: { maxRetries: 0 } });
}

test('every printable ASCII character but "/" and some Unicode become a segment the guard admits and decode back', () => {
  for (const c of [...PRINTABLE.filter((c) => c !== '/'), ...UNICODE]) {
    for (const id of [c, `proj_${c}x`, `${c}${c}`]) {
      if (/^\.+$/.test(id)) continue;
      const segment = pathSegment(id);
      assert.ok(segment !== null, JSON.stringify(id));
      assert.match(segment, SEGMENT, JSON.stringify(id));
      assert.equal(decodeURIComponent(segment), id);
    }
  }
  // encodeURIComponent leaves these as they are; the guard would refuse them.
  assert.equal(pathSegment(`proj_O'Brien (x)!*`), 'proj_O%27Brien%20%28x%29%21%2A');
  assert.equal(pathSegment('proj_abc'), 'proj_abc');
});

test('an ID no path can carry has no segment: empty, dots only, a slash, a lone surrogate', () => {
  for (const id of NO_PATH) assert.equal(pathSegment(id), null, JSON.stringify(id));
});

test('property: any string has a segment the guard admits that decodes to it, or none for a reason', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 12 }), (id) => {
      const segment = pathSegment(id);
      const wellFormed = !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(id);
      const carried = id !== '' && !/^\.+$/.test(id) && !id.includes('/') && wellFormed;
      if (!carried) return segment === null;
      return segment !== null && SEGMENT.test(segment) && decodeURIComponent(segment) === id;
    }),
    { numRuns: 2000 },
  );
});

test('over HTTP: the client sends every such ID past its guard and the emulator route decodes the same ID', async () => {
  const c = client(emu.baseURL);
  try {
    const ids = [...PRINTABLE.filter((ch) => ch !== '/' && ch !== '.').map((ch) => `proj_${ch}x`), ...UNICODE];
    for (const id of ids) {
      emu.resetRequests();
      // No such project: live and the emulator answer 404, which reads as "no limit".
      assert.equal(await projectSpendLimit(c, id), null, JSON.stringify(id));
      const sent = emu.requests.at(-1);
      assert.ok(sent !== undefined && sent.status === 404);
      assert.equal(projectIdOfPath(sent.path), id, `${JSON.stringify(id)} sent as ${sent.path}`);
    }
    for (const id of NO_PATH) assert.throws(() => projectSpendLimit(c, id), /invalid projectId: .* \(no URL path/);
  } finally {
    c.close();
  }
});

test('an odd-ID directory: every project named, keys of the encodable odd ID listed, the rest skipped and named once', async () => {
  const c = client(odd.baseURL);
  try {
    const dir = await loadDirectory(c);
    const projectIds = await rawIds(odd.baseURL, '/organization/projects?include_archived=true&limit=100');
    assert.deepEqual(
      dir.projects.map((p) => p.id),
      projectIds,
    );
    for (const id of ODD_PROJECT_IDS) assert.ok(projectIds.includes(id), JSON.stringify(id));
    assert.deepEqual(dir.unlistedProjectIds, ['..', 'proj_eu/west', '']);
    // The apostrophe/quote/parenthesis ID is listed: its keys, read with plain fetch and an independent encoding.
    const quoted = ODD_PROJECT_IDS[0] ?? '';
    const escaped = encodeURIComponent(quoted).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16)}`);
    const keyIds = await rawIds(odd.baseURL, `/organization/projects/${escaped}/api_keys?limit=100`);
    assert.ok(keyIds.length > 0);
    assert.deepEqual(
      dir.apiKeys.filter((k) => k.projectId === quoted).map((k) => k.id),
      keyIds,
    );
    const notice = directoryNotice(dir);
    assert.ok(notice !== null);
    assert.ok(notice.includes('"..", "proj_eu/west", ""'), notice);
    assert.equal(directoryNotice({ unlistedProjectIds: [] }), null);
    assert.equal(escapedId('a\u202Eb"'), '"a\\u202Eb\\""');
  } finally {
    c.close();
  }
});
