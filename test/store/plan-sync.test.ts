import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_TIERS, defaultGrouping, planEndpoint, syncGroupings } from '../../lib/store/plan-sync';
import { ENDPOINTS } from '../../lib/catalogue/index';

const H = 3600;
const D = 86_400;

describe('sync plan', () => {
  test('exactStart: a start inside a bucket adds its partial first bucket, from the minute, unless stored final', async () => {
    const now = 100 * D + 5 * H;
    const since = 90 * D + 7 * H + 31 * 60 + 17; // 07:31:17 on day 90: the API starts the bucket at 07:31:00
    const plan = (finalHead: boolean) =>
      planEndpoint({
        endpoint: 'costs',
        groupBy: [],
        now,
        since,
        until: now,
        tiers: [{ width: '1d', maxAgeSeconds: null }],
        trailingSeconds: 3 * D,
        coverage: () => Promise.resolve([]),
        exactStart: {
          isFinal: (_w, start, end) => Promise.resolve(finalHead && start === since - 17 && end === 91 * D),
        },
      });
    const windows = await plan(false);
    assert.deepEqual(
      windows.filter((w) => w.partial === true).map((w) => [w.start, w.end, w.final]),
      [[since - 17, 91 * D, true]],
    );
    // Whole buckets still start at the grid bucket holding `since`, so a later start inside it can be answered.
    assert.equal(Math.min(...windows.filter((w) => w.partial !== true).map((w) => w.start)), 90 * D);
    assert.equal((await plan(true)).filter((w) => w.partial === true).length, 0);
    // A start on the grid has no partial bucket.
    const aligned = await planEndpoint({
      endpoint: 'costs',
      groupBy: [],
      now,
      since: 90 * D,
      until: now,
      tiers: [{ width: '1d', maxAgeSeconds: null }],
      trailingSeconds: 3 * D,
      coverage: () => Promise.resolve([]),
      exactStart: { isFinal: () => Promise.resolve(false) },
    });
    assert.equal(aligned.filter((w) => w.partial === true).length, 0);
  });

  const now = 100 * D + 5 * H + 123;
  test('an empty store: every tier from its age, final windows apart from the trailing ones, one page each', async () => {
    const windows = await planEndpoint({
      endpoint: 'completions',
      groupBy: ['model'],
      now,
      since: now - 40 * D,
      until: now,
      tiers: DEFAULT_TIERS,
      trailingSeconds: 2 * D,
      coverage: () => Promise.resolve([]),
    });
    const byWidth = (w: string) => windows.filter((x) => x.width === w);
    // 1d: [day 60, day 98) final (two pages of ≤ 31 days), [day 98, now) trailing.
    assert.deepEqual(
      byWidth('1d').map((w) => [w.start / D, w.end === now ? 'now' : w.end / D, w.final]),
      [
        [60, 91, true],
        [91, 98, true],
        [98, 'now', false],
      ],
    );
    const h = byWidth('1h');
    assert.equal(h[0]?.start, Math.floor((now - 30 * D) / H) * H);
    assert.ok(h.every((w) => (w.end - w.start) / H <= 168));
    assert.equal(h.filter((w) => !w.final)[0]?.start, Math.floor((now - 2 * D) / H) * H);
    const m = byWidth('1m');
    assert.equal(m[0]?.start, Math.floor((now - D) / 60) * 60);
    assert.ok(
      m.every((w) => !w.final),
      'the last day is all inside the 48 h trailing window',
    );
    assert.equal(m[m.length - 1]?.end, now);
  });

  test('with final coverage only the gap and the trailing window are planned; costs only 1d', async () => {
    const covered = [{ start: 60 * D, end: 98 * D, final: true }];
    const windows = await planEndpoint({
      endpoint: 'costs',
      groupBy: ['line_item'],
      now,
      since: now - 40 * D,
      until: now,
      tiers: DEFAULT_TIERS,
      trailingSeconds: 3 * D,
      coverage: (w) => Promise.resolve(w === '1d' ? covered : []),
    });
    assert.deepEqual(
      windows.map((w) => [w.width, w.start / D, w.end === now ? 'now' : w.end / D, w.final]),
      [['1d', 98, 'now', false]],
    );
  });
});

describe('syncGroupings', () => {
  const cutoff = ENDPOINTS.costs.groupingCutoff?.since ?? assert.fail('costs have a grouping cut-off');
  test('costs: the default grouping over the range, and by api_key_id too from the cut-off on', () => {
    assert.ok(!defaultGrouping('costs').includes('api_key_id'));
    assert.deepEqual(syncGroupings('costs', cutoff - 40 * D, cutoff + 5 * D), [
      { groupBy: defaultGrouping('costs'), since: cutoff - 40 * D },
      { groupBy: ['project_id', 'line_item', 'api_key_id', 'api_source'], since: cutoff },
    ]);
    assert.deepEqual(syncGroupings('costs', cutoff + 2 * D, cutoff + 5 * D)[1], {
      groupBy: ['project_id', 'line_item', 'api_key_id', 'api_source'],
      since: cutoff + 2 * D,
    });
  });
  test('a range ending by the cut-off, or an endpoint without one, gets the default grouping only', () => {
    assert.equal(syncGroupings('costs', cutoff - 40 * D, cutoff).length, 1);
    assert.deepEqual(syncGroupings('completions', 0, cutoff + D), [
      { groupBy: defaultGrouping('completions'), since: 0 },
    ]);
  });
});
