import type { WireBucket, WireCompletionsResult, WireCostsResult } from '../catalogue/index';
import type { Figure } from '../charts/index';
import type { DashboardSource } from './source';
import type { ViewParams } from './view-params';

/**
 * The rows of one view, handed to the insights (forecast, anomalies) to compute from; `source` reads more when an
 * insight needs another range than the view's (a month-end forecast needs the month so far, whatever is shown).
 */
export interface InsightsInput {
  usage: readonly WireBucket<WireCompletionsResult>[];
  costs: readonly WireBucket<WireCostsResult>[];
  params: ViewParams;
  currency: string;
  source: DashboardSource;
  /** Current time, epoch ms. */
  now: number;
  /** Project ID → name where the directory has one (the charts' `names`): the panel names projects the same way. */
  names?: ReadonlyMap<string, string>;
}

/** One incident (grouped anomalies) as shown: plain text (the page sets it with textContent). */
export interface AnomalyLine {
  /** e.g. "2026-11-14" */
  when: string;
  /** e.g. "Spend 4.0× its usual at the organization (projects Search, Chat; model gpt-4o)" */
  what: string;
  /** e.g. "$412.00 against a usual $100.00 (+$312.00) · 9 series" */
  detail: string;
  /** Hover text, e.g. the IDs of the projects named in `what`. */
  hover?: string;
}

/** What the page shows for insights. */
export interface InsightsView {
  /** Month-end forecast, e.g. `{ label: 'Forecast for November (month end)', value: '$1,234.00' }`. */
  forecast: { label: string; value: string; detail?: string } | null;
  anomalies: AnomalyLine[];
  /** Incidents not listed, shown as "and N more". @default 0 */
  moreAnomalies?: number;
  /** Why the list may be short, e.g. too little history to judge the days shown. */
  anomalyNote?: string;
  /** Extra charts drawn by the insights' own builders. */
  figures: Figure[];
}

/**
 * Hook for lib/insights: the dashboard shows whatever this returns and computes nothing itself. Without an
 * implementation the insights panel is not shown.
 */
export interface DashboardInsights {
  view(input: InsightsInput): Promise<InsightsView | null>;
}
