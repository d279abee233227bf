/** Every string value inside a JSON-like value (keys excluded). */
export function stringValues(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringValues(v, out);
  else if (typeof value === 'object' && value !== null) for (const v of Object.values(value)) stringValues(v, out);
  return out;
}

/** Strings that still contain markup after removing the builders' own `<br>` and `<extra></extra>`. */
export function rawMarkup(value: unknown): string[] {
  return stringValues(value).filter((s) => s.replace(/<br>|<extra><\/extra>/g, '').includes('<'));
}
