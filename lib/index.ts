/**
 * The public entry point: notebooks and scripts import only from here, and everything here is listed by name.
 * Internals (page parsing, window planning, retry delays, progress text, escaping, bundle loading, …) stay in their
 * modules, where tests import them.
 */

// The client of the Usage and Costs API: queries, errors, retries, config, wire types and the endpoint catalogue.
export {
  UsageClient, DEFAULT_BASE_URL, DEFAULT_RETRY_POLICY, validateQuery, daysAgo, loadConfig, redactKey,
  ENDPOINTS, ENDPOINT_NAMES, endpointSpec,
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
  type WireCostsResult,
} from './api/index';

// The local emulator of the API, and the demo wiring that starts it when no admin key is configured.
export {
  startEmulator,
  type DatasetOptions, type EmulatorOptions, type FaultPlan, type ProjectKeyErrorStyle, type RecordedRequest,
  type RunningEmulator,
} from './emulator/index';
export { connect, type Connection, type ConnectOptions } from './demo/index';

// Typed tables from buckets, the charts' aggregations, DataFrames, HTML tables and CSV.
export {
  usageTable, costTable, bucketStarts, dictColumn, UNGROUPED, usageFrame, costFrame, recordsFrame,
  sumBy, tokensPerBucket, requestsByModelProject, shareWithOther, requestsByProject, OTHER_LABEL, costPerDay,
  pivot, costByLineItem, costBy, timeSeries, frameToHtml, toCsv, tableCurrency, groupRows, pivotTotals, endpointTotals,
  type UsageTable, type CostTable, type BucketSpan, type DictColumn, type Cell, type GroupSum, type TokenPoint,
  type ModelProjectRequests, type ShareSlice, type ShareSplit, type DailyAmount, type Pivot, type PivotOptions,
  type TimeSeries, type FrameHtmlOptions, type TableLike, type GroupRow, type EndpointTotal,
} from './frames/index';

// Chart builders (plain Plotly figure JSON) and the number formats they use.
export {
  tokenUsageChart, requestsByModelProjectChart, requestsByProjectPie, otherProjectsPie, costPerDayChart,
  costByLineItemChart, usageLineChart, sharePie, barByGroup,
  formatBucketTime, formatCount, formatCurrency, formatPercent, lastSpan, SEED_PALETTE, EXTENDED_PALETTE,
  type TokenUsageChartOptions, type RequestsByModelProjectOptions, type ProjectPieOptions, type CostPerDayOptions,
  type CostByLineItemOptions, type UsageLineChartOptions, type SharePieOptions, type BarByGroupOptions,
  type ValueFormat,
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
  CellStopped, previewJson, progressDisplay,
  type NotebookConnection, type ConnectNotebookOptions, type NotebookEnv, type NotebookParams,
  type NotebookParamsInput, type ShowTableOptions, type ProgressDisplay, type ProgressDisplayOptions,
  type DisplayWriter, type MimeBundle, type OutputMetadata,
} from './notebook/index';
