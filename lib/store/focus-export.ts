import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { csvText } from '../shared/index';
import { ENDPOINTS, organizationTagOf } from '../catalogue/index';
import { lineItemListPrice, type LineItemListPrice } from '../insights/index';
import { UNLABELLED_ORGANIZATION, UNLABELLED_ORGANIZATION_NAME, type UsageStore } from './store';
import { normalizeCoverage } from './coverage';
import { sqlString } from './sql-driver';
import { groupingsHolding, parseGroupingKey } from './table-schema';

/** FOCUS 1.2 columns written, in order (the Cost and Usage dataset; every mandatory column, nulls where n/a). */
export const FOCUS_COLUMNS = [
  'AvailabilityZone',
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingAccountType',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'CapacityReservationId',
  'CapacityReservationStatus',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargeFrequency',
  'ChargePeriodEnd',
  'ChargePeriodStart',
  'CommitmentDiscountCategory',
  'CommitmentDiscountId',
  'CommitmentDiscountName',
  'CommitmentDiscountQuantity',
  'CommitmentDiscountStatus',
  'CommitmentDiscountType',
  'CommitmentDiscountUnit',
  'ConsumedQuantity',
  'ConsumedUnit',
  'ContractedCost',
  'ContractedUnitPrice',
  'EffectiveCost',
  'InvoiceId',
  'InvoiceIssuerName',
  'ListCost',
  'ListUnitPrice',
  'PricingCategory',
  'PricingCurrency',
  'PricingCurrencyContractedUnitPrice',
  'PricingCurrencyEffectiveCost',
  'PricingCurrencyListUnitPrice',
  'PricingQuantity',
  'PricingUnit',
  'ProviderName',
  'PublisherName',
  'RegionId',
  'RegionName',
  'ResourceId',
  'ResourceName',
  'ResourceType',
  'ServiceCategory',
  'ServiceName',
  'ServiceSubcategory',
  'SkuId',
  'SkuMeter',
  'SkuPriceDetails',
  'SkuPriceId',
  'SubAccountId',
  'SubAccountName',
  'SubAccountType',
  'Tags',
  // Custom column (FOCUS allows x_-prefixed ones): why ListCost is the billed cost, where no list price is published.
  'x_ListPriceMissing',
] as const;
export type FocusColumn = (typeof FOCUS_COLUMNS)[number];
export type FocusRow = Record<FocusColumn, string | number | null>;

const NUMERIC: ReadonlySet<string> = new Set([
  'BilledCost',
  'CommitmentDiscountQuantity',
  'ConsumedQuantity',
  'ContractedCost',
  'ContractedUnitPrice',
  'EffectiveCost',
  'ListCost',
  'ListUnitPrice',
  'PricingCurrencyContractedUnitPrice',
  'PricingCurrencyEffectiveCost',
  'PricingCurrencyListUnitPrice',
  'PricingQuantity',
]);

/** Units of the Costs API (and of line items without one) in FOCUS's unit format. */
const UNITS: Readonly<Record<string, string>> = {
  tokens: 'Tokens',
  images: 'Images',
  characters: 'Characters',
  duration_seconds: 'Seconds',
  gibibyte_hours: 'GiB-Hours',
  sessions: 'Sessions',
  calls: 'Calls',
};

/** A tag's value as the text a grouped dimension gives (String of whatever the result holds). */
const text = (value: unknown): string => String(value);

const iso = (t: number): string => new Date(t * 1000).toISOString().replace(/\.000Z$/, 'Z');

function monthBounds(t: number): [number, number] {
  const d = new Date(t * 1000);
  return [
    Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 1000,
    Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / 1000,
  ];
}

/** The unit of a line item: the Costs API's own, else the counted noun its name ends with ("… tool calls"). */
export function pricingUnit(lineItem: string, quantityUnit: string | null): string | null {
  const raw = quantityUnit ?? /(sessions|calls)$/.exec(lineItem)?.[1] ?? null;
  return raw === null ? null : (UNITS[raw] ?? raw);
}

