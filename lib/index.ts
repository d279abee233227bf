/**
 * The public entry point: notebooks and scripts import only from here, and everything here is listed by name.
 * Internals (page parsing, window planning, retry delays, progress text, escaping, bundle loading, …) stay in their
 * modules, where tests import them.
 */

// The client of the Usage and Costs API: queries, errors, retries, config, wire types and the endpoint catalogue.
export {
  UsageClient, DEFAULT_BASE_URL, DEFAULT_RETRY_POLICY, validateQuery, daysAgo, loadConfig, redactKey,
  ENDPOINTS, ENDPOINT_NAMES, USAGE_ENDPOINT_NAMES, CATALOGUE, FILTER_NAMES, ARRAY_FILTER_NAMES, BOOLEAN_FILTER_NAMES,
  QUERY_KEYS, endpointSpec, isEndpointName,
  UsageApiError, ApiStatusError, BadRequestError, AuthenticationError, PermissionDeniedError, NotFoundError,
  ConflictError, RateLimitError, InternalServerError, ApiConnectionError, ApiTimeoutError, MalformedResponseError,
  PaginationLimitError, InvalidQueryError, isUsageApiError,
  type ClientOptions, type FetchOptions, type FetchProgress, type RetryInfo, type RetryPolicy, type RetryOptions,
  type UsageQuery, type WireQuery, type ArrayFilterName, type ApiStatusDetails,
  type UsageConfig, type LoadConfigOptions, type ConfigSource,
  type EndpointName, type EndpointResultMap, type EndpointSpec, type LimitRule, type ArrayFilter,
  type BucketWidth, type WirePage, type WireBucket, type WireResult, type WireAmount, type WireErrorBody,
  type WireCompletionsResult, type WireEmbeddingsResult, type WireModerationsResult, type WireImagesResult,
  type WireAudioSpeechesResult, type WireAudioTranscriptionsResult, type WireVectorStoresResult,
  type WireCodeInterpreterSessionsResult, type WireFileSearchCallsResult, type WireWebSearchCallsResult,
  type WireCostsResult, type WireDecisionsResult,
  type Catalogue, type UsageEndpointName, type MetricName, type MetricKind, type DimensionName, type FilterName,
  type AnyFilterName, type BooleanFilterName, type WireResultOf, type ParsedResultOf, type ParsedResultMap,
  type ParsedAmount, type ParsedBucket, type ParsedPage,
  // Secrets: one masker for every output, and the scan that keeps an admin key out of files.
  maskSecrets, normalizeApiKey, scrubSecret, containsSecret, filesWithSecrets, ADMIN_KEY_MARKER,
  // Organizations, the admin directory (names for IDs) and spend limits.
  loadOrganizations, loadDirectory, listAll, organizationSpendLimit, projectSpendLimit, spendAlerts,
  type OrganizationConfig, type Directory, type DirectorySource, type LoadDirectoryOptions, type DirectoryProject,
  type DirectoryUser, type DirectoryApiKey, type DirectoryServiceAccount, type ListQuery, type JsonResult,
  type SpendLimit, type SpendAlert,
  type WireListPage, type WireProject, type WireUser, type WireApiKey, type WireApiKeyOwner, type WireServiceAccount,
  type WireSpendLimit, type WireSpendAlert,
} from './api/index';

// The local emulator of the API, and the demo wiring that starts it when no admin key is configured.
export {
  startEmulator,
  type DatasetOptions, type EmulatorOptions, type FaultPlan, type ProjectKeyErrorStyle, type RecordedRequest,
  type RunningEmulator, type DirectoryOptions, type ResponseQuirks, type BucketRevision,
} from './emulator/index';
export {
  connect, connectOrganizations,
  type Connection, type ConnectOptions, type ConnectOrganizationsOptions, type OrganizationClient,
  type OrganizationsConnection,
} from './demo/index';

// Typed tables from buckets, the charts' aggregations, DataFrames, HTML tables and CSV.
export {
  usageTable, costTable, bucketStarts, dictColumn, UNGROUPED, usageFrame, costFrame, recordsFrame,
  sumBy, tokensPerBucket, requestsByModelProject, shareWithOther, requestsByProject, OTHER_LABEL, costPerDay,
  pivot, costByLineItem, costBy, timeSeries, frameToHtml, toCsv, tableCurrency, groupRows, pivotTotals, endpointTotals,
  byCurrency, currenciesOf, currencyId, periodTotal, isLevelMetric,
  NAME_COLUMNS, NO_NAMES, nameResolver, uniqueLabels, isNamedDimension, withNames,
  type CurrencyCosts, type Names, type NamedDimension,
  type UsageTable, type CostTable, type BucketSpan, type DictColumn, type Cell, type GroupSum, type TokenPoint,
  type ModelProjectRequests, type ShareSlice, type ShareSplit, type DailyAmount, type Pivot, type PivotOptions,
  type TimeSeries, type FrameHtmlOptions, type TableLike, type GroupRow, type EndpointTotal,
} from './frames/index';

