// The two emulated organizations of the multi-organization tests (issue 17), started and synced one way everywhere.
import assert from 'node:assert/strict';
import { UsageClient, type ApiBudgets } from '../../lib/api/index';
import type { EndpointName } from '../../lib/catalogue/index';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../lib/emulator/index';
import { directoryLister, openStore, syncStore } from '../../lib/store/index';
import { get } from '../emulator/helpers';

/** Same dataset shape, other seeds: both have projects called "Production", "Research"…, with other IDs and numbers. */
export const TWO_ORGANIZATIONS = [
  { name: 'acme', id: 'org-acme-test', seed: 42 },
  { name: 'globex', id: 'org-globex-test', seed: 4250 },
] as const;

/** One emulator per organization (port 0, its ID in the `openai-organization` header), in TWO_ORGANIZATIONS order. */
export async function startTwoOrganizations(
  now: number,
  more: (o: (typeof TWO_ORGANIZATIONS)[number]) => EmulatorOptions = () => ({}),
): Promise<RunningEmulator[]> {
  const out: RunningEmulator[] = [];
  for (const o of TWO_ORGANIZATIONS)
    out.push(await startEmulator({ port: 0, seed: o.seed, organizationId: o.id, now: () => now, ...more(o) }));
  return out;
}

/** Both organizations configured as a user would (`OPENAI_ADMIN_KEY_<NAME>`, `OPENAI_BASE_URL_<NAME>`). */
export function twoOrganizationsEnv(emulators: readonly RunningEmulator[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [i, o] of TWO_ORGANIZATIONS.entries()) {
    env[`OPENAI_ADMIN_KEY_${o.name.toUpperCase()}`] = emulators[i]?.adminKey ?? '';
    env[`OPENAI_BASE_URL_${o.name.toUpperCase()}`] = emulators[i]?.baseURL ?? '';
  }
  return env;
}

/** Every request each emulator received, as "METHOD path?query", in TWO_ORGANIZATIONS order (`[[], []]`: none). */
export function requestsReceived(emulators: readonly RunningEmulator[]): string[][] {
  return emulators.map((e) => e.requests.map((r) => `${r.method} ${r.path}?${r.query}`));
}

/** Options of {@link syncTwoOrganizations}. */
export interface SyncTwoOptions {
  now: number;
  /** First second synced. */
  since: number;
  /** @default every endpoint */
  endpoints?: readonly EndpointName[];
  /** Store the directory (names, spend limits) too. @default true */
  directory?: boolean;
}

/**
 * Syncs each organization's emulator into the store at `location`, each under its own ID and configured name, as
 * `npm run sync` with OPENAI_ADMIN_KEY_ACME and OPENAI_ADMIN_KEY_GLOBEX does.
 */
export async function syncTwoOrganizations(
  location: string,
  emulators: readonly RunningEmulator[],
  options: SyncTwoOptions,
): Promise<void> {
  const store = await openStore(location);
  try {
    for (const [i, o] of TWO_ORGANIZATIONS.entries()) {
      const emu = emulators[i];
      assert.ok(emu, `an emulator for ${o.name}`);
      const client = new UsageClient({ apiKey: emu.adminKey, baseURL: emu.baseURL, now: () => options.now * 1000 });
      try {
        await syncStore({
          client,
          store,
          organization: { id: o.id, name: o.name, idSource: 'env' },
          now: options.now,
          since: options.since,
          ...(options.endpoints === undefined ? {} : { endpoints: options.endpoints }),
          ...(options.directory === false
            ? {}
            : {
                listDirectory: directoryLister(client, {
                  onUnavailable: (m) => assert.fail(m),
                  onIncomplete: () => undefined,
                }),
              }),
        });
      } finally {
        client.close();
      }
    }
  } finally {
    await store.close();
  }
}

/** What an organization's server serves as its monthly USD limits (cents → USD): plain fetches of its endpoints. */
export async function servedBudgets(emu: RunningEmulator | undefined, key = emu?.adminKey): Promise<ApiBudgets> {
  assert.ok(emu && key !== undefined);
  const json = async (p: string): Promise<{ status: number; body: Record<string, unknown> }> => {
    const reply = await get(emu.baseURL, p, key);
    return { status: reply.status, body: JSON.parse(reply.text) as Record<string, unknown> };
  };
  const usd = (l: Record<string, unknown>): number | null =>
    l['currency'] === 'USD' && l['interval'] === 'month' ? Number(l['threshold_amount']) / 100 : null;
  const limit = await json('/organization/spend_limit');
  const alerts = (await json('/organization/spend_alerts?limit=100')).body['data'] as Record<string, unknown>[];
  const projects = (await json('/organization/projects?limit=100&include_archived=true')).body['data'] as {
    id: string;
  }[];
  const projectLimits: Record<string, number> = {};
  for (const p of projects) {
    const own = await json(`/organization/projects/${encodeURIComponent(p.id)}/spend_limit`);
    const v = own.status === 200 ? usd(own.body) : null;
    if (v !== null) projectLimits[p.id] = v;
  }
  return {
    spendLimit: usd(limit.body),
    spendAlerts: alerts.map(usd).filter((v): v is number => v !== null),
    projectLimits,
  };
}