/** A daily costs bucket as the API sends it (grouped by at least project_id and line_item). */
export interface CostsBucketLike {
  start_time: number;
  end_time: number;
  /** Results as the API sends them (`WireCostsResult`) or as the store rebuilds them. */
  results: ReadonlyArray<object>;
}

/** The billing account of FOCUS rows: the organization's ID and its configured name. */
export interface BillingAccount {
  id: string;
  name: string;
}

/** The account of rows read from the API with no organization known. */
const UNKNOWN_ACCOUNT: BillingAccount = { id: 'openai-organization', name: 'OpenAI organization' };

/**
 * FOCUS 1.2 rows from daily costs buckets grouped by project and line item: one row per day, project and line item
 * (other grouped dimensions go to Tags). BilledCost is what the Costs API billed; ListCost is quantity × the
 * undiscounted list price (`lineItemListPrice`: a batch row's is its standard price), else the billed cost with
 * `x_ListPriceMissing` saying why (no published price to compare with).
 * @param projectNames project id -> name (SubAccountName; the id when unknown)
 * @param listPrice the list price of a line item's unit, asked once per distinct line item (a year of days repeats
 *   the same few hundred line items, and each price-data lookup costs tens of microseconds)
 * @param account the organization: BillingAccountId is its ID, BillingAccountName its configured name (a result a
 *   read of several organizations tagged has its own organization's)
 * @example const rows = focusFromBuckets(costBuckets) // one FocusRow per bucket result, ListCost priced by line item
 */
export function focusFromBuckets(
  buckets: readonly CostsBucketLike[],
  projectNames: ReadonlyMap<string, string> = new Map(),
  listPrice: (lineItem: string) => LineItemListPrice = lineItemListPrice,
  account: BillingAccount = UNKNOWN_ACCOUNT,
): FocusRow[] {
  const others = ENDPOINTS.costs.groupBy.filter((d) => d !== 'project_id' && d !== 'line_item');
  const memo = focusMemo(listPrice, account);
  const out: FocusRow[] = [];
  for (const b of buckets) {
    // The same four timestamps for every row of a day: formatted once per bucket.
    const [periodStart, periodEnd] = monthBounds(b.start_time);
    const period: ChargePeriod = {
      billingStart: iso(periodStart),
      billingEnd: iso(periodEnd),
      chargeStart: iso(b.start_time),
      chargeEnd: iso(b.end_time),
    };
    // Read in place (a year is ~10^5 results: copying each into a record first cost a third of the time).
    for (const result of b.results)
      out.push(focusRow(period, result as Readonly<Record<string, unknown>>, others, projectNames, memo));
  }
  return out;
}

/**
 * What rows share, worked out once per distinct value: a line item's unit (by the API's unit), list price and the
 * reason a row without quantity has none, a currency's code, a tagged organization's account. A year repeats the
 * same few hundred line items over ~10^5 rows, and each price-data lookup costs tens of microseconds.
 */
interface FocusMemo {
  unit(lineItem: string, quantityUnit: string | null): string | null;
  price(lineItem: string): LineItemListPrice;
  noQuantity(lineItem: string): LineItemListPrice;
  currency(raw: string): string;
  account(result: object): BillingAccount;
}

function focusMemo(listPrice: (lineItem: string) => LineItemListPrice, fallback: BillingAccount): FocusMemo {
  const once = <K, V>(make: (key: K) => V): ((key: K) => V) => {
    const known = new Map<K, V>();
    return (key) => {
      let value = known.get(key);
      if (value === undefined && !known.has(key)) known.set(key, (value = make(key)));
      return value as V;
    };
  };
  const units = once((quantityUnit: string | null) => once((lineItem: string) => pricingUnit(lineItem, quantityUnit)));
  const accounts = new Map<string, Map<string, BillingAccount>>();
  return {
    unit: (lineItem, quantityUnit) => units(quantityUnit)(lineItem),
    price: once(listPrice),
    noQuantity: once((lineItem: string) => ({
      unitPrice: null,
      missing: `no quantity billed for ${JSON.stringify(lineItem)}`,
    })),
    currency: once((raw: string) => raw.toUpperCase()),
    // The billing account of one result: its organization's, when a read of several tagged it.
    account: (result) => {
      const tag = organizationTagOf(result);
      if (tag === undefined) return fallback;
      const byName = accounts.get(tag.organization_id) ?? new Map<string, BillingAccount>();
      accounts.set(tag.organization_id, byName);
      let known = byName.get(tag.organization);
      if (known === undefined)
        byName.set(tag.organization, (known = { id: tag.organization_id, name: tag.organization }));
      return known;
    },
  };
}

