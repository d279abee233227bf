import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { UsageClient, loadDirectory, organizationSpendLimit, spendAlerts } from '../../lib/api/index';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import { directoryEntries, directoryLister, SPEND_KINDS } from '../../lib/store/directory-entries';
import type { DirectoryEntry } from '../../lib/store/store';
import { startScriptedServer, type ScriptedServer } from '../helpers/scripted-server';
import { NOW } from './helpers';

const closers: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const close of closers.reverse()) await close();
});

async function emulator(options: Parameters<typeof startEmulator>[0] = {}): Promise<RunningEmulator> {
  const emu = await startEmulator({ now: () => NOW, seed: 4, ...options });
  closers.push(() => emu.close());
  return emu;
}

function client(baseURL: string, apiKey: string): UsageClient {
  const c = new UsageClient({ apiKey, baseURL, now: () => NOW * 1000, retry: { maxRetries: 0 } });
  closers.push(() => c.close());
  return c;
}

/** What the lister told, and what it returned. */
async function list(
  c: UsageClient,
): Promise<{ entries: DirectoryEntry[] | undefined; unavailable: string[]; incomplete: string[] }> {
  const unavailable: string[] = [];
  const incomplete: string[] = [];
  const entries = await directoryLister(c, {
    refresh: true,
    onUnavailable: (m) => unavailable.push(m),
    onIncomplete: (l) => incomplete.push(l),
  })();
  return { entries, unavailable, incomplete };
}

test('the names of the directory, then the spend limits and alerts the API gives, nothing told', async () => {
  const emu = await emulator();
  const c = client(emu.baseURL, emu.adminKey);
  const { entries, unavailable, incomplete } = await list(c);
  assert.deepEqual([unavailable, incomplete], [[], []]);
  assert.ok(entries !== undefined);
  // Read again through lib/api: the names are the directory's entries, in the same order, first.
  const names = directoryEntries(await loadDirectory(c, { refresh: true }));
  assert.ok(names.length > 0);
  assert.deepEqual(entries.slice(0, names.length), names);
  const spend = entries.slice(names.length);
  assert.deepEqual(spend[spend.length - 1]?.kind, SPEND_KINDS.read);
  const orgLimit = await organizationSpendLimit(c);
  assert.ok(orgLimit !== null, 'the emulator configures an organization limit');
  assert.ok(spend.some((e) => e.kind === SPEND_KINDS.alert) && spend.some((e) => e.kind === SPEND_KINDS.projectLimit));
  assert.deepEqual(
    spend.filter((e) => e.kind === SPEND_KINDS.organizationLimit).map((e) => e.attributes),
    [{ ...orgLimit }],
  );
  assert.deepEqual(
    spend.filter((e) => e.kind === SPEND_KINDS.alert).map((e) => e.attributes),
    (await spendAlerts(c)).map((a) => ({ ...a })),
  );
  const projects = new Set(names.filter((e) => e.kind === 'project').map((e) => e.id));
  for (const e of spend.filter((x) => x.kind === SPEND_KINDS.projectLimit)) assert.ok(projects.has(e.id), e.id);
});

test('a key that may not read the directory: undefined and one reason, with no secret in it', async () => {
  const emu = await emulator({ directory: { fail: 'forbidden' } });
  const { entries, unavailable, incomplete } = await list(client(emu.baseURL, emu.adminKey));
  assert.equal(entries, undefined);
  assert.equal(unavailable.length, 1);
  assert.match(unavailable[0] ?? '', /HTTP 403/);
  assert.ok(!(unavailable[0] ?? '').includes(emu.adminKey));
  assert.deepEqual(incomplete, []);
});

test('projects whose keys cannot be listed: the rest is stored and one line says which', async () => {
  const emu = await emulator({ directory: { oddProjectIds: true } });
  const { entries, unavailable, incomplete } = await list(client(emu.baseURL, emu.adminKey));
  assert.deepEqual(unavailable, []);
  assert.equal(incomplete.length, 1);
  assert.match(
    incomplete[0] ?? '',
    /^Names incomplete, their IDs are shown: the API keys and service accounts of projects? /,
  );
  assert.ok(entries?.some((e) => e.kind === 'project'));
  assert.equal(entries?.[entries.length - 1]?.kind, SPEND_KINDS.read);
});

test('spend limits refused while names are readable: the names, no "read" mark, one line', async () => {
  const emu = await emulator();
  const origin = new URL(emu.baseURL).origin;
  // In front of the emulator: every spend limit and alert call answers 403, anything else is passed through.
  const proxy: ScriptedServer = await startScriptedServer(async (req) => {
    if (/spend_(limit|alerts)/.test(req.path))
      return {
        status: 403,
        body: { error: { message: 'no budgets scope', type: 'invalid_request_error', param: null, code: null } },
      };
    const upstream = await fetch(`${origin}${req.path}?${req.rawQuery}`, {
      headers: { authorization: String(req.headers.authorization) },
    });
    return { status: upstream.status, body: await upstream.text() };
  });
  closers.push(() => proxy.close());
  const { entries, unavailable, incomplete } = await list(client(proxy.baseURL, emu.adminKey));
  assert.deepEqual(unavailable, []);
  assert.deepEqual(incomplete.length, 1);
  assert.match(incomplete[0] ?? '', /^spend limits and alerts not stored \(names are\): .*HTTP 403: no budgets scope/);
  const names = directoryEntries(await loadDirectory(client(emu.baseURL, emu.adminKey), { refresh: true }));
  assert.deepEqual(entries, names);
});
