/** Small, print-friendly stylesheet shared by single-figure pages and reports. */
export const PAGE_CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f5f6f8; color: #1d2430;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
main { max-width: 1200px; margin: 0 auto; padding: 24px 20px 48px; }
header h1 { margin: 0 0 4px; font-size: 26px; }
header p { margin: 0; color: #5b6574; }
dl.about { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0 0; color: #5b6574; }
dl.about dt { font-weight: 600; }
dl.about dd { margin: 0; }
nav.toc { margin: 20px 0 28px; padding: 12px 20px; background: #fff; border: 1px solid #e1e4ea; border-radius: 8px; }
nav.toc h2 { margin: 4px 0 8px; font-size: 16px; }
nav.toc ol { margin: 0; padding-left: 22px; columns: 2 320px; }
nav.toc a { color: #1f5fa8; text-decoration: none; }
nav.toc a:hover { text-decoration: underline; }
section.card { background: #fff; border: 1px solid #e1e4ea; border-radius: 8px; padding: 8px; margin: 0 0 24px;
  break-inside: avoid; }
section.card h2 { margin: 8px 12px; font-size: 18px; }
.plot { width: 100%; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { padding: 4px 8px; border-bottom: 1px solid #e1e4ea; text-align: left; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.table-wrap { overflow-x: auto; padding: 0 12px 12px; }
`;
