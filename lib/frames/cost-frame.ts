import type { CostTable } from './cost-table';
import { makeFrame, numberColumn, stringColumn, timeColumn, type Frame } from './make-frame';
import { organizationFrameColumns } from './organization-columns';
import { utcDateTime } from './utc-format';

/**
 * The costs table as a danfojs DataFrame, in the seed's column order: start_time, end_time,
 * amount_value, currency, line_item, project_id, start_datetime, end_datetime, then api_key_id,
 * quantity (missing when null), quantity_unit, user_id, api_source; read from several organizations,
 * `organization_id` and `organization` come first.
 * @example showTable(costFrame(costTable(buckets)), { limit: 5 })
 */
export function costFrame(table: CostTable): Frame {
  const amount = numberColumn('amount_value', table.amount);
  return makeFrame([
    ...organizationFrameColumns(table.organizations),
    numberColumn('start_time', table.startTime),
    numberColumn('end_time', table.endTime),
    // Money is float even when every value happens to be whole.
    { ...amount, dtype: 'float32' },
    stringColumn('currency', table.currency),
    stringColumn('line_item', table.lineItem),
    stringColumn('project_id', table.projectId),
    timeColumn('start_datetime', table.startTime, utcDateTime),
    timeColumn('end_datetime', table.endTime, utcDateTime),
    stringColumn('api_key_id', table.apiKeyId),
    { ...numberColumn('quantity', table.quantity), dtype: 'float32' },
    stringColumn('quantity_unit', table.quantityUnit),
    // Dimensions newer than the seed (SDK 7.33.0), last so the seed's columns keep their places.
    stringColumn('user_id', table.dimensions.user_id),
    stringColumn('api_source', table.dimensions.api_source),
  ]);
}
