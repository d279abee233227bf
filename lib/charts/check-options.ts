import type { BucketWidth } from '../catalogue/index';

/** Figure ids double as file names and DOM ids. */
const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Builds the uniform early-failure error: `invalid <name>: <value>`. */
export function invalid(name: string, value: unknown): Error {
  let shown: string;
  try {
    // Numbers as they read: JSON would write NaN and Infinity as "null", hiding what was wrong.
    shown =
      typeof value === 'string'
        ? JSON.stringify(value)
        : typeof value === 'number'
          ? String(value)
          : String(JSON.stringify(value) ?? value);
  } catch {
    shown = String(value);
  }
  return new Error(`invalid ${name}: ${shown}`);
}

/**
 * Checks that a typed array argument really is an array (callers from plain JS or JSON). Unlike a bare
 * `if (!Array.isArray(x))`, it does not narrow `readonly T[]` to `any[]`.
 */
export function checkArray<T>(value: readonly T[], name: string): void {
  if (!Array.isArray(value)) throw invalid(name, value);
}

/** Checks a figure id: lowercase letters, digits and single dashes. */
export function checkId(id: unknown, name = 'figure id'): string {
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) throw invalid(name, id);
  return id;
}

/** Checks a non-empty display string (title, label key, value label). */
export function checkText(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(name, value);
  return value;
}

/** Checks a bucket width against the API's values. */
export function checkBucketWidth(value: unknown): BucketWidth {
  if (value !== '1m' && value !== '1h' && value !== '1d') throw invalid('bucketWidth', value);
  return value;
}

/** Checks that every value is a finite number (NaN would silently vanish from a chart). */
export function checkFinite(values: readonly number[], name: string): void {
  for (const v of values) if (typeof v !== 'number' || !Number.isFinite(v)) throw invalid(name, v);
}

/** Checks an optional caller colour map: `{ name: '#rrggbb' | css colour }`. */
export function checkColors(colors: unknown): Readonly<Record<string, string>> | undefined {
  if (colors === undefined) return undefined;
  if (typeof colors !== 'object' || colors === null || Array.isArray(colors)) throw invalid('colors', colors);
  const checked: [string, string][] = [];
  for (const [k, v] of Object.entries(colors)) {
    if (typeof v !== 'string' || v === '') throw invalid(`colors.${k}`, v);
    checked.push([k, v]);
  }
  // fromEntries defines own keys: an assignment `out['__proto__'] = v` would drop that colour.
  return Object.fromEntries(checked);
}
