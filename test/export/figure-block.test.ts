import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { costPerDayChart, type Figure } from '../../lib/charts/index';
import { figureBlock, plotElementId } from '../../lib/export/figure-block';
import { HOSTILE, dailyCosts } from '../charts/sample-data';

const json = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** Runs the block's script with a Plotly that records its call: what the browser would draw. */
function drawn(block: string): unknown[] {
  const script = /<script>([\s\S]*)<\/script>$/.exec(block)?.[1];
  assert.ok(script !== undefined, block);
  let args: unknown[] = [];
  runInNewContext(script, { Plotly: { newPlot: (...a: unknown[]) => (args = a) } });
  // Objects of the script's own realm, as plain JSON here: compared by value, not by prototype.
  return json(args);
}

test("a div sized to the layout's height (rounded), then the script drawing into it", () => {
  const fig: Figure = {
    ...costPerDayChart(dailyCosts),
    layout: { ...costPerDayChart(dailyCosts).layout, height: 420.6 },
  };
  const block = figureBlock(fig);
  const [div, script, ...rest] = block.split('\n');
  assert.deepEqual(rest, []);
  assert.equal(plotElementId(fig), 'plot-cost-per-day');
  assert.equal(div, '<div id="plot-cost-per-day" class="plot" style="height:421px"></div>');
  assert.match(script ?? '', /^<script>Plotly\.newPlot\("plot-cost-per-day", \[/);
  assert.deepEqual(drawn(block), json(['plot-cost-per-day', fig.data, fig.layout, fig.config]));
});

test('hostile labels cannot end the script, and reach plotly.js as written', () => {
  const base = costPerDayChart(dailyCosts);
  const fig: Figure = { ...base, layout: { ...base.layout, title: { ...base.layout.title, text: HOSTILE } } };
  const block = figureBlock(fig);
  assert.equal(block.match(/<\/script/gi)?.length, 1, 'only its own end tag');
  assert.ok(!block.includes('<!--'));
  const args = drawn(block);
  assert.deepEqual(args[2], json(fig.layout));
});

test('property: any text in the data reaches plotly.js unchanged', () => {
  const base = costPerDayChart(dailyCosts);
  const [bar] = base.data;
  if (bar?.type !== 'bar') throw new Error('the cost chart draws bars');
  fc.assert(
    fc.property(fc.array(fc.string({ unit: 'binary' }), { maxLength: 5 }), (labels) => {
      const trace = {
        ...bar,
        name: labels.join(''),
        x: labels,
        y: labels.map((_, i) => i),
        hovertemplate: labels.join('%'),
      };
      const fig: Figure = { ...base, data: [trace] };
      const block = figureBlock(fig);
      assert.equal(block.match(/<\/script/gi)?.length, 1);
      assert.deepEqual(drawn(block)[1], json(fig.data));
    }),
  );
});
