/**
 * A present value as table text: objects as JSON (never "[object Object]"), numbers and booleans as String() gives.
 * @example displayText({ a: 1 }) === '{"a":1}'; displayText(42) === '42'
 */
export function displayText(value: NonNullable<unknown>): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return value.toString();
  // Functions and symbols have no JSON form: show their kind.
  return JSON.stringify(value) ?? `(${typeof value})`;
}
