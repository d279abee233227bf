import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { runChildSync } from './child-process';

/** A throwaway PostgreSQL cluster (Debian's server binaries), on a free loopback port, removed by `stop`. */
export interface TestPostgres {
  url: string;
  /** The server's log so far (e.g. to see how it ended a killed client's session). */
  log(): string;
  /** Restarts the server (`pg_ctl restart -m fast`: every session is ended), on the same port and data. */
  restart(): void;
  stop(): void;
}

/** The newest installed server's bin folder (`apt-get install postgresql`), or undefined. */
export function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : path.join(root, versions[0], 'bin');
}

/**
 * The `skip` option of a test that needs a server: a reason without one on a developer machine, never in CI
 * (.ci/run installs it, so a missing server fails there instead of passing unseen).
 */
export function skipWithoutPostgres(): string | false {
  return postgresBinDir() === undefined && process.env['CI'] !== 'true'
    ? 'PostgreSQL server not installed (apt-get install postgresql)'
    : false;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a cluster in a temp folder: initdb (trust auth, fsync off), pg_ctl start on 127.0.0.1:<free port> with the
 * socket in the folder. Root cannot run postgres, so as root the cluster belongs to the `postgres` user (runuser).
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  const bin = postgresBinDir();
  if (bin === undefined) throw new Error('PostgreSQL server not installed: apt-get install postgresql (.ci/run does)');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'store-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const id = (flag: string): number => Number(runChildSync('id', [flag, 'postgres']).stdout.trim());
    const uid = id('-u');
    const gid = id('-g');
    chownSync(dir, uid, gid);
  }
  const run = (cmd: string, args: readonly string[]): void => {
    const [file, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args]]
      : [path.join(bin, cmd), [...args]];
    const r = runChildSync(file, argv, { timeoutMs: 120_000 });
    if (r.code !== 0) throw new Error(`${cmd} failed (${String(r.code ?? r.signal)}): ${r.stderr || r.stdout}`);
  };
  const data = path.join(dir, 'data');
  const port = await freePort();
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  run('pg_ctl', ['-D', data, '-o', opts, '-l', path.join(dir, 'log'), '-w', 'start']);
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    log: () => readFileSync(path.join(dir, 'log'), 'utf8'),
    restart() {
      run('pg_ctl', ['-D', data, '-o', opts, '-l', path.join(dir, 'log'), '-m', 'fast', '-w', 'restart']);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** One statement on a short-lived connection (for test setup and for looking at locks and sessions). */
export async function pgQuery(
  url: string,
  sql: string,
  params: ReadonlyArray<number | string> = [],
): Promise<Array<Record<string, unknown>>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Record<string, unknown>>(sql, [...params])).rows;
  } finally {
    await client.end();
  }
}

/** Creates an empty database on the cluster of `url`; returns its URL (one store per database). */
export async function createDatabase(url: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`invalid database name: ${name} (lower-case identifier)`);
  await pgQuery(url, `CREATE DATABASE ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
