/** Frames: wire buckets → typed columns once, typed aggregations for charts, danfojs frames for display. */
export { UNGROUPED, dictColumn, type DictColumn } from './dict-column';
export { usageTable, bucketStarts, type UsageTable, type BucketSpan } from './usage-table';
export { costTable, type CostTable } from './cost-table';
export { usageFrame } from './usage-frame';
export { costFrame } from './cost-frame';
export { recordsFrame } from './records-frame';
export type { Cell } from './make-frame';
export { sumBy, type GroupSum } from './sum-by';
export { tokensPerBucket, type TokenPoint } from './tokens-per-bucket';
export { requestsByModelProject, type ModelProjectRequests } from './requests-by-model-project';
export { shareWithOther, requestsByProject, OTHER_LABEL, type ShareSlice, type ShareSplit } from './share-with-other';
export { costPerDay, type DailyAmount } from './cost-per-day';
export { pivot, costByLineItem, type Pivot, type PivotOptions } from './pivot';
export { costBy } from './cost-by';
export { timeSeries, type TimeSeries } from './time-series';
export { frameToHtml, type FrameHtmlOptions } from './frame-html';
export { toCsv } from './to-csv';
export type { TableLike } from './tabular';
