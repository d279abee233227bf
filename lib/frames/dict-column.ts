/**
 * A dictionary-encoded string column: `values[codes[i]]` is row i's value. Null stays null (it gets its
 * own code) so that "ungrouped" never collides with a real value.
 */
export interface DictColumn {
  readonly codes: Int32Array;
  readonly values: readonly (string | null)[];
}

/** Incremental encoder used by the table builders; one per column, local to one build. */
export interface DictEncoder {
  /** Returns the code of `value`, adding it to the dictionary on first sight. */
  encode(value: string | null): number;
  /** The dictionary built so far (code → value). */
  readonly values: (string | null)[];
}

/** Creates an encoder; codes are assigned in order of first appearance (deterministic for a given input). */
export function dictEncoder(): DictEncoder {
  const index = new Map<string, number>();
  const values: (string | null)[] = [];
  let nullCode = -1;
  return {
    values,
    encode(value) {
      if (value === null) {
        if (nullCode < 0) {
          nullCode = values.length;
          values.push(null);
        }
        return nullCode;
      }
      let code = index.get(value);
      if (code === undefined) {
        code = values.length;
        index.set(value, code);
        values.push(value);
      }
      return code;
    },
  };
}

/** Builds a DictColumn from plain values (small inputs, tests, derived keys such as dates). */
export function dictColumn(values: readonly (string | null)[]): DictColumn {
  const encoder = dictEncoder();
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) codes[i] = encoder.encode(values[i] ?? null);
  return { codes, values: encoder.values };
}

/** Row `i`'s value of a column (null for a null value, a row past the end, or no column at all). */
export function valueAt(column: DictColumn | undefined, i: number): string | null {
  return column === undefined ? null : (column.values[column.codes[i] ?? -1] ?? null);
}

/** The rows `rows` of a column, in that order (same dictionary). */
export function pickRows(column: DictColumn, rows: readonly number[]): DictColumn {
  return { codes: Int32Array.from(rows, (r) => column.codes[r] ?? 0), values: column.values };
}

/** Label used wherever a null dimension must become a string (chart labels, pivots, share slices). */
export const UNGROUPED = '(none)';

/** The value of a dictionary code as a display label (null → UNGROUPED). */
export function labelOf(column: DictColumn, code: number): string {
  return column.values[code] ?? UNGROUPED;
}

/**
 * What a null key of a dimension means where it is common and large, said instead of a bare "(none)": a quarter or
 * more of the requests come from service-account keys, which belong to no user.
 */
// A Map, not an object literal: a dimension named "constructor" or "__proto__" must not read Object.prototype's members.
const NULL_MEANINGS: ReadonlyMap<string, string> = new Map([['user_id', '(no user: service-account keys)']]);

/** The label of a null key of `dimension`: its meaning when known, else "(none)" (charts and series agree). */
export function nullLabel(dimension: string): string {
  return NULL_MEANINGS.get(dimension) ?? UNGROUPED;
}
