import { utcDate } from '../shared/index';
import type { UsageStore } from '../store/index';
import type { AlertSnapshot, CostDay, SpendLimits } from './evaluate';

const text = (v: unknown): string | null =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null;
const number = (v: unknown): number | null => {
  if (v === null || v === undefined) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
};

/** An organization of the store, as alerts scope it: its ID (the events' key) and configured name. */
export interface AlertOrganization {
  id: string;
  name: string;
}

/**
 * What the rules need from the store for one organization: its daily costs per project, key and line item from the
 * `costs_daily` view (one stored grouping per day, so sums are right whatever syncs stored) with the directory's
 * names, its last sync, how far its costs are covered, and the alert events still open. Without `organization`,
 * every organization's rows together under "default" (a store synced before organizations).
 */
export async function readSnapshot(
  store: UsageStore,
  options: { now: number; organization?: AlertOrganization; limits?: SpendLimits },
): Promise<AlertSnapshot> {
  const org = options.organization;
  const where = org === undefined ? '' : ' WHERE organization_id = $1';
  const and = org === undefined ? '' : ' AND organization_id = $1';
  const params = org === undefined ? [] : [org.id];
  const rows = await store.query(
    `SELECT start_time, project_id, project_name, api_key_id, api_key_name, line_item, amount_value FROM costs_daily${where} ORDER BY start_time`,
    params,
  );
  const costs: CostDay[] = rows.map((r) => ({
    date: utcDate(number(r['start_time']) ?? 0),
    projectId: text(r['project_id']),
    projectName: text(r['project_name']),
    apiKeyId: text(r['api_key_id']),
    apiKeyName: text(r['api_key_name']),
    lineItem: text(r['line_item']),
    amount: number(r['amount_value']) ?? 0,
  }));
  const sync = await store.query(`SELECT max(synced_at) AS t FROM coverage${where}`, params);
  const covered = await store.query(
    `SELECT max(end_time) AS t FROM coverage WHERE endpoint = 'costs' AND bucket_width = '1d'${and}`,
    params,
  );
  return {
    organization: org?.id ?? 'default',
    ...(org === undefined ? {} : { organizationName: org.name }),
    now: options.now,
    costs,
    lastSyncAt: number(sync[0]?.['t']),
    costsCoveredUntil: number(covered[0]?.['t']),
    ...(options.limits === undefined ? {} : { limits: options.limits }),
    open: await store.openAlertEvents(),
  };
}
