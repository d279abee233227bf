/** Characters that could end a `<script>` element, open an HTML comment or break a JS line when embedded. */
const UNSAFE = /[<>&/\u2028\u2029]/g;

/**
 * `JSON.stringify` whose output is safe inside an HTML `<script>` element: `<`, `>`, `&`, `/`, U+2028 and U+2029
 * become `\uXXXX` escapes (as plotly.py's `to_json_plotly`), so `</script>` in any string cannot close the tag.
 * `JSON.parse` of the result gives back the same value. Throws `invalid json value` for non-serializable input.
 */
export function safeJson(value: unknown): string {
  const json = JSON.stringify(value);
  if (typeof json !== 'string') throw new Error(`invalid json value: ${typeof value}`);
  return json.replace(UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