const NO_LINE_ITEM: LineItemListPrice = { unitPrice: null, missing: 'no line item' };

/** A bucket's billing month and charge period as FOCUS timestamps. */
interface ChargePeriod {
  billingStart: string;
  billingEnd: string;
  chargeStart: string;
  chargeEnd: string;
}

function focusRow(
  period: ChargePeriod,
  result: Readonly<Record<string, unknown>>,
  others: readonly string[],
  names: ReadonlyMap<string, string>,
  memo: FocusMemo,
): FocusRow {
  const amount = result['amount'];
  const money = typeof amount === 'object' && amount !== null ? (amount as Readonly<Record<string, unknown>>) : {};
  const billed = Number(money['value'] ?? 0);
  const rawCurrency = typeof money['currency'] === 'string' ? money['currency'] : 'usd';
  const account = memo.account(result);
  const rawLineItem = result['line_item'];
  const lineItem = typeof rawLineItem === 'string' ? rawLineItem : null;
  const rawProject = result['project_id'];
  const project = typeof rawProject === 'string' ? rawProject : null;
  const rawQuantity = result['quantity'];
  const quantity = typeof rawQuantity === 'number' ? rawQuantity : null;
  const rawUnit = result['quantity_unit'];
  const unit = lineItem === null ? null : memo.unit(lineItem, typeof rawUnit === 'string' ? rawUnit : null);
  const listed: LineItemListPrice =
    lineItem === null
      ? NO_LINE_ITEM
      : quantity === null || unit === null
        ? memo.noQuantity(lineItem)
        : memo.price(lineItem);
  const unitPrice = listed.unitPrice;
  const listCost = unitPrice === null || quantity === null ? billed : unitPrice * quantity;
  const tags: Record<string, string> = {};
  for (const d of others) {
    const v: unknown = result[d];
    if (v !== null && v !== undefined) tags[d] = text(v);
  }
  const currency = memo.currency(rawCurrency);
  const hasQuantity = quantity !== null && unit !== null;
  const effectiveUnit = hasQuantity && quantity > 0 ? billed / quantity : null;
  return {
    AvailabilityZone: null,
    BilledCost: billed,
    BillingAccountId: account.id,
    BillingAccountName: account.name,
    BillingAccountType: 'Organization',
    BillingCurrency: currency,
    BillingPeriodEnd: period.billingEnd,
    BillingPeriodStart: period.billingStart,
    CapacityReservationId: null,
    CapacityReservationStatus: null,
    ChargeCategory: 'Usage',
    ChargeClass: null,
    ChargeDescription: lineItem,
    ChargeFrequency: 'Usage-Based',
    ChargePeriodEnd: period.chargeEnd,
    ChargePeriodStart: period.chargeStart,
    CommitmentDiscountCategory: null,
    CommitmentDiscountId: null,
    CommitmentDiscountName: null,
    CommitmentDiscountQuantity: null,
    CommitmentDiscountStatus: null,
    CommitmentDiscountType: null,
    CommitmentDiscountUnit: null,
    ConsumedQuantity: hasQuantity ? quantity : null,
    ConsumedUnit: hasQuantity ? unit : null,
    ContractedCost: billed,
    ContractedUnitPrice: effectiveUnit,
    EffectiveCost: billed,
    InvoiceId: null,
    InvoiceIssuerName: 'OpenAI',
    ListCost: listCost,
    ListUnitPrice: hasQuantity ? (unitPrice ?? effectiveUnit) : null,
    PricingCategory: 'Standard',
    PricingCurrency: currency,
    PricingCurrencyContractedUnitPrice: effectiveUnit,
    PricingCurrencyEffectiveCost: billed,
    PricingCurrencyListUnitPrice: hasQuantity ? (unitPrice ?? effectiveUnit) : null,
    PricingQuantity: hasQuantity ? quantity : null,
    PricingUnit: hasQuantity ? unit : null,
    ProviderName: 'OpenAI',
    PublisherName: 'OpenAI',
    RegionId: null,
    RegionName: null,
    ResourceId: null,
    ResourceName: null,
    ResourceType: null,
    ServiceCategory: 'AI and Machine Learning',
    ServiceName: 'OpenAI API',
    ServiceSubcategory: 'Generative AI',
    SkuId: lineItem,
    SkuMeter: lineItem,
    SkuPriceDetails: null,
    SkuPriceId: lineItem,
    SubAccountId: project,
    SubAccountName: project === null ? null : (names.get(project) ?? project),
    SubAccountType: project === null ? null : 'Project',
    Tags: Object.keys(tags).length === 0 ? null : JSON.stringify(tags),
    x_ListPriceMissing: listed.missing,
  };
}

