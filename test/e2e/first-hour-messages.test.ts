// The mistakes a newcomer makes with the README's commands: each one is ONE line naming the input and the fix, and
// nothing is printed before it (no setup, no kernel, no banner). `npm start` = scripts/run-notebooks.ts.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import { ROOT, cleanEnv, runHeadless } from '../helpers/notebook-env-check';
import { startScriptedServer, type ScriptedServer } from '../helpers/scripted-server';
import { cellSource, parametersCell, readNotebook } from '../../tools/notebook-file';
import { runChild } from '../../tools/child-process';

const ADMIN_KEYS = 'https://platform.openai.com/settings/organization/admin-keys';
const PROJECT_KEY = `sk-proj-${'k'.repeat(40)}`;

/** The whole output must be this one line (stdout and stderr together), and the exit code 1. */
function assertOneLine(run: { code: number | null; log: string }, line: string | RegExp): void {
  assert.equal(run.code, 1, run.log);
  const lines = run.log.split('\n').filter((l) => l !== '');
  assert.equal(lines.length, 1, `one line only, got:\n${run.log}`);
  if (typeof line === 'string') assert.equal(lines[0], line);
  else assert.match(lines[0] ?? '', line);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  assert.ok(address !== null && typeof address === 'object');
  return address.port;
}

/** `npm run sync` (or another of scripts/) with `args` and a clean environment plus `env`. */
async function runSyncScript(args: readonly string[], env: Record<string, string>, script = 'sync.ts') {
  const r = await runChild(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', script), ...args], {
    cwd: ROOT,
    env: cleanEnv(env),
  });
  return { code: r.code, log: r.output };
}

describe('npm start: one line naming the input and the fix, before anything else', () => {
  let emu: RunningEmulator;
  let html: ScriptedServer;
  before(async () => {
    emu = await startEmulator({ port: 0 });
    html = await startScriptedServer(() => ({
      status: 200,
      headers: { 'content-type': 'text/html' },
      body: '<html><title>Welcome to nginx!</title></html>',
    }));
  });
  after(async () => {
    await emu.close();
    await html.close();
  });

  test('a bad flag value, an unknown notebook', async () => {
    assertOneLine(
      await runHeadless(['--source', 'stor'], {}),
      'run-notebooks: invalid --source: "stor" (api, store or sync)',
    );
    assertOneLine(
      await runHeadless(['--notebook', '09'], {}),
      /^run-notebooks: invalid --notebook: "09" \(one of: 01_completions_usage\.ipynb, .*05_alerts\.ipynb\)$/,
    );
    assertOneLine(await runHeadless(['--jobs', 'two'], {}), 'run-notebooks: invalid --jobs: two (a whole number ≥ 1)');
  });

  test('a missing store with --source store', async () => {
    assertOneLine(
      await runHeadless(['--source', 'store', '--store', '/nonexistent/usage.duckdb'], {}),
      'run-notebooks: invalid --store: /nonexistent/usage.duckdb does not exist; sync it first ' +
        '(npm run sync -- --store /nonexistent/usage.duckdb) or run with --source sync',
    );
  });

  test('a project key is refused before any request', async () => {
    const before = emu.requests.length;
    assertOneLine(
      await runHeadless([], { OPENAI_ADMIN_KEY: PROJECT_KEY, OPENAI_BASE_URL: emu.baseURL }),
      'run-notebooks: invalid OPENAI_ADMIN_KEY: sk-proj-… is a project key; the Usage API needs an organization ' +
        `admin key: ${ADMIN_KEYS}`,
    );
    assert.equal(emu.requests.length, before, 'no request was made');
  });

  test('a wrong admin key (401)', async () => {
    assertOneLine(
      await runHeadless([], { OPENAI_ADMIN_KEY: 'sk-admin-not-this-one', OPENAI_BASE_URL: emu.baseURL }),
      `run-notebooks: invalid OPENAI_ADMIN_KEY: ${emu.baseURL} rejected it (401); check the key, or create an ` +
        `organization admin key at ${ADMIN_KEYS}`,
    );
  });

  test('OPENAI_BASE_URL: not a URL, no /v1, a web page instead of the API', async () => {
    const key = { OPENAI_ADMIN_KEY: emu.adminKey };
    assertOneLine(
      await runHeadless([], { ...key, OPENAI_BASE_URL: 'api.openai.com/v1' }),
      'run-notebooks: invalid OPENAI_BASE_URL: "api.openai.com/v1" (expected an http(s) URL such as ' +
        'https://api.openai.com/v1)',
    );
    const root = emu.baseURL.replace(/\/v1$/, '');
    assertOneLine(
      await runHeadless([], { ...key, OPENAI_BASE_URL: root }),
      `run-notebooks: invalid OPENAI_BASE_URL: ${root} does not serve the Usage API (HTTP 404 for ` +
        "/organization/costs); set it to https://api.openai.com/v1, or to your gateway's address ending in /v1, or " +
        'remove it',
    );
    assertOneLine(
      await runHeadless([], { ...key, OPENAI_BASE_URL: html.baseURL }),
      new RegExp(
        `^run-notebooks: invalid OPENAI_BASE_URL: ${escapeRegExp(html.baseURL)} does not ` +
          'serve the Usage API \\(a response that is not the Usage API\\); set it to https://api\\.openai\\.com/v1',
      ),
    );
  });

  test('no network: a host that does not resolve, a port nothing listens on', async () => {
    assertOneLine(
      await runHeadless([], { OPENAI_ADMIN_KEY: emu.adminKey, OPENAI_BASE_URL: 'https://nonexistent.invalid/v1' }),
      /^run-notebooks: GET \/organization\/costs failed: (ENOTFOUND \(host not found\)|EAI_AGAIN \(DNS lookup failed\)): cannot reach https:\/\/nonexistent\.invalid\/v1; check the network connection and OPENAI_BASE_URL$/,
    );
    const url = `http://127.0.0.1:${await closedPort()}/v1`;
    assertOneLine(
      await runHeadless([], { OPENAI_ADMIN_KEY: emu.adminKey, OPENAI_BASE_URL: url }),
      `run-notebooks: GET /organization/costs failed: ECONNREFUSED (connection refused): cannot reach ${url}; ` +
        'check the network connection and OPENAI_BASE_URL',
    );
  });
});

