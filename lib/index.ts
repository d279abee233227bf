/**
 * The notebooks' entry point (`../dist/lib/index`): exactly what notebooks/*.ipynb import, each name listed here.
 * Everything else stays behind its room's entry (`lib/<room>/index.ts`), which scripts, benchmarks and tests import.
 */

// The notebook display layer on tslab: connect (the API, the store or the demo emulator), read the parameters cell,
// show figures and tables, preview JSON.
export {
  connectNotebook,
  notebookEnv,
  notebookParams,
  insightsParams,
  loadBudgets,
  showFigure,
  showTable,
  previewJson,
} from './notebook/index';

// Several organizations at once (notebook 04): one client each, or two emulated organizations without keys.
export { connectOrganizations } from './demo/index';

// The endpoint catalogue and the wire types of what the API returns.
export {
  ENDPOINTS,
  USAGE_ENDPOINT_NAMES,
  type EndpointName,
  type WireBucket,
  type WireCostsResult,
} from './catalogue/index';

// Typed tables from buckets, the charts' aggregations, DataFrames for display and CSV.
export {
  usageTable,
  costTable,
  bucketStarts,
  usageFrame,
  costFrame,
  recordsFrame,
  withNames,
  tokensPerBucket,
  requestsByModelProject,
  requestsByProject,
  costPerDay,
  costByLineItem,
  byCurrency,
  currencyId,
  pivotTotals,
  sumBy,
  costBy,
  timeSeries,
  groupRows,
  endpointTotals,
  toCsv,
  type UsageTable,
  type EndpointTotal,
} from './frames/index';

// Insights from tables and list prices: billed vs estimated, savings, budget and forecasts, anomalies and
// incidents, allocation, local days, several organizations.
export {
  priceUsage,
  reconcile,
  reconciliationByModel,
  savings,
  savingsByModel,
  totalSavings,
  resolveBudget,
  daySpend,
  projectDaySpend,
  forecastMonth,
  forecastByProject,
  detectAnomalies,
  anomalyPoints,
  groupIncidents,
  allocateCosts,
  localDays,
  mergeOrganizations,
} from './insights/index';

// Chart builders (plain Plotly figure JSON) and the span a chart's title names.
export {
  tokenUsageChart,
  requestsByModelProjectChart,
  requestsByProjectPie,
  otherProjectsPie,
  costPerDayChart,
  costByLineItemChart,
  barByGroup,
  sharePie,
  usageLineChart,
  apiSourceShareChart,
  driftChart,
  forecastChart,
  anomalyChart,
  allocationChart,
  localDaysChart,
  organizationCostChart,
  lastSpan,
} from './charts/index';

// Every export of a notebook at once (figure JSON, HTML pages, the report, CSV), and one chart anywhere.
export { writeExports, saveChart } from './export/index';

// FOCUS (the FinOps Foundation's cost format) rows and CSV from cost buckets.
export { focusFromBuckets, focusCsv } from './store/index';
