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

test('Other pie subtitle: how many projects, their requests and their share of all', () => {
  const fig = otherProjectsPie(shareSplit);
  assert.equal(fig?.subtitle, '3 projects · 900 requests (9.0% of all)');
  const one = otherProjectsPie({
    main: [{ label: 'Other', value: 3, share: 1 }],
    other: [{ label: 'proj_beta', value: 3, share: 0.03 }],
    otherTotal: 3,
    total: 100,
    threshold: 0.05,
  });
  assert.equal(one?.subtitle, '1 project · 3 requests (3.0% of all)');
});

test('Other pie: null when the folded projects sum to nothing; no share of all without a total', () => {
  assert.equal(otherProjectsPie({ ...shareSplit, other: [{ label: 'a', value: 0, share: 0 }] }), null);
  const noTotal = otherProjectsPie({ ...shareSplit, total: 0 });
  assert.equal(noTotal?.subtitle, '3 projects · 900 requests');
});

test('Other pie with names and colours; the title can be given; a bad split or option is named', () => {
  const fig = otherProjectsPie(shareSplit, {
    names: new Map([['proj_delta', 'Batch jobs']]),
    colors: { proj_epsilon: '#050505' },
    title: 'The small ones',
  });
  assert.equal(fig?.title, 'The small ones');
  const pie = fig?.data[0];
  assert.ok(pie?.type === 'pie');
  assert.equal(pie.labels[0], 'Batch jobs');
  assert.equal(pie.customdata[0]?.[0], 'Batch jobs<br>ID: proj_delta');
  assert.equal(pie.marker.colors?.[2], '#050505');
  assert.throws(() => otherProjectsPie(shareSplit, { title: '' }), /^Error: invalid title: ""$/);
  assert.throws(() => otherProjectsPie({ ...shareSplit, other: null } as never), /^Error: invalid split: /);
  assert.throws(() => otherProjectsPie(shareSplit, { colors: { a: '' } }), /^Error: invalid colors\.a: ""$/);
});
