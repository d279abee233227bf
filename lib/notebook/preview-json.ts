/**
 * Pretty-printed JSON of the first `count` items plus "… N more buckets", so a raw-response cell stays readable
 * (the seed printed every page).
 * @example previewJson([{ a: 1 }, { a: 2 }, { a: 3 }], 1) // '[\n  {\n    "a": 1\n  }\n]\n… 2 more buckets (3 in total)'
 */
export function previewJson(items: readonly unknown[], count = 2, noun = 'bucket'): string {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`invalid count: ${count}`);
  const shown = JSON.stringify(items.slice(0, count), null, 2);
  const rest = items.length - Math.min(count, items.length);
  return rest > 0
    ? `${shown}\n… ${rest.toLocaleString('en-US')} more ${noun}${rest === 1 ? '' : 's'} (${items.length.toLocaleString('en-US')} in total)`
    : shown;
}
