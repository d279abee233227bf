/** Narrowing helpers for JSON read from child processes. */

/** True for a plain JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One property of a JSON object (undefined when absent). */
export function field(record: Record<string, unknown>, name: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, name) ? record[name] : undefined;
}

/** A required finite number. */
export function numberField(record: Record<string, unknown>, name: string): number {
  const value = field(record, name);
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`invalid ${name}: ${String(value)}`);
  return value;
}

/** A required string. */
export function stringField(record: Record<string, unknown>, name: string): string {
  const value = field(record, name);
  if (typeof value !== 'string') throw new Error(`invalid ${name}: ${String(value)}`);
  return value;
}

/** A JSON object of numbers, e.g. `{"usage": 2160, …}`. */
export function numberRecord(record: Record<string, unknown>, name: string): Record<string, number> {
  const value = field(record, name);
  if (!isRecord(value)) throw new Error(`invalid ${name}: ${JSON.stringify(value)}`);
  const out: Record<string, number> = {};
  for (const key of Object.keys(value)) out[key] = numberField(value, key);
  return out;
}
