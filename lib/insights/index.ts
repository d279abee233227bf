/** Insights: pricing, billed vs estimated, savings, forecast, anomalies, allocation, local days (frames + prices only). */
export { parseLineItem } from './line-item';
export { lineItemListPrice, type LineItemListPrice } from './line-item-price';
export type { CompletionTokens, TokenPrice } from './price-tokens';
export { priceUsage, type PricedUsage, type PricedUsageRow, type UnpricedModel } from './price-usage';
export { reconcile, type ReconciliationRow } from './reconcile';
export { savings, type SavingsRow } from './savings';
export { resolveBudget, checkBudgetAmount, type Budget, type BudgetSource } from './budget';
export {
  forecastMonth,
  forecastStart,
  type DaySpend,
  type ForecastDay,
  type ForecastOptions,
  type MonthForecast,
} from './forecast';
export { forecastByProject, type ProjectDaySpend, type ProjectForecast } from './forecast-by-project';
export {
  detectAnomalies,
  METRIC_WORDS,
  AnomalyTracker,
  type DatePoint,
  type Anomaly,
  type AnomalyMetric,
  type AnomalyOptions,
  type AnomalyScope,
  type SeriesPoint,
} from './anomalies';
export { anomalyPoints, type AnomalyPointsOptions } from './anomaly-points';
export { anomalyParts, anomalyPlace, groupIncidents, type Incident, type IncidentOptions } from './incidents';
export {
  allocateCosts,
  API_KEY_COST_CUTOFF,
  type AllocationMethod,
  type AllocationOptions,
  type AllocationRow,
} from './allocation';
export { checkTimeZone, localDays, type LocalDayRow } from './local-days';
export { mergeOrganizations } from './merge-organizations';
export {
  reconciliationByModel,
  savingsByModel,
  totalSavings,
  type ModelReconciliation,
  type ModelSavings,
} from './per-model';
export { projectDaySpend, daySpend, spendingProjects } from './day-spend';
export { anomalyRows, incidentRows, forecastSummary, projectForecastRows } from './export-rows';
export {
  organizationBreakdown,
  organizationProjectLabels,
  organizationProjectKey,
  type OrganizationPart,
  type OrganizationModelRow,
} from './organization-breakdown';
export { median } from './robust-stats';
