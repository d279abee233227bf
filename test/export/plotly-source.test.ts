import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkPlotlySource, plotlyScriptTag } from '../../lib/export/plotly-source';

const CONFIG = '<script>window.PlotlyConfig = {MathJaxConfig: "local"};</script>';

test('inline, or a script URL (only its src is kept); nothing else', () => {
  assert.equal(checkPlotlySource('inline'), 'inline');
  assert.deepEqual(checkPlotlySource({ src: 'plotly.min.js', extra: 1 }), { src: 'plotly.min.js' });
  assert.deepEqual(checkPlotlySource({ src: 'https://cdn.example/plotly.js' }), {
    src: 'https://cdn.example/plotly.js',
  });
  for (const [bad, shown] of [
    ['cdn', '"cdn"'],
    [null, 'null'],
    [undefined, 'undefined'],
    [{}, '{}'],
    [{ src: '' }, '{"src":""}'],
    [{ src: '   ' }, '{"src":"   "}'],
    [{ src: 5 }, '{"src":5}'],
    [{ src: 'javascript:alert(1)' }, '{"src":"javascript:alert(1)"}'],
    [{ src: '  JavaScript:alert(1)' }, '{"src":"  JavaScript:alert(1)"}'],
  ] as const) {
    assert.throws(() => checkPlotlySource(bad), { message: `invalid plotly: ${shown}` });
  }
});

test('a script URL: the config tag, then the script with its src escaped; the bundle is not read', () => {
  const tag = plotlyScriptTag({ src: 'p.js?a=1&b="2"><script>' }, () => assert.fail('not read'));
  assert.equal(
    tag,
    `${CONFIG}\n<script src="p.js?a=1&amp;b=&quot;2&quot;&gt;&lt;script&gt;" charset="utf-8"></script>`,
  );
});

test('inline: the bundle inside the script element, unable to end it early', () => {
  const tag = plotlyScriptTag('inline', () => 'var s = "</script><!--";');
  assert.equal(tag, `${CONFIG}\n<script charset="utf-8">var s = "<\\/script><\\!--";</script>`);
  // Another bundle text is made safe afresh, not served from the last one.
  assert.equal(
    plotlyScriptTag('inline', () => 'var t = 1;'),
    `${CONFIG}\n<script charset="utf-8">var t = 1;</script>`,
  );
});
