import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { plotlyBundle, plotlyBundleLoader, plotlyBundlePath, sharedPlotlyBundle } from '../../lib/export/plotly-bundle';

// The installed package, found from its package.json: another route than the module's `require.resolve`.
const PACKAGE_DIR = path.dirname(require.resolve('plotly.js-dist-min/package.json'));
const ON_DISK = readFileSync(path.join(PACKAGE_DIR, 'plotly.min.js'), 'utf8');

test("the path is the installed plotly.min.js, and the bundle is that file's text", () => {
  assert.equal(plotlyBundlePath(), path.join(PACKAGE_DIR, 'plotly.min.js'));
  assert.equal(plotlyBundle(), ON_DISK);
  const { version } = JSON.parse(readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8')) as { version: string };
  assert.ok(ON_DISK.includes(`plotly.js v${version}`), 'the version the package declares');
});

test('a loader and the shared copy give the same text on every call', () => {
  const load = plotlyBundleLoader();
  assert.equal(load(), ON_DISK);
  assert.equal(load(), ON_DISK);
  assert.equal(sharedPlotlyBundle(), ON_DISK);
  assert.equal(sharedPlotlyBundle(), ON_DISK);
});
