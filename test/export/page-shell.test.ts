import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PAGE_CSS } from '../../lib/export/page-css';
import { pageShell } from '../../lib/export/page-shell';

test('a whole document: escaped title, the shared CSS and the plotly tag in head, the body lines in main', () => {
  const html = pageShell('Costs <b>&</b> "spend"', '<script src="p.js"></script>', ['<p>one</p>', '<p>two</p>']);
  assert.equal(
    html,
    [
      '<!doctype html>',
      '<html lang="en">',
      '<head>',
      '<meta charset="utf-8">',
      '<meta name="viewport" content="width=device-width, initial-scale=1">',
      '<title>Costs &lt;b&gt;&amp;&lt;/b&gt; &quot;spend&quot;</title>',
      `<style>${PAGE_CSS}</style>`,
      '<script src="p.js"></script>',
      '</head>',
      '<body>',
      '<main>',
      '<p>one</p>',
      '<p>two</p>',
      '</main>',
      '</body>',
      '</html>',
      '',
    ].join('\n'),
  );
});

test('a title cannot end the title element or open a script', () => {
  const html = pageShell('</title><script>alert(1)</script>', '', []);
  assert.equal(html.match(/<\/title>/g)?.length, 1);
  assert.ok(!html.includes('<script>alert'));
  assert.ok(html.includes('<main>\n</main>'), 'no body: an empty main');
});

test('the stylesheet cannot end its element early', () => {
  assert.ok(!/<\/style/i.test(PAGE_CSS));
});