/** A FOCUS export: the rows, and the stored days of costs it could not include (said, never dropped silently). */
export interface FocusExport {
  rows: FocusRow[];
  /**
   * Days of stored daily costs with no grouping by project and line item (e.g. only a notebook's costs by project):
   * FOCUS needs both, so they are not in `rows`. Contiguous days as [start, end) per organization, with the
   * groupings they have.
   */
  leftOut: Array<{ organizationId: string; start: number; end: number; groupings: string[] }>;
}

const DAY = 86_400;

/**
 * FOCUS rows of everything the store holds of daily costs, one billing account per organization (its ID and
 * configured name): each stored day of each organization from its smallest stored grouping that has project and
 * line item (days synced under different groupings all count, none twice), names from its directory; days stored
 * only under groupings without both are listed in `leftOut`.
 */
export async function focusExport(store: UsageStore): Promise<FocusExport> {
  const keys = (await store.coverageKeys()).filter((k) => k.endpoint === 'costs' && k.width === '1d');
  if (keys.length === 0) throw new Error(`store ${store.location} holds no daily costs: run npm run sync first`);
  const recorded = new Map((await store.listOrganizations()).map((o) => [o.id, o.name]));
  const rows: FocusRow[] = [];
  const leftOut: FocusExport['leftOut'] = [];
  for (const organizationId of [...new Set(keys.map((k) => k.organizationId))].sort()) {
    const account: BillingAccount = {
      id: organizationId,
      name:
        organizationId === UNLABELLED_ORGANIZATION
          ? UNLABELLED_ORGANIZATION_NAME
          : (recorded.get(organizationId) ?? organizationId),
    };
    const part = await organizationFocus(
      store,
      keys.filter((k) => k.organizationId === organizationId),
      account,
    );
    rows.push(...part.rows);
    leftOut.push(...part.leftOut);
  }
  return { rows, leftOut };
}

