import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import { connectNotebook } from '../../lib/notebook/connect-notebook';
import type { DisplayWriter, MimeBundle } from '../../lib/notebook/mime-bundle';

const NOW = 1_739_208_663;
const DAY = 86_400;
let emu: RunningEmulator;
before(async () => {
  emu = await startEmulator({ port: 0, now: () => NOW });
});
after(() => emu.close());

test('SIGINT (the stop button, as tslab receives it) aborts a notebook fetch at once; the next fetch runs normally', async () => {
  const published: MimeBundle[] = [];
  const writer: DisplayWriter = {
    publish: (bundle) => {
      published.push(bundle);
    },
  };
  const baseline = process.listenerCount('SIGINT');
  const conn = await connectNotebook({ env: { OPENAI_ADMIN_KEY: emu.adminKey, OPENAI_BASE_URL: emu.baseURL }, writer });
  // One listener for the connection's life: adding and removing one per fetch killed the real tslab kernel.
  assert.equal(process.listenerCount('SIGINT'), baseline + 1, 'listening while connected');
  // The test runner must not die of the signal: tslab has its own SIGINT listener too.
  const keepAlive = (): void => undefined;
  process.on('SIGINT', keepAlive);
  try {
    emu.setFaults({ latencyMs: 1000 });
    const work = conn.fetch('completions', { start_time: NOW - 30 * DAY, end_time: NOW, bucket_width: '1h' });
    await new Promise((r) => setTimeout(r, 150));
    const interruptedAt = Date.now();
    process.emit('SIGINT');
    await assert.rejects(
      work,
      (err: Error) => err.name === 'AbortError' && /Interrupted by the kernel/.test(err.message),
    );
    assert.ok(Date.now() - interruptedAt < 500, 'promptly');
    await new Promise((r) => setTimeout(r, 1200));
    assert.deepEqual(
      emu.requests.filter((r) => r.at > interruptedAt + 20),
      [],
      'nothing fetched behind the next cell',
    );
    emu.setFaults({});
    const buckets = await conn.fetch('costs', { start_time: NOW - 3 * DAY, end_time: NOW });
    assert.ok(buckets.length >= 3);
    assert.ok(
      !published.some((b) => b['text/html'] !== undefined && JSON.stringify(b).includes('Request failed')),
      'no error note',
    );
  } finally {
    process.off('SIGINT', keepAlive);
    await conn.close();
  }
  assert.equal(process.listenerCount('SIGINT'), baseline, 'close() removes the listener');
});
