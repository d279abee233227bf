import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageClient } from '../../lib/api/index';
import { buildOrg, startEmulator } from '../../lib/emulator/index';
import type { MimeBundle } from '../../lib/notebook/mime-bundle';
import { budgetsFromStored, loadBudgets } from '../../lib/notebook/notebook-budgets';

test('reads the spend limit, alerts and project limits the emulated organization configured (USD, from cents)', async () => {
  const emulator = await startEmulator({ port: 0 });
  const client = new UsageClient({ apiKey: emulator.adminKey, baseURL: emulator.baseURL });
  try {
    const published: MimeBundle[] = [];
    const projects = buildOrg(42).projects.map((p) => p.id);
    const b = await loadBudgets(client, projects, {
      publish: (x) => {
        published.push(x);
      },
    });
    // The emulator's directory (org-directory.ts): limit 500,000 cents, alerts 250,000 and 400,000, the first project 300,000.
    assert.deepEqual(b, { spendLimit: 5000, spendAlerts: [2500, 4000], projectLimits: { [projects[0] ?? '']: 3000 } });
    assert.equal(published.length, 0);
  } finally {
    client.close();
    await emulator.close();
  }
});

test('without permission the budgets are empty and one notice says so', async () => {
  const emulator = await startEmulator({ port: 0, directory: { fail: 'forbidden' } });
  const client = new UsageClient({ apiKey: emulator.adminKey, baseURL: emulator.baseURL });
  try {
    const published: MimeBundle[] = [];
    const b = await loadBudgets(client, [], {
      publish: (x) => {
        published.push(x);
      },
    });
    assert.deepEqual(b, { spendLimit: null, spendAlerts: [], projectLimits: {} });
    assert.equal(published.length, 1);
    assert.match(
      published[0]?.['text/plain'] as string,
      /^Spend limits unavailable, the forecast uses the budget parameter only \(PermissionDeniedError: HTTP 403/,
    );
  } finally {
    client.close();
    await emulator.close();
  }
});

test('odd project IDs: limits of every ID a path carries are read, the others left out with one notice naming them', async () => {
  const emulator = await startEmulator({ port: 0, directory: { oddProjectIds: true } });
  const client = new UsageClient({ apiKey: emulator.adminKey, baseURL: emulator.baseURL });
  try {
    const published: MimeBundle[] = [];
    const projects = buildOrg(42, {}, true).projects.map((p) => p.id);
    const b = await loadBudgets(client, projects, {
      publish: (x) => {
        published.push(x);
      },
    });
    assert.deepEqual(b, { spendLimit: 5000, spendAlerts: [2500, 4000], projectLimits: { [projects[0] ?? '']: 3000 } });
    // The apostrophe/quote ID was asked (a 404: no limit); the three no path carries were not.
    const asked = emulator.requests.filter((r) => r.path.endsWith('/spend_limit') && r.path.includes('/projects/'));
    assert.equal(asked.length, projects.length - 3);
    assert.equal(published.length, 1);
    assert.equal(
      published[0]?.['text/plain'],
      'Spend limits of projects "..", "proj_eu/west", "" not read (no URL path can carry the ID); their forecasts use ' +
        'the budget parameter only.',
    );
  } finally {
    client.close();
    await emulator.close();
  }
});

test('any failure reading budgets, not only an API error, leaves them empty with one notice; an abort goes on', async () => {
  const published: MimeBundle[] = [];
  const writer = {
    publish: (x: MimeBundle): void => {
      published.push(x);
    },
  };
  const broken = { getJson: () => Promise.reject(new TypeError('invalid path: "/organization/x"')) };
  assert.deepEqual(await loadBudgets(broken, ['proj_a'], writer), {
    spendLimit: null,
    spendAlerts: [],
    projectLimits: {},
  });
  assert.equal(published.length, 1);
  assert.match(published[0]?.['text/plain'] as string, /\(TypeError: invalid path: "\/organization\/x"\)\.$/);
  const aborted = { getJson: () => Promise.reject(new DOMException('Interrupted by the kernel', 'AbortError')) };
  await assert.rejects(loadBudgets(aborted, [], writer), { name: 'AbortError' });
  assert.equal(published.length, 1);
});

test('budgets from the store: one organization as the API gives them; several summed, their alerts left out', () => {
  const limit = (amount: number, projectId: string | null = null, currency = 'USD', interval = 'month') => ({
    scope: projectId === null ? ('organization' as const) : ('project' as const),
    projectId,
    thresholdCents: amount * 100,
    thresholdAmount: amount,
    currency,
    interval,
    enforcing: false,
  });
  const alert = (amount: number) => ({
    id: `alert-${amount}`,
    thresholdCents: amount * 100,
    thresholdAmount: amount,
    currency: 'usd',
    interval: 'month',
    recipients: [],
  });
  const eu = {
    read: true,
    organizationLimit: limit(500),
    projectLimits: [limit(50, 'p1'), limit(9, 'p2', 'EUR')],
    alerts: [alert(300)],
  };
  const us = { read: true, organizationLimit: limit(200), projectLimits: [limit(20, 'q1')], alerts: [alert(100)] };
  assert.deepEqual(budgetsFromStored([eu]), { spendLimit: 500, spendAlerts: [300], projectLimits: { p1: 50 } });
  assert.deepEqual(budgetsFromStored([eu, us]), {
    spendLimit: 700,
    spendAlerts: [],
    projectLimits: { p1: 50, q1: 20 },
  });
  // One organization without a limit (or not read): no summed limit, which would understate the budget.
  assert.equal(budgetsFromStored([eu, { ...us, organizationLimit: null }])?.spendLimit, null);
  assert.equal(budgetsFromStored([eu, { ...us, read: false }])?.spendLimit, null);
  assert.equal(budgetsFromStored([{ ...eu, read: false }]), null);
  assert.equal(budgetsFromStored([{ ...eu, organizationLimit: limit(500, null, 'USD', 'week') }])?.spendLimit, null);
});
