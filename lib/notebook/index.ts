/** Notebook display layer on tslab: multi-MIME figures, tables, progress, short errors, parameters. */
export type { MimeBundle, DisplayWriter, OutputMetadata } from './mime-bundle';
export { tslabWriter } from './tslab-writer';
export { figureBundle } from './figure-bundle';
export { showFigure } from './show-figure';
export { showTable, tableBundle, type ShowTableOptions } from './show-table';
export { progressDisplay } from './progress-display';
export { errorSummary, redactSecrets, guard, CellStopped } from './show-error';
export {
  InvalidParams,
  notebookParams,
  type NotebookParams,
  type NotebookParamsInput,
  NOTEBOOK_PARAM_KEYS,
} from './notebook-params';
export { notebookEnv, type NotebookEnv } from './notebook-env';
export {
  connectNotebook,
  type NotebookConnection,
  type ConnectNotebookOptions,
  type OrganizationProjects,
} from './connect-notebook';
export type { OrganizationBuckets } from './organization-reads';
export { previewJson } from './preview-json';
export {
  insightsParams,
  type InsightsParams,
  type InsightsParamsInput,
  type InsightsUsageEndpoint,
} from './insights-params';
export { namesLoader, type NamesLoader } from './notebook-names';
export { type OrganizationSpend, type OrganizationSpendOptions } from './organization-spend';
