/**
 * Input shapes of the chart builders: the aggregation results of lib/frames, re-exported so the charts
 * depend on one definition of each.
 */
export type { TokenPoint } from '../frames/tokens-per-bucket';
export type { ModelProjectRequests } from '../frames/requests-by-model-project';
export type { ShareSplit } from '../frames/share-with-other';
export type { DailyAmount } from '../frames/cost-per-day';
export type { Pivot } from '../frames/pivot';
export type { GroupSum } from '../frames/sum-by';
export type { TimeSeries } from '../frames/time-series';
