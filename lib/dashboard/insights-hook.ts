import type { WireBucket, WireCompletionsResult, WireCostsResult } from '../api/wire';
import type { Figure } from '../charts/figure';
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
}

/** One anomaly as shown: plain text (the page sets it with textContent). */
export interface AnomalyLine {
  /** e.g. "2026-11-14" */
  when: string;
  /** e.g. "cost of proj_a" */
  what: string;
  /** e.g. "$412.00, expected $80.00 to $120.00" */
  detail: string;
}

/** What the page shows for insights. */
export interface InsightsView {
  /** Month-end forecast, e.g. `{ label: 'Forecast for November (month end)', value: '$1,234.00' }`. */
  forecast: { label: string; value: string; detail?: string } | null;
  anomalies: AnomalyLine[];
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
