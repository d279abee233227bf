import assert from 'node:assert/strict';
import { test } from 'node:test';
import { barByGroup } from '../../lib/charts/bar-by-group';
import { groupCount } from '../../lib/charts/group-count';
import { sharePie } from '../../lib/charts/share-pie';

test('group counts read as words: singular, plural, thousands; an unknown key stays visible', () => {
  assert.equal(groupCount(8, 'project_id'), '8 projects');
  assert.equal(groupCount(1, 'api_key_id'), '1 API key');
  assert.equal(groupCount(1200, 'user_id'), '1,200 users');
  assert.equal(groupCount(3, 'size'), '3 size values');
});

test('bar and pie subtitles count projects, not "project_id values"', () => {
  const groups = ['p1', 'p2', 'p3'].map((id, i) => ({ keys: { project_id: id }, value: 10 ** i }));
  const opts = { id: 'cost-by-project', title: 'Cost', labelKey: 'project_id', valueLabel: 'Cost' };
  assert.match(barByGroup(groups, opts).subtitle ?? '', / · 3 projects$/);
  const pie = sharePie(groups, opts);
  assert.match(pie.subtitle ?? '', / · 3 projects$/);
  assert.ok(!JSON.stringify(pie).includes('project_id values'));
});
