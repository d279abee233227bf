/**
 * Input shapes of the chart builders: the aggregation results of lib/frames, re-exported so the charts
 * depend on one definition of each.
 */
export type { TokenPoint } from '../frames/index';
export type { ModelProjectRequests } from '../frames/index';
export type { ShareSplit } from '../frames/index';
export type { DailyAmount } from '../frames/index';
export type { Pivot } from '../frames/index';
export type { GroupSum } from '../frames/index';
export type { TimeSeries } from '../frames/index';
