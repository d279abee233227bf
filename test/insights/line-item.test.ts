import assert from 'node:assert/strict';
import { test } from 'node:test';
import { billingModel, parseLineItem } from '../../lib/insights/line-item';

// Every form listed in /work/shared/reference/api-changes-2026-11.md, verbatim.
test('parses the fine-tune, evals and tool forms of the seed', () => {
  const ft = parseLineItem('ft-gpt-4o-2024-08-06, input');
  assert.deepEqual(
    [ft.model, ft.baseModel, ft.kind, ft.fineTuned, ft.tier],
    ['ft-gpt-4o-2024-08-06', 'gpt-4o-2024-08-06', 'input', true, 'default'],
  );
  assert.equal(parseLineItem('ft-gpt-4o-2024-08-06, output').kind, 'output');
  const fs = parseLineItem('assistants api | file search');
  assert.deepEqual([fs.model, fs.kind, fs.prefixes], [null, 'tool', ['assistants api']]);
  const ev = parseLineItem('evals | gpt-4o-mini-2024-07-18, input');
  assert.deepEqual([ev.model, ev.kind, ev.evals, ev.prefixes], ['gpt-4o-mini-2024-07-18', 'input', true, ['evals']]);
});

test('parses cached input, cache writes, priority, batch and long context', () => {
  assert.equal(parseLineItem('gpt-4.1-2025-04-14, cached input').kind, 'cached input');
  assert.equal(parseLineItem('gpt-4.1-2025-04-14, cache writes').kind, 'cache writes');
  const p = parseLineItem('priority | gpt-5.6-sol, output, long context');
  assert.deepEqual([p.model, p.kind, p.tier, p.longContext], ['gpt-5.6-sol', 'output', 'priority', true]);
  const b = parseLineItem('batch | gpt-4o-mini-2024-07-18, input');
  assert.deepEqual([b.model, b.kind, b.tier, b.longContext], ['gpt-4o-mini-2024-07-18', 'input', 'batch', false]);
});

test('parses modality words on the model or on the kind', () => {
  const a = parseLineItem('gpt-audio-mini-2025-12-15 audio, input');
  assert.deepEqual([a.model, a.kind, a.modality], ['gpt-audio-mini-2025-12-15', 'input', 'audio']);
  const r = parseLineItem('gpt-realtime-2.1-mini-2026-08-28, audio input');
  assert.deepEqual([r.model, r.kind, r.modality], ['gpt-realtime-2.1-mini-2026-08-28', 'input', 'audio']);
  const i = parseLineItem('gpt-image-2.5-flare image, output');
  assert.deepEqual([i.model, i.kind, i.modality], ['gpt-image-2.5-flare', 'output', 'image']);
  const w = parseLineItem('whisper-1, audio');
  assert.deepEqual([w.model, w.kind, w.modality], ['whisper-1', 'audio', 'audio']);
});

test('one-part line items have no model', () => {
  assert.deepEqual(
    [parseLineItem('web search tool calls').model, parseLineItem('web search tool calls').kind],
    [null, 'tool'],
  );
  assert.deepEqual([parseLineItem('Vector storage').model, parseLineItem('Vector storage').kind], [null, 'storage']);
});

test('an unknown kind is kept as written, and sizes are read', () => {
  const x = parseLineItem('gpt-4o-2024-08-06, reasoning summary');
  assert.deepEqual([x.kind, x.kindText], ['other', 'reasoning summary']);
  const img = parseLineItem('dall-e-3, 1024x1792, images');
  assert.deepEqual([img.model, img.size, img.kind], ['dall-e-3', '1024x1792', 'images']);
});

test('usage fine-tune ids and line-item fine-tune names share one billing model', () => {
  assert.equal(billingModel('ft:gpt-4o-mini-2024-07-18:acme::abc123'), 'ft-gpt-4o-mini-2024-07-18');
  assert.equal(parseLineItem('ft:gpt-4o-mini-2024-07-18:acme::abc123, input').model, 'ft-gpt-4o-mini-2024-07-18');
  assert.equal(billingModel('gpt-4o-2024-08-06'), 'gpt-4o-2024-08-06');
});
