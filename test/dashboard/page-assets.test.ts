import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { plotlyBundle } from '../../lib/export/index';
import { pageAssets, publicDir } from '../../lib/dashboard/page-assets';
import { tempDir } from '../../tools/temp-dir';

const tmp = tempDir('page-assets-');
after(() => tmp.remove());

test('run from source, the page folder is the one beside the module', () => {
  assert.equal(publicDir(), path.resolve(__dirname, '..', '..', 'lib', 'dashboard', 'public'));
});

test('the page, script and style are served by URL path with their types; other paths are not found', () => {
  const assets = pageAssets();
  const dir = publicDir();
  assert.deepEqual(assets.get('/'), {
    type: 'text/html; charset=utf-8',
    body: readFileSync(path.join(dir, 'index.html'), 'utf8'),
  });
  assert.deepEqual(assets.get('/app.js'), {
    type: 'text/javascript; charset=utf-8',
    body: readFileSync(path.join(dir, 'app.js'), 'utf8'),
  });
  assert.deepEqual(assets.get('/app.css'), {
    type: 'text/css; charset=utf-8',
    body: readFileSync(path.join(dir, 'app.css'), 'utf8'),
  });
  for (const p of ['/index.html', '/app.js/', '/../package.json', '/APP.JS', '', '/__proto__', '/constructor'])
    assert.equal(assets.get(p), undefined, p);
});

test('plotly.js is the installed bundle, as script', () => {
  const plotly = pageAssets().get('/plotly.min.js');
  assert.equal(plotly?.type, 'text/javascript; charset=utf-8');
  assert.equal(plotly?.body, plotlyBundle());
});

test('files are read once, when the assets are made; a folder without them fails naming the file', () => {
  const dir = path.join(tmp.dir, 'public');
  mkdirSync(dir);
  for (const f of ['index.html', 'app.js', 'app.css']) writeFileSync(path.join(dir, f), `first ${f}`);
  const assets = pageAssets(dir);
  writeFileSync(path.join(dir, 'app.js'), 'changed');
  assert.equal(assets.get('/app.js')?.body, 'first app.js');
  assert.throws(() => pageAssets(path.join(tmp.dir, 'missing')), /ENOENT.*missing[/\\]index\.html/);
});
