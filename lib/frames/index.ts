/** Frames: wire buckets → typed columns once, typed aggregations for charts, danfojs frames for display. */
export { UNGROUPED, dictColumn, type DictColumn, nullLabel, valueAt } from './dict-column';
export { usageTable, bucketStarts, type UsageTable, type BucketSpan } from './usage-table';
export { costTable, type CostTable } from './cost-table';
export { usageTableFromColumns } from './usage-table-columns';
export { costTableFromColumns } from './cost-table-columns';
export type { ResultColumns } from './result-columns';
export { usageFrame } from './usage-frame';
export { costFrame } from './cost-frame';
export { recordsFrame } from './records-frame';
export type { Cell, Frame } from './make-frame';
export { sumBy, type GroupSum, metricColumn, sumByColumns } from './sum-by';
export { tokensPerBucket, type TokenPoint } from './tokens-per-bucket';
export { requestsByModelProject, type ModelProjectRequests, type ModelProjectCell } from './requests-by-model-project';
export { shareWithOther, requestsByProject, OTHER_LABEL, type ShareSlice, type ShareSplit } from './share-with-other';
export { costPerDay, type DailyAmount } from './cost-per-day';
export { pivot, costByLineItem, type Pivot, type OrganizationPivot } from './pivot';
export { costBy } from './cost-by';
export { byCurrency, currencyId, type CurrencyCosts } from './by-currency';
export { periodTotal } from './period-total';
export { timeSeries, type TimeSeries } from './time-series';
export { frameToHtml } from './frame-html';
export { toCsv } from './to-csv';
export type { TableLike } from './tabular';
export { tableCurrency } from './table-currency';
export { groupRows, type GroupRow } from './group-rows';
export { pivotTotals } from './pivot-totals';
export { endpointTotals, type EndpointTotal } from './endpoint-totals';
export { NO_NAMES, nameResolver, idTails, type Names } from './names';
export { withNames } from './name-columns';
export { visibleText } from '../shared/index';
export { foldOther, OTHER_THRESHOLD } from './fold-other';
export type { CostDimension } from './cost-table';
export type { OrganizationColumns } from './organization-columns';
export {
  costTableRows,
  usageTableRows,
  organizationsOf,
  rowsOfOrganization,
  organizationOfRow,
} from './organization-rows';
export type { Records } from './tabular';
