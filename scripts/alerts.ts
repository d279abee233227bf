// `npm run alerts`: evaluates the rules file (--alerts FILE or USAGE_ALERTS) over the store and sends what fired
// (--check), prints what would be sent (--dry-run), or sends a test message (--test CHANNEL). See docs/alerts.md.
// Exit codes: 0 done (everything due was delivered), 1 error (bad rules file or options, store), 3 alerts left
// undelivered (recorded in the store; retried on the next run).
import path from 'node:path';
import { Command } from 'commander';
import {
  channelSecrets,
  evaluateStore,
  loadAlertsFile,
  needsSpendLimits,
  runAlerts,
  sendTestMessage,
  type AlertsConfig,
  type DeliveryPolicy,
} from '../lib/alerts/index';
import { loadOrganizations, maskSecrets, type DirectorySource } from '../lib/api/index';
import { connect } from '../lib/demo/index';
import { parseTime, openStore, resolveStoreLocation } from '../lib/store/index';

interface CliOptions {
  alerts?: string;
  store?: string;
  check?: boolean;
  dryRun?: boolean;
  test?: string;
  now?: string;
  attempts?: string;
}

function loadConfig(file: string | undefined): AlertsConfig {
  const config = loadAlertsFile(file, process.env);
  if (config === undefined)
    throw new Error('no rules file: pass --alerts FILE or set USAGE_ALERTS (see docs/alerts.md)');
  return config;
}

/** Runs `fn` with an API client when a budget rule needs spend limits (the emulator in demo mode), else without. */
async function withLimitsClient<T>(
  config: AlertsConfig,
  warn: (line: string) => void,
  fn: (client: DirectorySource | undefined) => Promise<T>,
): Promise<T> {
  if (!needsSpendLimits(config)) return fn(undefined);
  const connection = await connect({ log: warn });
  try {
    return await fn(connection.client);
  } finally {
    await connection.close();
  }
}

async function run(o: CliOptions): Promise<number> {
  const config = loadConfig(o.alerts);
  const secrets = channelSecrets(config);
  const say = (line: string): void => console.log(maskSecrets(line, secrets));
  const warn = (line: string): void => console.error(maskSecrets(line, secrets));
  const policy: Partial<DeliveryPolicy> = {};
  if (o.attempts !== undefined) {
    const n = Number(o.attempts);
    if (!Number.isInteger(n) || n < 1 || n > 10) throw new Error(`invalid --attempts: ${o.attempts} (1 to 10)`);
    policy.attempts = n;
  }
  const now = o.now === undefined ? Math.floor(Date.now() / 1000) : parseTime('--now', o.now, 0);
  if (o.test !== undefined) {
    await sendTestMessage(config, o.test, { policy, now: () => now });
    say(`test message sent to ${o.test}`);
    return 0;
  }
  if (o.check !== true && o.dryRun !== true)
    throw new Error('nothing to do: pass --check, --dry-run or --test CHANNEL');
  // The store `npm run sync` fills by default: the demo's without any key (OPENAI_ADMIN_KEY or _<NAME>, env or .env).
  const fallback = loadOrganizations().length === 0 ? path.join('data', 'demo.duckdb') : undefined;
  const store = await openStore(resolveStoreLocation(o.store, process.env, fallback));
  try {
    if (o.dryRun !== true) {
      const run = await withLimitsClient(config, warn, (client) =>
        runAlerts(store, {
          config,
          now,
          policy,
          log: warn,
          lockWaitMs: 600_000,
          ...(client === undefined ? {} : { client }),
        }),
      );
      (run.error === null ? say : warn)(run.summary);
      return run.exitCode;
    }
    const { events, notices } = await withLimitsClient(config, warn, (client) =>
      evaluateStore(store, { config, now, ...(client === undefined ? {} : { client }) }),
    );
    for (const n of notices) warn(`alerts: ${n}`);
    const recorded = new Set(
      (await store.alertDeliveries()).map((d) => JSON.stringify([d.organization, d.rule, d.scope, d.period, d.state])),
    );
    const fresh = events.filter(
      (e) => !recorded.has(JSON.stringify([e.organization, e.rule, e.scope, e.period, e.state])),
    );
    const waiting = await store.undeliveredAlerts();
    for (const e of fresh) {
      const to = config.rules.find((r) => r.name === e.rule)?.notify.join(', ') ?? '';
      say(`would send [${e.rule} · ${e.scope} · ${e.period} · ${e.state}] to ${to}: ${e.summary}`);
    }
    for (const d of waiting) say(`would retry [${d.rule} · ${d.scope} · ${d.period} · ${d.state}] to ${d.channel}`);
    if (fresh.length === 0 && waiting.length === 0) say('nothing to send');
    return 0;
  } finally {
    await store.close();
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const program = new Command()
    .name('alerts')
    .description('Evaluate alert rules over the store and send what fired (Slack, webhook, email).')
    .option('--alerts <file>', 'the rules file, YAML (default: USAGE_ALERTS)')
    .option('--store <file|url>', 'DuckDB file or postgres://… URL (default: USAGE_STORE_URL, else data/usage.duckdb)')
    .option('--check', 'evaluate the rules now, record new events and deliver everything undelivered')
    .option('--dry-run', 'print what would be sent now, record and send nothing')
    .option('--test <channel>', 'send a test message to one channel of the rules file')
    .option('--attempts <n>', 'delivery attempts per alert and run, with backoff (default 3)')
    .option('--now <time>', 'pretend it is this time (reproducible runs and tests)')
    .addHelpText(
      'after',
      '\nExit codes: 0 done, 1 error (bad rules file, options or store), 3 alerts left undelivered (retried next run).',
    )
    .parse([...argv]);
  return run(program.opts<CliOptions>());
}

if (require.main === module) {
  main(process.argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      // Errors never show a channel URL or secret: they name environment variables, not values.
      console.error(`alerts: ${maskSecrets(error instanceof Error ? error.message : String(error))}`);
      process.exitCode = 1;
    },
  );
}
