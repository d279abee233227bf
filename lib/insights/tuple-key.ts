/** A key of four small numbers, each below its size. */
export type TupleKey = (a: number, b: number, c: number, d: number) => number | string;

/**
 * One key per tuple of small numbers (each below its size): the tuple's rank, a number while every rank fits a
 * double's integers (always, but for organizations of millions of users), else text. Map lookups by number are
 * what make a year of rows fast; text keys of the IDs themselves cost seconds. Arguments, not an array: no garbage
 * per key.
 */
export function tupleKey(sizes: readonly [number, number, number, number]): TupleKey {
  const [, x, y, z] = sizes.map((n) => Math.max(n, 1));
  const exact = sizes.reduce((a, n) => a * Math.max(n, 1), 1) <= Number.MAX_SAFE_INTEGER;
  if (x === undefined || y === undefined || z === undefined || !exact) return (a, b, c, d) => `${a}:${b}:${c}:${d}`;
  return (a, b, c, d) => ((a * x + b) * y + c) * z + d;
}
