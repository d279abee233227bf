/**
 * Makes JavaScript safe inside an inline `<script>`: `</script` and `<!--` would end or confuse the script element.
 * Both only occur inside string/regex literals in practice, where `<\/` and `<\!` mean the same characters.
 */
export function inlineScriptText(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}
