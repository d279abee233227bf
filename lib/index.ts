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
  showFigure,
  showTable,
  previewJson,
} from './notebook/index';

// The endpoint catalogue (its wire types are named with the other types below).
export { USAGE_ENDPOINT_NAMES } from './catalogue/index';

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
  projectDaySpend,
  forecastMonth,
  forecastByProject,
  detectAnomalies,
  anomalyPoints,
  groupIncidents,
  allocateCosts,
  localDays,
  forecastSummary,
  projectForecastRows,
  anomalyRows,
  incidentRows,
  spendingProjects,
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
  alertReplayChart,
  allocationChart,
  localDaysChart,
  organizationCostChart,
  lastSpan,
  organizationProjectCostChart,
  formatCurrency,
} from './charts/index';

// Every export of a notebook at once (figure JSON, HTML pages, the report, CSV), and one chart anywhere.
export { writeExports, saveChart } from './export/index';

// FOCUS (the FinOps Foundation's cost format) rows and CSV from cost buckets.
export { focusFromBuckets, focusCsv } from './store/index';

// Types of the values above: named so a cell's variables can be declared (tslab carries them from cell to cell)
// and shown on hover. test/e2e/tslab-kernel.test.ts checks that the rolled-up dist/lib/index.d.ts declares no
// interface or class it does not export.
export type {
  ApiBudgets,
  ClientOptions,
  DirectorySource,
  FetchOptions,
  FetchProgress,
  JsonResult,
  ListQuery,
  LoadConfigOptions,
  OrganizationConfig,
  RetryInfo,
  RetryOptions,
  RetryPolicy,
  UsageClient,
  UsageQuery,
  WireQuery,
} from './api/index';
export type {
  ArrayFilter,
  BUCKET_WIDTHS,
  BucketWidth,
  CATALOGUE,
  Catalogue,
  DimensionName,
  EndpointName,
  EndpointResultMap,
  EndpointSpec,
  GroupingCutoff,
  LimitRule,
  MetricKind,
  MetricName,
  ParsedAmount,
  ParsedResultMap,
  ParsedResultOf,
  UsageEndpointName,
  WireAmount,
  WireBucket,
  WireCostsResult,
  WirePage,
  WireResult,
  WireResultOf,
} from './catalogue/index';
export type {
  AlertReplayChartOptions,
  AllocationChartOptions,
  Annotation,
  AnomalyChartOptions,
  ApiSourceShareOptions,
  BarByGroupOptions,
  BarTrace,
  ChartAxis,
  ChartConfig,
  ChartLayout,
  ChartTrace,
  CostByLineItemOptions,
  CostPerDayOptions,
  CustomData,
  DriftChartOptions,
  Figure,
  ForecastChartOptions,
  Legend,
  LineTrace,
  LocalDaysChartOptions,
  Marker,
  PieTrace,
  ProjectPieOptions,
  ReplayDayLike,
  ReplayEventLike,
  ReplayOrganizationLike,
  RequestsByModelProjectOptions,
  SharePieOptions,
  TokenUsageChartOptions,
  UsageLineChartOptions,
  ValueFormat,
} from './charts/index';
export type {
  ConnectOrganizationsOptions,
  Connection,
  OrganizationClient,
  OrganizationsConnection,
} from './demo/index';
export type { ExportSpec, ReportAbout, ReportTable } from './export/index';
export type {
  BucketSpan,
  Cell,
  CostDimension,
  CostTable,
  CurrencyCosts,
  DailyAmount,
  DictColumn,
  Frame,
  GroupRow,
  GroupSum,
  ModelProjectCell,
  ModelProjectRequests,
  Names,
  OrganizationColumns,
  OrganizationPivot,
  Pivot,
  Records,
  ShareSlice,
  ShareSplit,
  TableLike,
  TimeSeries,
  TokenPoint,
  UsageTable,
} from './frames/index';
export type {
  AllocationMethod,
  AllocationOptions,
  AllocationRow,
  Anomaly,
  AnomalyMetric,
  AnomalyOptions,
  AnomalyPointsOptions,
  AnomalyScope,
  Budget,
  BudgetSource,
  CompletionTokens,
  DaySpend,
  ForecastDay,
  ForecastOptions,
  Incident,
  IncidentOptions,
  LineItemListPrice,
  LocalDayRow,
  ModelReconciliation,
  ModelSavings,
  MonthForecast,
  PricedUsage,
  PricedUsageRow,
  ProjectDaySpend,
  ProjectForecast,
  ReconciliationRow,
  SavingsRow,
  SeriesPoint,
  TokenPrice,
  UnpricedModel,
} from './insights/index';
export type {
  ConnectNotebookOptions,
  DisplayWriter,
  InsightsParams,
  InsightsParamsInput,
  MimeBundle,
  NamesLoader,
  NotebookConnection,
  NotebookEnv,
  NotebookParams,
  NotebookParamsInput,
  OrganizationBuckets,
  OrganizationProjects,
  OrganizationSpend,
  OrganizationSpendOptions,
  OutputMetadata,
  ShowTableOptions,
} from './notebook/index';
export type { ListRates, LongContextRates } from './prices/index';
export type { TimeSpan } from './shared/index';
export type { BillingAccount, CostsBucketLike, FOCUS_COLUMNS, FocusColumn, FocusRow } from './store/index';
