import { escapeHtml } from '../html/index';
import { PAGE_CSS } from './page-css';

/** A complete HTML document: escaped `<title>`, shared CSS, the plotly.js tag in `<head>`, `body` in `<main>`. */
export function pageShell(title: string, plotlyTag: string, body: readonly string[]): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${PAGE_CSS}</style>`,
    plotlyTag,
    '</head>',
    '<body>',
    '<main>',
    ...body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
