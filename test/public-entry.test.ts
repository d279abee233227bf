import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import * as lib from '../lib/index';

const INDEX = path.join(__dirname, '..', 'lib', 'index.ts');

test('the public entry lists its exports by name (no export *)', () => {
  assert.doesNotMatch(readFileSync(INDEX, 'utf8'), /export\s*\*/);
});

test('internals are not part of the public entry', () => {
  const internals = [
    'parsePage',
    'planWindows',
    'retryDelayMs',
    'shouldRetryStatus',
    'normalizeRetryPolicy',
    'WIDTH_SECONDS',
    'progressLine',
    'tslabWriter',
    'figureBundle',
    'tableBundle',
    'plotlyInitBundle',
    'errorBundle',
    'safeJson',
    'inlineScriptText',
    'plotlyBundle',
    'escapeLabel',
  ];
  const exported = new Set(Object.keys(lib));
  assert.deepEqual(
    internals.filter((name) => exported.has(name)),
    [],
  );
});

test('what the notebooks and the README use is there', () => {
  for (const name of [
    'connectNotebook',
    'connect',
    'UsageClient',
    'startEmulator',
    'usageTable',
    'costTable',
    'tokenUsageChart',
    'costPerDayChart',
    'writeExports',
    'reportHtml',
    'showFigure',
    'showTable',
    'ENDPOINTS',
  ]) {
    assert.equal(typeof (lib as Record<string, unknown>)[name], name === 'ENDPOINTS' ? 'object' : 'function', name);
  }
});