// List prices, and the insights computed from tables and prices: billed vs estimated, savings, forecasts,
// anomalies, allocation, local days, several organizations.
export { listRates, variantRates, BATCH_DISCOUNT, type ListRates, type LongContextRates } from './prices/index';
export {
  parseLineItem, billingModel, priceTokens, priceUsage, reconcile, savings, resolveBudget, checkBudgetAmount,
  forecastMonth, forecastByProject, detectAnomalies, anomalyPoints, allocateCosts, API_KEY_COST_CUTOFF, checkTimeZone,
  localDayOf, localDays, mergeOrganizations, reconciliationByModel, savingsByModel, totalSavings, projectDaySpend, daySpend,
  type ModelReconciliation, type ModelSavings,
  type LineItem, type LineItemKind, type CompletionTokens, type BillingMode, type TokenPrice, type PricedUsage,
  type PricedUsageRow, type UnpricedModel, type ReconciliationRow, type SavingsRow, type Budget, type BudgetSource,
  type DaySpend, type ForecastDay, type ForecastOptions, type MonthForecast, type ProjectDaySpend,
  type ProjectForecast, type Anomaly, type AnomalyMetric, type AnomalyOptions, type AnomalyScope, type SeriesPoint,
  type AllocationMethod, type AllocationOptions, type AllocationRow, type LocalDayRow,
} from './insights/index';

// Chart builders (plain Plotly figure JSON) and the number formats they use.
export {
  tokenUsageChart, requestsByModelProjectChart, requestsByProjectPie, otherProjectsPie, costPerDayChart,
  costByLineItemChart, usageLineChart, sharePie, barByGroup, apiSourceShareChart, driftChart, forecastChart,
  anomalyChart, allocationChart, localDaysChart, organizationCostChart,
  formatBucketTime, formatCount, formatCurrency, formatPercent, lastSpan, SEED_PALETTE, EXTENDED_PALETTE,
  type TokenUsageChartOptions, type RequestsByModelProjectOptions, type ProjectPieOptions, type CostPerDayOptions,
  type CostByLineItemOptions, type UsageLineChartOptions, type SharePieOptions, type BarByGroupOptions,
  type ValueFormat, type ApiSourceShareOptions, type DriftChartOptions, type ForecastChartOptions,
  type AnomalyChartOptions, type AllocationChartOptions, type LocalDaysChartOptions,
  type Figure, type Trace, type BarTrace, type LineTrace, type PieTrace, type Layout, type Axis, type Legend,
  type Annotation, type Marker, type Config, type CustomData,
} from './charts/index';

// Standalone HTML pages, the report, and every export of a notebook at once.
export {
  figureHtml, reportHtml, writeExports, saveChart, reportAbout, combineAbout,
  type FigureHtmlOptions, type ReportHtmlOptions, type ReportTable, type ExportSpec, type PlotlySource,
  type ReportAbout, type ReportAboutOptions,
} from './export/index';

// The notebook display layer on tslab.
export {
  connectNotebook, notebookEnv, notebookParams, InvalidParams, showFigure, showTable, showError, guard,
  CellStopped, previewJson, progressDisplay, insightsParams, loadBudgets, namesLoader,
  NOTEBOOK_SOURCES, parseSource, storeReader, storeFilters, type NotebookSource, type StoreReader,
  type NotebookConnection, type ConnectNotebookOptions, type NotebookEnv, type NotebookParams,
  type NotebookParamsInput, type ShowTableOptions, type ProgressDisplay, type ProgressDisplayOptions,
  type DisplayWriter, type MimeBundle, type OutputMetadata, type InsightsParams, type InsightsParamsInput,
  type ApiBudgets, type NamesLoader,
} from './notebook/index';

// The store: usage, costs and the directory kept in DuckDB (one file, the default) or PostgreSQL; sync and exports.
export {
  StoreOpenError, StoreLockedError, StoreSchemaError, StoreCoverageError, openStore, resolveStoreLocation, isPostgresUrl,
  DEFAULT_STORE_FILE, DuckDbStore, syncStore, DEFAULT_TIERS, DEFAULT_TRAILING, defaultGrouping, tableSchema,
  allTableSchemas, tableName, CURRENT_VERSION, exportStore, EXPORT_FORMATS, focusRows, focusFromBuckets, focusCsv,
  writeFocus, FOCUS_COLUMNS, directoryEntries, directoryFromEntries,
  type UsageStore, type CoverageKey, type DirectoryEntry, type WindowWrite, type RangeQuery, type OpenStoreOptions,
  type SyncOptions, type SyncProgress, type SyncReport, type WidthTier, type TableSchema, type ExportFormat,
  type FocusRow, type CostsBucketLike, type CoverageInterval, type DirectoryLists, type ListedObject,
} from './store/index';