/** One organization's FOCUS rows and left-out days (see `focusExport`). */
async function organizationFocus(
  store: UsageStore,
  keys: Awaited<ReturnType<UsageStore['coverageKeys']>>,
  account: BillingAccount,
): Promise<FocusExport> {
  const organizations = [account.id];
  const usable = groupingsHolding(keys, ['project_id', 'line_item']);
  const names = new Map<string, string>();
  for (const e of await store.readDirectory(organizations))
    if (e.kind === 'project' && e.name !== null) names.set(e.id, e.name);
  const taken = new Set<number>();
  const buckets: CostsBucketLike[] = [];
  for (const key of usable) {
    // Contiguous covered spans one by one (a backfill may leave holes; each span is read as the API would answer it).
    for (const span of normalizeCoverage((await store.coverage(key)).map((c) => ({ ...c, final: true })))) {
      const read = await store.readRange('costs', {
        start: span.start,
        end: span.end,
        width: '1d',
        groupBy: parseGroupingKey(key.grouping),
        organizations,
      });
      for (const b of read) {
        if (taken.has(b.start_time)) continue;
        taken.add(b.start_time);
        buckets.push(b);
      }
    }
  }
  const missing = new Map<number, Set<string>>();
  for (const key of keys) {
    if (usable.includes(key)) continue;
    for (const span of normalizeCoverage((await store.coverage(key)).map((c) => ({ ...c, final: true })))) {
      for (let day = Math.floor(span.start / DAY) * DAY; day < span.end; day += DAY) {
        if (taken.has(day)) continue;
        const groupings = missing.get(day) ?? new Set<string>();
        groupings.add(key.grouping);
        missing.set(day, groupings);
      }
    }
  }
  const leftOut: FocusExport['leftOut'] = [];
  for (const day of [...missing.keys()].sort((a, b) => a - b)) {
    const groupings = [...(missing.get(day) ?? [])].sort();
    const last = leftOut[leftOut.length - 1];
    if (last !== undefined && last.end === day && last.groupings.join('|') === groupings.join('|')) last.end += DAY;
    else leftOut.push({ organizationId: account.id, start: day, end: day + DAY, groupings });
  }
  buckets.sort((a, b) => a.start_time - b.start_time);
  return { rows: focusFromBuckets(buckets, names, lineItemListPrice, account), leftOut };
}

/** FOCUS rows of everything the store holds of daily costs by project and line item (see `focusExport`). */
export async function focusRows(store: UsageStore): Promise<FocusRow[]> {
  return (await focusExport(store)).rows;
}

/** The one line that says which stored days a FOCUS export left out, and how to get them in. */
export function focusLeftOutNotice(leftOut: FocusExport['leftOut']): string | null {
  if (leftOut.length === 0) return null;
  const days = leftOut.reduce((n, s) => n + (s.end - s.start) / DAY, 0);
  // Which organization, once the store holds more than one (and rows of a version-2 store not claimed yet).
  const several = new Set(leftOut.map((s) => s.organizationId)).size > 1;
  const spans = leftOut
    .map((s) => {
      const from = iso(s.start).slice(0, 10);
      const to = iso(s.end - DAY).slice(0, 10);
      const of = several
        ? `${s.organizationId === UNLABELLED_ORGANIZATION ? UNLABELLED_ORGANIZATION_NAME : s.organizationId} `
        : '';
      return `${of}${from === to ? from : `${from} to ${to}`} (grouped by ${s.groupings.map((g) => g || 'nothing').join(' or ')})`;
    })
    .join(', ');
  return (
    `FOCUS export: ${days} stored day${days === 1 ? '' : 's'} of costs left out, stored without project and line ` +
    `item: ${spans}; run npm run sync -- --since <first day> to store them by project and line item.`
  );
}

/**
 * A row's cells in {@link FOCUS_COLUMNS} order, into `out` from `at`. Spelled out: one named read per column is several times
 * faster than `r[column]` over the column names (a year is 6 million cells).
 */
