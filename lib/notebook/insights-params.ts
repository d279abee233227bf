import type { UsageQuery } from '../api/index';
import type { UsageEndpointName } from '../catalogue/index';
import { API_KEY_COST_CUTOFF, checkBudgetAmount, checkTimeZone } from '../insights/index';
import { utcDate, utcDateStart } from '../shared/index';
import { InvalidParams, notebookParams, organizationNames } from './notebook-params';

/** The parameters cell of the spend-insights notebook. */
export interface InsightsParamsInput {
  /** Days of history for billed vs estimated, savings, anomalies and allocation (anomalies need 28+). */
  days_ago?: number | null;
  start_time?: number | string | Date | null;
  end_time?: number | string | Date | null;
  /** Monthly budget in USD; null: the organization's spend limit or alerts when given, else no budget line. */
  budget?: number | null;
  /** IANA time zone for local days, e.g. "Europe/Berlin". */
  time_zone?: string | null;
  /** Days of hourly usage to re-bucket into local days. */
  local_days_ago?: number | null;
  /** Names (key names, user emails) instead of IDs on the allocation charts. @default true */
  names?: boolean | null;
  /** Organizations (configured names, any case) of the several-organizations section; null: every one configured. */
  organizations?: readonly string[] | null;
}

/** The usage endpoints notebook 04 reads: priced (completions, decisions, embeddings) or allocated (all). */
export type InsightsUsageEndpoint = Extract<
  UsageEndpointName,
  'completions' | 'decisions' | 'embeddings' | 'images' | 'audio_speeches' | 'audio_transcriptions'
>;

/** Validated insights parameters and every query the notebook runs. */
export interface InsightsParams {
  range: { start_time: number; end_time?: number };
  budget: number | null;
  timeZone: string;
  names: boolean;
  /** The `organizations` parameter: configured names to read, or null for all. */
  organizations: string[] | null;
  /** The first incomplete UTC day (today): actual spend before it, forecast from it. */
  asOf: string;
  /**
   * Daily usage of each endpoint the insights price and allocate, grouped by project, key, user and model (plus
   * batch and service tier where pricing needs them, image size for images).
   */
  usageQueries: Record<InsightsUsageEndpoint, UsageQuery>;
  /** Costs queries: before the api_key_id cut-off by project and line item, from it by key too. */
  costQueries: UsageQuery[];
  /** Daily costs by project from the first of the month (or 28 days back, whichever is earlier) for the forecast. */
  forecastQuery: UsageQuery;
  /** Hourly completions by model for local days. */
  localQuery: UsageQuery;
  summary: string;
  rangeSeconds: number;
}

const KEYS = new Set([
  'days_ago',
  'start_time',
  'end_time',
  'budget',
  'time_zone',
  'local_days_ago',
  'names',
  'organizations',
]);

function wrap<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof RangeError && !(err instanceof InvalidParams)) throw new InvalidParams(err.message);
    throw err;
  }
}

/**
 * Validates the parameters cell of notebook 04 (same conventions as `notebookParams`: `days_ago` or `start_time`,
 * one-line errors naming what is allowed) and plans its queries.
 * @example const p = insightsParams({ days_ago: 45, budget: null, time_zone: "Europe/Berlin" }, notebookEnv());
 * // p.summary, p.range, p.asOf, p.timeZone, p.budget
 */
export function insightsParams(raw: InsightsParamsInput, now: { now: number; fixedNow: boolean }): InsightsParams {
  return wrap(() => {
    if (typeof raw !== 'object' || raw === null)
      throw new RangeError(`invalid params: ${String(raw)} (expected an object)`);
    for (const key of Object.keys(raw))
      if (!KEYS.has(key)) throw new RangeError(`invalid parameter: "${key}" (known: ${[...KEYS].join(', ')})`);
    const base = notebookParams(
      {
        ...(raw.days_ago == null ? {} : { days_ago: raw.days_ago }),
        ...(raw.start_time == null ? {} : { start_time: raw.start_time }),
        ...(raw.end_time == null ? {} : { end_time: raw.end_time }),
      },
      'costs',
      now,
    );
    const budget = raw.budget == null ? null : checkBudgetAmount(raw.budget);
    const timeZone = checkTimeZone(raw.time_zone ?? 'UTC');
    const names = raw.names ?? true;
    if (typeof names !== 'boolean')
      throw new RangeError(`invalid names: ${JSON.stringify(names)} (expected true or false)`);
    const organizations = organizationNames(raw.organizations ?? null);
    const localDaysAgo = raw.local_days_ago ?? 14;
    if (typeof localDaysAgo !== 'number' || !Number.isFinite(localDaysAgo) || localDaysAgo <= 0 || localDaysAgo > 60) {
      throw new RangeError(`invalid local_days_ago: ${JSON.stringify(localDaysAgo)} (expected 1 to 60 days)`);
    }
    const start = base.wire.start_time;
    const end = base.wire.end_time;
    const range = end === undefined ? { start_time: start } : { start_time: start, end_time: end };
    const endOrNow = end ?? Math.floor(now.now);
    const daily = { bucket_width: '1d' as const, limit: 180 };
    const costQueries: UsageQuery[] = [];
    if (start < API_KEY_COST_CUTOFF) {
      costQueries.push({
        ...range,
        ...daily,
        end_time: Math.min(endOrNow, API_KEY_COST_CUTOFF),
        group_by: ['project_id', 'line_item'],
      });
    }
    if (endOrNow > API_KEY_COST_CUTOFF) {
      costQueries.push({
        ...range,
        ...daily,
        start_time: Math.max(start, API_KEY_COST_CUTOFF),
        group_by: ['project_id', 'line_item', 'api_key_id'],
      });
    }
    const asOf = utcDate(endOrNow);
    const monthStart = utcDateStart(`${asOf.slice(0, 7)}-01`);
    const dayStart = utcDateStart(asOf);
    const forecastQuery: UsageQuery = {
      start_time: Math.min(monthStart, dayStart - 28 * 86_400),
      end_time: endOrNow,
      ...daily,
      group_by: ['project_id'],
    };
    const localQuery: UsageQuery = {
      start_time: Math.floor(endOrNow - localDaysAgo * 86_400),
      end_time: endOrNow,
      bucket_width: '1h',
      limit: 168,
      group_by: ['model'],
    };
    const usage = (...extra: string[]): UsageQuery => ({
      ...range,
      bucket_width: '1d',
      limit: 31,
      group_by: ['project_id', 'api_key_id', 'user_id', 'model', ...extra],
    });
    const usageQueries: Record<InsightsUsageEndpoint, UsageQuery> = {
      completions: usage('batch', 'service_tier'),
      decisions: usage('batch', 'service_tier'),
      embeddings: usage(),
      images: usage('size'),
      audio_speeches: usage(),
      audio_transcriptions: usage(),
    };
    const summary = [
      base.summary.replace(/^costs: /, 'insights: '),
      `budget: ${budget === null ? 'from the spend limit when given, else none' : `$${budget}`}, local days in ${timeZone}, forecast as of ${asOf}`,
    ].join('\n');
    return {
      range,
      budget,
      timeZone,
      names,
      organizations,
      asOf,
      costQueries,
      forecastQuery,
      localQuery,
      summary,
      rangeSeconds: base.rangeSeconds,
      usageQueries,
    };
  });
}