describe("npm start on an edited copy: a mistake in a notebook's parameters cell, before any kernel starts", () => {
  // A copy beside notebooks/, as the README says (its cells import ../dist).
  const dir = path.join(ROOT, `.e2e-first-hour-${process.pid}`);
  const NB = '01_completions_usage.ipynb';
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Notebook 01 with `from` replaced by `to` in its parameters cell, written as the only notebook of the copy. */
  function editedCopy(from: string, to: string): void {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    const nb = readNotebook(path.join(ROOT, 'notebooks', NB));
    const cell = parametersCell(nb);
    assert.ok(cell !== undefined && cellSource(cell).includes(from), `the parameters cell has ${from}`);
    cell.source = cellSource(cell)
      .replace(from, to)
      .split(/(?<=\n)/);
    writeFileSync(path.join(dir, NB), JSON.stringify(nb));
  }
  const where = `${path.basename(dir)}/${NB}, parameters cell`;

  for (const [what, from, to, line] of [
    [
      'a wrong width',
      'bucket_width: "1d" as const,',
      'bucket_width: "5m",',
      'invalid bucket_width: "5m" (completions accepts only 1m, 1h, 1d)',
    ],
    [
      'a misspelt key',
      'bucket_width: "1d" as const,',
      'bucket_widht: "1h",',
      /^invalid parameter: "bucket_widht" \(known: days_ago, start_time, end_time, bucket_width, /,
    ],
    [
      'a wrong group_by',
      '// group_by: ["model"],',
      'group_by: ["modle"],',
      'invalid group_by: "modle" (completions accepts project_id, user_id, api_key_id, model, batch, service_tier, ' +
        'api_source)',
    ],
  ] as const) {
    test(what, async () => {
      editedCopy(from, to);
      const run = await runHeadless(['--notebooks-dir', dir, '--notebook', '01'], {});
      const prefix = `run-notebooks: ${where}: `;
      if (typeof line === 'string') assertOneLine(run, prefix + line);
      else assertOneLine(run, new RegExp(`^${escapeRegExp(prefix)}${line.source.slice(1)}`));
    });
  }
});

describe('npm run sync and npm run dashboard: the same lines', () => {
  test('npm run dashboard with a project key', async () => {
    assertOneLine(
      await runSyncScript(['--port', '0'], { OPENAI_ADMIN_KEY: PROJECT_KEY }, 'dashboard.ts'),
      'invalid OPENAI_ADMIN_KEY: sk-proj-… is a project key; the Usage API needs an organization admin key: ' +
        ADMIN_KEYS,
    );
  });

  test('a project key and a malformed OPENAI_BASE_URL, before any other output', async () => {
    assertOneLine(
      await runSyncScript(['--store', '/nonexistent/never-created.duckdb'], { OPENAI_ADMIN_KEY: PROJECT_KEY }),
      'sync: invalid OPENAI_ADMIN_KEY: sk-proj-… is a project key; the Usage API needs an organization admin key: ' +
        ADMIN_KEYS,
    );
    assertOneLine(
      await runSyncScript(['--store', '/nonexistent/never-created.duckdb'], {
        OPENAI_ADMIN_KEY: 'sk-admin-x',
        OPENAI_BASE_URL: 'ftp://files.example/v1',
      }),
      'sync: invalid OPENAI_BASE_URL: "ftp://files.example/v1" (expected http or https, e.g. https://api.openai.com/v1)',
    );
  });
});
