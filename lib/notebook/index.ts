/** Notebook display layer on tslab: multi-MIME figures, tables, progress, short errors, parameters. */
export type { MimeBundle, DisplayWriter, OutputMetadata } from './mime-bundle';
export { tslabWriter } from './tslab-writer';
export { figureBundle } from './figure-bundle';
export { showFigure } from './show-figure';
export { showTable, tableBundle, type ShowTableOptions } from './show-table';
export { progressDisplay, type ProgressDisplay, type ProgressDisplayOptions } from './progress-display';
export { showError, errorBundle, errorSummary, redactSecrets, guard, CellStopped } from './show-error';
export { InvalidParams, notebookParams, type NotebookParams, type NotebookParamsInput } from './notebook-params';
export { notebookEnv, type NotebookEnv } from './notebook-env';
export { connectNotebook, type NotebookConnection, type ConnectNotebookOptions } from './connect-notebook';
export { previewJson } from './preview-json';
export {
  insightsParams,
  type InsightsParams,
  type InsightsParamsInput,
  type InsightsUsageEndpoint,
} from './insights-params';
export {
  NOTEBOOK_SOURCES,
  parseSource,
  storeReader,
  storeFilters,
  type NotebookSource,
  type StoreReader,
} from './store-source';
export { namesLoader, type NamesLoader } from './notebook-names';
export { loadBudgets, budgetsFromStored, type ApiBudgets, type StoredBudgetLimits } from './notebook-budgets';
export {
  organizationDaySpend,
  organizationUsage,
  storeOrganizationSpend,
  type OrganizationUsageOptions,
  type OrganizationSpend,
  type OrganizationSpendOptions,
} from './organization-spend';
export { showNotice } from './show-notice';
export { selectOrganizations } from './select-organizations';
