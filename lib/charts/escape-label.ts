/**
 * Entity-escapes `&`, `<` and `>` so Plotly shows a label as text: Plotly interprets a subset of HTML
 * (`<b>`, `<br>`, `<a href>`) in names, tick labels, hover and pie text, and decodes entities back for display.
 */
export function escapeLabel(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
