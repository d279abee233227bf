import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import OpenAI from 'openai';
import type { Project } from 'openai/resources/admin/organization/projects/projects';
import type { OrganizationUser } from 'openai/resources/admin/organization/users/users';
import type { ProjectAPIKey } from 'openai/resources/admin/organization/projects/api-keys';
import type { ProjectServiceAccount } from 'openai/resources/admin/organization/projects/service-accounts/service-accounts';
import type { OrganizationSpendLimit } from 'openai/resources/admin/organization/spend-limit';
import type { OrganizationSpendAlert } from 'openai/resources/admin/organization/spend-alerts';
import type {
  WireApiKey,
  WireProject,
  WireServiceAccount,
  WireSpendAlert,
  WireSpendLimit,
  WireUser,
} from '../../lib/catalogue/index';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import { NOW, get, testKey } from './helpers';

// Compile-time: every field of our wire types exists in the SDK's type, and what the SDK says a field holds fits
// ours. A field renamed or retyped on either side fails `npm run typecheck`.
type Agrees<Ours, Sdk> = [Exclude<keyof Ours, keyof Sdk>] extends [never]
  ? [Required<Pick<Sdk, keyof Ours & keyof Sdk>>] extends [Required<Pick<Ours, keyof Ours & keyof Sdk>>]
    ? true
    : false
  : false;
const agree: [
  Agrees<WireProject, Project>,
  Agrees<WireUser, OrganizationUser>,
  Agrees<WireApiKey, ProjectAPIKey>,
  Agrees<WireServiceAccount, ProjectServiceAccount>,
  Agrees<Omit<WireSpendLimit, 'object'>, OrganizationSpendLimit>,
  Agrees<WireSpendAlert, OrganizationSpendAlert>,
] = [true, true, true, true, true, true];

let emu: RunningEmulator;
let sdk: OpenAI;
const key = testKey();

before(async () => {
  emu = await startEmulator({ adminKeys: [key], now: () => NOW });
  // The official client, unchanged: only its base URL points at the emulator.
  sdk = new OpenAI({ adminAPIKey: key, apiKey: null, baseURL: emu.baseURL, maxRetries: 0 });
});
after(() => emu.close());

async function rawIds(pathAndQuery: string): Promise<string[]> {
  const reply = await get(emu.baseURL, pathAndQuery, key);
  const body: unknown = JSON.parse(reply.text);
  assert.ok(typeof body === 'object' && body !== null && 'data' in body && Array.isArray(body.data));
  return body.data.map((d: unknown) => (typeof d === 'object' && d !== null && 'id' in d ? String(d.id) : ''));
}

test('the wire types agree with the SDK types (compile-time check, asserted so it is not dead code)', () => {
  assert.deepEqual(agree, [true, true, true, true, true, true]);
});

test('projects.list() auto-pages with for await, sending after=<last_id>, archived projects included on request', async () => {
  emu.resetRequests();
  const ids: string[] = [];
  for await (const project of sdk.admin.organization.projects.list({ limit: 3, include_archived: true })) {
    assert.equal(project.object, 'organization.project');
    ids.push(project.id);
  }
  assert.deepEqual(ids, await rawIds('/organization/projects?include_archived=true&limit=100'));
  const pages = emu.requests.filter((r) => r.path === '/v1/organization/projects' && r.query.includes('limit=3'));
  assert.equal(pages.length, Math.ceil(ids.length / 3));
  assert.ok(pages.slice(1).every((r, i) => r.query.includes(`after=${ids[(i + 1) * 3 - 1] ?? ''}`)));
  const active: string[] = [];
  for await (const project of sdk.admin.organization.projects.list()) active.push(project.id);
  assert.equal(active.length, ids.length - 1);
});

test('users.list() pages and filters by emails', async () => {
  const all: OrganizationUser[] = [];
  for await (const user of sdk.admin.organization.users.list({ limit: 7 })) all.push(user);
  assert.deepEqual(
    all.map((u) => u.id),
    await rawIds('/organization/users?limit=100'),
  );
  const emails = all.slice(3, 5).map((u) => u.email ?? '');
  const page = await sdk.admin.organization.users.list({ emails });
  assert.deepEqual(
    page.data.map((u) => u.email),
    emails,
  );
  assert.equal(page.hasNextPage(), false);
});

test("a project's api keys and service accounts list through the SDK, owners typed", async () => {
  const project = (await sdk.admin.organization.projects.list()).data[0];
  assert.ok(project !== undefined);
  const keys: ProjectAPIKey[] = [];
  for await (const k of sdk.admin.organization.projects.apiKeys.list(project.id, { limit: 2 })) keys.push(k);
  assert.deepEqual(
    keys.map((k) => k.id),
    await rawIds(`/organization/projects/${project.id}/api_keys?limit=100`),
  );
  assert.ok(keys.some((k) => k.owner.type === 'user' && typeof k.owner.user?.email === 'string'));
  const accounts: ProjectServiceAccount[] = [];
  for await (const a of sdk.admin.organization.projects.serviceAccounts.list(project.id)) accounts.push(a);
  for (const k of keys.filter((k) => k.owner.type === 'service_account')) {
    assert.ok(accounts.some((a) => a.id === k.owner.service_account?.id));
  }
  await assert.rejects(
    sdk.admin.organization.projects.apiKeys.list('proj_unknown'),
    (err: unknown) => err instanceof OpenAI.NotFoundError,
  );
});

test('the spend limit (organization and project) and spend alerts read through the SDK', async () => {
  const limit = await sdk.admin.organization.spendLimit.retrieve();
  assert.equal(limit.object, 'organization.spend_limit');
  assert.equal(limit.currency, 'USD');
  assert.equal(typeof limit.threshold_amount, 'number');
  const project = (await sdk.admin.organization.projects.list()).data[0];
  assert.ok(project !== undefined);
  const projectLimit = await sdk.admin.organization.projects.spendLimit.retrieve(project.id);
  assert.equal(projectLimit.object, 'project.spend_limit');
  const alerts: OrganizationSpendAlert[] = [];
  for await (const a of sdk.admin.organization.spendAlerts.list({ limit: 1 })) alerts.push(a);
  assert.deepEqual(
    alerts.map((a) => a.id),
    await rawIds('/organization/spend_alerts'),
  );
  assert.ok(alerts.every((a) => a.threshold_amount > 0 && a.notification_channel.recipients.length > 0));
});

test('a bad limit is a BadRequestError in the SDK, as the live API gives', async () => {
  await assert.rejects(
    sdk.admin.organization.projects.list({ limit: 101 }),
    (err: unknown) => err instanceof OpenAI.BadRequestError && /less than or equal to 100/.test(err.message),
  );
});
