import assert from 'node:assert/strict';
import { test } from 'node:test';
import { projectLabels } from '../../lib/dashboard/project-labels';
import { parseEvery } from '../../lib/dashboard/schedule';
import { parseViewParams } from '../../lib/dashboard/view-params';

const NOW = Date.parse('2026-11-20T15:30:00Z');
const DAY = 86_400;
const TODAY = Date.parse('2026-11-20T00:00:00Z') / 1000;
const parse = (q: string): ReturnType<typeof parseViewParams> =>
  parseViewParams(new URLSearchParams(q), { now: NOW, maxDays: 90 });

test('days=N is the last N UTC days, today included; the default is 30', () => {
  assert.deepEqual(parse('days=7').range, { start: TODAY - 6 * DAY, end: TODAY + DAY });
  assert.equal(parse('days=7').from, '2026-11-14');
  assert.equal(parse('days=7').to, '2026-11-20');
  assert.equal(parse('').days, 30);
  assert.deepEqual(parse('').range, { start: TODAY - 29 * DAY, end: TODAY + DAY });
});

test('the default days never exceed the widest range the server keeps', () => {
  const narrow = parseViewParams(new URLSearchParams(''), { now: NOW, maxDays: 7 });
  assert.equal(narrow.days, 7);
  assert.deepEqual(narrow.range, { start: TODAY - 6 * DAY, end: TODAY + DAY });
  assert.equal(parseViewParams(new URLSearchParams(''), { now: NOW, maxDays: 29, defaultDays: 14 }).days, 14);
  // An explicit wider value is still refused: a URL asks for exactly what it says.
  assert.throws(
    () => parseViewParams(new URLSearchParams('days=30'), { now: NOW, maxDays: 7 }),
    /^RangeError: invalid days: "30" \(an integer from 1 to 7\)$/,
  );
});

test('from/to are inclusive UTC dates; projects and models repeat and are deduplicated', () => {
  const v = parse('from=2026-11-01&to=2026-11-03&project=p1&project=p2&project=p1&model=m');
  assert.deepEqual(v.range, {
    start: Date.parse('2026-11-01T00:00:00Z') / 1000,
    end: Date.parse('2026-11-04T00:00:00Z') / 1000,
  });
  assert.equal(v.days, undefined);
  assert.deepEqual(v.projectIds, ['p1', 'p2']);
  assert.deepEqual(v.models, ['m']);
});

test('bad views fail with what is allowed', () => {
  assert.throws(() => parse('days=0'), /^RangeError: invalid days: "0" \(an integer from 1 to 90\)$/);
  assert.throws(() => parse('days=91'), /invalid days: "91"/);
  assert.throws(() => parse('days=7.5'), /invalid days: "7.5"/);
  assert.throws(() => parse('days=1e1'), /invalid days: "1e1"/);
  assert.throws(() => parse('from=2026-02-30&to=2026-03-01'), /invalid from: "2026-02-30" \(a date YYYY-MM-DD\)/);
  assert.throws(() => parse('from=2026-11-10&to=2026-11-01'), /invalid range: from 2026-11-10 is after to 2026-11-01/);
  assert.throws(() => parse('from=2026-01-01&to=2026-11-01'), /invalid range: 305 days \(at most 90\)/);
  assert.throws(() => parse('days=7&from=2026-11-01'), /invalid range: days together with from\/to/);
});

test('project labels: the name, "name (…id tail)" when names collide, the id when there is no name', () => {
  const labels = projectLabels([
    { id: 'p1', name: 'Search' },
    { id: 'p2', name: 'Chat' },
    { id: 'p3', name: 'Chat' },
    { id: 'p4', name: 'p4' },
    { id: 'p5', name: '' },
  ]);
  assert.deepEqual(
    [...labels],
    [
      ['p1', 'Search'],
      ['p2', 'Chat (…p2)'],
      ['p3', 'Chat (…p3)'],
      ['p4', 'p4'],
      ['p5', 'p5'],
    ],
  );
});

test('schedule intervals', () => {
  assert.equal(parseEvery('15m'), 900_000);
  assert.equal(parseEvery('1h'), 3_600_000);
  assert.equal(parseEvery('30s'), 30_000);
  assert.throws(() => parseEvery('0s'), /invalid every: "0s" \(a number and s, m, h or d, from 1s to 7d, e.g. 15m\)/);
  assert.throws(() => parseEvery('15 minutes'), /invalid every/);
  assert.throws(() => parseEvery('8d'), /invalid every/);
});
