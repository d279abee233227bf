import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { NOW, get, testKey } from './helpers';

const ROOT = path.resolve(__dirname, '../..');

function startCli(args: string[]): {
  lines: () => Promise<string[]>;
  stop: () => Promise<number | null>;
  exited: Promise<number | null>;
  output: () => string;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'lib/emulator/cli.ts'), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    lines: async () => {
      while (out.split('\n').length < 3) {
        const done = await Promise.race([
          exited.then(() => true),
          new Promise<false>((r) => setTimeout(() => r(false), 50)),
        ]);
        if (done) break;
      }
      return out.split('\n');
    },
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
    exited,
    output: () => out,
  };
}

test('the CLI listens on the port given (0 = any), prints its URL, serves with the given key and never prints it', async () => {
  const key = testKey();
  const cli = startCli(['--port', '0', '--admin-key', key, '--seed', '7', '--latency-ms', '0']);
  try {
    const lines = await cli.lines();
    const match = /^OpenAI Usage API emulator listening on (http:\/\/127\.0\.0\.1:\d+\/v1)$/.exec(lines[0] ?? '');
    assert.ok(match, cli.output());
    const baseURL = match[1] ?? '';
    assert.equal(
      (await get(baseURL, `/organization/usage/completions?start_time=${NOW - 3600}&end_time=${NOW}`, key)).status,
      200,
    );
    assert.equal(
      (
        await get(
          baseURL,
          `/organization/costs?start_time=${NOW - 3600}&end_time=${NOW}`,
          'sk-admin-other-000000000000',
        )
      ).status,
      401,
    );
  } finally {
    assert.equal(await cli.stop(), 0);
  }
  assert.ok(!cli.output().includes(key));
});

test('the CLI without --admin-key does not print the generated key and says how to choose one', async () => {
  const cli = startCli(['--port', '0']);
  try {
    const lines = await cli.lines();
    assert.match(lines[0] ?? '', /listening on http:\/\/127\.0\.0\.1:\d+\/v1$/);
    assert.match(lines[1] ?? '', /--admin-key/);
  } finally {
    await cli.stop();
  }
  assert.ok(!/sk-admin-demo-[0-9a-f]+/.test(cli.output()));
});

test('--organization-id sets the openai-organization header of every answer, and the CLI says which', async () => {
  const key = testKey();
  const cli = startCli(['--port', '0', '--admin-key', key, '--organization-id', 'globex-m4p8rt']);
  try {
    const baseURL = /listening on (\S+)$/.exec((await cli.lines())[0] ?? '')?.[1] ?? '';
    const reply = await get(baseURL, `/organization/costs?start_time=${NOW - 3600}&end_time=${NOW}`, key);
    assert.equal(reply.status, 200);
    assert.equal(reply.headers.get('openai-organization'), 'globex-m4p8rt');
    assert.match(cli.output(), /Organization: globex-m4p8rt/);
  } finally {
    assert.equal(await cli.stop(), 0);
  }
});

test('the CLI rejects a bad option value with its name', async () => {
  const cli = startCli(['--port', 'eighty']);
  const code = await cli.exited;
  assert.notEqual(code, 0);
  assert.match(cli.output(), /invalid --port: eighty/);
});

test('the CLI passes the live-behaviour options: grouping date, amount format and quirks', async () => {
  const key = testKey();
  const cli = startCli([
    '--port',
    '0',
    '--admin-key',
    key,
    '--grouping-since',
    '0',
    '--amount-format',
    'string',
    '--quirks',
  ]);
  try {
    const lines = await cli.lines();
    const baseURL = /listening on (\S+)$/.exec(lines[0] ?? '')?.[1] ?? '';
    const reply = await get(
      baseURL,
      `/organization/costs?start_time=${NOW - 86_400}&end_time=${NOW}&group_by=api_key_id,user_id`,
      key,
    );
    assert.equal(reply.status, 200, reply.text);
    const page = JSON.parse(reply.text) as {
      data: { start_time_iso?: string; results: { amount: { value: unknown }; organization_id?: string }[] }[];
    };
    assert.ok(page.data.every((b) => typeof b.start_time_iso === 'string'));
    const rows = page.data.flatMap((b) => b.results);
    assert.ok(
      rows.length > 0 && rows.every((r) => typeof r.amount.value === 'string' && typeof r.organization_id === 'string'),
    );
  } finally {
    assert.equal(await cli.stop(), 0);
  }
  const bad = startCli(['--amount-format', 'roman']);
  assert.notEqual(await bad.exited, 0);
  assert.match(bad.output(), /invalid --amount-format: roman \(number, string, decimal128\)/);
});

test('--directory-fail makes every directory call fail, --hostile-names serves hostile names, --odd-project-ids odd IDs', async () => {
  const key = testKey();
  const failing = startCli(['--port', '0', '--admin-key', key, '--directory-fail', 'forbidden']);
  try {
    const baseURL = /listening on (\S+)$/.exec((await failing.lines())[0] ?? '')?.[1] ?? '';
    assert.equal((await get(baseURL, '/organization/projects', key)).status, 403);
    assert.equal(
      (await get(baseURL, `/organization/usage/completions?start_time=${NOW - 3600}&end_time=${NOW}`, key)).status,
      200,
    );
  } finally {
    await failing.stop();
  }
  const hostile = startCli(['--port', '0', '--admin-key', key, '--hostile-names']);
  try {
    const baseURL = /listening on (\S+)$/.exec((await hostile.lines())[0] ?? '')?.[1] ?? '';
    assert.match((await get(baseURL, '/organization/projects', key)).text, /\\u003cimg|<img/);
  } finally {
    await hostile.stop();
  }
  const odd = startCli(['--port', '0', '--admin-key', key, '--odd-project-ids']);
  try {
    const baseURL = /listening on (\S+)$/.exec((await odd.lines())[0] ?? '')?.[1] ?? '';
    assert.match((await get(baseURL, '/organization/projects?limit=100', key)).text, /"id":"\.\."/);
  } finally {
    await odd.stop();
  }
  const bad = startCli(['--port', '0', '--directory-fail', 'sometimes']);
  assert.notEqual(await bad.exited, 0);
  assert.match(bad.output(), /sometimes/);
});
