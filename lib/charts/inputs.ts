/**
 * Input shapes of the chart builders: the aggregation results of lib/frames, re-exported so the charts
 * depend on one definition of each.
 */
export type {
  TokenPoint,
  ModelProjectRequests,
  ShareSplit,
  DailyAmount,
  Pivot,
  GroupSum,
  TimeSeries,
} from '../frames/index';
