import assert from 'node:assert/strict';
import { test } from 'node:test';
import { showNotice } from '../../lib/notebook/show-notice';
import { recorder, textOf } from './display-recorder';

test('a notice is one output: the line escaped in a blue note (info, the default), as is in text/plain', () => {
  const { writer, published } = recorder();
  showNotice('Names from <b>the</b> directory & "more"', undefined, writer);
  assert.equal(published.length, 1);
  const [out] = published;
  assert.deepEqual(out?.metadata, { 'usage-notebooks': { role: 'notice' } });
  assert.equal(out?.bundle['text/plain'], 'Names from <b>the</b> directory & "more"');
  const html = textOf(out?.bundle['text/html']);
  assert.match(
    html,
    /^<div style="border-left:4px solid #1565c0;[^"]*">Names from &lt;b&gt;the&lt;\/b&gt; directory &amp; (&quot;|")more(&quot;|")<\/div>$/,
  );
});

test('a warning is an orange note; a script in the line stays text', () => {
  const { writer, published } = recorder();
  showNotice('</div><script>alert(1)</script>', 'warning', writer);
  const html = textOf(published[0]?.bundle['text/html']);
  assert.match(html, /^<div style="border-left:4px solid #b26a00;/);
  assert.ok(!html.includes('<script>') && html.endsWith('&lt;/script&gt;</div>'));
});
