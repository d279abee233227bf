import type { OpenAlertEvent, UsageStore } from '../store/index';
import { utcDate } from '../shared/index';
import type { AlertEvent } from './evaluate';
import type { RuleType } from './rules-file';

const DAY = 86_400;
/** Anomalies, new spenders and unpriced models stay shown this many days after their day. */
export const OPEN_ALERT_DAYS = 7;

/** A recorded firing event without its resolved event, as the dashboard lists it. */
export interface OpenAlert {
  /** The organization's ID, and its configured name (the ID when the event did not say). */
  organization: string;
  organizationName: string;
  rule: string;
  ruleType: RuleType;
  /** `organization`, `project:<id>`, `api_key:<id>`, `model:<name>`: IDs, for hover text. */
  scope: string;
  period: string;
  /** What the message said (names, not IDs; plain text: the page shows it as text). */
  summary: string;
  /** @unit Unix seconds */
  recordedAt: number;
}

const ORDER: readonly RuleType[] = ['stale', 'budget', 'anomaly', 'unpriced_model', 'new_spender', 'digest'];

function ruleTypeOf(value: string): RuleType | null {
  return ORDER.find((t) => t === value) ?? null;
}

/** What the stored event said, when its payload is an event. */
function said(payload: string): { summary: string | null; organizationName: string | null } {
  try {
    const e = JSON.parse(payload) as Partial<AlertEvent>;
    return {
      summary: typeof e.summary === 'string' ? e.summary : null,
      organizationName: typeof e.organizationName === 'string' ? e.organizationName : null,
    };
  } catch {
    return { summary: null, organizationName: null };
  }
}

/**
 * The alerts that still need someone, among the firing events without a resolved one: stale data until it is
 * fresh again, a budget threshold during its month, anomalies, new spenders and unpriced models for
 * {@link OPEN_ALERT_DAYS} days after their day; digests are reports, never open. Most urgent first, then newest.
 */
export function openAlerts(events: readonly OpenAlertEvent[], now: number): OpenAlert[] {
  const month = utcDate(now).slice(0, 7);
  const recent = utcDate(now - OPEN_ALERT_DAYS * DAY);
  const out: OpenAlert[] = [];
  for (const e of events) {
    const ruleType = ruleTypeOf(e.ruleType);
    if (ruleType === null || ruleType === 'digest') continue;
    const day = /^\d{4}-\d{2}-\d{2}$/.test(e.period) ? e.period : utcDate(e.recordedAt);
    const current =
      ruleType === 'stale' ? true : ruleType === 'budget' ? e.period.startsWith(`${month}/`) : day >= recent;
    if (!current) continue;
    const payload = said(e.payload);
    out.push({
      organization: e.organization,
      organizationName: payload.organizationName ?? e.organization,
      rule: e.rule,
      ruleType,
      scope: e.scope,
      period: e.period,
      summary: payload.summary ?? `${e.rule}: ${e.scope} ${e.period}`,
      recordedAt: e.recordedAt,
    });
  }
  return out.sort(
    (a, b) =>
      ORDER.indexOf(a.ruleType) - ORDER.indexOf(b.ruleType) ||
      b.recordedAt - a.recordedAt ||
      (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) ||
      (a.scope < b.scope ? -1 : a.scope > b.scope ? 1 : 0),
  );
}

/** {@link openAlerts} over the store's `alert_events` (read-only). */
export async function readOpenAlerts(store: UsageStore, now: number): Promise<OpenAlert[]> {
  return openAlerts(await store.openAlertEvents(), now);
}
