import type { EndpointSpec } from '../catalogue/index';
import { lineItemUnit } from './cost-cells';
import type { Group } from './aggregate-cells';

/** A JSON result object as sent on the wire. */
export type JsonResult = Record<string, unknown>;

/** Shapes a usage group: `object`, every metric, then every dimension key of the endpoint (null if ungrouped). */
export function usageResult(spec: EndpointSpec, group: Group): JsonResult {
  const out: JsonResult = { object: spec.resultObject };
  spec.metrics.forEach((name, k) => {
    out[name] = group.metrics[k] ?? 0;
  });
  spec.groupBy.forEach((name, i) => {
    out[name] = group.dims[i] ?? null;
  });
  return out;
}

/** Shapes a costs group; quantity and its unit are only meaningful (and filled) when grouped by line item. */
export function costsResult(spec: EndpointSpec, group: Group, byLineItem: boolean, amountAsString: boolean): JsonResult {
  const dim = (name: string): unknown => group.dims[spec.groupBy.indexOf(name)] ?? null;
  const value = group.metrics[0] ?? 0;
  const lineItem = dim('line_item');
  const out: JsonResult = {
    object: spec.resultObject,
    amount: { value: amountAsString ? String(value) : value, currency: 'usd' },
  };
  for (const name of spec.groupBy) out[name] = dim(name);
  out['quantity'] = byLineItem ? group.metrics[1] ?? 0 : null;
  out['quantity_unit'] = byLineItem && typeof lineItem === 'string' ? lineItemUnit(lineItem) : null;
  return out;
}
