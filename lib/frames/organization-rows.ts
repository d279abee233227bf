import type { OrganizationTag, UsageEndpointName } from '../catalogue/index';
import type { CostDimension, CostTable } from './cost-table';
import { pickRows, type DictColumn } from './dict-column';
import type { OrganizationColumns } from './organization-columns';
import type { UsageTable } from './usage-table';

function pickNumbers(column: Float64Array, rows: readonly number[]): Float64Array {
  return Float64Array.from(rows, (r) => column[r] ?? 0);
}

function pickOrganizations(
  columns: OrganizationColumns | undefined,
  rows: readonly number[],
): { organizations?: OrganizationColumns } {
  return columns === undefined
    ? {}
    : { organizations: { id: pickRows(columns.id, rows), name: pickRows(columns.name, rows) } };
}

/**
 * The rows `rows` of a costs table, in that order (same dictionaries); `untag` drops the organization columns (the
 * rows of one organization read as a table of one).
 */
export function costTableRows(table: CostTable, rows: readonly number[], untag = false): CostTable {
  const dimensions = Object.fromEntries(
    Object.entries(table.dimensions).map(([name, column]) => [name, pickRows(column, rows)]),
  ) as Record<CostDimension, DictColumn>;
  return {
    length: rows.length,
    startTime: pickNumbers(table.startTime, rows),
    endTime: pickNumbers(table.endTime, rows),
    amount: pickNumbers(table.amount, rows),
    currency: pickRows(table.currency, rows),
    lineItem: dimensions.line_item,
    projectId: dimensions.project_id,
    apiKeyId: dimensions.api_key_id,
    quantity: pickNumbers(table.quantity, rows),
    quantityUnit: pickRows(table.quantityUnit, rows),
    dimensions,
    ...(untag ? {} : pickOrganizations(table.organizations, rows)),
  };
}

/** The rows `rows` of a usage table, in that order (same dictionaries); `untag` as in {@link costTableRows}. */
export function usageTableRows<E extends UsageEndpointName>(
  table: UsageTable<E>,
  rows: readonly number[],
  untag = false,
): UsageTable<E> {
  const pick = <V, W>(record: Readonly<Partial<Record<string, V>>>, f: (v: V) => W): Record<string, W> => {
    const out: Record<string, W> = {};
    for (const [name, v] of Object.entries(record)) if (v !== undefined) out[name] = f(v);
    return out;
  };
  return {
    endpoint: table.endpoint,
    length: rows.length,
    startTime: pickNumbers(table.startTime, rows),
    endTime: pickNumbers(table.endTime, rows),
    // The same names as the table's own (every metric and dimension it has), each column narrowed to the rows.
    metrics: pick(table.metrics, (c) => pickNumbers(c, rows)) as UsageTable<E>['metrics'],
    dimensions: pick(table.dimensions, (c) => pickRows(c, rows)) as UsageTable<E>['dimensions'],
    ...(untag ? {} : pickOrganizations(table.organizations, rows)),
  };
}

/**
 * The organizations of tables read from several organizations, each once, in the order first met (table by table,
 * row by row); none for tables of one organization.
 */
export function organizationsOf(
  tables: readonly { readonly organizations?: OrganizationColumns; readonly length: number }[],
): OrganizationTag[] {
  const seen = new Map<string, OrganizationTag>();
  for (const t of tables) {
    const o = t.organizations;
    if (o === undefined) continue;
    for (let i = 0; i < t.length; i++) {
      const id = o.id.values[o.id.codes[i] ?? -1] ?? null;
      if (id === null || seen.has(id)) continue;
      seen.set(id, { organization_id: id, organization: o.name.values[o.name.codes[i] ?? -1] ?? id });
    }
  }
  return [...seen.values()];
}

/** The row indices of `table` read from the organization `organizationId` (none when the table is untagged). */
export function rowsOfOrganization(
  table: { readonly organizations?: OrganizationColumns; readonly length: number },
  organizationId: string,
): number[] {
  const o = table.organizations;
  if (o === undefined) return [];
  const code = o.id.values.indexOf(organizationId);
  const rows: number[] = [];
  for (let i = 0; i < table.length; i++) if (o.id.codes[i] === code) rows.push(i);
  return rows;
}

/**
 * Each row's organization in a table read from several organizations, by row index (one tag per organization, not
 * per row); undefined for every row of a table of one.
 */
export function organizationOfRow(
  columns: OrganizationColumns | undefined,
): (i: number) => OrganizationTag | undefined {
  if (columns === undefined) return () => undefined;
  const tags = new Map<number, OrganizationTag | undefined>();
  return (i) => {
    const code = columns.id.codes[i] ?? -1;
    if (tags.has(code)) return tags.get(code);
    const id = columns.id.values[code] ?? null;
    const tag =
      id === null
        ? undefined
        : { organization_id: id, organization: columns.name.values[columns.name.codes[i] ?? -1] ?? id };
    tags.set(code, tag);
    return tag;
  };
}
