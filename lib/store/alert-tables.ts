// Alert events and their deliveries: one event per key, recorded once; one delivery per channel.
import { ALERT_DELIVERY_COLUMNS, ALERT_EVENT_COLUMNS } from './migrations';
import { insertRows, num, type Param, type Row, type StoreContext } from './sql-driver';
import type { AlertDelivery, AlertEventKey, AlertEventRecord, OpenAlertEvent } from './store';

const ALERT_KEY = 'organization = $1 AND rule = $2 AND scope = $3 AND period = $4 AND state = $5';
const alertKey = (k: AlertEventKey): Param[] => [k.organization, k.rule, k.scope, k.period, k.state];
const DELIVERY_STATUSES: ReadonlyArray<AlertDelivery['status']> = ['pending', 'delivered', 'failed'];

function alertDeliveryOf(r: Row): AlertDelivery {
  const state = String(r['state']);
  const status = DELIVERY_STATUSES.find((x) => x === r['status']);
  if ((state !== 'firing' && state !== 'resolved') || status === undefined)
    throw new TypeError(`invalid stored alert delivery: state ${state}, status ${String(r['status'])}`);
  return {
    organization: String(r['organization']),
    rule: String(r['rule']),
    scope: String(r['scope']),
    period: String(r['period']),
    state,
    ruleType: String(r['rule_type']),
    payload: String(r['payload']),
    channel: String(r['channel']),
    status,
    attempts: num(r['attempts']),
    lastError: r['last_error'] === null || r['last_error'] === undefined ? null : String(r['last_error']),
    updatedAt: num(r['updated_at']),
  };
}

export async function recordAlertEvents(
  ctx: StoreContext,
  events: readonly AlertEventRecord[],
  recordedAt: number,
): Promise<AlertEventKey[]> {
  return ctx.transaction(async () => {
    const added: AlertEventKey[] = [];
    const seen = new Set<string>();
    for (const e of events) {
      const key: AlertEventKey = {
        organization: e.organization,
        rule: e.rule,
        scope: e.scope,
        period: e.period,
        state: e.state,
      };
      const id = JSON.stringify(alertKey(key));
      if (seen.has(id)) continue;
      seen.add(id);
      const known = await ctx.db.query(`SELECT 1 AS one FROM alert_events WHERE ${ALERT_KEY}`, alertKey(key));
      if (known.length > 0) continue;
      await insertRows(ctx.db, 'alert_events', ALERT_EVENT_COLUMNS, [
        [...alertKey(key), e.ruleType, e.payload, recordedAt],
      ]);
      const channels = [...new Set(e.channels)];
      if (channels.length > 0) {
        await insertRows(
          ctx.db,
          'alert_deliveries',
          ALERT_DELIVERY_COLUMNS,
          channels.map((c) => [...alertKey(key), c, 'pending', 0, null, recordedAt]),
        );
      }
      added.push(key);
    }
    return added;
  });
}

async function deliveries(ctx: StoreContext, where: string): Promise<AlertDelivery[]> {
  const rows = await ctx.db.query(
    'SELECT d.organization, d.rule, d.scope, d.period, d.state, e.rule_type, e.payload, d.channel, d.status, ' +
      'd.attempts, d.last_error, d.updated_at FROM alert_deliveries d JOIN alert_events e ON ' +
      'e.organization = d.organization AND e.rule = d.rule AND e.scope = d.scope AND e.period = d.period AND ' +
      `e.state = d.state ${where} ORDER BY e.recorded_at, d.organization, d.rule, d.scope, d.period, d.state, d.channel`,
  );
  return rows.map(alertDeliveryOf);
}

export function undeliveredAlerts(ctx: StoreContext): Promise<AlertDelivery[]> {
  return deliveries(ctx, "WHERE d.status <> 'delivered'");
}

export function alertDeliveries(ctx: StoreContext): Promise<AlertDelivery[]> {
  return deliveries(ctx, '');
}

export async function updateAlertDelivery(
  ctx: StoreContext,
  key: AlertEventKey,
  channel: string,
  update: { status: AlertDelivery['status']; attempts: number; lastError: string | null; updatedAt: number },
): Promise<void> {
  const params: Param[] = [...alertKey(key), channel, update.status, update.attempts, update.updatedAt];
  if (update.lastError !== null) params.push(update.lastError);
  await ctx.db.exec(
    `UPDATE alert_deliveries SET status = $7, attempts = $8, updated_at = $9, last_error = ${update.lastError === null ? 'NULL' : '$10'} ` +
      `WHERE ${ALERT_KEY} AND channel = $6`,
    params,
  );
}

export async function openAlertEvents(ctx: StoreContext): Promise<OpenAlertEvent[]> {
  const rows = await ctx.db.query(
    'SELECT e.organization, e.rule, e.scope, e.period, e.rule_type, e.payload, e.recorded_at FROM alert_events e ' +
      "WHERE e.state = 'firing' AND NOT EXISTS (SELECT 1 FROM alert_events r WHERE r.state = 'resolved' AND " +
      'r.organization = e.organization AND r.rule = e.rule AND r.scope = e.scope AND r.period = e.period) ' +
      'ORDER BY e.recorded_at, e.rule, e.scope, e.period',
  );
  return rows.map((r) => ({
    organization: String(r['organization']),
    rule: String(r['rule']),
    scope: String(r['scope']),
    period: String(r['period']),
    state: 'firing',
    ruleType: String(r['rule_type']),
    payload: String(r['payload']),
    recordedAt: num(r['recorded_at']),
  }));
}
