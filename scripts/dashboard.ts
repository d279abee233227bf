#!/usr/bin/env node
/**
 * `npm run dashboard -- [--port N] [--store URL] [--every 15m] [--days 90]`: the live dashboard on 127.0.0.1.
 * Without a key and without a store it runs on the demo (the built-in emulator). Prints the URL with its access
 * token once; the admin key is never printed.
 */
import { Command, InvalidArgumentError } from 'commander';
import { connect } from '../lib/demo/connect';
import { apiSource } from '../lib/dashboard/api-source';
import { every, parseEvery } from '../lib/dashboard/schedule';
import { startDashboard } from '../lib/dashboard/server';

interface CliOptions {
  port: number;
  store?: string;
  every: string;
  days: number;
}

function integerOption(name: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < min || n > max) throw new InvalidArgumentError(`invalid ${name}: ${value} (an integer from ${min} to ${max})`);
    return n;
  };
}

function isCliOptions(value: Record<string, unknown>): value is Record<string, unknown> & CliOptions {
  return typeof value['port'] === 'number' && typeof value['every'] === 'string' && typeof value['days'] === 'number';
}

/** Parses argv, starts source, schedule and server; resolves with a stop function (also bound to SIGINT/SIGTERM). */
export async function main(argv: readonly string[], log: (line: string) => void = console.log): Promise<() => Promise<void>> {
  const program = new Command()
    .name('dashboard')
    .description('Live dashboard of usage and spend on 127.0.0.1 (demo data without a key).')
    .option('--port <n>', 'port to listen on (0 = any free port)', integerOption('--port', 0, 65535), 8050)
    .option('--store <url>', 'store to read (a DuckDB file or postgres://…); default: fetch from the API into memory')
    .option('--every <interval>', 'sync this often, e.g. 15m, 1h', '15m')
    .option('--days <n>', 'days of data kept and selectable', integerOption('--days', 1, 366), 90)
    .parse([...argv], { from: 'user' });
  const opts = program.opts();
  if (!isCliOptions(opts)) throw new Error('invalid options');
  const everyMs = parseEvery(opts.every);
  if (opts.store !== undefined) {
    throw new Error(`invalid --store: ${JSON.stringify(opts.store)} (store support is not in this build yet; run without --store)`);
  }
  const connection = await connect({ log });
  const source = apiSource(connection.client, { days: opts.days });
  const dashboard = await startDashboard({ source, port: opts.port, maxDays: opts.days });
  log(`Dashboard (${connection.mode === 'demo' ? 'demo data' : 'your organization'}), open:`);
  log(`    ${dashboard.url}`);
  const onError = (e: unknown): void => log(`sync failed (the dashboard keeps the previous data): ${e instanceof Error ? e.message : String(e)}`);
  const first = source.sync().catch(onError);
  const schedule = every(everyMs, () => source.sync(), onError);
  const stop = async (): Promise<void> => {
    schedule.stop();
    await first;
    await dashboard.close();
    await source.close();
    await connection.close();
  };
  const onSignal = (): void => {
    void stop().then(() => process.exit(0));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return stop;
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