export function focusCells(r: FocusRow, out: Array<string | number | boolean | null | undefined>, at = 0): void {
  out[at + 0] = r.AvailabilityZone;
  out[at + 1] = r.BilledCost;
  out[at + 2] = r.BillingAccountId;
  out[at + 3] = r.BillingAccountName;
  out[at + 4] = r.BillingAccountType;
  out[at + 5] = r.BillingCurrency;
  out[at + 6] = r.BillingPeriodEnd;
  out[at + 7] = r.BillingPeriodStart;
  out[at + 8] = r.CapacityReservationId;
  out[at + 9] = r.CapacityReservationStatus;
  out[at + 10] = r.ChargeCategory;
  out[at + 11] = r.ChargeClass;
  out[at + 12] = r.ChargeDescription;
  out[at + 13] = r.ChargeFrequency;
  out[at + 14] = r.ChargePeriodEnd;
  out[at + 15] = r.ChargePeriodStart;
  out[at + 16] = r.CommitmentDiscountCategory;
  out[at + 17] = r.CommitmentDiscountId;
  out[at + 18] = r.CommitmentDiscountName;
  out[at + 19] = r.CommitmentDiscountQuantity;
  out[at + 20] = r.CommitmentDiscountStatus;
  out[at + 21] = r.CommitmentDiscountType;
  out[at + 22] = r.CommitmentDiscountUnit;
  out[at + 23] = r.ConsumedQuantity;
  out[at + 24] = r.ConsumedUnit;
  out[at + 25] = r.ContractedCost;
  out[at + 26] = r.ContractedUnitPrice;
  out[at + 27] = r.EffectiveCost;
  out[at + 28] = r.InvoiceId;
  out[at + 29] = r.InvoiceIssuerName;
  out[at + 30] = r.ListCost;
  out[at + 31] = r.ListUnitPrice;
  out[at + 32] = r.PricingCategory;
  out[at + 33] = r.PricingCurrency;
  out[at + 34] = r.PricingCurrencyContractedUnitPrice;
  out[at + 35] = r.PricingCurrencyEffectiveCost;
  out[at + 36] = r.PricingCurrencyListUnitPrice;
  out[at + 37] = r.PricingQuantity;
  out[at + 38] = r.PricingUnit;
  out[at + 39] = r.ProviderName;
  out[at + 40] = r.PublisherName;
  out[at + 41] = r.RegionId;
  out[at + 42] = r.RegionName;
  out[at + 43] = r.ResourceId;
  out[at + 44] = r.ResourceName;
  out[at + 45] = r.ResourceType;
  out[at + 46] = r.ServiceCategory;
  out[at + 47] = r.ServiceName;
  out[at + 48] = r.ServiceSubcategory;
  out[at + 49] = r.SkuId;
  out[at + 50] = r.SkuMeter;
  out[at + 51] = r.SkuPriceDetails;
  out[at + 52] = r.SkuPriceId;
  out[at + 53] = r.SubAccountId;
  out[at + 54] = r.SubAccountName;
  out[at + 55] = r.SubAccountType;
  out[at + 56] = r.Tags;
  out[at + 57] = r.x_ListPriceMissing;
}

/**
 * FOCUS rows as CSV text (header row, empty cells for nulls), through the project's one CSV writer.
 * @example writeFileSync("out/focus.csv", focusCsv(focusFromBuckets(costBuckets)))
 */
export function focusCsv(rows: readonly FocusRow[]): string {
  // Each row's cells written straight into the writer's: no cell array per row, no iterator (6·10^6 cells a year).
  return csvText(FOCUS_COLUMNS, {
    count: rows.length,
    width: FOCUS_COLUMNS.length,
    write: (index, cells, at) => {
      const row = rows[index];
      if (row === undefined) throw new Error(`invalid FOCUS rows: no row at ${String(index)}`);
      focusCells(row, cells, at);
    },
  });
}

/** Writes focus_costs.csv and focus_costs.parquet (through DuckDB) into `outDir`; returns both paths. */
export async function writeFocus(
  store: UsageStore,
  outDir: string,
  onNotice: (line: string) => void = () => undefined,
): Promise<string[]> {
  const { rows, leftOut } = await focusExport(store);
  const notice = focusLeftOutNotice(leftOut);
  if (notice !== null) onNotice(notice);
  const csv = path.resolve(outDir, 'focus_costs.csv');
  const parquet = path.resolve(outDir, 'focus_costs.parquet');
  writeFileSync(csv, focusCsv(rows));
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    await conn.run(
      `CREATE TABLE focus (${FOCUS_COLUMNS.map((c) => `"${c}" ${NUMERIC.has(c) ? 'DOUBLE' : 'VARCHAR'}`).join(', ')})`,
    );
    const appender = await conn.createAppender('focus');
    for (const r of rows) {
      for (const c of FOCUS_COLUMNS) {
        const v = r[c];
        if (v === null) appender.appendNull();
        else if (NUMERIC.has(c)) appender.appendDouble(Number(v));
        else appender.appendVarchar(String(v));
      }
      appender.endRow();
    }
    appender.closeSync();
    await conn.run(`COPY focus TO ${sqlString(parquet)} (FORMAT parquet)`);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
  return [csv, parquet];
}
