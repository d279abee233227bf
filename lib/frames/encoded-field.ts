import { dictEncoder, type DictColumn } from './dict-column';
import type { ResultColumns } from './result-columns';
import { dimensionField } from './usage-table';

/** A dictionary column of a field's cells read as `dimensionField` reads them (runs of one value encoded once). */
export function encodedField(parts: readonly ResultColumns[], length: number, name: string): DictColumn {
  const encoder = dictEncoder();
  const codes = new Int32Array(length);
  let base = 0;
  for (const part of parts) {
    const cells = part.field(name);
    if (cells === undefined) codes.fill(encoder.encode(null), base, base + part.length);
    else {
      let last: unknown = undefined;
      let code = -1;
      for (let i = 0; i < part.length; i++) {
        const v = cells[i];
        if (v !== last || code < 0) {
          last = v;
          code = encoder.encode(typeof v === 'string' ? v : dimensionField(v));
        }
        codes[base + i] = code;
      }
    }
    base += part.length;
  }
  return { codes, values: encoder.values };
}
