import assert from 'node:assert/strict';
import { test } from 'node:test';
import { otherProjectsPie } from '../../lib/charts/other-projects-pie';
import { rawMarkup } from './figure-strings';
import { shareSplit, splitWithoutOther } from './sample-data';

test('Other pie breaks down the folded projects relative to their own total, escaped', () => {
  const fig = otherProjectsPie(shareSplit);
  assert.ok(fig !== null);
  assert.equal(fig.id, 'requests-other-projects-pie');
  assert.equal(fig.title, 'Breakdown of "Other" Projects by Model Requests');
  const pie = fig.data[0];
  assert.ok(pie?.type === 'pie');
  assert.equal(pie.labels[1], '&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&amp;amp;&lt;b&gt;bold&lt;/b&gt;');
  assert.deepEqual(
    pie.customdata.map((r) => r[2]),
    ['50.0%', '33.3%', '16.7%'],
  );
  assert.deepEqual(rawMarkup(fig), []);
});

test('Other pie is null when no project was folded', () => {
  assert.equal(otherProjectsPie(splitWithoutOther), null);
});
