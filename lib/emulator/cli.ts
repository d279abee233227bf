#!/usr/bin/env node
/**
 * Standalone emulator: `npm run emulator -- --port N --admin-key KEY [--seed S] [--organization-id ID] [--rps R] [--latency-ms L]
 * [--grouping-since UNIX] [--amount-format number|string|decimal128] [--quirks] [--image-usage-gap SHARE]
 * [--hostile-names] [--odd-project-ids] [--directory-fail forbidden|server-error]`.
 * Never prints any key: a generated key stays secret, so pass --admin-key to know which key to use.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { startEmulator } from './start-emulator';
import type { EmulatorOptions, FaultPlan } from './types';

function numberOption(name: string, integer: boolean, min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min) {
      throw new InvalidArgumentError(`invalid ${name}: ${value}`);
    }
    return n;
  };
}

interface CliOptions {
  port: number;
  adminKey?: string;
  seed: number;
  organizationId?: string;
  rps?: number;
  latencyMs?: number;
  hostileNames?: boolean;
  oddProjectIds?: boolean;
  directoryFail?: 'forbidden' | 'server-error';
  groupingSince?: number;
  amountFormat?: string;
  quirks?: boolean;
  imageUsageGap?: number;
}

const AMOUNT_FORMATS = ['number', 'string', 'decimal128'] as const;

function amountFormat(value: string): (typeof AMOUNT_FORMATS)[number] {
  const format = AMOUNT_FORMATS.find((f) => f === value);
  if (format === undefined)
    throw new InvalidArgumentError(`invalid --amount-format: ${value} (${AMOUNT_FORMATS.join(', ')})`);
  return format;
}

function isCliOptions(value: Record<string, unknown>): value is Record<string, unknown> & CliOptions {
  return typeof value['port'] === 'number' && typeof value['seed'] === 'number';
}

/** Parses argv, starts the emulator and serves until SIGINT/SIGTERM. */
export async function main(argv: readonly string[], log: (line: string) => void = console.log): Promise<void> {
  const program = new Command()
    .name('emulator')
    .description('Local emulator of the OpenAI organization Usage and Costs API (127.0.0.1 only).')
    .option('--port <n>', 'port to listen on (0 = any free port)', numberOption('--port', true, 0), 4010)
    .option('--admin-key <key>', 'admin key to accept (never printed)')
    .option('--seed <n>', 'seed of the synthetic organization', numberOption('--seed', true, 0), 42)
    .option('--organization-id <id>', 'the openai-organization header of every answer (default: user-… from the seed)')
    .option('--rps <n>', 'requests per second before 429s', numberOption('--rps', false, Number.MIN_VALUE))
    .option('--latency-ms <n>', 'delay added to every request', numberOption('--latency-ms', false, 0))
    .option(
      '--grouping-since <unix>',
      'costs group_by api_key_id allowed from (default 1764979200)',
      numberOption('--grouping-since', true, 0),
    )
    .option('--amount-format <f>', 'costs amount.value as number, string or decimal128', amountFormat)
    .option('--quirks', 'live quirks: ISO bucket times, extra cost keys, quantity without unit')
    .option(
      '--image-usage-gap <share>',
      'share of image usage missing from /usage/images (0..1)',
      numberOption('--image-usage-gap', false, 0),
    )
    .option('--hostile-names', 'markup, bidi overrides and __proto__ in a project, a user and a key name')
    .option('--odd-project-ids', "project IDs with an apostrophe, quotes, '..', a slash, or empty (valid JSON)")
    .addOption(
      new Option('--directory-fail <how>', 'every directory call fails (names unavailable)').choices([
        'forbidden',
        'server-error',
      ]),
    )
    .parse([...argv], { from: 'user' });
  const opts = program.opts();
  if (!isCliOptions(opts)) throw new Error('invalid options');
  const faults: FaultPlan = {};
  if (opts.rps !== undefined) faults.requestsPerSecond = opts.rps;
  if (opts.latencyMs !== undefined) faults.latencyMs = opts.latencyMs;
  const options: EmulatorOptions = { port: opts.port, seed: opts.seed, faults };
  if (opts.groupingSince !== undefined) options.groupingSince = opts.groupingSince;
  if (opts.amountFormat !== undefined) options.amountFormat = amountFormat(opts.amountFormat);
  if (opts.imageUsageGap !== undefined) options.imageUsageGap = opts.imageUsageGap;
  if (opts.quirks === true) options.quirks = { bucketIsoTimes: true, extraCostKeys: true, quantityWithoutUnit: true };
  if (opts.adminKey !== undefined) options.adminKeys = [opts.adminKey];
  if (opts.organizationId !== undefined) options.organizationId = opts.organizationId;
  if (opts.hostileNames === true || opts.oddProjectIds === true || opts.directoryFail !== undefined) {
    options.directory = {
      ...(opts.hostileNames === true ? { hostileNames: true } : {}),
      ...(opts.oddProjectIds === true ? { oddProjectIds: true } : {}),
      ...(opts.directoryFail === undefined ? {} : { fail: opts.directoryFail }),
    };
  }
  const emulator = await startEmulator(options);
  log(`OpenAI Usage API emulator listening on ${emulator.baseURL}`);
  log(
    opts.adminKey === undefined
      ? 'No --admin-key given: a random key was generated and is not shown. Restart with --admin-key <key> to choose the key clients must send.'
      : 'Use the key you passed with --admin-key (Authorization: Bearer <key>).',
  );
  log(`Organization: ${emulator.organizationId} (sent as the openai-organization header)`);
  const stop = (): void => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
