import { dictEncoder } from './dict-column';
import type { OrganizationColumns } from './organization-columns';

/**
 * Results given as columns rather than objects (a store read): the rows bucket by bucket, each result field one
 * array of cells in row order. What `usageTableFromColumns` and `costTableFromColumns` build tables from.
 */
export interface ResultColumns {
  /** Every bucket in order (empty ones included) and how many results it holds: the rows, bucket after bucket. */
  readonly buckets: readonly { readonly start: number; readonly end: number; readonly results: number }[];
  /** The number of rows: the buckets' results summed. */
  readonly length: number;
  /** A scalar result field (metric, dimension, attribute) in row order; undefined where it is null in every row. */
  field(name: string): readonly unknown[] | undefined;
  /** A money metric's value and currency in row order (a null value: the field is null). */
  money(metric: string): {
    readonly value: readonly unknown[] | undefined;
    readonly currency: readonly unknown[] | undefined;
  };
  /**
   * Each row's organization, where the results are tagged with theirs (a read of several organizations): its ID,
   * and its name by ID (the ID where none).
   */
  readonly organizations?: { readonly ids: readonly string[]; readonly names: ReadonlyMap<string, string> };
}

/** The rows of every part (`length` summed). */
export function rowCount(parts: readonly ResultColumns[]): number {
  let n = 0;
  for (const part of parts) n += part.length;
  return n;
}

/** Each row's bucket start and end, part after part. */
export function rowTimes(
  parts: readonly ResultColumns[],
  length: number,
): { startTime: Float64Array; endTime: Float64Array } {
  const startTime = new Float64Array(length);
  const endTime = new Float64Array(length);
  let row = 0;
  for (const part of parts)
    for (const b of part.buckets) {
      startTime.fill(b.start, row, row + b.results);
      endTime.fill(b.end, row, row + b.results);
      row += b.results;
    }
  if (row !== length) throw new RangeError(`invalid columns: buckets hold ${row} results, the columns ${length} rows`);
  return { startTime, endTime };
}

/**
 * Each row's organization as `organizationColumns` gives it for the same results as objects: undefined when no row
 * is tagged, else every row's (null for rows of an untagged part).
 */
export function organizationsOfColumns(
  parts: readonly ResultColumns[],
  length: number,
): OrganizationColumns | undefined {
  if (!parts.some((p) => p.organizations !== undefined && p.length > 0)) return undefined;
  const ids = dictEncoder();
  const names = dictEncoder();
  const idCodes = new Int32Array(length);
  const nameCodes = new Int32Array(length);
  let row = 0;
  for (const part of parts) {
    const tags = part.organizations;
    for (let i = 0; i < part.length; i++, row++) {
      const id = tags?.ids[i];
      idCodes[row] = ids.encode(id ?? null);
      nameCodes[row] = names.encode(id === undefined ? null : (tags?.names.get(id) ?? id));
    }
  }
  return { id: { codes: idCodes, values: ids.values }, name: { codes: nameCodes, values: names.values } };
}
