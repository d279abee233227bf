import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { chartsDiffer, firstDifference } from '../../bench/chart-diff';
import { tempDir } from '../../tools/temp-dir';

const tmp = tempDir('chart-diff-');
after(() => tmp.remove());

function side(name: string, figures: Record<string, unknown>): string {
  const dir = path.join(tmp.dir, name);
  mkdirSync(path.join(dir, 'charts'), { recursive: true });
  for (const [id, fig] of Object.entries(figures))
    writeFileSync(path.join(dir, 'charts', `${id}.json`), JSON.stringify(fig));
  writeFileSync(path.join(dir, 'charts', 'ignored.html'), '<html></html>');
  return dir;
}

test('charts that differ beyond float noise, or that one side lacks, by id; where the first difference is', () => {
  const api = side('api', {
    same: { data: [{ y: [0.1 + 0.2, 3] }] },
    noise: { data: [{ y: [1] }] },
    changed: { data: [{ y: [1, 2] }] },
    'only-api': {},
  });
  const store = side('store', {
    same: { data: [{ y: [0.3, 3] }] },
    noise: { data: [{ y: [1 + 1e-12] }] },
    changed: { data: [{ y: [1, 2.5] }] },
    'only-store': {},
  });
  assert.deepEqual(chartsDiffer(path.join(api, 'charts'), path.join(store, 'charts')), [
    'changed',
    'only-api',
    'only-store',
  ]);
  assert.equal(firstDifference({ api, store }, 'changed'), 'api vs store.data[0].y[1]: 2 vs 2.5');
  assert.equal(firstDifference({ api, store }, 'only-api'), 'only one side has it');
  assert.equal(firstDifference({ api, store }, 'same'), 'none');
  assert.deepEqual(chartsDiffer(path.join(tmp.dir, 'missing'), path.join(tmp.dir, 'missing-too')), []);
});
