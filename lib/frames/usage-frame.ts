import type { DimensionName, MetricName } from '../catalogue/index';
import { makeFrame, numberColumn, stringColumn, timeColumn, type Frame, type FrameColumn } from './make-frame';
import { organizationFrameColumns } from './organization-columns';
import type { UsageTable } from './usage-table';
import { utcDateTime } from './utc-format';

// The seed's column order for completions; remaining metrics and dimensions follow in spec order.
const SEED_METRICS: readonly string[] = [
  'input_tokens',
  'output_tokens',
  'input_cached_tokens',
  'input_audio_tokens',
  'output_audio_tokens',
  'num_model_requests',
] satisfies readonly MetricName<'completions'>[];
const SEED_DIMENSIONS: readonly string[] = [
  'project_id',
  'user_id',
  'api_key_id',
  'model',
  'batch',
] satisfies readonly DimensionName<'completions'>[];

/**
 * The usage table as a danfojs DataFrame for display/CSV, columns in the seed's order: start_datetime,
 * end_datetime ('YYYY-MM-DD HH:MM:SS' UTC strings), start_time, end_time, metrics, dimensions; read from several
 * organizations, `organization_id` and `organization` come first.
 * Builds JS arrays for every cell: use on small or filtered tables, aggregate with the typed functions.
 * @example showTable(usageFrame(usageTable('completions', buckets)), { limit: 5 })
 */
export function usageFrame(table: UsageTable): Frame {
  const metrics = Object.keys(table.metrics);
  const dims = Object.keys(table.dimensions);
  const seedM = table.endpoint === 'completions' ? SEED_METRICS : [];
  const seedD = table.endpoint === 'completions' ? SEED_DIMENSIONS : [];
  const order = [
    ...seedM,
    ...seedD,
    ...metrics.filter((m) => !seedM.includes(m)),
    ...dims.filter((d) => !seedD.includes(d)),
  ];
  const columns: FrameColumn[] = [
    ...organizationFrameColumns(table.organizations),
    timeColumn('start_datetime', table.startTime, utcDateTime),
    timeColumn('end_datetime', table.endTime, utcDateTime),
    numberColumn('start_time', table.startTime),
    numberColumn('end_time', table.endTime),
  ];
  for (const name of order) {
    const metric = table.metrics[name];
    const dim = table.dimensions[name];
    if (metric) columns.push(numberColumn(name, metric));
    else if (dim) columns.push(stringColumn(name, dim));
  }
  return makeFrame(columns);
}
