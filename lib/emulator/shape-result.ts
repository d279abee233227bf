import type { EndpointSpec } from '../catalogue/index';
import { lineItemUnit } from './line-items';
import type { Group } from './aggregate-cells';

/** A JSON result object as sent on the wire. */
export type JsonResult = Record<string, unknown>;

/**
 * How `amount.value` is written: a JSON number (the schema), a numeric string (seen live), or a Decimal128 text as
 * some live bodies carry it (zero as "0E-6176", others with 39 significant digits).
 */
export type AmountFormat = 'number' | 'string' | 'decimal128';

/** Per-emulator choices of how results look; quirks seen in live bodies are off by default. */
export interface ShapeOptions {
  amountFormat: AmountFormat;
  /** Buckets starting before this (Unix s) omit the metrics older buckets lack (the cache-write TTL fields). */
  newFieldsSince: number;
  /** Costs results carry keys outside the spec: `organization_id`, `project_name`, `user_email`. */
  extraCostKeys: boolean;
  /** Costs results give `quantity` without its `quantity_unit` key. */
  quantityWithoutUnit: boolean;
  /** Buckets carry `start_time_iso` / `end_time_iso`. */
  bucketIsoTimes: boolean;
  /** Names for the extra keys (directory of the synthetic org). */
  names: { organizationId: string; projectName: (id: string) => string; userEmail: (id: string) => string };
}

/** Shapes a usage group: `object`, every metric, then every dimension key of the endpoint (null if ungrouped). */
export function usageResult(spec: EndpointSpec, group: Group, omit: ReadonlySet<string>): JsonResult {
  const out: JsonResult = { object: spec.resultObject };
  spec.metrics.forEach((name, k) => {
    if (!omit.has(name)) out[name] = group.metrics[k] ?? 0;
  });
  spec.groupBy.forEach((name, i) => {
    out[name] = group.dims[i] ?? null;
  });
  return out;
}

/** A number as a Decimal128 string: 39 significant digits, zero as Decimal128's zero with the smallest exponent. */
export function decimal128Text(value: number): string {
  if (value === 0) return '0E-6176';
  const intDigits = Math.max(1, Math.trunc(Math.abs(value)).toString().length);
  return value.toFixed(Math.min(100, Math.max(0, 39 - intDigits)));
}

function amountValue(value: number, format: AmountFormat): number | string {
  if (format === 'string') return String(value);
  if (format === 'decimal128') return decimal128Text(value);
  return value;
}

/** Shapes a costs group; quantity and its unit are only meaningful (and filled) when grouped by line item. */
export function costsResult(spec: EndpointSpec, group: Group, byLineItem: boolean, o: ShapeOptions): JsonResult {
  const dim = (name: string): unknown => group.dims[spec.groupBy.indexOf(name)] ?? null;
  const value = group.metrics[0] ?? 0;
  const lineItem = dim('line_item');
  const out: JsonResult = {
    object: spec.resultObject,
    amount: { value: amountValue(value, o.amountFormat), currency: 'usd' },
  };
  for (const name of spec.groupBy) out[name] = dim(name);
  out['quantity'] = byLineItem ? (group.metrics[1] ?? 0) : null;
  if (!o.quantityWithoutUnit) {
    out['quantity_unit'] = byLineItem && typeof lineItem === 'string' ? lineItemUnit(lineItem) : null;
  }
  if (o.extraCostKeys) {
    const project = dim('project_id');
    const user = dim('user_id');
    out['organization_id'] = o.names.organizationId;
    out['project_name'] = typeof project === 'string' ? o.names.projectName(project) : null;
    out['user_email'] = typeof user === 'string' ? o.names.userEmail(user) : null;
  }
  return out;
}
