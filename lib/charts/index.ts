export type {
  Annotation,
  Axis,
  BarTrace,
  Config,
  CustomData,
  Figure,
  Layout,
  Legend,
  LineTrace,
  Marker,
  PieTrace,
  Trace,
} from './figure';
export { escapeLabel } from './escape-label';
export { formatBucketTime, formatCount, formatCurrency, formatPercent } from './format';
export { EXTENDED_PALETTE, OTHER_COLOR, SEED_PALETTE, colorScale } from './palette';
export { NO_COST_DATA, NO_USAGE_DATA } from './empty-figure';
export { MAX_POINTS_PER_TRACE } from './downsample';
export { lastSpan } from './span-title';
export type { ValueFormat } from './value-format';
export { type TokenUsageChartOptions, tokenUsageChart } from './token-usage-chart';
export { type RequestsByModelProjectOptions, requestsByModelProjectChart } from './requests-by-model-project-chart';
export { type ProjectPieOptions, requestsByProjectPie } from './requests-by-project-pie';
export { otherProjectsPie } from './other-projects-pie';
export { type CostPerDayOptions, costPerDayChart } from './cost-per-day-chart';
export { type CostByLineItemOptions, costByLineItemChart } from './cost-by-line-item-chart';
export { type UsageLineChartOptions, usageLineChart } from './usage-line-chart';
export { type SharePieOptions, sharePie } from './share-pie';
export { type BarByGroupOptions, barByGroup } from './bar-by-group';
export { type ApiSourceShareOptions, apiSourceShareChart } from './api-source-share-chart';
export { type DriftChartOptions, driftChart } from './drift-chart';
export { type ForecastChartOptions, forecastChart } from './forecast-chart';
export { type AnomalyChartOptions, anomalyChart } from './anomaly-chart';
export { type AllocationChartOptions, allocationChart } from './allocation-chart';
export { type LocalDaysChartOptions, localDaysChart } from './local-days-chart';
export { organizationCostChart, organizationProjectCostChart } from './organization-cost-chart';
