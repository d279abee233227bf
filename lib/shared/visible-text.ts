/**
 * Characters that change how the text around them reads without showing themselves: C0/C1 controls (NUL…) other than
 * tab and line breaks, and the bidirectional marks, embeddings, overrides and isolates (`rtl\u202Egnp.exe` displays as
 * "rtlexe.png").
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Shows invisible control and bidi characters as visible `\uXXXX` escapes, for tables, chart labels and CSV. */
export function visibleText(text: string): string {
  return text.replace(INVISIBLE, (ch) => `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}
