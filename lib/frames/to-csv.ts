import { csvText } from '../shared/index';
import { frameRowWriter, toTabular, type TableLike } from './tabular';

/**
 * RFC 4180 CSV (CRLF line ends, header row, quoting for comma/quote/newline) of a DataFrame, Pivot or
 * records. String cells starting with = + - @ (or tab/CR) get a leading ' so spreadsheets show text.
 * @example writeFileSync('costs.csv', toCsv(costFrame(costTable(buckets))))
 */
export function toCsv(input: TableLike, options: { rowHeader?: string } = {}): string {
  const frame = frameRowWriter(input);
  if (frame !== undefined) return csvText(frame.columns, frame.rows);
  const { columns, rows } = toTabular(input, options.rowHeader ?? '');
  return csvText(columns, rows);
}
