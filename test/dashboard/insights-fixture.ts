// The month of spend both dashboard insight tests read: two projects over 2026-10-20 to today (2026-11-20), one spike
// day for proj_a, steady proj_b; and the forecast expected of it, computed here from forecastMonth.
import type { WireBucket, WireCompletionsResult, WireCostsResult } from '../../lib/catalogue/index';
import { formatCurrency } from '../../lib/charts/index';
import { bucketSource } from '../../lib/dashboard/bucket-source';
import { forecastMonth, type DaySpend } from '../../lib/insights/index';

export const DAY = 86_400;
export const NOW = Date.parse('2026-11-20T12:00:00Z');
export const TODAY = Math.floor(NOW / 1000 / DAY) * DAY;
export const SPIKE = '2026-11-16';
export const iso = (t: number): string => new Date(t * 1000).toISOString().slice(0, 10);
/** 2026-10-20 to today: the month so far and more than the four trailing weeks before it. */
export const STARTS = Array.from({ length: 32 }, (_, i) => TODAY - (31 - i) * DAY);
export const costA = (t: number, i: number): number =>
  iso(t) === SPIKE ? 40 : 2 + (i % 3) * 0.5 + (i % 7 === 0 ? 0.3 : 0);
export const costB = (i: number): number => 1.25 + (i % 2) * 0.1;

export const costs: WireBucket<WireCostsResult>[] = STARTS.map((t, i) => ({
  object: 'bucket',
  start_time: t,
  end_time: t + DAY,
  results: [
    {
      object: 'organization.costs.result',
      amount: { value: costA(t, i), currency: 'usd' },
      line_item: 'gpt-4o, input',
      project_id: 'proj_a',
    },
    {
      object: 'organization.costs.result',
      amount: { value: costB(i), currency: 'usd' },
      line_item: 'gpt-4o, input',
      project_id: 'proj_b',
    },
  ],
}));
export const usage: WireBucket<WireCompletionsResult>[] = STARTS.map((t) => ({
  object: 'bucket',
  start_time: t,
  end_time: t + DAY,
  results: [
    {
      object: 'organization.usage.completions.result',
      input_tokens: 1000,
      output_tokens: 100,
      input_cached_tokens: 0,
      input_audio_tokens: 0,
      output_audio_tokens: 0,
      num_model_requests: 10,
      project_id: 'proj_a',
      model: 'gpt-4o',
    },
  ],
}));

/** The expected forecast, straight from forecastMonth over per-day sums taken here. */
export function expectedForecast(amount: (t: number, i: number) => number): string {
  const spend: DaySpend[] = STARTS.map((t, i) => ({ date: iso(t), amount: amount(t, i) }));
  return formatCurrency(forecastMonth(spend, { asOf: iso(TODAY) }).forecast_usd);
}

/** The whole month, as the dashboard's bucket source. */
export const source = bucketSource({
  usage,
  costs,
  coverage: { start: STARTS[0] ?? 0, end: TODAY + DAY },
  syncedAt: NOW,
});
