/** HTML: the one escaper for text placed in HTML pages and tables. */
export { escapeHtml } from './escape-html';
