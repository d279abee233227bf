import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { containsSecret } from '../../lib/api/index';
import {
  pageBody,
  startScriptedServer,
  type ReceivedRequest,
  type ScriptedReply,
  type ScriptedServer,
} from '../helpers/scripted-server';
import { requireNotebookSetup, runHeadless } from '../helpers/notebook-env-check';

// `npm start --notebook 02` in live mode against a gateway that bills in two currencies and echoes the bearer token
// into every x-request-id; the key holds characters a regex or JSON would trip over.
const NOW = 1_767_271_234; // 2026-01-01 12:40:34 UTC
const DAY = 86_400;
const KEY = `sk-admin-test-a.b*c+d?[e]\\f"${randomBytes(6).toString('hex')}`;
const out = mkdtempSync(path.join(tmpdir(), 'hostile-live-'));
const run: { code: number | null; log: string } = { code: null, log: '' };
let server: ScriptedServer | undefined;
const billedDays = new Set<number>();

/** The API's bucket grid of [start, end): first bucket from the minute-floored start to the next midnight. */
function grid(start: number, end: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let s = Math.floor(start / 60) * 60; s < end;) {
    const e = Math.min((Math.floor(s / DAY) + 1) * DAY, end);
    out.push([s, e]);
    s = e;
  }
  return out;
}

function handler(req: ReceivedRequest): ScriptedReply {
  const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
  const headers = { 'x-request-id': `req_${token}` };
  if (!req.path.endsWith('/organization/costs'))
    return { status: 404, headers, body: { error: { message: `no ${req.path}` } } };
  const grouped = req.query.getAll('group_by[]').includes('line_item');
  const buckets = grid(Number(req.query.get('start_time')), Number(req.query.get('end_time') ?? NOW)).map(([s, e]) => {
    billedDays.add(s);
    return {
      object: 'bucket',
      start_time: s,
      end_time: e,
      results: [
        {
          object: 'organization.costs.result',
          amount: { value: 10, currency: 'usd' },
          line_item: grouped ? 'gpt-4o, input' : null,
          project_id: null,
        },
        {
          object: 'organization.costs.result',
          amount: { value: 1000, currency: 'jpy' },
          line_item: grouped ? 'gpt-4o, output' : null,
          project_id: null,
        },
      ],
    };
  });
  return { headers, body: pageBody(buckets, null) };
}

before(async () => {
  requireNotebookSetup();
  server = await startScriptedServer(handler);
  Object.assign(
    run,
    await runHeadless(['--notebook', '02', '--out', out], {
      OPENAI_ADMIN_KEY: KEY,
      OPENAI_BASE_URL: server.baseURL,
      USAGE_NOW: String(NOW),
    }),
  );
});

after(async () => {
  await server?.close();
  rmSync(out, { recursive: true, force: true });
});

interface Trace {
  y?: number[];
}
const chart = (id: string): { data: Trace[]; subtitle?: string } =>
  JSON.parse(readFileSync(path.join(out, 'charts', `${id}.json`), 'utf8')) as { data: Trace[]; subtitle?: string };
const total = (id: string): number =>
  chart(id).data.reduce((acc, t) => acc + (t.y ?? []).reduce((a, v) => a + v, 0), 0);

test('costs in two currencies get one chart per currency, never a sum across them', () => {
  assert.equal(run.code, 0, run.log);
  const days = [...billedDays].filter((s) => s >= NOW - 30 * DAY - 60).length;
  assert.equal(days, 31);
  assert.equal(total('cost-per-day'), 10 * days, 'usd first, its own total');
  assert.equal(total('cost-per-day-jpy'), 1000 * days);
  assert.equal(total('cost-by-line-item'), 10 * days);
  assert.equal(total('cost-by-line-item-jpy'), 1000 * days);
  assert.doesNotMatch(
    JSON.stringify([chart('cost-per-day').subtitle, chart('cost-per-day-jpy').subtitle]),
    /31,310|1,010/,
  );
});

test('the echoed key appears in no output, in no form, and the run did not flag anything', () => {
  assert.equal(run.code, 0, run.log);
  assert.ok(!containsSecret(run.log, KEY));
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)],
    );
  for (const file of walk(out)) assert.ok(!containsSecret(readFileSync(file, 'utf8'), KEY), file);
});
