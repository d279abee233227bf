import type { EndpointSpec } from '../api/endpoints';
import type { JsonResult } from './shape-result';
import type { BucketRevision } from './types';

/** The results of a revised bucket: scaled metrics and amounts, one project's results gone. */
export function reviseResults(spec: EndpointSpec, results: readonly JsonResult[], revision: BucketRevision): JsonResult[] {
  return results
    .filter((r) => revision.dropProjectId === undefined || r['project_id'] !== revision.dropProjectId)
    .map((r) => {
      const out: JsonResult = { ...r };
      for (const name of spec.metrics) {
        const v = out[name];
        if (typeof v === 'number') out[name] = Math.round(v * revision.scale);
        else if (typeof v === 'object' && v !== null && 'value' in v) {
          const money = v as { value: unknown; currency: unknown };
          const value = typeof money.value === 'string' ? Number(money.value) : money.value;
          if (typeof value === 'number') out[name] = { ...money, value: typeof money.value === 'string' ? String(value * revision.scale) : value * revision.scale };
        }
      }
      return out;
    });
}
