import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { inlineScriptText } from '../../lib/export/inline-script-text';

test('</script (any case) and <!-- are escaped; other text is left as it is', () => {
  assert.equal(inlineScriptText('a = "</script><img>"'), 'a = "<\\/script><img>"');
  assert.equal(inlineScriptText("'</SCRIPT >' + '</ScRiPt'"), "'<\\/SCRIPT >' + '<\\/ScRiPt'");
  assert.equal(inlineScriptText('s = "<!-- x -->"'), 's = "<\\!-- x -->"');
  assert.equal(inlineScriptText('x < y && y </ z; // </div>'), 'x < y && y </ z; // </div>');
  assert.equal(inlineScriptText(''), '');
});

test('property: no element end is left, and a string literal still means the same string', () => {
  const text = fc
    .array(fc.oneof(fc.string(), fc.constantFrom('</script', '</SCRIPT>', '<!--', '</scr', 'ipt>', '<', '!--')), {
      maxLength: 8,
    })
    .map((parts) => parts.join(''));
  fc.assert(
    fc.property(text, (s) => {
      const js = inlineScriptText(`value = ${JSON.stringify(s)};`);
      assert.ok(!/<\/script/i.test(js) && !js.includes('<!--'), js);
      // Evaluated as a script body, the escaped literal is the original text.
      const sandbox: { value?: unknown } = {};
      runInNewContext(js, sandbox);
      assert.equal(sandbox.value, s);
    }),
  );
});
