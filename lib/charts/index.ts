export type {
  Annotation,
  ChartAxis,
  BarTrace,
  ChartConfig,
  CustomData,
  Figure,
  ChartLayout,
  Legend,
  LineTrace,
  Marker,
  PieTrace,
  ChartTrace,
} from './figure';
export { formatCount, formatCurrency, formatPercent } from './format';
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
export {
  type AlertReplayChartOptions,
  type ReplayDayLike,
  type ReplayEventLike,
  type ReplayOrganizationLike,
  alertReplayChart,
} from './alert-replay-chart';
export { type AllocationChartOptions, allocationChart } from './allocation-chart';
export { type LocalDaysChartOptions, localDaysChart } from './local-days-chart';
export { organizationCostChart, organizationProjectCostChart } from './organization-cost-chart';
export { checkArray, checkId, invalid } from './check-options';
